"""The versioned message schema (issue 5): both ends validate, reasons name the field, and
decoding never crashes on any bytes."""

from __future__ import annotations

import contextlib
import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sync import schema
from sync.errors import SchemaError
from sync.results import (
    Account,
    CheckinResult,
    Hold,
    Loan,
    Outcome,
    PatronStatus,
    SortDestination,
)
from tests.sync.conftest import tx_message

VALID = {
    "checkout": {"patron_id": "2300000001", "item_id": "3100000001", "due_date": "2026-03-30"},
    "checkin": {"item_id": "3100000001", "sort_bin": "A"},
    "renew": {"patron_id": "2300000001", "item_id": "3100000001"},
    "fee_paid": {"patron_id": "2300000001", "amount": "30.00", "currency": "TWD",
                 "payment_type": "easycard"},
    "hold_pickup": {"patron_id": "2300000001", "item_id": "3100000001"},
    "inventory_seen": {"item_id": "3100000001", "location": "TPML-MAIN-3F-A12",
                       "uid": "E004010012345678"},
    "tag_programmed": {"item_id": "3100000001", "uid": "E004010012345678", "model": "iso28560-3",
                       "afi": 7, "owner": "TW-TPML"},
    "session_start": {"session_id": "0f8fad5b-d9cb-469f-a165-70867728950e", "channel": "kiosk"},
    "session_end": {"session_id": "0f8fad5b-d9cb-469f-a165-70867728950e", "duration_s": 42.5,
                    "items": 3, "ended_by": "patron"},
    "failure": {"reason": "tag_unreadable", "item_id": "3100000001", "detail": "CRC error"},
    "rating": {"score": 5},
}


def test_every_transaction_type_has_a_valid_example() -> None:
    assert set(VALID) == set(schema.TRANSACTION_TYPES)
    for kind, payload in VALID.items():
        assert schema.validate("transaction", tx_message(kind, payload))["type"] == kind


@pytest.mark.parametrize("change, field", [
    ({"seq": 0}, "transaction.seq"),
    ({"type": "steal"}, "transaction.type"),
    ({"txn_id": "not-a-uuid"}, "transaction.txn_id"),
    ({"wall_time": "yesterday"}, "transaction.wall_time"),
    ({"v": 2}, "transaction.v"),
    ({"payload": {"item_id": "x"}}, "payload"),  # checkout without patron
    ({"payload": {"patron_id": "p", "item_id": "i", "extra": 1}}, "payload"),
])
def test_reasons_name_the_field(change: dict, field: str) -> None:
    msg = tx_message("checkout", VALID["checkout"]) | change
    with pytest.raises(SchemaError) as exc:
        schema.validate("transaction", msg)
    assert exc.value.reason.startswith(field)


def test_rating_out_of_range_is_refused() -> None:
    with pytest.raises(SchemaError, match="score"):
        schema.validate("transaction", tx_message("rating", {"score": 6}))


@given(st.binary(max_size=300))
def test_decode_never_crashes_on_bytes(data: bytes) -> None:
    for kind in ("transaction", "reply", "request", "response"):
        with contextlib.suppress(SchemaError):
            schema.decode(kind, data)


@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=5),
                    lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=8), c,
                                                                        max_size=4),
                    max_leaves=12))
def test_validate_never_crashes_on_json(obj: object) -> None:
    for kind in ("transaction", "reply", "request", "response"):
        with contextlib.suppress(SchemaError):
            schema.validate(kind, obj)


def test_results_round_trip_through_json() -> None:
    status = PatronStatus(outcome=Outcome.APPLIED, patron_id="2300000001", valid=True,
                          expires=dt.date(2027, 1, 1), blocks=("fees",),
                          block_messages=("pay",), fees_owed=Decimal("150.00"))
    assert schema.from_json(PatronStatus, schema.to_json(status)) == status
    account = Account(outcome=Outcome.APPLIED, patron_id="p",
                      loans=(Loan(item_id="1", title="書", due_date=dt.date(2026, 3, 3)),),
                      holds=(Hold(item_id="2", title=None, pickup_branch="TPML-ZS", ready=True),))
    assert schema.from_json(Account, schema.to_json(account)) == account
    checkin = CheckinResult(outcome=Outcome.APPLIED, item_id="1",
                            destination=SortDestination.TRANSIT, destination_branch="TPML-BT")
    assert schema.from_json(CheckinResult, schema.to_json(checkin)) == checkin


def test_results_are_checked_when_built() -> None:
    with pytest.raises(ValueError):
        CheckinResult(outcome=Outcome.APPLIED, item_id="1", destination=SortDestination.TRANSIT)
    with pytest.raises(ValueError):
        PatronStatus(outcome=Outcome.REFUSED, patron_id="p", valid=False)  # no reason


def test_mask_hides_the_middle() -> None:
    assert schema.mask("2300000042") == "23****42"
    assert "0000" not in schema.mask("2300000042")


def test_one_masking_rule_everywhere() -> None:
    """Issue 13: the card driver and the link masked patron identifiers by two rules (one kept
    the last four characters, one both ends); now one function serves the drivers, the kiosk
    (through sync.schema) and the centre."""
    import pathlib
    import re

    from drivers.pcsc import patron
    from drivers.privacy import mask

    assert schema.mask is mask and patron.mask is mask
    assert [mask(v) for v in (None, "", "1234", "A12345", "A123456789", "2300000000042",
                              "P" * 30)] == ["-", "-", "****", "A****5", "A1****89",
                                             "23****42", "PPPP****PPPP"]
    for value in ("1234", "A123456789", "2300000000042", "x" * 64):
        shown = mask(value)
        assert "****" in shown and sum(c != "*" for c in shown) <= len(value) // 5 * 2
    root = pathlib.Path(__file__).resolve().parents[2]
    defined = [p for pkg in ("drivers", "kiosk", "sync", "inventory_scanner")
               for p in (root / pkg).rglob("*.py")
               if re.search(r"^def mask\(", p.read_text(encoding="utf-8"), re.MULTILINE)]
    assert defined == [root / "drivers" / "privacy.py"]


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner,
                                                                 max_size=4),
    max_leaves=12)


@given(st.dictionaries(st.text(max_size=6), _JSON, max_size=5))
def test_one_encoding_for_both_ends(obj: dict) -> None:
    """What the edge encodes, the centre parses and encodes again to the same bytes (the
    journal and ledger keep that text), and it is the compact UTF-8 JSON of the standard
    library (texts stored before orjson compare equal)."""
    import json

    data = schema.encode(obj)
    assert schema.loads(data) == obj
    assert schema.encode(schema.loads(data)) == data
    assert data == json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode()


@given(st.binary(max_size=200))
def test_loads_raises_only_schema_errors(data: bytes) -> None:
    try:
        schema.loads(data)
    except SchemaError as exc:
        assert exc.reason.startswith("not JSON")


@given(st.datetimes(min_value=dt.datetime(1900, 1, 2), max_value=dt.datetime(8999, 12, 30),
                    timezones=st.sampled_from([dt.UTC, dt.timezone(dt.timedelta(hours=8)),
                                               dt.timezone(dt.timedelta(hours=-5, minutes=-30))])))
def test_format_time_writes_utc_with_milliseconds(t: dt.datetime) -> None:
    text = schema.format_time(t)
    assert text == t.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.") + (
        f"{t.microsecond // 1000:03d}Z")
    assert schema.parse_time(text) == t.replace(microsecond=t.microsecond // 1000 * 1000)
