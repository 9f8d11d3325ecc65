"""Which data model a memory image uses, and the model-independent ``decode``/``encode``.

Detection is by content; the DSFID is only a hint that changes the order of the ambiguous
checks (``0x06`` tries ISO 28560-2 first, ``0x3E`` ISO 28560-3). The order otherwise:

1. blank: every byte ``00``, every byte ``FF``, or the 3M factory pattern ``55``×24 + ``00``×4;
2. ISO 28560-3 whose basic-block CRC matches;
3. 3M RFID501 signature (``04 ?? 00`` and a printable barcode);
4. ISO 28560-3 with a wrong CRC but a plausible layout (version 1, set 1..n, printable fields),
   so that a corrupted tag is reported with ``crc_ok: false`` rather than not at all;
5. ISO 28560-2 that parses completely with the primary item identifier first.

Byte ``11`` is both "ISO 28560-3 v1, circulating" and "ISO 28560-2 OID 1, integer", which is
why the CRC and the layout are checked before the ISO 28560-2 parse.
"""

from __future__ import annotations

from drivers.tags import iso28560_2, iso28560_3, legacy3m
from drivers.tags.item import BLANK, Item, TagDataError

__all__ = ["decode", "detect", "encode", "is_blank"]

_DECODERS = {
    "iso28560-3": iso28560_3.decode,
    "iso28560-2": iso28560_2.decode,
    "3m": legacy3m.decode,
}
_ENCODERS = {
    "iso28560-3": iso28560_3.encode,
    "iso28560-2": iso28560_2.encode,
    "3m": legacy3m.encode,
}
MODEL_CHOICES = ("auto", *_DECODERS)

_3M_BLANK = b"\x55" * 24


def is_blank(memory: bytes) -> bool:
    """A factory-blank tag: all ``00``, all ``FF``, or the 3M ``55``×24 + ``00``×4 pattern."""
    if not memory:
        return False
    if not any(memory) or memory.count(0xFF) == len(memory):
        return True
    return len(memory) >= 28 and memory[:24] == _3M_BLANK and not any(memory[24:])


def _try_28560_2(memory: bytes) -> Item | None:
    if memory[0] & 0x0F != 1:  # first precursor must carry OID 1
        return None
    try:
        return iso28560_2.decode(memory)
    except TagDataError:
        return None


def _detect(memory: bytes, dsfid: int | None) -> Item:
    if is_blank(memory):
        return BLANK
    if iso28560_3.crc_matches(memory):
        return iso28560_3.decode(memory)
    if legacy3m.looks_like(memory):
        return legacy3m.decode(memory)
    if dsfid == iso28560_2.DSFID:
        item = _try_28560_2(memory)
        if item is not None:
            return item
    if iso28560_3.looks_like(memory):
        return iso28560_3.decode(memory)
    item = _try_28560_2(memory)
    if item is not None:
        return item
    raise TagDataError(
        f"unrecognised tag data ({len(memory)} bytes starting {memory[:4].hex().upper()}): "
        "not blank, ISO 28560-3, 3M RFID501 or ISO 28560-2"
    )


def _check_memory(memory: bytes, dsfid: int | None) -> bytes:
    if not isinstance(memory, bytes | bytearray | memoryview):
        raise TagDataError(f"tag memory must be bytes, not {type(memory).__name__}")
    memory = bytes(memory)
    if not memory:
        raise TagDataError("tag memory is empty")
    if dsfid is not None and (isinstance(dsfid, bool) or not isinstance(dsfid, int) or not 0 <= dsfid <= 255):
        raise TagDataError(f"DSFID must be a byte value, not {dsfid!r}")
    return memory


def detect(memory: bytes, dsfid: int | None = None) -> str:
    """The data model of ``memory``: ``iso28560-3``, ``iso28560-2``, ``3m`` or ``blank``.

    :raises TagDataError: empty memory or content no model accounts for.
    """
    return _detect(_check_memory(memory, dsfid), dsfid).model


def decode(memory: bytes, *, model: str = "auto", dsfid: int | None = None) -> Item:
    """Decode tag memory into an :class:`Item`.

    :param model: ``auto`` (detect by content) or one model name to force it.
    :param dsfid: the tag's DSFID, a hint for ``auto`` only.
    :raises TagDataError: truncated or unparsable memory (never any other exception).
    """
    memory = _check_memory(memory, dsfid)
    if model == "auto":
        return _detect(memory, dsfid)
    if model not in _DECODERS:
        raise TagDataError(f"unknown model {model!r}; one of {', '.join(MODEL_CHOICES)}")
    if is_blank(memory):
        return BLANK
    return _DECODERS[model](memory)


def encode(item: Item, *, model: str | None = None, size: int | None = None) -> bytes:
    """Encode ``item`` as a memory image padded to whole 4-byte blocks (or to ``size``).

    :param model: the data model to write; default ``item.model``.
    :param size: the tag's user memory in bytes (32 selects the short ISO 28560-3 form).
    :raises TagDataError: the item does not fit the model.
    """
    if not isinstance(item, Item):
        raise TagDataError(f"encode needs an Item, not {type(item).__name__}")
    model = model or item.model
    if model == "blank":
        return bytes(size if size is not None else 32)
    if model not in _ENCODERS:
        raise TagDataError(f"unknown model {model!r}; one of {', '.join(_ENCODERS)}")
    if size is not None and (isinstance(size, bool) or not isinstance(size, int) or size <= 0):
        raise TagDataError(f"memory size must be a positive number of bytes, not {size!r}")
    return _ENCODERS[model](item, size=size)
