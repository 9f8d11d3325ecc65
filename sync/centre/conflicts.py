"""Conflict records for staff: offline transactions the ILS would have refused online.

A kiosk lending offline cannot ask the ILS, so the centre applies what physically happened
(no-block) and writes one record per transaction that broke a rule — what happened, where, when,
and what the centre did — never dropping it silently (invariant 3). Records are kept in the
ILS's database, in the same commit as the change, so a rebase (:mod:`sync.centre.ordering`) that changes
an outcome also withdraws or adds the record. Staff list them (table or CSV) and mark them
resolved. Patron identifiers are shown masked.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sync import schema
from sync.db import Connection, open_db
from sync.errors import SyncError
from sync.ils.base import Outcome, Result

#: the rule codes a conflict may name, in words for staff
RULES = {
    "patron_blocked": "patron blocked",
    "patron_expired": "patron card expired",
    "patron_fees": "patron owes too much",
    "loan_limit": "over the loan limit",
    "hold_for_other": "item on hold for another patron",
    "on_loan_to_other": "item on loan to another patron",
    "item_lost": "item recorded lost",
    "item_withdrawn": "item withdrawn",
    "item_non_circulating": "item does not circulate",
    "renewal_limit": "no renewals left",
    "no_hold": "no hold for this patron",
    "not_on_loan": "item not on loan to this patron",
    "unknown_patron": "patron unknown",
    "unknown_item": "item unknown",
    "late_arrival": "arrived after newer transactions (no rebase: SIP2, or beyond the undo horizon)",
}

COLUMNS = ("id", "txn_id", "status", "event_time", "branch", "device_id", "type", "item_id",
           "patron", "rule", "what_happened", "centre_action", "detected_at", "resolved_at",
           "resolved_by", "note")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS conflicts (id INTEGER PRIMARY KEY, txn_id TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL DEFAULT 'open', event_time TEXT NOT NULL, branch TEXT,
    device_id TEXT, type TEXT NOT NULL, item_id TEXT, patron TEXT, rule TEXT NOT NULL,
    what_happened TEXT NOT NULL, centre_action TEXT NOT NULL, detected_at TEXT NOT NULL,
    resolved_at TEXT, resolved_by TEXT, note TEXT);
CREATE INDEX IF NOT EXISTS conflicts_status ON conflicts(status, event_time);
"""


class ConflictError(SyncError, LookupError):
    """No such conflict, or it cannot be changed as asked."""


@dataclass(frozen=True, kw_only=True)
class Conflict:
    """One record, as staff see it."""

    id: int
    txn_id: str
    status: str  # "open" or "resolved"
    event_time: str
    branch: str | None
    device_id: str | None
    type: str
    item_id: str | None
    patron: str | None  # masked
    rule: str
    what_happened: str
    centre_action: str
    detected_at: str
    resolved_at: str | None = None
    resolved_by: str | None = None
    note: str | None = None

    def __post_init__(self) -> None:
        if self.status not in ("open", "resolved"):
            raise ValueError(f"bad status {self.status!r}")


def _describe(msg: dict[str, Any]) -> str:
    p = msg["payload"]
    who = schema.mask(p.get("patron_id"))
    item = p.get("item_id", "-")
    where = msg.get("branch") or "?"
    device = msg.get("device_id") or "?"
    mode = "offline" if msg.get("offline") else "online"
    verbs = {"checkout": f"lent item {item} to patron {who}",
             "hold_pickup": f"handed held item {item} to patron {who}",
             "renew": f"renewed item {item} for patron {who}",
             "checkin": f"took back item {item}",
             "fee_paid": f"took a payment of {p.get('amount')} from patron {who}"}
    return f"{device} at {where} {verbs.get(msg['type'], msg['type'])} ({mode})"


def _action(msg: dict[str, Any], result: Result | None, late: bool) -> str:
    if result is None:
        return "nothing to apply"
    data = schema.to_json(result)
    if result.outcome is Outcome.REFUSED:  # the ILS said no (a SIP2 ILS ignoring no-block)
        said = f" (ILS: {result.screen_message})" if result.screen_message else ""
        return f"not applied: {result.reason}{said}; needs a person"
    due = data.get("due_date")
    what = {"checkout": "loan recorded", "hold_pickup": "loan recorded, hold filled",
            "renew": "renewal recorded", "checkin": "return recorded",
            "fee_paid": "payment recorded"}.get(msg["type"], "applied")
    if result.reason == "on_loan_to_other":
        what = "previous loan closed at this time and " + what
    text = f"{what} (no-block)" + (f", due {due}" if due else "")
    if late:
        text += "; applied after newer transactions"
    return text


class ConflictStore:
    """The conflict records of one centre.

    :param db: a path or PostgreSQL connection string, or the connection of the reference ILS
        (so records change in the same commit as the loans).
    """

    def __init__(self, db: str | os.PathLike[str] | Connection) -> None:
        self.db: Connection = (open_db(db) if isinstance(db, str | os.PathLike) else db)
        self.db.executescript(_SCHEMA)

    def note(self, msg: dict[str, Any], result: Result | None, *, late: bool = False) -> None:
        """Record (or withdraw) the conflict of one applied transaction message."""
        self.note_many([(msg, result, late)])

    def note_many(self, notes: Iterable[tuple[dict[str, Any], Result | None, bool]]) -> None:
        """:meth:`note` for several ``(message, result, late)`` of distinct transactions (two
        statements for a whole batch)."""
        clear: list[tuple[str]] = []
        rows: list[tuple] = []
        detected = None
        for msg, result, late in notes:
            rule = None
            if result is not None and result.outcome in (Outcome.CONFLICT, Outcome.REFUSED):
                rule = result.reason or "unknown"
            elif late:
                rule = "late_arrival"
            if rule is None:  # a rebase may clear an earlier conflict; resolved ones stay
                clear.append((msg["txn_id"],))
                continue
            p = msg["payload"]
            detected = detected or schema.format_time(schema.utc_now())
            rows.append((msg["txn_id"], msg["wall_time"], msg.get("branch"),
                         msg.get("device_id") or None, msg["type"], p.get("item_id"),
                         schema.mask(p.get("patron_id")) if p.get("patron_id") else None, rule,
                         _describe(msg), _action(msg, result, late), detected))
        if clear:
            self.db.executemany("DELETE FROM conflicts WHERE txn_id=? AND status='open'",
                                     clear)
        if rows:
            self.db.executemany(
                "INSERT INTO conflicts (txn_id, event_time, branch, device_id, type, item_id,"
                " patron, rule, what_happened, centre_action, detected_at)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(txn_id) DO UPDATE SET"
                " rule=excluded.rule, what_happened=excluded.what_happened,"
                " centre_action=excluded.centre_action, event_time=excluded.event_time", rows)

    def list(self, *, status: str | None = "open", branch: str | None = None) -> list[Conflict]:
        return self._select(status=status or None, branch=branch or None)

    def get(self, conflict_id: int) -> Conflict:
        rows = self._select(id=conflict_id)
        if not rows:
            raise ConflictError(f"no conflict {conflict_id}")
        return rows[0]

    def resolve(self, conflict_id: int, *, by: str = "staff", note: str | None = None) -> Conflict:
        """Mark one record resolved (idempotent for an already resolved one)."""
        with self.db.atomic():
            cur = self.db.execute(
                "UPDATE conflicts SET status='resolved', resolved_at=coalesce(resolved_at, ?),"
                " resolved_by=coalesce(resolved_by, ?), note=coalesce(?, note) WHERE id=?",
                (schema.format_time(schema.utc_now()), by, note, conflict_id))
        if cur.rowcount == 0:
            raise ConflictError(f"no conflict {conflict_id}")
        return self.get(conflict_id)

    def _select(self, **where: object) -> list[Conflict]:
        """Records whose columns equal every filter given (None: any), oldest event first; one
        query, so :meth:`get` reads one row, not the whole table."""
        given = {k: v for k, v in where.items() if v is not None}
        sql = "SELECT * FROM conflicts"
        if given:
            sql += " WHERE " + " AND ".join(f"{k}=?" for k in given)
        return [Conflict(**r) for r in self.db.all(sql + " ORDER BY event_time, id",
                                                    list(given.values()))]

    def txn_rules(self, *, status: str | None = None) -> dict[str, str]:
        """``{txn_id: rule}`` of every record (what tests and the bench compare)."""
        return {c.txn_id: c.rule for c in self.list(status=status)}


def to_csv(conflicts: Iterable[Conflict]) -> str:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(COLUMNS)
    for c in conflicts:
        w.writerow([getattr(c, k) if getattr(c, k) is not None else "" for k in COLUMNS])
    return out.getvalue()


def to_table(conflicts: Iterable[Conflict]) -> str:
    """A fixed-width table for a terminal (CJK-safe enough: ids and codes are ASCII)."""
    cols = ("id", "status", "event_time", "branch", "device_id", "type", "item_id", "patron",
            "rule", "centre_action")
    rows = [[str(getattr(c, k) or "") for k in cols] for c in conflicts]
    widths = [max([len(k)] + [len(r[i]) for r in rows]) for i, k in enumerate(cols)]
    lines = ["  ".join(k.ljust(w) for k, w in zip(cols, widths, strict=True))]
    lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)) for r in rows]
    return "\n".join(lines)


def age(conflict: Conflict, now: dt.datetime | None = None) -> dt.timedelta:
    now = now or schema.utc_now()
    return now - schema.parse_time(conflict.event_time)
