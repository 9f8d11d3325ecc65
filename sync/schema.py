"""The versioned message schema shared by the edge and the centre (JSON Schema 2020-12).

Four kinds of message travel over MQTT, each a compact UTF-8 JSON object with ``"v": 1``:

* **transaction** (edge → centre, ``rfid/v1/tx/<device>``): one outbox row — circulation
  (checkout, checkin, renew, fee_paid, hold_pickup), stock (inventory_seen, tag_programmed) and
  station events for statistics (session_start, session_end, failure, rating);
* **reply** (centre → edge, on the Response Topic with the Correlation Data of the transaction);
* **request** / **response**: online questions the kiosk asks with a short timeout.

Both ends validate: the edge before a row is committed (a bad row never enters the outbox), the
centre on receipt (a bad message is dead-lettered and answered with the reason). Validation is in
two steps — the envelope, then the payload of its type — so the reason names the field.
Event time is a UTC wall-clock reading (RFC 3339, ms) *and* a monotonic reading with the boot it
belongs to, so the centre can order events and correct clock skew (issue 6).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import json
import types
import typing
from decimal import Decimal
from typing import Any

import jsonschema
import jsonschema_rs
import orjson

from drivers.privacy import mask  # noqa: F401 - the one masking rule, as sync.schema.mask
from sync import fields
from sync.errors import SchemaError

VERSION = 1

CIRCULATION_TYPES = ("checkout", "checkin", "renew", "fee_paid", "hold_pickup")
STOCK_TYPES = ("inventory_seen", "tag_programmed")
STATION_TYPES = ("session_start", "session_end", "failure", "rating")
TRANSACTION_TYPES = CIRCULATION_TYPES + STOCK_TYPES + STATION_TYPES
REQUEST_OPS = ("patron_status", "item_info", "checkout_auth", "account", "renew_auth",
               "shelf_list")

#: payload fields holding patron identifiers: stripped from applied rows, masked in logs
PATRON_FIELDS = ("patron_id",)

#: no control character in an id (sync.fields.CONTROL); "not" a search, not "^[^…]*$", since
#: Python's "$" (the reference implementation's) also matches before a final newline
_NO_CONTROL = {"pattern": fields.CONTROL_PATTERN}
_ID = {"type": "string", "minLength": 1, "maxLength": 64, "not": _NO_CONTROL}
_UUID = {"type": "string", "pattern": "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"}
_TIME = {"type": "string", "pattern": r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?(Z|[+-]\d\d:\d\d)$"}
_DATE = {"type": "string", "pattern": r"^\d{4}-\d\d-\d\d$"}
_AMOUNT = {"type": "string", "pattern": r"^\d{1,9}(\.\d{1,2})?$"}
_TEXT = {"type": "string", "maxLength": 500}
_INT64_MAX = 2**63 - 1  # every integer fits a signed 64-bit column


def _obj(required: dict[str, Any], optional: dict[str, Any] | None = None) -> dict[str, Any]:
    props = {**required, **(optional or {})}
    return {"type": "object", "required": sorted(required), "properties": props,
            "additionalProperties": False}


PAYLOADS: dict[str, dict[str, Any]] = {
    "checkout": _obj({"patron_id": _ID, "item_id": _ID},
                     {"due_date": _DATE, "renewal": {"type": "boolean"}}),
    "checkin": _obj({"item_id": _ID}, {"sort_bin": _ID}),
    "renew": _obj({"patron_id": _ID, "item_id": _ID}, {"due_date": _DATE}),
    "fee_paid": _obj({"patron_id": _ID, "amount": _AMOUNT},
                     {"currency": {"type": "string", "pattern": "^[A-Z]{3}$"},
                      "payment_type": {"enum": ["cash", "card", "easycard", "mobile", "other"]},
                      "fee_id": _ID}),
    "hold_pickup": _obj({"patron_id": _ID, "item_id": _ID}, {"due_date": _DATE}),
    "inventory_seen": _obj({"item_id": _ID, "location": _ID},
                           {"uid": {"type": "string", "pattern": "^[0-9A-F]{16}$"},
                            "shelf_order_ok": {"type": "boolean"}, "pass_id": _ID,
                            "range_from": {"type": "string", "maxLength": 64},
                            "range_to": {"type": "string", "maxLength": 64},
                            "scheme": {"enum": ["ccl", "dewey", "lc"]},
                            "author_number": {"enum": ["decimal", "integer"]}}),
    "tag_programmed": _obj({"item_id": _ID, "uid": {"type": "string", "pattern": "^[0-9A-F]{16}$"},
                            "model": {"enum": ["iso28560-3", "iso28560-2", "3m"]}},
                           {"afi": {"type": "integer", "minimum": 0, "maximum": 255},
                            "owner": _ID}),
    "session_start": _obj({"session_id": _UUID},
                          {"channel": {"enum": ["kiosk", "fastbook", "holds_pickup", "staff",
                                                "handheld"]},
                           "language": {"type": "string", "maxLength": 16}}),
    "session_end": _obj({"session_id": _UUID},
                        {"duration_s": {"type": "number", "minimum": 0},
                         "items": {"type": "integer", "minimum": 0, "maximum": _INT64_MAX},
                         "ended_by": {"enum": ["patron", "timeout", "card_removed", "staff",
                                               "error"]}}),
    "failure": _obj({"reason": _ID}, {"session_id": _UUID, "item_id": _ID, "detail": _TEXT}),
    "rating": _obj({"score": {"type": "integer", "minimum": 1, "maximum": 5}},
                   {"session_id": _UUID}),
}

TRANSACTION = _obj({
    "v": {"const": VERSION},
    "txn_id": _UUID,
    "device_id": _ID,
    "seq": {"type": "integer", "minimum": 1, "maximum": _INT64_MAX},
    "type": {"enum": list(TRANSACTION_TYPES)},
    "wall_time": _TIME,
    "mono_ns": {"type": "integer", "minimum": 0, "maximum": _INT64_MAX},
    "boot_id": {"type": "string", "maxLength": 64},
    "branch": _ID,
    "offline": {"type": "boolean"},  # made without online authorisation: apply with no-block
    "payload": {"type": "object"},
})

REPLY = _obj({
    "v": {"const": VERSION},
    "txn_id": {"type": ["string", "null"]},
    "status": {"enum": ["applied", "rejected", "retry"]},
    "server_time": _TIME,
}, {
    "outcome": {"enum": ["applied", "refused", "conflict", "retry_later"]},
    "reason": {"type": ["string", "null"]},
    "screen_message": {"type": ["string", "null"]},
    "result": {"type": "object"},
    "duplicate": {"type": "boolean"},
})

REQUEST = _obj({
    "v": {"const": VERSION},
    "request_id": _UUID,
    "device_id": _ID,
    "op": {"enum": list(REQUEST_OPS)},
    "args": {"type": "object"},
    "sent_time": _TIME,
}, {"branch": _ID})

REQUEST_ARGS: dict[str, dict[str, Any]] = {
    "patron_status": _obj({"patron_id": _ID}, {"pin": {"type": "string", "maxLength": 32}}),
    "item_info": _obj({"item_id": _ID}),
    "checkout_auth": _obj({"patron_id": _ID, "item_id": _ID}),
    "account": _obj({"patron_id": _ID}),
    "renew_auth": _obj({"patron_id": _ID, "item_id": _ID}),
    # a page of a branch's shelf list (sync.shelf_pages: typed, and the cursor's form checked)
    "shelf_list": _obj({"branch": _ID}, {
        "location": _ID, "range_from": {"type": "string", "maxLength": 64},
        "range_to": {"type": "string", "maxLength": 64},
        "scheme": {"enum": ["ccl", "dewey", "lc"]},
        "cursor": {"type": "string", "pattern": "^[0-9a-f]{64}:[0-9]{1,9}$"},
        "limit": {"type": "integer", "minimum": 1, "maximum": 1000}}),
}

#: many transactions in one MQTT message (the uplink drains a backlog so); each element is a
#: transaction validated on its own, so one bad element does not spoil the rest
BATCH = _obj({
    "v": {"const": VERSION},
    "batch": {"type": "array", "minItems": 1, "maxItems": 1000, "items": {"type": "object"}},
})

#: the centre's answer to a batch: one reply per element, in order
REPLIES = _obj({
    "v": {"const": VERSION},
    "replies": {"type": "array", "items": REPLY},
    "server_time": _TIME,
})

RESPONSE = _obj({
    "v": {"const": VERSION},
    "request_id": {"type": ["string", "null"]},
    "ok": {"type": "boolean"},
    "server_time": _TIME,
}, {"result": {"type": "object"}, "error": {"type": ["string", "null"]}})



class _Validator:
    """A schema compiled by jsonschema-rs for the hot path (~1 µs a message; the centre checks
    every transaction of every backlog), with jsonschema kept as the reference implementation
    that words the reason when it fails."""

    def __init__(self, schema: dict[str, Any]) -> None:
        self._fast = jsonschema_rs.Draft202012Validator(schema)
        self._reference = jsonschema.Draft202012Validator(schema)

    def check(self, obj: Any, where: str) -> None:
        try:
            if self._fast.is_valid(obj):
                return
            fallback = "does not match the schema"
        except (ValueError, TypeError) as exc:  # not JSON data at all (a date object, say)
            fallback = str(exc)
        error = jsonschema.exceptions.best_match(self._reference.iter_errors(obj))
        if error is None:  # the two implementations disagree: trust the stricter one
            raise SchemaError(f"{where}: {fallback}"[:300])
        path = ".".join(str(p) for p in error.absolute_path)
        if error.validator == "not" and error.validator_value == _NO_CONTROL:
            fields.no_control(f"{where}.{path}" if path else where, error.instance)  # its words
        raise SchemaError(f"{where}.{path}: {error.message}"[:300] if path
                          else f"{where}: {error.message}"[:300])


_VALIDATORS = {name: _Validator(s) for name, s in
               (("transaction", TRANSACTION), ("reply", REPLY), ("request", REQUEST),
                ("response", RESPONSE), ("batch", BATCH), ("replies", REPLIES))}
_PAYLOAD_VALIDATORS = {t: _Validator(s) for t, s in PAYLOADS.items()}
_ARGS_VALIDATORS = {op: _Validator(s) for op, s in REQUEST_ARGS.items()}


def document() -> dict[str, Any]:
    """The whole schema as one JSON Schema document (for other implementations and the docs)."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"urn:rfid-edge:sync:v{VERSION}",
        "$defs": {"transaction": TRANSACTION, "reply": REPLY, "batch": BATCH,
                  "replies": REPLIES, "request": REQUEST,
                  "response": RESPONSE, "payloads": PAYLOADS, "request_args": REQUEST_ARGS},
    }


def validate(kind: str, obj: Any) -> dict[str, Any]:
    """Check ``obj`` against the schema of ``kind`` (transaction, reply, batch, replies,
    request, response).

    :returns: ``obj`` itself.
    :raises SchemaError: naming the first offending field.
    """
    _VALIDATORS[kind].check(obj, kind)
    if kind == "transaction":
        _PAYLOAD_VALIDATORS[obj["type"]].check(obj["payload"], "payload")
    elif kind == "request":
        _ARGS_VALIDATORS[obj["op"]].check(obj["args"], "args")
    return obj


def loads(data: bytes) -> Any:
    """Parse JSON (orjson: strict RFC 8259, UTF-8); :class:`SchemaError` for anything that is
    not."""
    try:
        return orjson.loads(data)
    except (orjson.JSONDecodeError, TypeError) as exc:
        raise SchemaError(f"not JSON: {exc}"[:300]) from None


def decode(kind: str, data: bytes) -> dict[str, Any]:
    """Parse and validate one message; never raises anything but :class:`SchemaError`."""
    return validate(kind, loads(data))


_ENCODE_OPTIONS = (orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS
                   | orjson.OPT_NON_STR_KEYS)


def encode(obj: dict[str, Any]) -> bytes:
    """Compact UTF-8 JSON, the one encoding both ends write (so a message parsed and encoded
    again is the same bytes). Times, money and results go through :func:`_default`."""
    try:
        return orjson.dumps(obj, default=_default, option=_ENCODE_OPTIONS)
    except orjson.JSONEncodeError:  # an integer beyond 64 bits, say: the slow encoder copes
        return json.dumps(obj, ensure_ascii=False, separators=(",", ":"),
                          default=_default).encode()


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def format_time(t: dt.datetime) -> str:
    """RFC 3339 in UTC with milliseconds, e.g. ``2026-01-02T03:04:05.678Z``."""
    if t.tzinfo is not dt.UTC:  # (a time in UTC already, the usual case, is not converted)
        t = t.astimezone(dt.UTC)
    return t.isoformat(timespec="milliseconds")[:-6] + "Z"  # "+00:00" → "Z"


def parse_time(s: str) -> dt.datetime:
    return dt.datetime.fromisoformat(s.replace("Z", "+00:00"))


# --- dataclass <-> JSON (ILS results travel inside replies and responses) ----------------

def _default(obj: Any) -> Any:
    if isinstance(obj, enum.Enum):
        return obj.value
    if isinstance(obj, Decimal):
        return str(obj)
    if isinstance(obj, dt.datetime):
        return format_time(obj)
    if isinstance(obj, dt.date):
        return obj.isoformat()
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return to_json(obj)
    if isinstance(obj, tuple | set | frozenset):
        return list(obj)
    raise TypeError(f"not JSON serialisable: {type(obj).__name__}")


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}
_SCALARS = frozenset((str, int, bool, float, type(None)))


def to_json(obj: Any) -> dict[str, Any]:
    """A result dataclass as a JSON-ready dict (enums as values, dates ISO, money as strings).
    Written for speed: the bridge calls it for every transaction it applies."""
    names = _FIELD_NAMES.get(type(obj))
    if names is None:
        names = _FIELD_NAMES[type(obj)] = tuple(f.name for f in dataclasses.fields(obj))
    out: dict[str, Any] = {}
    for name in names:
        value = getattr(obj, name)
        t = type(value)
        if t in _SCALARS:
            out[name] = value
        elif t is Decimal:
            out[name] = str(value)
        elif t is dt.date:
            out[name] = value.isoformat()
        elif isinstance(value, enum.Enum):
            out[name] = value.value
        elif t is tuple:
            out[name] = [to_json(v) if dataclasses.is_dataclass(v) else _plain(v) for v in value]
        elif dataclasses.is_dataclass(value):
            out[name] = to_json(value)
        else:
            out[name] = _default(value)
    return out


def _plain(value: Any) -> Any:
    if type(value) in _SCALARS:
        return value
    return _default(value)


def from_json(cls: type, data: dict[str, Any]) -> Any:
    """Build result dataclass ``cls`` from :func:`to_json` output (unknown keys are ignored)."""
    hints = typing.get_type_hints(cls)
    kwargs = {}
    for f in dataclasses.fields(cls):
        if f.name in data:
            kwargs[f.name] = _coerce(hints[f.name], data[f.name])
    return cls(**kwargs)


def _coerce(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        return _coerce(args[0], value) if len(args) == 1 else value
    if origin is tuple:
        (inner, *_rest) = typing.get_args(hint)
        return tuple(_coerce(inner, v) for v in value)
    if isinstance(hint, type):
        if issubclass(hint, enum.Enum):
            return hint(value)
        if hint is Decimal:
            return Decimal(value)
        if hint is dt.date:
            return dt.date.fromisoformat(value)
        if hint is dt.datetime:
            return parse_time(value)
        if dataclasses.is_dataclass(hint):
            return from_json(hint, value)
    return value
