"""NDEF Text/URI records for patron identifiers and shelf locations, and the Type 2 TLV (issue 2)."""

from __future__ import annotations

import ndef as ndeflib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drivers.tags import TagDataError
from drivers.tags.ndef import (
    decode_message,
    encode_message,
    parse_patron_id,
    parse_shelf_location,
    patron_id_record,
    shelf_location_record,
    unwrap_type2_tlv,
    wrap_type2_tlv,
)

ids = st.text(st.characters(exclude_categories=("Cs", "Zs", "Cc", "Zl", "Zp")), min_size=1, max_size=40)


def test_text_record_bytes():
    message = encode_message(patron_id_record("A123456789"))
    # MB|ME|SR, TNF 1, type length 1, payload length 13, "T", status 02 (UTF-8, "en"), "en", id
    assert message == bytes.fromhex("D1 01 0D 54 02 65 6E") + b"A123456789"
    assert parse_patron_id(message) == "A123456789"


def test_uri_record_percent_encodes():
    message = encode_message(patron_id_record("A 12/3", kind="uri"))
    (record,) = decode_message(message)
    assert record.iri == "urn:x-library:patron:A%2012%2F3"
    assert parse_patron_id(message) == "A 12/3"
    assert parse_shelf_location(message) is None  # a patron URI is no shelf location


def test_shelf_location_uri_and_https_query():
    message = encode_message(shelf_location_record("3F-863.57"))
    assert parse_shelf_location(message) == "3F-863.57"
    assert parse_patron_id(message) is None
    other = encode_message(ndeflib.UriRecord("https://lib.example.tw/shelf?shelf=B2-05"))
    assert parse_shelf_location(other) == "B2-05"


def test_unrelated_records_give_none():
    message = encode_message(ndeflib.UriRecord("https://example.org/"))
    assert parse_patron_id(message) is None


@pytest.mark.parametrize("bad", ["", " A1", "A1 "])
def test_bad_identifiers_refused(bad):
    with pytest.raises(TagDataError):
        patron_id_record(bad)


def test_bad_kind_refused():
    with pytest.raises(TagDataError, match="kind"):
        shelf_location_record("A1", kind="mime")


def test_malformed_message_is_tag_data_error():
    with pytest.raises(TagDataError, match="malformed NDEF"):
        parse_patron_id(b"\xd1\x01\xff\x54")


def test_type2_tlv_short_and_long_lengths():
    message = encode_message(patron_id_record("P1"))
    assert wrap_type2_tlv(message) == b"\x03" + bytes([len(message)]) + message + b"\xfe"
    long = bytes(300)
    assert wrap_type2_tlv(long)[:4] == b"\x03\xff\x01\x2c"
    assert unwrap_type2_tlv(wrap_type2_tlv(long)) == long


def test_type2_whole_memory_dump():
    # UID/serial blocks, lock bytes, capability container E1 10 12 00, then lock-control TLV,
    # a NULL TLV and the NDEF TLV
    message = encode_message(patron_id_record("A123456789"))
    header = bytes.fromhex("04 A2 3B 1F  2A 5E 80 00  00 48 00 00  E1 10 12 00")
    data = bytes.fromhex("01 03 A0 0C 34") + b"\x00" + wrap_type2_tlv(message)
    memory = header + data + bytes(16)
    assert unwrap_type2_tlv(memory) == message
    assert parse_patron_id(unwrap_type2_tlv(memory)) == "A123456789"
    assert unwrap_type2_tlv(data) == message


def test_type2_errors():
    with pytest.raises(TagDataError, match="no NDEF"):
        unwrap_type2_tlv(b"\x00\x00\xfe\x03\x01\x00")
    with pytest.raises(TagDataError, match="truncated"):
        unwrap_type2_tlv(b"\x03\x05\xd1")


@settings(max_examples=100, deadline=None)
@given(ids, st.sampled_from(["text", "uri"]))
def test_patron_round_trip(patron, kind):
    wrapped = wrap_type2_tlv(encode_message(patron_id_record(patron, kind=kind)))
    assert parse_patron_id(unwrap_type2_tlv(wrapped)) == patron


@settings(max_examples=100, deadline=None)
@given(ids, st.sampled_from(["text", "uri"]))
def test_shelf_round_trip(code, kind):
    assert parse_shelf_location(encode_message(shelf_location_record(code, kind=kind))) == code
