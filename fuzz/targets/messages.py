"""sync.messages on arriving bytes and on JSON-ish objects: a Transaction or SchemaError.

Input: one mode byte, then either the raw message bytes (``messages.decode``) or a valid
transaction whose fields are overwritten by values the rest of the input picks (extremes,
wrong types, impossible dates, random text), the way a faulty or hostile device could.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sync import messages
from sync.errors import SchemaError

ALLOWED = (SchemaError,)

PAYLOADS: dict[str, dict[str, Any]] = {
    "checkout": {"patron_id": "P0001", "item_id": "31001000000001"},
    "checkin": {"item_id": "31001000000001"},
    "renew": {"patron_id": "P0001", "item_id": "31001000000001", "due_date": "2026-04-01"},
    "fee_paid": {"patron_id": "P0001", "amount": "5.00"},
    "hold_pickup": {"patron_id": "P0001", "item_id": "31001000000001"},
}
VALUES: tuple[Any, ...] = (
    None, "", "0", "-1", "0.00", "5.001", "1e3", "NaN", 0, -1, 1, 2**63 - 1, 2**63, -(2**63) - 1,
    2**64, 1.5, float("inf"), float("nan"), True, False, [], {}, {"a": 1}, "x" * 300, "\x00", "😀",
    "\ud800", "2026-02-30", "2026-13-01T00:00:00Z", "2026-03-02T24:00:00Z",
    "2026-03-02T10:00:00+48:00", "0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00",
    "2026-03-02T10:00:00Z", "2026-03-02", "checkout", "batch",
)


def _template(kind: str) -> dict[str, Any]:
    return {"v": 1, "txn_id": "0f8fad5b-d9cb-469f-a165-70867728950e", "device_id": "kiosk-01",
            "seq": 1, "type": kind, "wall_time": "2026-03-02T10:00:00Z", "mono_ns": 1,
            "boot_id": "b", "branch": "TPML-MAIN", "offline": False, "payload": dict(PAYLOADS[kind])}


def mutate(data: bytes, template: Callable[[str], dict[str, Any]] = _template) -> dict[str, Any]:
    """A valid transaction (from ``template(kind)``), then one field changed per two input bytes."""
    kinds = sorted(PAYLOADS)
    msg = template(kinds[data[0] % len(kinds)] if data else "checkout")
    for i in range(1, len(data) - 1, 2):
        where, what = data[i], data[i + 1]
        target = msg["payload"] if where & 1 and isinstance(msg.get("payload"), dict) else msg
        keys = sorted(target) + ["extra"]
        key = keys[(where >> 1) % len(keys)]
        if what == 0xFF:
            target.pop(key, None)
        elif what >= len(VALUES):
            target[key] = data[i + 2:i + 2 + what % 24].decode("utf-8", "replace")
        else:
            target[key] = VALUES[what]
    return msg


def one_input(data: bytes) -> None:
    if not data:
        return
    txn = messages.decode(data[1:]) if data[0] & 1 else messages.from_wire(mutate(data[1:]))
    wire = txn.to_wire()  # what passed the check must round-trip
    assert messages.from_wire(wire) == txn
