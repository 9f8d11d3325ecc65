"""3M RFID501 layout: Biblio-RFID's test images decoded and re-encoded byte for byte (issue 2)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings

from drivers.tags import Element, Item, TagDataError, decode, encode, legacy3m
from tests.tags.strategies import items_3m

# the two tags of Biblio-RFID t/05-RFID501.t, block by block
TAG_A = b"\x04\x11\x00\x00" + b"2009" + b"0101" + b"0123" + b"\x00" * 4 + b"\xff" * 4 + b"\x7f\xff\xff\xff" + b"\x00" * 4
TAG_B = b"\x04\x11\x00\x01" + b"1302" + b"0037" + b"67\x00\x00" + b"\x00" * 16


def test_tag_a_fields():
    item = decode(TAG_A)
    assert item.model == "3m"
    assert item.primary_item_id == "200901010123"
    assert (item.parts_in_item, item.part_number) == (1, 1)
    assert item.media_format == 0  # item type 0: other
    assert item.element("branch") == 0xFFF and item.element("library") == 0xFFFFF
    assert item.element("custom") == 0x7FFFFFFF
    assert item.crc_ok is None and item.owner_library is None and item.type_of_usage is None
    assert encode(item) == TAG_A


def test_tag_b_fields():
    item = decode(TAG_B)
    assert item.primary_item_id == "1302003767"
    assert item.media_format == 1  # book
    assert encode(item) == TAG_B


def test_set_nibbles_high_is_part_low_is_total():
    image = bytearray(TAG_B)
    image[1] = 0x23  # item 2 of 3
    item = decode(bytes(image))
    assert (item.parts_in_item, item.part_number) == (3, 2)
    assert encode(item)[1] == 0x23


def test_negative_custom_field():
    item = Item(model="3m", primary_item_id="X", elements=(Element(key="custom", value=-2),))
    assert encode(item)[24:28] == b"\xff\xff\xff\xfe"
    assert decode(encode(item)).element("custom") == -2


@pytest.mark.parametrize(
    "item, reason",
    [
        (Item(model="3m", primary_item_id="1", owner_library="TW-TPML"), "no ISIL"),
        (Item(model="3m", primary_item_id="12345678901234567"), "1-16 ASCII"),
        (Item(model="3m", primary_item_id="書"), "ASCII"),
        (Item(model="3m", primary_item_id="1", parts_in_item=16, part_number=1), "nibble"),
        (Item(model="3m", primary_item_id="1", elements=(Element(key="branch", value=4096),)), "branch"),
        (Item(model="3m", primary_item_id="1", media_format="BA"), "item type"),
    ],
)
def test_encode_rejects(item, reason):
    with pytest.raises(TagDataError, match=reason):
        encode(item)


def test_truncated():
    with pytest.raises(TagDataError, match="at least 28"):
        legacy3m.decode(TAG_A[:20])


@settings(max_examples=150, deadline=None)
@given(items_3m())
def test_round_trip(item):
    image = encode(item)
    assert len(image) == 32
    back = decode(image)
    assert back.model == "3m"
    assert (back.primary_item_id, back.parts_in_item, back.part_number, back.media_format) == (
        item.primary_item_id, item.parts_in_item, item.part_number, item.media_format)
    for key in ("branch", "library", "custom"):
        assert back.element(key) == item.element(key)
    assert encode(back) == image
