"""A centre on PostgreSQL for the fleet benches and tests: seeding it, offline backlogs in the
devices' outboxes, and what the end state is checked against.

Every check reads the server with plain SQL (psycopg), not through the centre's own code, so a
fault in that code cannot hide itself: the ledger (``processed``), the loans, the event-time
journal and the devices' outboxes are compared with what was enqueued, and the ILS with the
in-order oracle — every transaction applied once, in event-time order, by
:func:`sync.centre.apply.apply_transaction` on a copy of the seeded database (``CREATE DATABASE …
TEMPLATE``), as ``bench offline`` does on SQLite.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import sqlite3
import time
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

#: the ILS rows that must not depend on the order transactions arrived in (row ids left out)
STATE_QUERIES = {
    "items": "SELECT id, status, current_branch FROM items ORDER BY id",
    "loans": "SELECT item_id, patron_id, branch, issued, due, renewals, returned, return_branch,"
             " txn_id FROM loans ORDER BY issued, item_id, txn_id",
    "holds": "SELECT patron_id, item_id, status, ready_since, expires FROM holds"
             " ORDER BY patron_id, item_id, status",
    "fees": "SELECT patron_id, amount_cents, paid_cents, reason, item_id, created FROM fees"
            " ORDER BY created, item_id, patron_id, amount_cents",
}


def seed_database(dsn: str, data: Any, *, pin_cost: int = 2**4) -> None:
    """The demo data into an empty database, as ``rfid-edge central seed`` does."""
    from sync.ils import seed
    from sync.ils.reference import ReferenceILS

    with ReferenceILS(dsn) as ils:
        seed.seed(ils, data, pin_cost=pin_cost)


def clone_database(server: Any, template: str, name: str) -> str:
    """A copy of database ``template`` (nobody may be connected to it) on ``server``."""
    with psycopg.connect(server.dsn(), autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
            sql.Identifier(name), sql.Identifier(template)))
    return server.dsn(name)


def snapshot(dsn: str) -> dict[str, list[tuple[Any, ...]]]:
    """The ILS state compared with the oracle's."""
    with psycopg.connect(dsn, autocommit=True) as conn:
        return {k: conn.execute(q).fetchall() for k, q in STATE_QUERIES.items()}


def conflicts(dsn: str) -> dict[str, str]:
    """``{txn_id: rule}`` of the centre's conflict records."""
    with psycopg.connect(dsn, autocommit=True) as conn:
        if not _has_table(conn, "conflicts"):
            return {}
        return dict(conn.execute("SELECT txn_id, rule FROM conflicts").fetchall())


def oracle(server: Any, template: str, messages: Iterable[dict[str, Any]],
           name: str = "oracle") -> tuple[dict[str, list[tuple[Any, ...]]], dict[str, str]]:
    """State and conflicts of applying every transaction once, in event-time order, to a copy of
    the seeded database ``template``."""
    from sync.centre.apply import apply_transaction
    from sync.centre.skew import order_key
    from sync.ils.reference import ReferenceILS

    dsn = clone_database(server, template, name)
    expected: dict[str, str] = {}
    with ReferenceILS(dsn) as ils, ils.batch():
        for msg in sorted(messages, key=order_key):
            result = apply_transaction(ils, msg)
            if result is not None and result.outcome.value in ("conflict", "refused"):
                expected[msg["txn_id"]] = result.reason or ""
    return snapshot(dsn), expected


def ledger_check(dsn: str, enqueued: set[str],
                 answered: dict[str, str] | None = None) -> dict[str, Any]:
    """Lost and duplicated, from the centre's side.

    ``lost``: enqueued but not in the ledger; ``duplicated``: a txn id on two loans, ledger or
    journal rows of transactions never enqueued; ``answered_missing``: a device holds the
    centre's answer but the ledger has no row of it (a commit acknowledged, then lost);
    ``answer_mismatch``: the device's applied/rejected differs from the ledger's.
    """
    with psycopg.connect(dsn, autocommit=True) as conn:
        q = conn.execute
        processed: dict[str, str] = dict(q("SELECT txn_id, status FROM processed").fetchall()) \
            if _has_table(conn, "processed") else {}
        twice = q("SELECT count(*) FROM (SELECT txn_id FROM loans WHERE txn_id IS NOT NULL"
                  " GROUP BY txn_id HAVING count(*) > 1) AS t").fetchone()
        journal: list[str] = []
        unapplied = 0
        if _has_table(conn, "seq_journal"):
            journal = [t for (t,) in q("SELECT txn_id FROM seq_journal").fetchall()]
            row = q("SELECT count(*) FROM seq_journal WHERE applied = 0").fetchone()
            unapplied = row[0] if row else 0
    statuses = Counter(processed[t] for t in enqueued if t in processed)
    answered = answered or {}
    return {
        "applied": statuses.get("applied", 0), "rejected": statuses.get("rejected", 0),
        "lost": len(enqueued - processed.keys()),
        "duplicated": (twice[0] if twice else 0) + len(processed.keys() - enqueued)
        + len(set(journal) - enqueued),
        "journal_unapplied": unapplied,
        "answered_missing": len(answered.keys() - processed.keys()),
        "answer_mismatch": sum(1 for t, s in answered.items()
                               if t in processed and processed[t] != s),
    }


def arrival_inversions(dsn: str) -> int:
    """How many ledger rows arrived after one with a later event time (0: the backlog came in
    event-time order, and nothing was rebased)."""
    with psycopg.connect(dsn, autocommit=True) as conn:
        times = [t for (t,) in conn.execute(
            "SELECT wall_time FROM processed ORDER BY received_at, txn_id").fetchall()]
    newest, late = "", 0
    for t in times:
        late += t < newest
        newest = max(newest, t)
    return late


def processed_count(dsn: str, *, timeout: float = 2) -> int | None:
    """Rows in the ledger now (None: the server does not answer, or no ledger yet)."""
    try:
        with psycopg.connect(dsn, autocommit=True, connect_timeout=max(1, int(timeout))) as conn:
            if not _has_table(conn, "processed"):
                return None
            row = conn.execute("SELECT count(*) FROM processed").fetchone()
    except psycopg.Error:
        return None
    return row[0] if row else None


def _has_table(conn: psycopg.Connection[Any], name: str) -> bool:
    row = conn.execute("SELECT to_regclass(%s) IS NOT NULL", (name,)).fetchone()
    return bool(row and row[0])


# --- the devices' side ------------------------------------------------------------------------

def fill_backlog(fleet: Any, messages: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Enqueue each generated offline transaction (:func:`rfid_edge.bench.offline.generate`) in
    its device's outbox, at its event time, as a kiosk lending offline did; return the messages
    as stored (their txn ids, sequence numbers and clocks are the outbox's own)."""
    from sync import schema
    from sync.edge.outbox import Outbox

    by_device: dict[str, list[dict[str, Any]]] = {}
    for msg in messages:
        by_device.setdefault(msg["device_id"], []).append(msg)
    stored: list[dict[str, Any]] = []
    for device, msgs in by_device.items():
        with Outbox(fleet.outbox_path(device), device_id=device, branch=msgs[0]["branch"],
                    durable=False) as ob:
            for msg in msgs:
                row = ob.enqueue(msg["type"], msg["payload"], offline=True, branch=msg["branch"],
                                 wall_time=schema.parse_time(msg["wall_time"]))
                stored.append(json.loads(row.message))
    return stored


def device_answers(fleet: Any, devices: Iterable[str]) -> dict[str, str]:
    """``{txn_id: "applied" | "rejected"}`` of every transaction whose reply reached its
    device (committed in its outbox)."""
    out: dict[str, str] = {}
    for device in devices:
        with contextlib.closing(_outbox(fleet, device)) as conn:
            out.update(conn.execute("SELECT txn_id, state FROM outbox"
                                    " WHERE state IN ('applied', 'rejected')").fetchall())
    return out


def depth(fleet: Any, devices: Iterable[str]) -> int:
    """Transactions still waiting for the centre, over every outbox."""
    total = 0
    for device in devices:
        with contextlib.closing(_outbox(fleet, device)) as conn:
            row = conn.execute(
                "SELECT count(*) FROM outbox WHERE state IN ('pending', 'sent')").fetchone()
            total += row[0] if row else 0
    return total


def _outbox(fleet: Any, device: str) -> sqlite3.Connection:
    path: Path = fleet.outbox_path(device)
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
    conn.execute("PRAGMA busy_timeout=30000")
    return conn


def drain(fleet: Any, devices: list[str], timeout: float, *,
          tick: Callable[[], object] | None = None, poll_s: float = 0.25) -> tuple[float, int]:
    """Wait until no outbox holds an unanswered row, reviving dead bridges and uplinks and
    calling ``tick`` between looks; return the seconds taken and what is still unanswered."""
    start = time.monotonic()
    while True:
        left = depth(fleet, devices)
        if left == 0 or time.monotonic() - start > timeout:
            return time.monotonic() - start, left
        fleet.revive()
        if tick is not None:
            tick()
        time.sleep(poll_s)


def backlog(data: Any, *, count: int, devices: int, seed: int) -> list[dict[str, Any]]:
    """A month of offline lending by ``devices`` kiosks (event times spread over 30 days)."""
    from rfid_edge.bench.offline import generate

    return generate(data, count=count, devices=devices, seed=seed)


def demo(items: int, patrons: int) -> Any:
    """The demo library the fleet lends from (quick PINs: none is checked)."""
    from sync.ils import reference, seed

    reference.pins.SCRYPT_N = 2**4
    return seed.demo_data(seed=2026, items=items, patrons=patrons, today=dt.date(2026, 4, 1))
