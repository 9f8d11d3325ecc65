"""Typed transactions: one frozen, keyword-only class per kind, checked when built (as h11's
events are), so an illegal transaction cannot exist — neither in the outbox nor at the centre.

Theory of operation
-------------------
* A payload class (:class:`Checkout`, :class:`Checkin`, … :class:`Rating`) holds what one kind
  of transaction says; :class:`Transaction` wraps it in the envelope the outbox numbers and
  times (``txn_id``, ``device_id``, ``seq``, ``wall_time`` …).
* Every constructor checks every field (:mod:`sync.fields`): ids not empty, dates and times
  real, offsets in range, amounts positive decimals, integers within 64 bits. A bad value
  raises :class:`~sync.errors.SchemaError` naming the field (``payload.amount: must be more than
  zero, not '0'``) and nothing else; a caller catches that one error.
* ``to_wire()`` gives the dict the wire carries (times RFC 3339 UTC with milliseconds, dates ISO,
  amounts as decimal text, absent optionals left out); ``from_wire(dict)`` checks the JSON schema
  (:func:`sync.schema.validate`, the wire contract other implementations share) and then builds
  the typed message, so what the centre accepts can never make it raise later (issue 19). It
  runs only the checks the schema cannot make (times, dates, amounts, integer types, UTF-8):
  the same answers as the constructors at half the cost, since the centre builds every message.
* The JSON schema stays the contract between implementations; these classes are stricter where a
  pattern cannot say enough (2026-02-30 matches ``\\d{4}-\\d\\d-\\d\\d``).

Example::

    outbox.enqueue(Checkin(item_id="31234000012345", sort_bin="A"), offline=True)
    txn = Transaction.from_wire(schema.loads(body))   # at the centre
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any, ClassVar, Literal, Self, TypeVar

import orjson

from sync import fields, schema
from sync.errors import SchemaError

__all__ = ["PAYLOAD_TYPES", "Checkin", "Checkout", "Failure", "FeePaid", "HoldPickup",
           "InventorySeen", "Payload", "Rating", "Renew", "SessionEnd", "SessionStart",
           "TagProgrammed", "Transaction", "check_wire", "decode", "from_wire",
           "payload_from_wire"]

Check = Callable[[str, Any], Any]
_T = TypeVar("_T")

_UID = re.compile(r"[0-9A-F]{16}", re.ASCII)
_CURRENCY = re.compile(r"[A-Z]{3}", re.ASCII)


#: checks whose rule the JSON schema states too (ids, UUIDs, booleans, choices, text lengths, tag
#: UIDs, currency codes): :meth:`Transaction.from_wire` has just run the schema, so it skips them
#: and runs only the rest (times, dates, amounts, integers: the schema's "integer" takes 2.0).
#: tests/sync/test_messages_wire.py holds the two paths to the same answers.
_SCHEMA_ALSO: set[Check] = {fields.identifier, fields.uuid_text, fields.boolean}


def _schema_also(check: Check) -> Check:
    _SCHEMA_ALSO.add(check)
    return check


@_schema_also
def _uid(name: str, value: Any) -> str:
    return fields.pattern(name, value, _UID, "16 upper-case hex digits")


@_schema_also
def _currency(name: str, value: Any) -> str:
    return fields.pattern(name, value, _CURRENCY, "an ISO 4217 code such as TWD")


def _choices(*options: str) -> Check:
    return _schema_also(lambda name, value: fields.choice(name, value, options))


def _text(max_length: int) -> Check:
    return _schema_also(lambda name, value: fields.text(name, value, max_length=max_length))


def _int(minimum: int, maximum: int = fields.INT64_MAX) -> Check:
    return lambda name, value: fields.integer(name, value, minimum=minimum, maximum=maximum)


@dataclasses.dataclass(frozen=True, kw_only=True)
class Payload:
    """What one kind of transaction says. Subclasses name their kind in ``TYPE`` and a check for
    every field in ``CHECKS``; a field whose default is None is optional."""

    TYPE: ClassVar[str] = ""
    CHECKS: ClassVar[Mapping[str, Check]] = {}

    def __post_init__(self) -> None:
        for name, label, check, optional in _plan(type(self)):
            value = getattr(self, name)
            if value is None and optional:
                continue
            object.__setattr__(self, name, check(label, value))

    def to_wire(self) -> dict[str, Any]:
        """The payload as the wire carries it; optional fields left unset are left out."""
        out: dict[str, Any] = {}
        for name in self.CHECKS:
            value = getattr(self, name)
            if value is None:
                continue
            if type(value) is Decimal:
                value = fields.amount_text(value)
            elif type(value) is dt.date:
                value = value.isoformat()
            out[name] = value
        return out

    @classmethod
    def from_wire(cls, data: Any) -> Self:
        """Build from the wire's payload object (strings for dates and amounts).

        :raises SchemaError: naming the first field that is missing, unknown or wrong.
        """
        if type(data) is not dict and not isinstance(data, Mapping):  # dict: skip the ABC check
            raise SchemaError(f"payload: must be an object, not {type(data).__name__}")
        keys = data.keys()
        if not _required(cls) <= keys:  # the slow loop only to name the first missing field
            optional = _optional(cls)
            for name in cls.CHECKS:
                if name not in data and name not in optional:
                    raise SchemaError(f"payload.{name}: missing (required for {cls.TYPE})")
        if not keys <= cls.CHECKS.keys():
            for key in data:
                if key not in cls.CHECKS:
                    raise SchemaError(f"payload.{str(key)[:40]}: not a field of {cls.TYPE}")
        return cls(**data)


_OPTIONALS: dict[type, frozenset[str]] = {}


def _optional(cls: type[Payload]) -> frozenset[str]:
    found = _OPTIONALS.get(cls)
    if found is None:
        found = _OPTIONALS[cls] = frozenset(
            f.name for f in dataclasses.fields(cls) if f.default is None)
    return found


_PLANS: dict[type, tuple[tuple[str, str, Check, bool], ...]] = {}
_REQUIRED: dict[type, frozenset[str]] = {}


def _plan(cls: type[Payload]) -> tuple[tuple[str, str, Check, bool], ...]:
    """Per kind, once: (field, error label, check, optional) so a build formats no strings."""
    found = _PLANS.get(cls)
    if found is None:
        optional = _optional(cls)
        found = _PLANS[cls] = tuple((name, f"payload.{name}", check, name in optional)
                                    for name, check in cls.CHECKS.items())
    return found


_WIRE_PLANS: dict[str, tuple[type[Payload], dict[str, None], tuple[tuple[str, str, Check], ...]]] = {}


def _wire_plan(kind: str) -> tuple[type[Payload], dict[str, None], tuple[tuple[str, str, Check], ...]]:
    """Per kind, once: its class, its fields all None, and the checks left to run on a payload
    the JSON schema passed."""
    found = _WIRE_PLANS.get(kind)
    if found is None:
        cls = PAYLOAD_TYPES[kind]
        found = _WIRE_PLANS[kind] = (cls, dict.fromkeys(cls.CHECKS), tuple(
            (name, label, check) for name, label, check, _ in _plan(cls)
            if check not in _SCHEMA_ALSO))
    return found


def _built(cls: type[_T], values: dict[str, Any]) -> _T:
    """An instance of a frozen dataclass from values already checked (no ``__init__``)."""
    obj = object.__new__(cls)
    obj.__dict__.update(values)
    return obj


def _encodable(obj: Any) -> bool:
    """Is every string valid Unicode (UTF-8 encodable)? The JSON schema does not say so of a
    nested one; JSON that orjson parsed always is."""
    try:
        orjson.dumps(obj)
    except orjson.JSONEncodeError:
        return False
    return True


def _payload_checked(kind: str, data: dict[str, Any]) -> Payload:
    """The typed payload of a transaction the JSON schema passed (its type is known, its fields
    are the class's, required ones present): only the checks the schema cannot make run."""
    cls, unset, plan = _wire_plan(kind)
    values = {**unset, **data}  # an optional field left out is None, as its default
    for name, label, check in plan:
        value = values[name]
        if value is not None:
            values[name] = check(label, value)
    return _built(cls, values)


def _required(cls: type[Payload]) -> frozenset[str]:
    found = _REQUIRED.get(cls)
    if found is None:
        found = _REQUIRED[cls] = frozenset(cls.CHECKS) - _optional(cls)
    return found


# --- circulation --------------------------------------------------------------------------

@dataclasses.dataclass(frozen=True, kw_only=True)
class Checkout(Payload):
    """A loan; ``due_date`` is the date the kiosk gave offline, ``renewal`` when it was one."""

    TYPE: ClassVar[str] = "checkout"
    CHECKS: ClassVar[Mapping[str, Check]] = {
        "patron_id": fields.identifier, "item_id": fields.identifier, "due_date": fields.date,
        "renewal": fields.boolean}
    patron_id: str
    item_id: str
    due_date: dt.date | None = None
    renewal: bool | None = None


@dataclasses.dataclass(frozen=True, kw_only=True)
class Checkin(Payload):
    """A return, with the bin the kiosk sorted it into."""

    TYPE: ClassVar[str] = "checkin"
    CHECKS: ClassVar[Mapping[str, Check]] = {
        "item_id": fields.identifier, "sort_bin": fields.identifier}
    item_id: str
    sort_bin: str | None = None


@dataclasses.dataclass(frozen=True, kw_only=True)
class Renew(Payload):
    TYPE: ClassVar[str] = "renew"
    CHECKS: ClassVar[Mapping[str, Check]] = {
        "patron_id": fields.identifier, "item_id": fields.identifier, "due_date": fields.date}
    patron_id: str
    item_id: str
    due_date: dt.date | None = None


@dataclasses.dataclass(frozen=True, kw_only=True)
class FeePaid(Payload):
    """A payment: ``amount`` a positive decimal (``Decimal("30")`` or its text ``"30"``)."""

    TYPE: ClassVar[str] = "fee_paid"
    CHECKS: ClassVar[Mapping[str, Check]] = {
        "patron_id": fields.identifier, "amount": fields.amount,
        "currency": _currency,
        "payment_type": _choices("cash", "card", "easycard", "mobile", "other"),
        "fee_id": fields.identifier}
    patron_id: str
    amount: Decimal
    currency: str | None = None
    payment_type: Literal["cash", "card", "easycard", "mobile", "other"] | None = None
    fee_id: str | None = None


@dataclasses.dataclass(frozen=True, kw_only=True)
class HoldPickup(Payload):
    TYPE: ClassVar[str] = "hold_pickup"
    CHECKS: ClassVar[Mapping[str, Check]] = {
        "patron_id": fields.identifier, "item_id": fields.identifier, "due_date": fields.date}
    patron_id: str
    item_id: str
    due_date: dt.date | None = None


# --- stock --------------------------------------------------------------------------------

@dataclasses.dataclass(frozen=True, kw_only=True)
class InventorySeen(Payload):
    TYPE: ClassVar[str] = "inventory_seen"
    CHECKS: ClassVar[Mapping[str, Check]] = {
        "item_id": fields.identifier, "location": fields.identifier, "uid": _uid,
        "shelf_order_ok": fields.boolean, "pass_id": fields.identifier,
        "range_from": _text(64), "range_to": _text(64),
        "scheme": _choices("ccl", "dewey", "lc"), "author_number": _choices("decimal", "integer")}
    item_id: str
    location: str
    uid: str | None = None
    shelf_order_ok: bool | None = None
    #: the sweep (pass) this sighting belongs to, and the call-number range it covers
    pass_id: str | None = None
    range_from: str | None = None
    range_to: str | None = None
    #: how the range's bounds and the library's call numbers are read (absent: ``ccl``,
    #: ``decimal``, as before the sweep said)
    scheme: Literal["ccl", "dewey", "lc"] | None = None
    author_number: Literal["decimal", "integer"] | None = None


@dataclasses.dataclass(frozen=True, kw_only=True)
class TagProgrammed(Payload):
    TYPE: ClassVar[str] = "tag_programmed"
    CHECKS: ClassVar[Mapping[str, Check]] = {
        "item_id": fields.identifier, "uid": _uid,
        "model": _choices("iso28560-3", "iso28560-2", "3m"), "afi": _int(0, 255),
        "owner": fields.identifier}
    item_id: str
    uid: str
    model: Literal["iso28560-3", "iso28560-2", "3m"]
    afi: int | None = None
    owner: str | None = None


# --- station events (statistics) ----------------------------------------------------------

@dataclasses.dataclass(frozen=True, kw_only=True)
class SessionStart(Payload):
    TYPE: ClassVar[str] = "session_start"
    CHECKS: ClassVar[Mapping[str, Check]] = {
        "session_id": fields.uuid_text,
        "channel": _choices("kiosk", "fastbook", "holds_pickup", "staff", "handheld"),
        "language": _text(16)}
    session_id: str
    channel: Literal["kiosk", "fastbook", "holds_pickup", "staff", "handheld"] | None = None
    language: str | None = None


@dataclasses.dataclass(frozen=True, kw_only=True)
class SessionEnd(Payload):
    TYPE: ClassVar[str] = "session_end"
    CHECKS: ClassVar[Mapping[str, Check]] = {
        "session_id": fields.uuid_text, "duration_s": fields.number, "items": _int(0),
        "ended_by": _choices("patron", "timeout", "card_removed", "staff", "error")}
    session_id: str
    duration_s: float | None = None
    items: int | None = None
    ended_by: Literal["patron", "timeout", "card_removed", "staff", "error"] | None = None


@dataclasses.dataclass(frozen=True, kw_only=True)
class Failure(Payload):
    TYPE: ClassVar[str] = "failure"
    CHECKS: ClassVar[Mapping[str, Check]] = {
        "reason": fields.identifier, "session_id": fields.uuid_text,
        "item_id": fields.identifier, "detail": _text(500)}
    reason: str
    session_id: str | None = None
    item_id: str | None = None
    detail: str | None = None


@dataclasses.dataclass(frozen=True, kw_only=True)
class Rating(Payload):
    TYPE: ClassVar[str] = "rating"
    CHECKS: ClassVar[Mapping[str, Check]] = {"score": _int(1, 5), "session_id": fields.uuid_text}
    score: int
    session_id: str | None = None


#: the payload class of each transaction type (every one of :data:`sync.schema.TRANSACTION_TYPES`)
PAYLOAD_TYPES: dict[str, type[Payload]] = {c.TYPE: c for c in (
    Checkout, Checkin, Renew, FeePaid, HoldPickup, InventorySeen, TagProgrammed, SessionStart,
    SessionEnd, Failure, Rating)}


def payload_from_wire(type: Any, payload: Any) -> Payload:
    """The typed payload of a transaction of ``type`` from its wire object.

    :raises SchemaError: for an unknown type or a bad payload, naming the field.
    """
    cls = PAYLOAD_TYPES.get(type) if isinstance(type, str) else None
    if cls is None:
        raise SchemaError(f"type: must be one of {', '.join(PAYLOAD_TYPES)}, "
                          f"not {fields.show(type)}")
    return cls.from_wire(payload)


# --- the envelope ---------------------------------------------------------------------------

@dataclasses.dataclass(frozen=True, kw_only=True)
class Transaction:
    """One outbox row as it travels: who made it, its place in the device's order, when it
    happened (a wall-clock reading and a monotonic one with its boot), and its payload.

    ``wall_time`` may be given as an aware datetime or RFC 3339 text; it is kept as an aware
    datetime and written in UTC with milliseconds.
    """

    txn_id: str
    device_id: str
    seq: int
    wall_time: dt.datetime
    mono_ns: int
    boot_id: str
    branch: str
    offline: bool = False  # made without online authorisation: apply with no-block
    payload: Payload

    _CHECKS: ClassVar[Mapping[str, Check]] = {
        "txn_id": fields.uuid_text, "device_id": fields.identifier, "seq": _int(1),
        "wall_time": fields.timestamp, "mono_ns": _int(0), "boot_id": _text(64),
        "branch": fields.identifier, "offline": fields.boolean}

    def __post_init__(self) -> None:
        for name, check in self._CHECKS.items():
            object.__setattr__(self, name, check(name, getattr(self, name)))
        if not isinstance(self.payload, Payload) or type(self.payload) is Payload:
            raise SchemaError(f"payload: must be a typed payload (Checkout, Checkin, …), not "
                              f"{type(self.payload).__name__}")

    @property
    def type(self) -> str:
        return self.payload.TYPE

    def to_wire(self) -> dict[str, Any]:
        """The message as the wire carries it (the outbox encodes exactly this)."""
        return {"v": schema.VERSION, "txn_id": self.txn_id, "device_id": self.device_id,
                "seq": self.seq, "type": self.type,
                "wall_time": schema.format_time(self.wall_time), "mono_ns": self.mono_ns,
                "boot_id": self.boot_id, "branch": self.branch, "offline": self.offline,
                "payload": self.payload.to_wire()}

    @classmethod
    def from_wire(cls, obj: Any, *, parsed: bool = False) -> Transaction:
        """Check a parsed message against the wire schema, then build it typed.

        The same checks as the constructor's, but each rule once: what the schema has just
        checked is not checked again (the centre builds every transaction of every backlog).

        :param parsed: ``obj`` is what :func:`sync.schema.loads` made of bytes (orjson refuses
            lone surrogates, so every string in it encodes: that check is skipped).
        :raises SchemaError: naming the first offending field; never anything else.
        """
        schema.validate("transaction", obj)
        if not parsed and not _encodable(obj):  # a lone surrogate the schema let through:
            return cls._constructed(obj)  # the constructors name its field
        payload = _payload_checked(obj["type"], obj["payload"])
        values = {"txn_id": obj["txn_id"], "device_id": obj["device_id"], "seq": obj["seq"],
                  "wall_time": obj["wall_time"], "mono_ns": obj["mono_ns"],
                  "boot_id": obj["boot_id"], "branch": obj["branch"], "offline": obj["offline"],
                  "payload": payload}
        for name, check in _ENVELOPE_WIRE_CHECKS:
            values[name] = check(name, values[name])
        return _built(cls, values)

    @classmethod
    def _constructed(cls, obj: dict[str, Any]) -> Transaction:
        """Built by the constructors, every check run (the wording of the rare refusal)."""
        return cls(txn_id=obj["txn_id"], device_id=obj["device_id"], seq=obj["seq"],
                   wall_time=obj["wall_time"], mono_ns=obj["mono_ns"], boot_id=obj["boot_id"],
                   branch=obj["branch"], offline=obj["offline"],
                   payload=payload_from_wire(obj["type"], obj["payload"]))


#: the envelope's checks left to run on a message the JSON schema passed
_ENVELOPE_WIRE_CHECKS = tuple((name, check) for name, check in Transaction._CHECKS.items()
                              if check not in _SCHEMA_ALSO)


def from_wire(obj: Any, *, parsed: bool = False) -> Transaction:
    """:meth:`Transaction.from_wire` (for the centre: one call per arriving element)."""
    return Transaction.from_wire(obj, parsed=parsed)


def check_wire(obj: Any, *, parsed: bool = False) -> None:
    """:func:`from_wire`'s checks, in its order and with its answers, without building the
    typed message (the centre keeps working on the dict: one call per arriving element).

    :raises SchemaError: as :func:`from_wire` would, naming the same field.
    """
    schema.validate("transaction", obj)
    if not parsed and not _encodable(obj):
        Transaction._constructed(obj)  # the constructors name the field of a lone surrogate
        return
    data = obj["payload"]
    for name, label, check in _wire_plan(obj["type"])[2]:
        value = data.get(name)
        if value is not None:
            check(label, value)
    for name, check in _ENVELOPE_WIRE_CHECKS:
        check(name, obj[name])


def decode(data: bytes) -> Transaction:
    """Parse JSON bytes and build the transaction; raises :class:`SchemaError` only."""
    return Transaction.from_wire(schema.loads(data), parsed=True)
