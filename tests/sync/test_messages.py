"""Typed transactions (issue 13, h11 style; issue 19 item 1): a message that passes the JSON schema
but would make the centre raise cannot be built — not at the kiosk, not by hand, not from the
wire — and building one from any input raises nothing but SchemaError."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sync import messages, schema
from sync.edge.outbox import Outbox
from sync.errors import SchemaError
from sync.messages import (
    PAYLOAD_TYPES,
    Checkin,
    Checkout,
    FeePaid,
    Rating,
    Renew,
    Transaction,
)
from tests.sync.conftest import tx_message
from tests.sync.test_schema import VALID

# --- what issue 19 saw pass the schema and then make the bridge raise -----------------------
POISON = [  # (field changed, value, the field the error must name)
    ("payload.amount", "0", "payload.amount"),
    ("payload.amount", "0.00", "payload.amount"),
    ("wall_time", "2026-13-02T10:00:00.000Z", "wall_time"),
    ("wall_time", "2026-03-02T24:00:00.000Z", "wall_time"),
    ("wall_time", "2026-03-02T10:00:00.000+48:00", "wall_time"),
    ("wall_time", "0001-01-01T00:00:00+01:00", "wall_time"),  # before year 1 in UTC
    ("payload.due_date", "2026-02-30", "payload.due_date"),
]


def _poisoned(field: str, value: object) -> dict:
    kind = "fee_paid" if field == "payload.amount" else "checkout"
    msg = tx_message(kind, dict(VALID[kind]))
    if field.startswith("payload."):
        msg["payload"][field.removeprefix("payload.")] = value
    else:
        msg[field] = value
    return msg


@pytest.mark.parametrize("field, value, named", POISON)
def test_what_passed_the_schema_is_refused_from_the_wire(field: str, value: object,
                                                         named: str) -> None:
    msg = _poisoned(field, value)
    schema.validate("transaction", msg)  # the wire pattern lets it through ...
    with pytest.raises(SchemaError) as exc:  # ... the typed message does not
        Transaction.from_wire(msg)
    assert exc.value.reason.startswith(named)
    with pytest.raises(SchemaError):
        messages.decode(schema.encode(msg))


@pytest.mark.parametrize("kwargs, named", [
    ({"amount": Decimal(0)}, "payload.amount"),
    ({"amount": Decimal("-5")}, "payload.amount"),
    ({"amount": "abc"}, "payload.amount"),
    ({"amount": 12.5}, "payload.amount"),  # a float is no money
    ({"amount": Decimal("NaN")}, "payload.amount"),
    ({"amount": Decimal("0.001")}, "payload.amount"),
    ({"amount": Decimal("1E+9")}, "payload.amount"),
    ({"patron_id": ""}, "payload.patron_id"),
    ({"currency": "twd"}, "payload.currency"),
])
def test_a_fee_is_checked_when_built(kwargs: dict, named: str) -> None:
    with pytest.raises(SchemaError) as exc:
        FeePaid(**({"patron_id": "2300000001", "amount": Decimal("30")} | kwargs))
    assert exc.value.reason.startswith(named)


def test_a_seq_beyond_64_bits_is_refused_by_the_schema_too() -> None:
    msg = _poisoned("seq", 2**63)
    for check in (lambda: schema.validate("transaction", msg), lambda: Transaction.from_wire(msg)):
        with pytest.raises(SchemaError, match=r"seq"):
            check()


def test_envelope_is_checked_when_built() -> None:
    good = Transaction.from_wire(tx_message("checkin", VALID["checkin"]))
    for change, named in [({"seq": -1}, "seq"), ({"seq": 0}, "seq"), ({"seq": True}, "seq"),
                          ({"seq": 2**63}, "seq"), ({"device_id": ""}, "device_id"),
                          ({"branch": ""}, "branch"), ({"txn_id": ""}, "txn_id"),
                          ({"mono_ns": -1}, "mono_ns"),
                          ({"wall_time": dt.datetime(2026, 3, 2, 10)}, "wall_time"),  # naive
                          ({"payload": {"item_id": "1"}}, "payload")]:
        with pytest.raises(SchemaError) as exc:
            dataclasses.replace(good, **change)
        assert exc.value.reason.startswith(named), change
    assert dataclasses.replace(good, seq=2**63 - 1).seq == 2**63 - 1


def test_dates_and_amounts_are_typed_and_round_trip() -> None:
    fee = FeePaid(patron_id="2300000001", amount="12.50", payment_type="cash")
    assert fee.amount == Decimal("12.50")
    assert fee.to_wire() == {"patron_id": "2300000001", "amount": "12.50", "payment_type": "cash"}
    renew = Renew(patron_id="p", item_id="i", due_date="2026-02-28")
    assert renew.due_date == dt.date(2026, 2, 28)
    assert Renew.from_wire(renew.to_wire()) == renew
    with pytest.raises(SchemaError, match=r"^payload\.due_date"):
        Renew(patron_id="p", item_id="i", due_date=dt.datetime(2026, 2, 28))  # a time is no date


def test_every_type_has_its_class_and_round_trips() -> None:
    assert set(PAYLOAD_TYPES) == set(schema.TRANSACTION_TYPES)
    for kind, payload in VALID.items():
        msg = tx_message(kind, payload)
        txn = Transaction.from_wire(msg)
        assert txn.type == kind and isinstance(txn.payload, PAYLOAD_TYPES[kind])
        assert txn.to_wire() == msg  # the wire form is what arrived (times already UTC, ms)


def test_unknown_type_and_fields_are_named() -> None:
    with pytest.raises(SchemaError, match=r"^type: "):
        messages.payload_from_wire("steal", {})
    with pytest.raises(SchemaError, match=r"^payload\.item_id: missing"):
        messages.payload_from_wire("checkin", {"item": "1"})
    with pytest.raises(SchemaError, match=r"^payload\.extra: not a field of checkin"):
        messages.payload_from_wire("checkin", {"item_id": "1", "extra": 1})


def test_outbox_refuses_a_zero_fee_and_stores_nothing(outbox: Outbox) -> None:
    with pytest.raises(SchemaError, match=r"^payload\.amount"):
        outbox.enqueue("fee_paid", {"patron_id": "2300000001", "amount": "0"})
    with pytest.raises(SchemaError, match=r"^payload\.due_date"):
        outbox.enqueue("checkout", {"patron_id": "p", "item_id": "i", "due_date": "2026-02-30"})
    assert outbox.depth() == 0
    row = outbox.enqueue(Checkout(patron_id="2300000001", item_id="3100000001"), offline=True)
    wire = schema.loads(row.message)
    assert wire["type"] == "checkout" and wire["offline"] is True and row.seq == 1
    assert Transaction.from_wire(wire).payload == Checkout(patron_id="2300000001",
                                                           item_id="3100000001")
    with pytest.raises(TypeError):
        outbox.enqueue(Checkin(item_id="1"), {"item_id": "2"})


def test_outbox_with_a_bad_device_id_refuses_to_enqueue(tmp_path: Path) -> None:
    with Outbox(tmp_path / "o.db", device_id="", branch="B") as ob, \
            pytest.raises(SchemaError, match=r"^device_id"):
        ob.enqueue(Rating(score=3))


def test_outbox_takes_a_naive_wall_time_as_local(outbox: Outbox) -> None:
    local = dt.datetime(2026, 3, 2, 10, 0)
    row = outbox.enqueue(Checkin(item_id="1"), wall_time=local)
    assert schema.parse_time(schema.loads(row.message)["wall_time"]) == local.astimezone()


# --- property: any input builds a message or raises SchemaError ------------------------------

_SCALAR = (st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12)
           | st.sampled_from(["0", "30", "12.50", "-1", "1e3", "2026-02-30", "2026-03-02",
                              "2026-03-02T10:00:00Z", "2026-03-02T10:00:00+48:00",
                              "0f8fad5b-d9cb-469f-a165-70867728950e", "E004010012345678",
                              "\ud800", "kiosk", "patron", "cash", "3m", "TWD"]))
_JSON = st.recursive(_SCALAR, lambda c: st.lists(c, max_size=3)
                     | st.dictionaries(st.text(max_size=8), c, max_size=3), max_leaves=8)
_ENVELOPE = ["v", "txn_id", "device_id", "seq", "type", "wall_time", "mono_ns", "boot_id",
             "branch", "offline", "payload"]


@st.composite
def _mutated(draw: st.DrawFn) -> dict:
    """A valid message with some fields replaced, removed or added: near misses are where a
    checker slips; wholly random dicts only test the first check."""
    kind = draw(st.sampled_from(sorted(VALID)))
    msg = tx_message(kind, dict(VALID[kind]))
    payload_keys = sorted({k for c in PAYLOAD_TYPES.values() for k in c.CHECKS})
    for _ in range(draw(st.integers(1, 3))):
        if draw(st.booleans()):
            key = draw(st.sampled_from(_ENVELOPE))
            target = msg
        else:
            key = draw(st.sampled_from(payload_keys))
            target = msg["payload"] if isinstance(msg.get("payload"), dict) else msg
        if draw(st.integers(0, 4)) == 0:
            target.pop(key, None)
        else:
            target[key] = draw(_JSON)
    return msg


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(_mutated(), st.dictionaries(st.sampled_from(_ENVELOPE) | st.text(max_size=4),
                                             _JSON, max_size=12), _JSON))
def test_from_wire_builds_or_raises_schema_error(obj: object) -> None:
    try:
        txn = Transaction.from_wire(obj)
    except SchemaError:
        return
    again = txn.to_wire()  # what was built is legal on the wire and builds the same again
    schema.validate("transaction", again)
    assert Transaction.from_wire(again).to_wire() == again  # times come back UTC, in ms
    schema.encode(again)


@st.composite
def _constructor_call(draw: st.DrawFn) -> tuple[type, dict]:
    cls = PAYLOAD_TYPES[draw(st.sampled_from(sorted(PAYLOAD_TYPES)))]
    values = _JSON | st.dates() | st.datetimes(timezones=st.timezones()) | st.decimals()
    kwargs = {name: draw(values) for name in cls.CHECKS if draw(st.integers(0, 5))}
    return cls, kwargs


@settings(max_examples=400)
@given(_constructor_call())
def test_constructors_build_or_raise_schema_error(call: tuple[type, dict]) -> None:
    cls, kwargs = call
    try:
        payload = cls(**kwargs)
    except SchemaError:
        return
    except TypeError as exc:  # a required keyword left out: Python's own call check
        assert "required keyword-only argument" in str(exc)
        return
    assert cls.from_wire(payload.to_wire()) == payload
