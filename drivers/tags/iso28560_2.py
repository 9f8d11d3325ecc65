"""ISO 28560-2: library data elements as ISO/IEC 15962 object identifiers (DSFID ``0x06``).

Memory is a run of elements starting at byte 0, ended by a ``00`` precursor or the end of memory:

| byte | content |
|---|---|
| precursor | bit 7 offset flag, bits 6-4 compaction scheme, bits 3-0 OID 1-14 (15: relative OID follows) |
| relative OID | only when the precursor says 15: OID − 15 |
| offset | only with the offset flag: number of ``00`` pad bytes after the data |
| length | length of the compacted data |
| data | compacted data (see :mod:`drivers.tags.compaction`) |
| pad | ``offset`` bytes of ``00`` (lets the next element start on a block boundary) |

The primary item identifier (OID 1) must come first. The relative-OID-before-offset order is
dp2's ``Element.Parse`` order; PROTOCOLS.md lists the fields in the same order.

Data representations used here (facts from dp2 and GB/T 35660, the Chinese adoption):
- set information (OID 4): an even number (2, 4 or 6) of digits; first half the number of parts,
  second half the part number (``"0201"``: part 1 of 2; ``"11"``: a single-part item). The
  order is an assumption from ISO 28560-1's wording "total, then ordinal"; dp2 only splits it;
- type of usage (OID 5): one octet, high nibble the primary code, low nibble a qualifier;
- media format (other) (OID 19) and supply chain stage (OID 20): one octet;
- ISIL OIDs (3, 11, 23, 25) use ISIL compaction (scheme 0) when the ISIL allows it.
"""

from __future__ import annotations

from drivers.tags import compaction
from drivers.tags.elements import ISIL_OIDS, OCTET_OIDS, OID_NAMES
from drivers.tags.item import Element, Item, TagDataError

__all__ = ["DSFID", "ISIL_OIDS", "OCTET_OIDS", "OID_NAMES", "build_elements", "decode", "encode",
           "parse_elements"]

DSFID = 0x06

#: OIDs the common Item fields stand for; encode builds them from the fields.
COMMON_OIDS = frozenset({1, 3, 4, 5, 6, 7, 19})


# -- element level ---------------------------------------------------------------------------


def parse_elements(memory: bytes) -> list[Element]:
    """Split memory into raw elements; raise :class:`TagDataError` naming the offset on error."""
    elements: list[Element] = []
    seen: set[int] = set()
    pos = 0
    end = len(memory)
    while pos < end and memory[pos] != 0x00:
        start = pos
        precursor = memory[pos]
        pos += 1
        offset_flag = bool(precursor & 0x80)
        scheme = (precursor >> 4) & 0x07
        oid = precursor & 0x0F
        if oid == 0:
            raise TagDataError(f"precursor {precursor:02X} at offset {start} has OID 0")
        if oid == 15:
            if pos >= end:
                raise TagDataError(f"truncated: relative OID missing at offset {pos}")
            oid = 15 + memory[pos]
            pos += 1
        pad = 0
        if offset_flag:
            if pos >= end:
                raise TagDataError(f"truncated: offset byte missing at offset {pos}")
            pad = memory[pos]
            pos += 1
        if pos >= end:
            raise TagDataError(f"truncated: length byte of OID {oid} missing at offset {pos}")
        length = memory[pos]
        pos += 1
        if pos + length > end:
            raise TagDataError(f"truncated: OID {oid} at offset {start} needs {length} data bytes, {end - pos} left")
        data = memory[pos : pos + length]
        pos += length
        if pos + pad > end:
            raise TagDataError(f"truncated: OID {oid} at offset {start} needs {pad} pad bytes, {end - pos} left")
        pos += pad
        if not elements and oid != 1:
            raise TagDataError(f"first element is OID {oid}; ISO 28560-2 requires the primary item identifier (OID 1) first")
        if oid in seen:
            raise TagDataError(f"OID {oid} appears twice (second at offset {start})")
        seen.add(oid)
        elements.append(Element(key=oid, value=_expand(oid, scheme, data), scheme=scheme))
    return elements


def _expand(oid: int, scheme: int, data: bytes) -> str | bytes:
    value = compaction.expand(scheme, data, isil=oid in ISIL_OIDS)
    if isinstance(value, bytes) and scheme == 6 and oid not in OCTET_OIDS:
        # an octet string holding text: UTF-8 where valid, else one character per byte
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:
            return value.decode("latin-1")
    return value


def _compact(element: Element) -> tuple[int, bytes]:
    oid = element.key
    assert isinstance(oid, int)
    value = element.value
    if isinstance(value, int):
        value = str(value)
    if isinstance(value, bytes):
        return 6, value
    return compaction.best_compaction(value, isil=oid in ISIL_OIDS)


def build_elements(elements: list[Element], *, block_align: bool = False, block_size: int = 4) -> bytes:
    """Encode elements in order; with ``block_align`` each element ends on a block boundary."""
    out = bytearray()
    for element in elements:
        oid = element.key
        if not isinstance(oid, int):
            raise TagDataError(f"ISO 28560-2 elements need OIDs, not {oid!r}")
        if not 1 <= oid <= 15 + 255:
            raise TagDataError(f"OID {oid} is outside 1..270")
        scheme, data = _compact(element)
        if len(data) > 255:
            raise TagDataError(f"OID {oid} compacts to {len(data)} bytes; an element holds at most 255")
        head = bytearray([(scheme << 4) | min(oid, 15)])
        if oid >= 15:
            head.append(oid - 15)
        size = len(head) + 1 + len(data)
        pad = (-(len(out) + size)) % block_size if block_align else 0
        if pad:
            head[0] |= 0x80
            head.append(pad - 1)  # the offset byte itself is the first of the pad
        out += head + bytes([len(data)]) + data + bytes(max(0, pad - 1))
    return bytes(out)


# -- item level ----------------------------------------------------------------------------


def decode(memory: bytes) -> Item:
    """Decode an ISO 28560-2 memory image into an :class:`Item`."""
    elements = parse_elements(bytes(memory))
    if not elements:
        raise TagDataError("no ISO 28560-2 elements (memory starts with the 00 terminator)")
    values = {e.key: e.value for e in elements}
    pii = values[1]
    if isinstance(pii, bytes):
        pii = pii.hex().upper()
    owner = values.get(3)
    owner = owner.hex().upper() if isinstance(owner, bytes) else owner
    parts = part = None
    set_info = values.get(4)
    if isinstance(set_info, str) and set_info.isascii() and set_info.isdigit() and len(set_info) in (2, 4, 6):
        half = len(set_info) // 2
        parts, part = int(set_info[:half]), int(set_info[half:])
    usage = None
    raw_usage = values.get(5)
    if isinstance(raw_usage, bytes) and raw_usage:
        usage = raw_usage[0] >> 4
    elif isinstance(raw_usage, str) and len(raw_usage) == 2 and all(c in "0123456789ABCDEFabcdef" for c in raw_usage):
        usage = int(raw_usage[0], 16)
    shelf = values.get(6)
    shelf = shelf.hex().upper() if isinstance(shelf, bytes) else shelf
    media: int | str | None = None
    if isinstance(values.get(19), bytes) and values[19]:
        media = values[19][0]
    elif isinstance(values.get(7), str):
        media = values[7]
    return Item(
        model="iso28560-2",
        primary_item_id=pii,
        owner_library=owner,
        parts_in_item=parts,
        part_number=part,
        type_of_usage=usage,
        shelf_location=shelf,
        media_format=media,
        crc_ok=None,
        elements=tuple(elements),
    )


def _set_information(parts: int, part: int) -> str:
    width = max(len(str(parts)), len(str(part)))
    return f"{parts:0{width}d}{part:0{width}d}"


def item_elements(item: Item) -> list[Element]:
    """The elements an item encodes to: common fields first (PII first), then the extra raw ones."""
    if not item.primary_item_id:
        raise TagDataError("primary item identifier is empty")
    out = [Element(key=1, value=item.primary_item_id)]
    if item.owner_library:
        out.append(Element(key=3, value=item.owner_library))
    if item.parts_in_item is not None or item.part_number is not None:
        if item.parts_in_item is None or item.part_number is None:
            raise TagDataError("parts in item and part number go together")
        if not 1 <= item.part_number <= item.parts_in_item:
            raise TagDataError(f"part number {item.part_number} is not within 1..{item.parts_in_item}")
        out.append(Element(key=4, value=_set_information(item.parts_in_item, item.part_number)))
    if item.type_of_usage is not None:
        raw = item.element(5)
        qualifier = raw[0] & 0x0F if isinstance(raw, bytes) and raw and raw[0] >> 4 == item.type_of_usage else 0
        out.append(Element(key=5, value=bytes([(item.type_of_usage << 4) | qualifier])))
    if item.shelf_location:
        out.append(Element(key=6, value=item.shelf_location))
    if isinstance(item.media_format, str) and item.media_format:
        out.append(Element(key=7, value=item.media_format))
    elif isinstance(item.media_format, int):
        out.append(Element(key=19, value=bytes([item.media_format])))
    for e in item.elements:
        if isinstance(e.key, int) and e.key not in COMMON_OIDS:
            out.append(e)
    return out


def encode(item: Item, *, size: int | None = None, block_align: bool = False) -> bytes:
    """Encode ``item``, each element with its most compact scheme; ``00`` ends the data.

    :param size: pad the image to this many bytes (the tag's memory); default: whole 4-byte blocks.
    :param block_align: end every element on a 4-byte block boundary (offset flag + pad).
    :raises TagDataError: empty identifier, inconsistent set information, or it does not fit.
    """
    data = build_elements(item_elements(item), block_align=block_align)
    return _finish(data, size)


def _finish(data: bytes, size: int | None) -> bytes:
    if size is None:
        data += b"\x00"  # terminator
        return data + bytes((-len(data)) % 4)
    if size % 4:
        raise TagDataError(f"memory size {size} is not a whole number of 4-byte blocks")
    if len(data) > size:
        raise TagDataError(f"encoded data is {len(data)} bytes; the tag holds {size}")
    return data + bytes(size - len(data))
