"""ISO 28560-3 fixed-length model: CRC check value, hand-built images, optional blocks (issue 2)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings

from drivers.crc import crc16_ccitt_false
from drivers.tags import Item, OptionalBlock, TagDataError, decode, encode, iso28560_3
from tests.tags.strategies import crc_ccitt_false_bitwise, items_28560_3


def hand_built(usage: int = 1, parts: int = 1, part: int = 1, pii: bytes = b"31234000123456",
               isil: bytes = b"TW-TPML", *, size: int = 34, crc_delta: int = 0) -> bytes:
    """A basic block laid out from the PROTOCOLS.md table, byte by byte (not via the encoder)."""
    head = bytes([0x10 | usage, parts, part]) + pii.ljust(16, b"\x00")
    isil_field = isil.ljust(13 if size >= 34 else 11, b"\x00")
    crc_input = head + isil_field + (b"\x00\x00" if size == 32 else b"")
    crc = crc_ccitt_false_bitwise(crc_input) ^ crc_delta
    return head + bytes([crc & 0xFF, crc >> 8]) + isil_field


def test_check_value_from_protocols():
    assert crc16_ccitt_false(b"RFID tag data model") == 0x1AEE
    assert crc_ccitt_false_bitwise(b"RFID tag data model") == 0x1AEE


def test_known_image_decodes_to_expected_fields():
    image = bytes.fromhex(
        "11 01 01 33 31 32 33 34 30 30 30 31 32 33 34 35 36 00 00"  # usage, set, PII
        "F0 66"  # CRC 0x66F0, LSB first
        "54 57 2D 54 50 4D 4C 00 00 00 00 00 00"  # ISIL TW-TPML
    )
    assert image == hand_built()
    item = decode(image, model="iso28560-3")
    assert item.model == "iso28560-3"
    assert item.primary_item_id == "31234000123456"
    assert item.owner_library == "TW-TPML"
    assert (item.parts_in_item, item.part_number) == (1, 1)
    assert item.type_of_usage == 1 and item.type_of_usage_name == "circulating"
    assert item.crc_ok is True
    assert item.element("version") == 1


def test_encoder_writes_the_hand_built_image_padded_to_blocks():
    item = Item(model="iso28560-3", primary_item_id="31234000123456", owner_library="TW-TPML",
                parts_in_item=1, part_number=1, type_of_usage=1)
    assert encode(item) == hand_built() + b"\x00\x00"
    assert len(encode(item)) % 4 == 0


def test_parts_then_part_number_not_swapped():
    # bytes 1 and 2: number of parts (3), then this part (2): both public bugs swap them
    item = decode(hand_built(parts=3, part=2))
    assert (item.parts_in_item, item.part_number) == (3, 2)
    written = encode(Item(model="iso28560-3", primary_item_id="X1", parts_in_item=3, part_number=2))
    assert written[1:3] == b"\x03\x02"


def test_crc_mismatch_reported_with_data_still_decoded():
    item = decode(hand_built(crc_delta=0x0001))
    assert item.crc_ok is False
    assert item.primary_item_id == "31234000123456"
    assert item.owner_library == "TW-TPML"


def test_corrupted_byte_gives_crc_false_under_auto_detection():
    image = bytearray(hand_built())
    image[10] ^= 0x01  # one bit of the barcode flipped: '0' -> '1'
    item = decode(bytes(image))
    assert item.model == "iso28560-3" and item.crc_ok is False
    assert item.primary_item_id == "31234001123456"


def test_32_byte_image_has_11_byte_isil_and_crc_over_two_pad_bytes():
    image = hand_built(isil=b"TW-12345678", size=32)
    assert len(image) == 32
    item = decode(image)
    assert item.model == "iso28560-3" and item.crc_ok is True
    assert item.owner_library == "TW-12345678"
    written = encode(Item(model="iso28560-3", primary_item_id="31234000123456",
                          owner_library="TW-12345678"), size=32)
    assert written == image


def test_32_byte_form_refuses_long_isil_and_optional_blocks():
    with pytest.raises(TagDataError, match="holds 11"):
        encode(Item(model="iso28560-3", primary_item_id="1", owner_library="TW-123456789"), size=32)
    with pytest.raises(TagDataError, match="optional blocks"):
        encode(Item(model="iso28560-3", primary_item_id="1",
                    optional_blocks=(OptionalBlock(block_id=1, data=b"x"),)), size=32)


def test_optional_blocks_read_from_hand_built_bytes():
    # length 7 (itself, 2 id bytes, 3 data, checksum), id 0x0102 LE, data "A12", XOR checksum
    body = bytes([7, 0x02, 0x01]) + b"A12"
    checksum = 7 ^ 0x02 ^ 0x01 ^ ord("A") ^ ord("1") ^ ord("2")
    second = bytes([4, 0xFF, 0x00, 0xFF ^ 4])  # empty data, id 0x00FF
    image = hand_built() + body + bytes([checksum]) + second + b"\x00" + b"\x00" * 2
    item = decode(image)
    assert item.crc_ok is True
    assert [(b.block_id, b.data, b.checksum_ok) for b in item.optional_blocks] == [
        (0x0102, b"A12", True),
        (0x00FF, b"", True),
    ]
    assert encode(item) == image


def test_optional_block_bad_checksum_reported_not_raised():
    block = bytes([5, 0x01, 0x00, 0x41, 0x00])  # checksum should be 5^1^0x41 = 0x45
    item = decode(hand_built() + block + b"\x00\x00\x00")
    assert item.optional_blocks[0].checksum_ok is False
    assert item.optional_blocks[0].data == b"A"


def test_optional_block_errors_name_the_offset():
    with pytest.raises(TagDataError, match="offset 34 has length 2"):
        decode(hand_built() + b"\x02\x00\x00\x00")
    with pytest.raises(TagDataError, match="truncated"):
        decode(hand_built() + b"\x09\x01\x00")


def test_erased_memory_after_basic_block_ends_the_list():
    item = decode(hand_built() + b"\xff" * 10)
    assert item.optional_blocks == () and item.crc_ok is True


def test_encode_pads_to_the_tag_size_and_refuses_overflow():
    item = Item(model="iso28560-3", primary_item_id="1", optional_blocks=(OptionalBlock(block_id=9, data=bytes(70)),))
    assert len(encode(item, size=112)) == 112
    with pytest.raises(TagDataError, match="holds 100"):
        encode(item, size=100)
    with pytest.raises(TagDataError, match="4-byte"):
        encode(item, size=113)


@pytest.mark.parametrize(
    "fields, reason",
    [
        ({"primary_item_id": ""}, "empty"),
        ({"primary_item_id": "12345678901234567"}, "holds 16"),
        ({"primary_item_id": "1", "parts_in_item": 2, "part_number": 3}, "not within 1..2"),
        ({"primary_item_id": "1", "parts_in_item": 300, "part_number": 1}, "one byte"),
        ({"primary_item_id": "a\x00b"}, "NUL"),
    ],
)
def test_encode_rejects_invalid_items(fields, reason):
    with pytest.raises(TagDataError, match=reason):
        encode(Item(model="iso28560-3", **fields))


def test_truncated_memory_raises():
    with pytest.raises(TagDataError, match="at least 32 bytes"):
        iso28560_3.decode(hand_built()[:31])


@settings(max_examples=150, deadline=None)
@given(items_28560_3())
def test_round_trip_34(item):
    image = encode(item)
    assert len(image) % 4 == 0
    back = decode(image)
    assert back.model == "iso28560-3" and back.crc_ok is True
    assert back == Item(**{**item.__dict__, "crc_ok": True, "elements": back.elements})
    assert encode(back) == image


@settings(max_examples=80, deadline=None)
@given(items_28560_3(short=True))
def test_round_trip_32(item):
    image = encode(item, size=32)
    assert len(image) == 32
    back = decode(image, model="iso28560-3")
    assert (back.primary_item_id, back.owner_library, back.parts_in_item, back.part_number, back.type_of_usage) == (
        item.primary_item_id, item.owner_library, item.parts_in_item, item.part_number, item.type_of_usage)
    assert back.crc_ok is True
