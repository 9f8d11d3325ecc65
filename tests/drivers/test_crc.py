"""Every CRC variant against the standard check value and the protocol check values in PROTOCOLS.md."""

import pytest
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


_VARIANTS = [(crc.SpanCrc.mcrf4xx, crc.crc16_mcrf4xx), (crc.SpanCrc.genibus, crc.crc16_genibus),
             (lambda: crc.SpanCrc(reflected=True, xorout=0xFFFF), crc.crc16_iso15693),
             (lambda: crc.SpanCrc(reflected=False), crc.crc16_ccitt_false)]


@given(st.sampled_from(_VARIANTS),
       st.lists(st.tuples(st.binary(max_size=40), st.integers(0, 30), st.integers(0, 99), st.integers(0, 99)),
                max_size=30))
def test_span_crc_equals_the_crc_of_the_span(variant: tuple, steps: list[tuple[bytes, int, int, int]]) -> None:
    """Bytes appended, the front dropped, any span asked: always the plain CRC of those bytes."""
    make, plain = variant
    span, buf = make(), bytearray()
    for data, dropped, a, b in steps:
        span.extend(data)
        buf += data
        dropped = min(dropped, len(buf))
        span.drop(dropped)
        del buf[:dropped]
        assert len(span) == len(buf)
        start, end = sorted((a * len(buf) // 99, b * len(buf) // 99))
        assert span.of(start, end) == plain(bytes(buf[start:end]))


def test_span_crc_of_long_spans_and_check_values() -> None:
    span = crc.SpanCrc.mcrf4xx()
    span.extend(b"\x00" * 70_000 + bytes.fromhex("020008FF5200"))
    assert span.of(70_000, 70_006) == 0xC34A  # PROTOCOLS.md's baud-detect frame
    data = bytes(range(256)) * 300
    span.clear()
    span.extend(data)
    assert span.of(0, len(data)) == crc.crc16_mcrf4xx(data)  # 76,800 bytes: tables grown to 2**16
    assert span.of(5, 5) == 0xFFFF
    genibus = crc.SpanCrc.genibus()
    genibus.extend(b"\xD6" + bytes.fromhex("00 09 03 00 02 00 00 00 03"))
    assert genibus.of(1, 10) == 0x12E6
    with pytest.raises(IndexError):
        genibus.of(3, 11)
