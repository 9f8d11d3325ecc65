"""The legacy 3M "RFID501" alphanumeric layout, as decoded by Biblio-RFID (``RFID501.pm``).

| block | bytes | content |
|---|---|---|
| 0 | ``04 is 00 tt`` | ``i`` high nibble: part number; ``s`` low nibble: parts in set; ``tt`` item type |
| 1-4 | 16 | barcode (primary item identifier), NUL padded |
| 5 | ``bb bl ll ll`` | 12-bit branch, 20-bit library (unsigned, big endian) |
| 6 | 4 | custom field, signed 32-bit big endian |
| 7 | ``00 00 00 00`` | |

There is no CRC (``crc_ok`` is None), no ISIL (``owner_library`` is None; branch and library
are raw elements) and no type of usage. The item type goes to ``media_format``. A factory-blank
3M tag reads ``55``×24 then ``00``×4 (see :mod:`drivers.tags.detect`).
"""

from __future__ import annotations

from drivers.tags.item import Element, Item, TagDataError, fixed_set_information

__all__ = ["ITEM_TYPES", "SIZE", "decode", "encode", "looks_like"]

SIZE = 32
MIN_SIZE = 28

#: 3M item types (Biblio-RFID's table).
ITEM_TYPES = {
    0: "other",
    1: "book",
    2: "magazine",
    3: "bound journal",
    4: "audio tape",
    5: "video",
    6: "CD/CD-ROM",
    7: "diskette",
    8: "book with diskette",
    9: "book with CD/CD-ROM",
    13: "book with audio tape",
}


def looks_like(memory: bytes) -> bool:
    """The 3M signature: ``04 ?? 00``, then a printable NUL-padded barcode."""
    if len(memory) < MIN_SIZE or memory[0] != 0x04 or memory[2] != 0x00:
        return False
    text, _, rest = memory[4:20].partition(b"\x00")
    return bool(text) and not any(rest) and all(0x20 <= b < 0x7F for b in text)


def decode(memory: bytes) -> Item:
    """Decode a 3M RFID501 image (at least 28 bytes)."""
    memory = bytes(memory)
    if len(memory) < MIN_SIZE:
        raise TagDataError(f"truncated: 3M RFID501 needs at least {MIN_SIZE} bytes, got {len(memory)}")
    barcode = memory[4:20].split(b"\x00", 1)[0]
    try:
        pii = barcode.decode("ascii")
    except UnicodeDecodeError:
        pii = barcode.decode("latin-1")
    branch_library = int.from_bytes(memory[20:24], "big")
    return Item(
        model="3m",
        primary_item_id=pii,
        parts_in_item=memory[1] & 0x0F,
        part_number=memory[1] >> 4,
        media_format=memory[3],
        crc_ok=None,
        elements=(
            Element(key="item_type", value=memory[3]),
            Element(key="branch", value=branch_library >> 20),
            Element(key="library", value=branch_library & 0xFFFFF),
            Element(key="custom", value=int.from_bytes(memory[24:28], "big", signed=True)),
        ),
    )


def _int_element(item: Item, key: str, low: int, high: int) -> int:
    value = item.element(key, 0)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise TagDataError(f"3M {key} must be an integer in {low}..{high}, not {value!r}")
    return value


def encode(item: Item, *, size: int | None = None) -> bytes:
    """Encode ``item`` in the 3M layout (for re-tagging); 32 bytes unless ``size`` pads further.

    Branch, library and custom come from the raw elements of those names (default 0); the item
    type from ``media_format`` (default 1, book); unset set information means 1 of 1.
    """
    if item.owner_library:
        raise TagDataError("3M RFID501 has no ISIL field (use the branch and library elements)")
    if not item.primary_item_id:
        raise TagDataError("primary item identifier is empty")
    try:
        barcode = item.primary_item_id.encode("ascii")
    except UnicodeEncodeError:
        raise TagDataError("3M barcodes are ASCII") from None
    if len(barcode) > 16 or b"\x00" in barcode:
        raise TagDataError(f"3M barcode {item.primary_item_id!r} must be 1-16 ASCII characters without NUL")
    parts, part = fixed_set_information(item, 15, "3M set information is a nibble each (at most 15 parts)")
    media = 1 if item.media_format is None else item.media_format
    if not isinstance(media, int):
        raise TagDataError(f"3M item type must be an integer 0..255, not {media!r}")
    branch = _int_element(item, "branch", 0, 0xFFF)
    library = _int_element(item, "library", 0, 0xFFFFF)
    custom = _int_element(item, "custom", -(2**31), 2**31 - 1)
    image = (
        bytes([0x04, (part << 4) | parts, 0x00, media])
        + barcode.ljust(16, b"\x00")
        + ((branch << 20) | library).to_bytes(4, "big")
        + custom.to_bytes(4, "big", signed=True)
        + bytes(4)
    )
    if size is None:
        return image
    if size % 4 or size < SIZE:
        raise TagDataError(f"memory size {size} must be a multiple of 4 and at least {SIZE}")
    return image + bytes(size - SIZE)
