"""ISO 28560-2 (ISO/IEC 15962 OIDs): hand-built element images, offset/padding, round trips (issue 2)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings

from drivers.tags import Element, Item, TagDataError, decode, detect, encode, iso28560_2
from tests.tags.strategies import items_28560_2

# precursor = offset flag (bit 7) | scheme << 4 | OID; then length, data
PII = bytes([0x11, 6]) + bytes.fromhex("1C683B7B7640")  # OID 1, integer, 31234000123456
OWNER = bytes([0x03, 5]) + bytes.fromhex("A5C148359F")  # OID 3, ISIL compaction, TW-TPML
SET_INFO = bytes([0x14, 1, 0x15])  # OID 4, integer 21: 2 parts, this is part 1
USAGE = bytes([0x65, 1, 0x10])  # OID 5, octet string: primary 1 (circulating), qualifier 0
SHELF = bytes([0x36, 2]) + bytes.fromhex("0886")  # OID 6, 5-bit "ABC"
TITLE = bytes([0x7F, 17 - 15, 6]) + "臺灣".encode()  # OID 17: 15 in the precursor, 2 follows
MEDIA = bytes([0x6F, 19 - 15, 1, 0x05])  # OID 19 media format (other), one octet


def test_known_image_decodes_to_expected_fields():
    image = PII + OWNER + SET_INFO + USAGE + SHELF + TITLE + MEDIA + b"\x00"
    image += bytes(-len(image) % 4)
    item = decode(image, model="iso28560-2")
    assert item.model == "iso28560-2"
    assert item.primary_item_id == "31234000123456"
    assert item.owner_library == "TW-TPML"
    assert (item.parts_in_item, item.part_number) == (2, 1)
    assert item.type_of_usage == 1
    assert item.shelf_location == "ABC"
    assert item.media_format == 5
    assert item.crc_ok is None
    assert item.element(17) == "臺灣"
    assert [(e.key, e.scheme) for e in item.elements] == [(1, 1), (3, 0), (4, 1), (5, 6), (6, 3), (17, 7), (19, 6)]
    assert [e.name for e in item.elements][:3] == ["primary_item_id", "owner_library", "set_information"]
    assert detect(image) == "iso28560-2"


def test_offset_flag_and_padding_are_skipped():
    # OID 1 numeric "12345" with offset: precursor A1, 2 pad bytes, length 3, data, pad -> 8 bytes
    image = bytes([0xA1, 2, 3, 0x12, 0x34, 0x5F, 0, 0]) + OWNER + b"\x00"
    item = decode(image, model="iso28560-2")
    assert item.primary_item_id == "12345"
    assert item.owner_library == "TW-TPML"


def test_offset_with_relative_oid():
    # OID 16 (local data B), UTF-8 "x", offset flag: precursor 0x80|7<<4|15 = FF, relative OID 1, 0 pad
    image = PII + bytes([0xFF, 1, 0, 1]) + b"x" + b"\x00"
    assert decode(image, model="iso28560-2").element(16) == "x"


def test_block_aligned_encoding_puts_each_element_on_a_block_boundary():
    item = Item(model="iso28560-2", primary_item_id="12345", owner_library="TW-TPML", type_of_usage=1)
    expected = bytes.fromhex(
        "11 02 3039"  # 4 bytes: already ends on a block boundary
        "83 00 05 A5C148359F"  # 7 + offset byte (0 further pad bytes) = 8
        "E5 00 01 10"  # 3 + offset byte = 4
        "00 000000"  # terminator, block padding
    )
    assert iso28560_2.encode(item, block_align=True) == expected
    back = decode(expected, model="iso28560-2")
    assert (back.primary_item_id, back.owner_library, back.type_of_usage) == ("12345", "TW-TPML", 1)


def test_usage_qualifier_kept_on_re_encode():
    image = PII + bytes([0x65, 1, 0x12]) + b"\x00"
    item = decode(image, model="iso28560-2")
    assert item.type_of_usage == 1
    assert decode(encode(item)).element(5) == b"\x12"


def test_type_of_usage_patron_card_name():
    item = decode(PII + bytes([0x65, 1, 0x80]) + b"\x00", model="iso28560-2")
    assert item.type_of_usage == 8 and item.type_of_usage_name == "patron card"


@pytest.mark.parametrize(
    "image, reason",
    [
        (OWNER + PII + b"\x00", "primary item identifier \\(OID 1\\) first"),
        (PII + PII, "appears twice"),
        (PII[:5], "truncated"),
        (bytes([0x11]), "truncated"),
        (PII + bytes([0x8F]), "truncated"),
        (PII + bytes([0x10, 1, 1]), "OID 0"),
        (bytes([0x21, 1, 0xAB]), "nibble A"),
        (bytes([0x71, 1, 0xFF]), "UTF-8"),
        (bytes([0x91, 5, 1, 0x12]), "pad bytes|truncated"),
    ],
)
def test_unparsable_images_raise_with_reason(image, reason):
    with pytest.raises(TagDataError, match=reason):
        iso28560_2.decode(image)


def test_encode_refuses_bad_items():
    with pytest.raises(TagDataError, match="empty"):
        encode(Item(model="iso28560-2", primary_item_id=""))
    with pytest.raises(TagDataError, match="go together"):
        encode(Item(model="iso28560-2", primary_item_id="1", parts_in_item=2))
    with pytest.raises(TagDataError, match="at most 255"):
        encode(Item(model="iso28560-2", primary_item_id="1", elements=(Element(key=17, value="x" * 300),)))
    with pytest.raises(TagDataError, match="holds 8"):
        encode(Item(model="iso28560-2", primary_item_id="1", shelf_location="A" * 20), size=8)


def test_set_information_widths():
    item = Item(model="iso28560-2", primary_item_id="1", parts_in_item=12, part_number=3)
    back = decode(encode(item), model="iso28560-2")
    assert back.element(4) == "1203" and (back.parts_in_item, back.part_number) == (12, 3)


@settings(max_examples=150, deadline=None)
@given(items_28560_2())
def test_round_trip(item):
    image = encode(item)
    assert len(image) % 4 == 0
    back = decode(image, model="iso28560-2")
    common = ("primary_item_id", "owner_library", "parts_in_item", "part_number",
              "type_of_usage", "shelf_location", "media_format")
    assert {f: getattr(back, f) for f in common} == {f: getattr(item, f) for f in common}
    for extra in item.elements:
        assert back.element(extra.key) == extra.value
    assert encode(back) == image  # decoding then encoding again is stable
    assert decode(image, dsfid=iso28560_2.DSFID).model == "iso28560-2"
