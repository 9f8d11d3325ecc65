"""Building from the wire skips the checks the JSON schema has just made (the centre checks every
arriving transaction): it must answer exactly as the constructors do — the same message, or
SchemaError naming the same field — for every field of every kind and any value; and
``check_wire`` (the same checks, nothing built) must pass or refuse exactly as they do."""

from __future__ import annotations

import dataclasses
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sync import schema
from sync.errors import SchemaError
from sync.messages import PAYLOAD_TYPES, Transaction, check_wire
from tests.sync.conftest import tx_message
from tests.sync.test_messages import _JSON, _mutated
from tests.sync.test_schema import VALID

#: near misses of every rule a field has (lengths either side of 16, 64 and 500, case, patterns,
#: integers that are floats, impossible dates and times, a lone surrogate, control characters,
#: non-strings)
VALUES: tuple[Any, ...] = (
    None, "", " ", "0", "-1", "0.00", "30", "12.50", "5.001", "1e3", "NaN", 0, -1, 1, 5, 6, 255,
    256, 2.0, 1.5, 2**63 - 1, 2**63, True, False, [], {}, {"a": 1}, "x" * 16, "x" * 17,
    "x" * 64, "x" * 65, "x" * 500, "x" * 501, "\x00", "a\x00b", "x\n", "\x85", "\u2028",
    "😀" * 64, "😀" * 65, "\ud800",
    "a\ud800b", "2026-02-30", "2026-03-02", "2026-3-2", "2026-13-01T00:00:00Z",
    "2026-03-02T24:00:00Z", "2026-03-02T10:00:00+48:00", "0001-01-01T00:00:00+01:00",
    "2026-03-02T10:00:00Z", "2026-03-02T10:00:00.123456+05:30", "2026-03-02T10:00:00z",
    "2026-03-02T10:00:00", "0f8fad5b-d9cb-469f-a165-70867728950e",
    "0F8FAD5B-D9CB-469F-A165-70867728950E", "0f8fad5b-d9cb-469f-a165-70867728950e\n",
    "2026-03-02T10:00:00.123Z", "2026-02-30T10:00:00.123Z", "2026-03-02T24:00:00.000Z",
    "1899-12-31T23:59:59.999Z", "1900-01-01T00:00:00.000Z", "9000-12-31T23:59:59.999Z",
    "9001-01-01T00:00:00.000Z", "E004010012345678", "e004010012345678", "E00401001234567", "E004010012345678\n", "TWD",
    "twd", "TWDX", "cash", "kiosk", "patron", "3m", "iso28560-3", "checkout",
)


def _by_constructors(obj: Any) -> Transaction:
    """The reference: the schema, then every constructor check, as built in code."""
    schema.validate("transaction", obj)
    payload = PAYLOAD_TYPES[obj["type"]](**obj["payload"])
    return Transaction(txn_id=obj["txn_id"], device_id=obj["device_id"], seq=obj["seq"],
                       wall_time=obj["wall_time"], mono_ns=obj["mono_ns"],
                       boot_id=obj["boot_id"], branch=obj["branch"], offline=obj["offline"],
                       payload=payload)


def _answer(build: Any, obj: Any) -> tuple[str, Any]:
    try:
        txn = build(obj)
    except SchemaError as exc:
        return "refused", exc.reason
    return "built", (txn, txn.to_wire(), vars(txn), vars(txn.payload))


def _same(obj: Any) -> None:
    """from_wire answers as the constructors do, and check_wire passes or refuses as both."""
    expected = _answer(_by_constructors, obj)
    assert _answer(Transaction.from_wire, obj) == expected, obj
    assert _checked(obj) == _verdict(expected), obj


def _verdict(answer: tuple[str, Any]) -> tuple[str, str | None]:
    return answer[0], answer[1] if answer[0] == "refused" else None


def _checked(obj: Any, parsed: bool = False) -> tuple[str, str | None]:
    """check_wire's answer: ("built", None) when it passes, else the refusal's reason."""
    try:
        check_wire(obj, parsed=parsed)
    except SchemaError as exc:
        return "refused", exc.reason
    return "built", None


def test_payload_fields_are_the_schemas() -> None:
    for kind, cls in PAYLOAD_TYPES.items():
        assert set(cls.CHECKS) == set(schema.PAYLOADS[kind]["properties"]), kind
        assert set(cls.CHECKS) == {f.name for f in dataclasses.fields(cls)}, kind


def test_every_field_of_every_kind_with_every_near_miss() -> None:
    refused = built = 0
    for kind, payload in VALID.items():
        fields = [(None, name) for name in Transaction._CHECKS]
        fields += [("payload", name) for name in PAYLOAD_TYPES[kind].CHECKS]
        for where, name in fields:
            for value in VALUES:
                msg = tx_message(kind, dict(payload))
                (msg[where] if where else msg)[name] = value
                _same(msg)
                outcome = _answer(Transaction.from_wire, msg)[0]
                refused += outcome == "refused"
                built += outcome == "built"
    assert refused > 1000 and built > 500  # both sides of every rule were reached


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(_mutated(), _JSON))
def test_any_input_gets_the_constructors_answer(obj: object) -> None:
    _same(obj)


def test_a_message_parsed_from_bytes_skips_no_answer() -> None:
    """``parsed=True`` (what schema.loads made of bytes) answers as the constructors do."""
    seen = 0
    for kind, payload in VALID.items():
        for name in Transaction._CHECKS:
            for value in VALUES:
                msg = tx_message(kind, dict(payload))
                msg[name] = value
                try:
                    obj = schema.loads(schema.encode(msg))
                except (SchemaError, UnicodeEncodeError):
                    continue  # no bytes carry it (a lone surrogate): never parsed
                seen += 1
                expected = _answer(_by_constructors, obj)
                assert _answer(lambda o: Transaction.from_wire(o, parsed=True), obj) == \
                    expected, obj
                assert _checked(obj, parsed=True) == _verdict(expected), obj
    assert seen > 500
