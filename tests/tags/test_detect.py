"""Model detection by content, DSFID as a hint only, and factory-blank tags (issue 2)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings

from drivers.tags import Item, TagDataError, decode, detect, encode, is_blank
from tests.tags.strategies import any_item
from tests.tags.test_iso28560_3 import hand_built
from tests.tags.test_legacy3m import TAG_B


@pytest.mark.parametrize(
    "memory",
    [
        bytes(112),
        b"\xff" * 32,
        b"\x55" * 24 + b"\x00" * 4,  # 3M manufacturing blank
        b"\x55" * 24 + b"\x00" * 8,
    ],
)
def test_factory_blank_tags(memory):
    assert is_blank(memory)
    assert detect(memory) == "blank"
    item = decode(memory)
    assert item.model == "blank" and item.is_blank and item.primary_item_id == ""
    for model in ("iso28560-3", "iso28560-2", "3m"):
        assert decode(memory, model=model).is_blank


def test_not_blank():
    assert not is_blank(b"\x55" * 24 + b"\x00\x00\x00\x01")
    assert not is_blank(hand_built())
    assert not decode(hand_built()).is_blank


def test_empty_memory_is_an_error():
    with pytest.raises(TagDataError, match="empty"):
        decode(b"")


def test_each_model_detected():
    assert detect(hand_built()) == "iso28560-3"
    assert detect(TAG_B) == "3m"
    assert detect(encode(Item(model="iso28560-2", primary_item_id="31234000123456", owner_library="TW-TPML"))) == "iso28560-2"


def test_byte_11_ambiguity_resolved_by_crc_then_dsfid():
    # 11 = ISO 28560-3 v1 circulating AND ISO 28560-2 "OID 1, integer"
    b3 = hand_built()
    assert b3[0] == 0x11
    assert detect(b3, dsfid=0x06) == "iso28560-3"  # a matching CRC outweighs the hint
    two = encode(Item(model="iso28560-2", primary_item_id="31234000123456"), size=36)
    assert two[0] == 0x11
    assert detect(two) == "iso28560-2"


def test_dsfid_hint_prefers_28560_2_over_a_plausible_damaged_28560_3():
    # 11 02 01 41 00…: as ISO 28560-2, PII integer 0x0141 = "321"; as ISO 28560-3, set 1 of 2,
    # PII "A", CRC 0000 (wrong) -- a plausible damaged 28560-3 tag
    image = bytes([0x11, 0x02, 0x01, 0x41]) + bytes(30)
    assert detect(image) == "iso28560-3" and decode(image).crc_ok is False
    assert detect(image, dsfid=0x06) == "iso28560-2"
    assert decode(image, dsfid=0x06).primary_item_id == "321"


def test_garbage_is_an_error_naming_the_reason():
    with pytest.raises(TagDataError, match="unrecognised"):
        detect(bytes(range(0x80, 0xA0)))


def test_forced_model_overrides_detection():
    item = decode(hand_built(), model="3m")
    assert item.model == "3m"
    with pytest.raises(TagDataError, match="unknown model"):
        decode(hand_built(), model="iso28560-9")


def test_bad_arguments_are_tag_data_errors():
    with pytest.raises(TagDataError):
        decode("1101")  # type: ignore[arg-type]
    with pytest.raises(TagDataError, match="DSFID"):
        decode(hand_built(), dsfid=300)
    with pytest.raises(TagDataError):
        encode("item")  # type: ignore[arg-type]
    with pytest.raises(TagDataError, match="unknown tag data model"):
        Item(model="iso28560-4", primary_item_id="1")


@settings(max_examples=150, deadline=None)
@given(any_item)
def test_auto_detection_finds_the_model_that_wrote_it(item):
    size = 32 if item.model == "iso28560-3" and not item.optional_blocks and len((item.owner_library or "").encode()) <= 11 else None
    image = encode(item, size=size)
    hint = {"iso28560-2": 0x06, "iso28560-3": 0x3E}.get(item.model)
    assert decode(image, dsfid=hint).model == item.model
