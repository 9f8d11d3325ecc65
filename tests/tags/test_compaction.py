"""ISO/IEC 15962 compaction schemes and ISIL compaction, on hand-worked bit patterns (issue 2)."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drivers.tags import TagDataError
from drivers.tags.compaction import (
    best_compaction,
    compact,
    compact_isil,
    eligible,
    expand,
    expand_isil,
)
from tests.tags.strategies import isil_text

# (scheme, text, compacted bytes) worked out by hand from the bit layouts in compaction.py
VECTORS = [
    (1, "123456", bytes.fromhex("01E240")),  # 123456 = 0x01E240
    (1, "31234000123456", bytes.fromhex("1C683B7B7640")),
    (2, "12345", bytes.fromhex("12345F")),  # BCD, odd length padded with nibble F
    (2, "0042", bytes.fromhex("0042")),
    (3, "ABC", bytes.fromhex("0886")),  # 00001 00010 00011 + 0 pad -> 00001000 10000110
    (4, "A1B", bytes.fromhex("0710A0")),  # 000001 110001 000010 + pad 100000
    (5, "Hi", bytes.fromhex("91A7")),  # 1001000 1101001 + pad 11
    (7, "臺灣", "臺灣".encode()),
]


@pytest.mark.parametrize("scheme, text, data", VECTORS)
def test_hand_worked_vectors(scheme, text, data):
    assert compact(scheme, text) == data
    assert expand(scheme, data) == text


def test_octet_string_and_unknown_application_data_stay_bytes():
    assert expand(6, b"\x10\xff") == b"\x10\xff"
    assert expand(0, b"\x01\x02") == b"\x01\x02"  # application defined, not an ISIL OID


def test_isil_upper_case_only():
    # T W - T P M L = 20 23 0 20 16 13 12 (5 bits each) + 11111 pad
    assert compact_isil("TW-TPML") == bytes.fromhex("A5C148359F")
    assert expand_isil(bytes.fromhex("A5C148359F")) == "TW-TPML"


def test_isil_shift_to_digit_and_lower():
    # D E - <shift digit 11111> 2(0010) <shift lower 11101> a(00001) + 6 pad bits
    data = bytes.fromhex("2141F2E87F")
    assert expand_isil(data) == "DE-2a"
    # shorter: D E <latch digit 11110> -(1010) 2(0010) <shift lower 1111> a(00001) = 32 bits
    assert compact_isil("DE-2a") == bytes.fromhex("217D45C1")
    assert expand_isil(bytes.fromhex("217D45C1")) == "DE-2a"


def test_isil_latch_to_digits():
    # D K - <latch digit 11110> 7 1 0 1 0 0 (4 bits each) + 1111 pad
    assert expand_isil(bytes.fromhex("22C1E710100F")) == "DK-710100"
    assert len(compact_isil("DK-710100")) == 6
    assert expand_isil(compact_isil("DK-710100")) == "DK-710100"


def test_isil_rejects_other_characters():
    with pytest.raises(TagDataError, match="not an ISIL"):
        compact_isil("TW TPML")


def test_ineligible_text_raises_typed_error():
    with pytest.raises(TagDataError, match="scheme 1"):
        compact(1, "0123")  # leading zero: integer would lose it
    with pytest.raises(TagDataError, match="scheme 4"):
        compact(4, "AB ")  # trailing space would read as 6-bit padding


def test_numeric_non_digit_nibble_is_an_error():
    with pytest.raises(TagDataError, match="nibble A"):
        expand(2, b"\x1a")


def test_invalid_utf8_is_an_error():
    with pytest.raises(TagDataError, match="UTF-8"):
        expand(7, b"\xff")


@pytest.mark.parametrize(
    "text, isil, scheme",
    [
        ("31234000123456", False, 1),  # integer (6 bytes) beats numeric (7)
        ("0031234000123456", False, 2),  # leading zeros: numeric
        ("ABCDEFGH", False, 3),
        ("A-1 B", False, 4),
        ("abc def", False, 5),
        ("863.57 8444 V.2", False, 4),  # 6-bit has no lower case
        ("863.57 8444 v.2", False, 5),
        ("臺灣文學", False, 7),
        ("TW-TPML", True, 0),
        ("tw-tpml", True, 0),
        ("TW-TPML", False, 4),  # "-" is not in the 5-bit set
        ("TWTPML", False, 3),
    ],
)
def test_most_compact_scheme(text, isil, scheme):
    chosen, data = best_compaction(text, isil=isil)
    assert chosen == scheme
    assert expand(chosen, data, isil=isil) == text
    for other in (0, 1, 2, 3, 4, 5, 7):
        if eligible(other, text, isil=isil):
            assert len(data) <= len(compact(other, text, isil=isil))


ALPHABETS = {
    1: st.integers(0, 10**40).map(str),
    2: st.text("0123456789", min_size=1, max_size=40),
    3: st.text(st.characters(min_codepoint=0x41, max_codepoint=0x5F), min_size=1, max_size=40),
    4: st.text(st.characters(min_codepoint=0x20, max_codepoint=0x5F), min_size=1, max_size=40).filter(lambda s: not s.endswith(" ")),
    5: st.text(st.characters(min_codepoint=0x00, max_codepoint=0x7E), min_size=1, max_size=40),
    7: st.text(st.characters(exclude_categories=("Cs",)), max_size=40),
}


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_every_scheme_round_trips(data):
    for scheme, strategy in ALPHABETS.items():
        text = data.draw(strategy)
        assert expand(scheme, compact(scheme, text)) == text


@settings(max_examples=200, deadline=None)
@given(isil_text)
def test_isil_round_trips(text):
    data = compact_isil(text)
    assert expand_isil(data) == text
    assert best_compaction(text, isil=True)[0] in (0, 1, 2, 3, 4, 5)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=40), st.integers(0, 7), st.booleans())
def test_expand_never_raises_anything_but_tag_data_error(data, scheme, isil):
    with contextlib.suppress(TagDataError):
        expand(scheme, data, isil=isil)
