"""ISO 28560-3: the fixed-length library data model (successor of the Danish Data Model "DS24").

Basic block (34 bytes; DSFID ``0x3E`` where set, often ``0x00``):

| offset | content |
|---|---|
| 0 | high nibble version (1), low nibble type of usage |
| 1 | number of parts in the item |
| 2 | ordinal part number |
| 3-18 | primary item identifier, 16 bytes, NUL padded |
| 19-20 | CRC-16/CCITT-FALSE, least significant byte first |
| 21-33 | owner library ISIL, 13 bytes, NUL padded |

The CRC covers bytes 0-18 and 21-33. On a 32-byte tag the ISIL has 11 bytes (21-31) and the CRC
is computed as if bytes 32-33 were ``00`` — so a 32-byte image padded with two ``00`` decodes the
same as a 34-byte one, and that is how it is decoded.

Optional blocks follow at offset 34: length byte (counting itself and the checksum), block id
(2 bytes, little endian), data, checksum. A length byte ``00`` ends the list, as does the end of
memory; ``FF`` is taken as erased memory and ends it too. The checksum byte is defined here as
the XOR of every other byte of the block (length, id, data), so that the XOR of the whole block is
``00``. A wrong checksum is reported per block (``checksum_ok``), never raised.

Bytes 1 and 2 are *parts in item* then *part number*: two public implementations swap them
(pyrfidgeek when writing, BibliothekTHWildau/ISO28560 when reading); tests pin the order.
"""

from __future__ import annotations

from functools import reduce

from drivers.crc import crc16_ccitt_false
from drivers.tags.item import Element, Item, OptionalBlock, TagDataError, fixed_set_information

__all__ = ["DSFID", "BASIC_SIZE", "crc", "decode", "encode", "looks_like", "xor_checksum"]

DSFID = 0x3E
BASIC_SIZE = 34
SMALL_SIZE = 32
VERSION = 1


def crc(basic: bytes) -> int:
    """The basic-block CRC of a 34-byte basic block (bytes 0-18 and 21-33)."""
    return crc16_ccitt_false(basic[0:19] + basic[21:34])


def xor_checksum(data: bytes) -> int:
    """XOR of all bytes: the optional-block checksum over length, id and data."""
    return reduce(lambda a, b: a ^ b, data, 0)


def _text(raw: bytes) -> str:
    raw = raw.split(b"\x00", 1)[0]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def _field_is_text(raw: bytes, *, required: bool) -> bool:
    """Printable ASCII then only NULs (and at least one character if required)."""
    text, _, rest = raw.partition(b"\x00")
    if any(rest):
        return False
    if required and not text:
        return False
    return all(0x20 <= b < 0x7F for b in text)


def looks_like(memory: bytes) -> bool:
    """A plausible ISO 28560-3 basic block (used by detection when the CRC does not match)."""
    if len(memory) < SMALL_SIZE:
        return False
    basic = memory[:BASIC_SIZE].ljust(BASIC_SIZE, b"\x00")
    return (
        basic[0] >> 4 == VERSION
        and basic[1] >= 1
        and 1 <= basic[2] <= basic[1]
        and _field_is_text(basic[3:19], required=True)
        and _field_is_text(basic[21:34], required=False)
    )


def crc_matches(memory: bytes) -> bool:
    if len(memory) < SMALL_SIZE:
        return False
    basic = memory[:BASIC_SIZE].ljust(BASIC_SIZE, b"\x00")
    return crc(basic) == int.from_bytes(basic[19:21], "little")


def _optional_blocks(memory: bytes) -> tuple[OptionalBlock, ...]:
    blocks = []
    pos = BASIC_SIZE
    while pos < len(memory):
        length = memory[pos]
        if length in (0x00, 0xFF):
            break
        if length < 4:
            raise TagDataError(f"optional block at offset {pos} has length {length}; at least 4 (length, id, checksum)")
        if pos + length > len(memory):
            raise TagDataError(f"truncated: optional block at offset {pos} needs {length} bytes, {len(memory) - pos} left")
        raw = memory[pos : pos + length]
        blocks.append(
            OptionalBlock(
                block_id=int.from_bytes(raw[1:3], "little"),
                data=bytes(raw[3:-1]),
                checksum_ok=xor_checksum(raw) == 0,
            )
        )
        pos += length
    return tuple(blocks)


def decode(memory: bytes) -> Item:
    """Decode an ISO 28560-3 image (32 bytes or more); a CRC mismatch gives ``crc_ok=False``."""
    memory = bytes(memory)
    if len(memory) < SMALL_SIZE:
        raise TagDataError(f"truncated: ISO 28560-3 needs at least {SMALL_SIZE} bytes, got {len(memory)}")
    basic = memory[:BASIC_SIZE].ljust(BASIC_SIZE, b"\x00")
    stored = int.from_bytes(basic[19:21], "little")
    return Item(
        model="iso28560-3",
        primary_item_id=_text(basic[3:19]),
        owner_library=_text(basic[21:34]) or None,
        parts_in_item=basic[1],
        part_number=basic[2],
        type_of_usage=basic[0] & 0x0F,
        crc_ok=crc(basic) == stored,
        elements=(Element(key="version", value=basic[0] >> 4),),
        optional_blocks=_optional_blocks(memory),
    )


def _field(name: str, text: str | None, width: int) -> bytes:
    if not text:
        return bytes(width)
    if "\x00" in text:
        raise TagDataError(f"{name} contains a NUL character")
    raw = text.encode("utf-8")
    if len(raw) > width:
        raise TagDataError(f"{name} {text!r} is {len(raw)} bytes; the field holds {width}")
    return raw.ljust(width, b"\x00")


def encode_block(block: OptionalBlock) -> bytes:
    body = bytes([len(block.data) + 4]) + block.block_id.to_bytes(2, "little") + block.data
    return body + bytes([xor_checksum(body)])


def encode(item: Item, *, size: int | None = None) -> bytes:
    """Encode ``item`` as an ISO 28560-3 image.

    Unset set information means a single-part item (1 of 1); unset type of usage means 1
    (circulating).

    :param size: 32 for the short form (ISIL up to 11 bytes, no optional blocks), otherwise the
        tag's memory size to pad to; default: the basic block, optional blocks, terminator, padded
        to whole 4-byte blocks.
    :raises TagDataError: a field does not fit, or set information is inconsistent.
    """
    if not item.primary_item_id:
        raise TagDataError("primary item identifier is empty")
    parts, part = fixed_set_information(item, 255, "parts in item and part number are one byte each (at most 255)")
    usage = 1 if item.type_of_usage is None else item.type_of_usage
    short = size == SMALL_SIZE
    if size is not None and size % 4:
        raise TagDataError(f"memory size {size} is not a whole number of 4-byte blocks")
    if size is not None and size < SMALL_SIZE:
        raise TagDataError(f"ISO 28560-3 needs at least {SMALL_SIZE} bytes of memory, not {size}")
    isil = _field("owner library", item.owner_library, 11 if short else 13).ljust(13, b"\x00")
    head = bytes([(VERSION << 4) | usage, parts, part]) + _field("primary item identifier", item.primary_item_id, 16)
    basic = head + b"\x00\x00" + isil
    basic = head + crc(basic).to_bytes(2, "little") + isil
    if short:
        if item.optional_blocks:
            raise TagDataError("a 32-byte tag has no room for optional blocks")
        return basic[:SMALL_SIZE]
    image = basic + b"".join(encode_block(b) for b in item.optional_blocks)
    if item.optional_blocks:
        image += b"\x00"  # ends the optional-block list
    if size is None:
        return image + bytes((-len(image)) % 4)
    if len(image) == size + 1 and item.optional_blocks:
        image = image[:-1]  # the end of memory ends the list as well as a 00 does
    if len(image) > size:
        raise TagDataError(f"encoded data is {len(image)} bytes; the tag holds {size}")
    return image + bytes(size - len(image))
