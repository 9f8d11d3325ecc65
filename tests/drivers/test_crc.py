"""Every CRC variant against the standard check value and the protocol check values in PROTOCOLS.md."""

from hypothesis import given
from hypothesis import strategies as st

from drivers import crc


def test_standard_check_values() -> None:
    data = b"123456789"
    assert crc.crc16_ccitt_false(data) == 0x29B1
    assert crc.crc16_genibus(data) == 0xD64E
    assert crc.crc16_mcrf4xx(data) == 0x6F91
    assert crc.crc16_iso15693(data) == 0x906E


def test_iso28560_3_check_value() -> None:
    assert crc.crc16_ccitt_false(b"RFID tag data model") == 0x1AEE


def test_feig_baud_detect_frame() -> None:
    assert crc.crc16_mcrf4xx(bytes.fromhex("020008FF5200")) == 0xC34A


def test_3m810_check_value() -> None:
    assert crc.crc16_genibus(bytes.fromhex("000903000200000003")) == 0x12E6


@given(st.binary(max_size=64))
def test_iso15693_append_then_check(data: bytes) -> None:
    framed = crc.append_crc_iso15693(data)
    assert crc.check_crc_iso15693(framed)
    if framed:
        corrupted = bytes([framed[0] ^ 0x01]) + framed[1:]
        assert not crc.check_crc_iso15693(corrupted)
