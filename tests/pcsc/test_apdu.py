"""APDU builders, parsers and the status-word → error mapping, on exact bytes (issue 4)."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drivers.errors import (
    FrameError,
    LocalProtocolError,
    ReaderError,
    ReaderTimeout,
    TagCommandError,
    TagLocked,
)
from drivers.pcsc import apdu
from hwsim.pcsc.cards import iso14443_4_atr, storage_atr

H = bytes.fromhex


def test_pseudo_apdus_are_byte_exact():
    assert apdu.get_uid() == H("FFCA000000")
    assert apdu.read_binary(3, 16) == H("FFB0000310")
    assert apdu.update_binary(5, H("01020304")) == H("FFD600050401020304")
    assert apdu.start_session() == H("FFC2000002810000")
    assert apdu.end_session() == H("FFC2000002820000")
    assert apdu.switch_iso15693() == H("FFC20002048F02020300")
    # get system information, as an ACR1552U session shows it
    assert apdu.transceive(H("022B")) == H("FFC2000104950202" "2B00")
    # the timer object that makes writes succeed: 1 s, little endian
    assert apdu.transceive(H("022100" "00010203"), timeout_us=1_000_000) == H("FFC20001105F4604" "40420F00" "9507022100000102 0300".replace(" ", ""))


def test_type4_apdus_are_byte_exact():
    assert apdu.iso_select_aid() == H("00A4040007D276000085010100")
    assert apdu.iso_select_file(0xE103) == H("00A4000C02E103")
    assert apdu.iso_read_binary(2, 0x3B) == H("00B000023B")


@pytest.mark.parametrize("bad", [lambda: apdu.read_binary(256, 4), lambda: apdu.read_binary(0, 0), lambda: apdu.update_binary(0, b""),
                                 lambda: apdu.transceive(b""), lambda: apdu.iso_select_aid(b"\x01"), lambda: apdu.iso_read_binary(0x8000, 1)])
def test_builders_refuse_what_the_protocol_does_not_allow(bad):
    with pytest.raises(LocalProtocolError):
        bad()


@pytest.mark.parametrize(
    ("sw", "error", "words"),
    [
        ("6401", apdu.CardTimeout, "no response"),
        ("6A81", apdu.FunctionNotSupported, "not supported"),
        ("6982", TagLocked, "authentication"),
        ("6300", TagCommandError, "failed"),
        ("6A82", TagCommandError, "not found"),
        ("6B00", apdu.StatusWordError, "out of range"),
        ("6F00", apdu.StatusWordError, "unknown"),
    ],
)
def test_status_words_map_to_clear_errors(sw, error, words):
    with pytest.raises(error) as info:
        apdu.check(H("AABB" + sw), "read block 3")
    assert words in str(info.value)
    assert sw in str(info.value) and "read block 3" in str(info.value)


def test_timeout_is_also_a_builtin_timeout():
    with pytest.raises(TimeoutError):
        apdu.check(H("6401"))
    assert issubclass(apdu.CardTimeout, ReaderTimeout)


def test_ok_returns_the_data_only():
    assert apdu.check(H("0102039000")) == H("010203")
    with pytest.raises(FrameError):
        apdu.check(b"\x90")


def test_transparent_response_of_an_acr1552u():
    # get system information of an ICODE SLI, as the reader answers it
    answer = apdu.parse_transparent(H("C003009000920100960200009 70F000F2E985C8A000104E000001B03019000".replace(" ", "")))
    assert answer.answer == H("000F2E985C8A000104E000001B0301")
    with pytest.raises(apdu.CardTimeout):
        apdu.parse_transparent(H("C00301640 19000".replace(" ", "")))
    assert apdu.parse_transparent(H("C0030090009000")).answer is None


def test_atr_classification():
    mifare = H("3B8F8001804F0CA000000306030001000000006A")
    assert storage_atr(0x03, 0x0001) == mifare  # the builder agrees with the published ATR and TCK
    kind = apdu.parse_atr(mifare)
    assert (kind.technology, kind.name, kind.maybe_type2) == ("iso14443a", 0x0001, False)
    assert apdu.parse_atr(storage_atr(0x03, 0x0003)).maybe_type2
    assert apdu.parse_atr(storage_atr(0x0B, 0)).technology == "iso15693"
    assert apdu.parse_atr(iso14443_4_atr(b"\x80")).technology == "iso14443-4"


@given(st.binary(max_size=64))
def test_parsers_never_crash(data):
    apdu.parse_atr(data)
    with contextlib.suppress(ReaderError):
        apdu.parse_transparent(data)
    with contextlib.suppress(ReaderError):
        apdu.check(data)
