"""Identifiers SIP2 cannot carry are refused when a message is built; free text is cleaned."""

from __future__ import annotations

import pytest

from sync.ils.sip2 import (
    CheckinRequest,
    CheckinResponse,
    CheckoutRequest,
    InvalidFieldValue,
    LocalProtocolError,
    PatronInformationResponse,
    decode,
    encode,
)


def _checkout(**kw: str) -> CheckoutRequest:
    fields = {"institution_id": "TPML", "patron_identifier": "P0001",
              "item_identifier": "B0001", "terminal_password": ""}
    fields.update(kw)
    return CheckoutRequest(sc_renewal_policy=False, no_block=False, **fields)


@pytest.mark.parametrize(("field", "code"), [
    ("patron_identifier", "AA"), ("item_identifier", "AB"), ("institution_id", "AO"),
    ("terminal_password", "AC"), ("patron_password", "AD"), ("item_properties", "CH")])
@pytest.mark.parametrize("value", ["P0|001", "P0001\r", "P00\n01", "P0\x0001", "P\t0001",
                                   "P0001\x7f", "P0001\x85", "P0001\u2028"])
def test_identifier_that_sip2_cannot_carry_is_refused_at_construction(
        field: str, code: str, value: str) -> None:
    with pytest.raises(InvalidFieldValue) as caught:
        _checkout(**{field: value})
    err = caught.value
    assert isinstance(err, LocalProtocolError)
    assert (err.field, err.code) == (field, code)
    assert f"{field} ({code})" in str(err)
    assert value not in str(err)  # a password must not reach a log


def test_repeated_identifier_fields_are_checked_each() -> None:
    with pytest.raises(InvalidFieldValue, match=r"charged_items \(AU\) contains '\|'"):
        PatronInformationResponse(patron_status=" " * 14, institution_id="TPML",
                                  patron_identifier="P0001", personal_name="x",
                                  charged_items=("B0001", "B0|002"))


def test_plain_identifiers_and_unicode_are_accepted() -> None:
    msg = _checkout(patron_identifier="陳-0001 ", item_identifier="B 0001/ä")
    assert decode(encode(msg)).message == msg


def test_free_text_is_still_cleaned_on_the_way_out() -> None:
    msg = CheckinResponse(ok=True, institution_id="TPML", item_identifier="B0003",
                          permanent_location="MAIN", title_identifier="a | b\r\nc",
                          screen_messages=("x|y\rz",), print_lines=("p|q",))
    back = decode(encode(msg)).message
    assert back.title_identifier == "a  b c"
    assert back.screen_messages == ("xy z",) and back.print_lines == ("pq",)


def test_received_identifiers_are_kept_as_sent() -> None:
    """Lenient on the way in: a control character from the ACS is kept, not an error."""
    frame = encode(CheckinRequest(no_block=False, current_location="MAIN",
                                  institution_id="TPML", item_identifier="B0001",
                                  terminal_password=""))
    frame = frame.replace(b"ABB0001", b"ABB\x010001")
    assert decode(frame).message.item_identifier == "B\x010001"
