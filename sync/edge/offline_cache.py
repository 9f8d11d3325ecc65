"""The offline cache: what a kiosk needs to decide alone while the centre is unreachable.

Centre side, :func:`build` reads the reference ILS and :func:`publish` sends four retained MQTT
messages under ``<prefix>/cache/`` (a kiosk that connects gets the latest at once):

* ``blocked`` — patrons who may not borrow, as HMAC-SHA256(salt, patron id), never clear ids;
  the salt changes with every publication;
* ``holds`` — items trapped for a hold (never lend them to someone else);
* ``rules`` — loan limit per patron type, loan days and renewals per patron × item type;
* ``calendar`` — closed days per branch, so an offline due date does not fall on one.

Edge side, :class:`OfflineCache` stores each part in SQLite with the time it was generated and
answers "may I lend offline?" (:meth:`OfflineCache.may_lend`) and "how stale am I?"
(:meth:`OfflineCache.age_s`); past ``max_age_s`` it refuses. Caveat: a salted hash of a short
card number can be brute-forced by whoever holds the salt; it keeps ids out of plain sight on
the kiosk's disk and logs, which is what invariant 5 asks.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
import secrets
import sqlite3
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sync import schema, topics

PARTS = ("blocked", "holds", "rules", "calendar")


def patron_hash(salt: str, patron_id: str) -> str:
    return hmac.new(bytes.fromhex(salt), patron_id.encode(), hashlib.sha256).hexdigest()[:32]


def build(ils: Any, *, today: dt.date | None = None,
          closed: dict[str, Iterable[str]] | None = None,
          weekly_closed: Iterable[int] = (0,)) -> dict[str, dict[str, Any]]:
    """The four cache parts from a reference ILS (``ils.db``).

    :param closed: extra closed dates (ISO) per branch code; ``weekly_closed`` are weekdays
        (0 = Monday, the usual closing day of Taipei's branches) closed everywhere.
    """
    today = today or dt.date.today()
    q = ils.db.conn.execute
    salt = secrets.token_hex(16)
    generated = schema.format_time(schema.utc_now())
    blocked = []
    for pid, expires, blocked_by, limit, owed in q(
            "SELECT p.id, p.expires, p.blocked, t.fee_limit_cents, coalesce((SELECT"
            " sum(amount_cents - paid_cents) FROM fees f WHERE f.patron_id = p.id), 0)"
            " FROM patrons p JOIN patron_types t ON t.code = p.type"):
        if blocked_by or expires < today.isoformat() or owed > limit:
            blocked.append(patron_hash(salt, pid))
    holds = [r[0] for r in q("SELECT DISTINCT item_id FROM holds"
                             " WHERE status IN ('ready', 'in_transit')")]
    rules = {"loan_limit": dict(q("SELECT code, loan_limit FROM patron_types").fetchall()),
             "loans": [{"patron_type": p, "item_type": i, "loan_days": d, "renewals": r}
                       for p, i, d, r in q("SELECT patron_type, item_type, loan_days, renewals"
                                           " FROM loan_rules")],
             "circulates": dict(q("SELECT code, circulates FROM item_types").fetchall())}
    branches = [r[0] for r in q("SELECT code FROM branches")]
    calendar = {"weekly_closed": sorted(set(weekly_closed)),
                "closed": {b: sorted((closed or {}).get(b, ())) for b in branches}}
    base = {"v": 1, "generated": generated}
    return {"blocked": {**base, "salt": salt, "hashes": sorted(blocked)},
            "holds": {**base, "items": sorted(holds)},
            "rules": {**base, **rules}, "calendar": {**base, **calendar}}


def publish(client: Any, parts: dict[str, dict[str, Any]], *,
            prefix: str = topics.PREFIX) -> list[Any]:
    """Publish each part retained, QoS 1 (``client`` is a connected paho client)."""
    return [client.publish(f"{prefix}/cache/{name}", schema.encode(body), qos=1, retain=True)
            for name, body in parts.items()]


@dataclass(frozen=True, kw_only=True)
class Decision:
    allowed: bool
    reason: str | None  # "stale_cache", "patron_blocked", "hold_for_other", "loan_limit", …
    age_s: float | None
    due_date: dt.date | None = None


class OfflineCache:
    """The edge's copy of the cache (one SQLite file).

    :param max_age_s: refuse offline lending when the oldest part is older than this.
    """

    def __init__(self, path: str | os.PathLike[str], *, max_age_s: float = 3 * 86400) -> None:
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.conn = sqlite3.connect(str(path), check_same_thread=False)
        self.conn.execute("CREATE TABLE IF NOT EXISTS cache (part TEXT PRIMARY KEY,"
                          " generated TEXT NOT NULL, received REAL NOT NULL, body TEXT NOT NULL)")
        self.max_age_s = max_age_s

    def close(self) -> None:
        """Close the SQLite file (the station shuts down; the owner closes what it opened)."""
        self.conn.close()

    def store(self, part: str, body: bytes | dict[str, Any], *, received: float | None = None
              ) -> None:
        """Keep one part (the bytes of a retained message, or its decoded body)."""
        if part not in PARTS:
            raise ValueError(f"unknown cache part {part!r}")
        data = json.loads(body) if isinstance(body, bytes | bytearray) else body
        schema.parse_time(data["generated"])  # a part without a valid time is no use
        with self.conn:
            self.conn.execute("INSERT OR REPLACE INTO cache VALUES (?, ?, ?, ?)",
                              (part, data["generated"], received or time.time(),
                               json.dumps(data, ensure_ascii=False)))

    def on_message(self, client: Any, userdata: Any, msg: Any) -> None:
        """A paho ``on_message`` for ``<prefix>/cache/#``."""
        self.store(msg.topic.rsplit("/", 1)[-1], msg.payload)

    def part(self, name: str) -> dict[str, Any] | None:
        """The stored body of one part (``blocked``, ``holds``, ``rules``, ``calendar``), or
        None when it never arrived."""
        if name not in PARTS:
            raise ValueError(f"unknown cache part {name!r}")
        row = self.conn.execute("SELECT body FROM cache WHERE part=?", (name,)).fetchone()
        return json.loads(row[0]) if row else None

    def age_s(self, now: dt.datetime | None = None) -> float | None:
        """Age of the oldest part (None when a part is missing: never lend then)."""
        rows = dict(self.conn.execute("SELECT part, generated FROM cache").fetchall())
        if set(rows) != set(PARTS):
            return None
        now = now or schema.utc_now()
        return max((now - schema.parse_time(g)).total_seconds() for g in rows.values())

    def status(self, now: dt.datetime | None = None) -> dict[str, Any]:
        age = self.age_s(now)
        return {"age_s": age, "max_age_s": self.max_age_s,
                "usable": age is not None and age <= self.max_age_s}

    def due_date(self, branch: str, start: dt.date, days: int) -> dt.date:
        cal = self.part("calendar") or {}
        due = start + dt.timedelta(days)
        closed = set(cal.get("closed", {}).get(branch, ()))
        for _ in range(60):  # roll forward past closed days
            if due.weekday() not in cal.get("weekly_closed", ()) and due.isoformat() not in closed:
                break
            due += dt.timedelta(1)
        return due

    def may_lend(self, *, patron_id: str, patron_type: str, item_id: str, item_type: str,
                 loans_now: int, branch: str, now: dt.datetime | None = None) -> Decision:
        """May this kiosk lend ``item_id`` to ``patron_id`` without the centre?"""
        now = now or schema.utc_now()
        age = self.age_s(now)
        if age is None or age > self.max_age_s:
            return Decision(allowed=False, reason="stale_cache", age_s=age)
        blocked, holds, rules = self.part("blocked"), self.part("holds"), self.part("rules")
        if patron_hash(blocked["salt"], patron_id) in blocked["hashes"]:
            return Decision(allowed=False, reason="patron_blocked", age_s=age)
        if item_id in holds["items"]:
            return Decision(allowed=False, reason="hold_for_other", age_s=age)
        if not rules["circulates"].get(item_type, 1):
            return Decision(allowed=False, reason="item_non_circulating", age_s=age)
        if loans_now >= rules["loan_limit"].get(patron_type, 0):
            return Decision(allowed=False, reason="loan_limit", age_s=age)
        days = next((r["loan_days"] for r in rules["loans"] if r["patron_type"] == patron_type
                     and r["item_type"] == item_type), 14)
        return Decision(allowed=True, reason=None, age_s=age,
                        due_date=self.due_date(branch, now.date(), days))
