"""The durable outbox: every transaction is on disk before the patron sees "done".

One SQLite file (WAL, ``synchronous=FULL``: a commit survives power loss) holds one row per
transaction. The row keeps the exact bytes that are published, so a resend is identical to the
first send and the centre can de-duplicate it by ``txn_id``.

Row states (rule 1: only the centre's application-level reply ends a row; PUBACK never does)::

    PENDING --publish--> SENT --reply "applied"--> APPLIED --retention--> (purged)
                          |  \\--reply "rejected"--> REJECTED (kept for staff)
                          \\--timeout / reply "retry" / restart--> resent (stays SENT)

Rule 2: patron identifiers are stripped from a row the moment it is APPLIED (invariant 5), and
from the files too: ``secure_delete`` zeroes what a stripped row leaves behind in its page, and a
``wal_checkpoint(TRUNCATE)`` after the commit empties the WAL that still holds the old page.
Sequence numbers come from a counter, not ``max(seq)``, so a purge never makes one reused.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import json
import logging
import os
import random
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from sync import schema
from sync.errors import OutboxError
from sync.ids import new_txn_id
from sync.messages import Payload, Transaction, payload_from_wire

log = logging.getLogger(__name__)


class State(enum.Enum):
    PENDING = "pending"
    SENT = "sent"
    APPLIED = "applied"
    REJECTED = "rejected"


#: the transitions a row may take, and what triggers them
TRANSITIONS: dict[State, dict[str, State]] = {
    State.PENDING: {"publish": State.SENT},
    State.SENT: {"publish": State.SENT, "applied": State.APPLIED, "rejected": State.REJECTED},
    State.APPLIED: {},
    State.REJECTED: {},
}

migrations = Migrations("outbox")


@migrations()
def m001_outbox(db: Database) -> None:
    db["outbox"].create({
        "txn_id": str, "device_id": str, "seq": int, "type": str, "wall_time": str,
        "mono_ns": int, "boot_id": str, "offline": int, "message": str, "state": str,
        "attempts": int, "last_error": str, "created_at": float, "sent_at": float,
        "replied_at": float, "reply": str,
    }, pk="txn_id", not_null={"device_id", "seq", "type", "message", "state"},
        defaults={"attempts": 0, "state": State.PENDING.value})
    db["outbox"].create_index(["seq"], unique=True)
    db["outbox"].create_index(["state", "seq"])
    db["meta"].create({"key": str, "value": str}, pk="key")


def boot_id() -> str:
    """Identifies the boot a monotonic reading belongs to (readings of two boots don't compare)."""
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text().strip()
    except OSError:
        return "unknown"


@dataclass(frozen=True, kw_only=True)
class Row:
    txn_id: str
    seq: int
    type: str
    state: State
    attempts: int
    message: bytes  # exactly what is published
    last_error: str | None = None
    reply: dict[str, Any] | None = None


@dataclass(frozen=True, kw_only=True)
class Reply:
    """A centre's answer to one transaction, as the uplink hands it to :meth:`Outbox.record`."""

    txn_id: str
    status: str  # applied | rejected | retry
    body: bytes


class Outbox:
    """The outbox of one device. Safe to share between threads; several processes may open the
    same file (WAL; writers are serialised by ``BEGIN IMMEDIATE``).

    :param path: the SQLite file (created with its directory).
    :param device_id: this device's id, written into every message.
    :param branch: the branch the device stands in.
    """

    def __init__(self, path: str | os.PathLike[str], *, device_id: str, branch: str,
                 durable: bool = True) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.device_id = device_id
        self.branch = branch
        self.boot_id = boot_id()
        self.durable = durable
        conn = sqlite3.connect(str(self.path), check_same_thread=False, timeout=30)
        self.db = Database(conn)
        self.db.execute("PRAGMA busy_timeout=30000")
        self.db.execute("PRAGMA secure_delete=ON")  # stripped patron ids do not linger in pages
        self._lock = threading.RLock()
        with self._lock:
            try:
                _set_up(self.db)
            except sqlite3.Error as exc:
                conn.close()
                raise OutboxError(f"cannot open the outbox {self.path}: {exc}") from exc
        self.db.execute(f"PRAGMA synchronous={'FULL' if durable else 'NORMAL'}")

    def close(self) -> None:
        with self._lock:
            self.db.close()

    @contextlib.contextmanager
    def _bookkeeping(self) -> Iterator[sqlite3.Connection]:
        """A commit that need not reach the disk before we go on: states, attempts, replies and
        meta. Losing one to a power cut only makes the uplink resend a transaction, which the
        centre answers from its ledger; the next FULL commit (an enqueue) flushes it anyway.
        Enqueues stay ``synchronous=FULL``."""
        with self._lock:
            conn = self.db.conn
            if self.durable:
                conn.execute("PRAGMA synchronous=NORMAL")
            try:
                with self.db.atomic():
                    yield conn
            finally:
                if self.durable:
                    conn.execute("PRAGMA synchronous=FULL")

    def __enter__(self) -> Outbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- the kiosk side ------------------------------------------------------------------
    def enqueue(self, message: Payload | str, payload: Mapping[str, Any] | None = None, *,
                offline: bool = False, branch: str | None = None,
                wall_time: dt.datetime | None = None) -> Row:
        """Check and durably commit one transaction; return when it is on disk.

        ``message`` is a typed payload (:mod:`sync.messages`, e.g. ``Checkin(item_id=…)``); the
        older form ``enqueue(type, payload_dict)`` builds the typed payload from the dict first.

        :raises SchemaError: naming the field, if the transaction is illegal (nothing is stored).
        :raises OutboxError: if the disk refused it.
        """
        typed = _typed(message, payload)
        row = self._store([typed], offline=offline, branch=branch, wall_time=wall_time)[0]
        log.debug("enqueued %s seq=%d %s", row.txn_id, row.seq, typed.TYPE)
        return row

    def enqueue_many(self, items: Iterable[Payload | tuple[str, Mapping[str, Any]]], *,
                     offline: bool = False) -> int:
        """Commit many transactions at once (a handheld's inventory pass, a benchmark backlog):
        all or none. Each item is a typed payload or a ``(type, payload_dict)`` pair. Returns
        how many were stored."""
        typed = [item if isinstance(item, Payload) else _typed(*item) for item in items]
        return len(self._store(typed, offline=offline))

    def _store(self, items: Sequence[Payload], *, offline: bool,
               branch: str | None = None, wall_time: dt.datetime | None = None) -> list[Row]:
        """Number, check and commit typed transactions in one ``FULL`` commit (all or none); the
        one place a message is built, for one transaction or a backlog."""
        if wall_time is not None and wall_time.tzinfo is None:
            wall_time = wall_time.astimezone()  # a naive time is the local clock's reading
        conn = self.db.conn
        rows: list[Row] = []
        params = []
        with self._lock:
            try:
                conn.execute("BEGIN IMMEDIATE")
                try:
                    cur = conn.execute("SELECT value FROM meta WHERE key='seq'").fetchone()
                    seq = int(cur[0]) if cur else 0
                    for payload in items:
                        seq += 1
                        txn = Transaction(
                            txn_id=new_txn_id(), device_id=self.device_id, seq=seq,
                            wall_time=wall_time or schema.utc_now(),
                            mono_ns=time.monotonic_ns(), boot_id=self.boot_id,
                            branch=branch or self.branch, offline=offline, payload=payload)
                        message = txn.to_wire()
                        schema.validate("transaction", message)  # the wire contract, too
                        body = schema.encode(message)
                        params.append((txn.txn_id, self.device_id, seq, txn.type,
                                       message["wall_time"], txn.mono_ns, self.boot_id,
                                       int(offline), body.decode(), time.time()))
                        rows.append(Row(txn_id=txn.txn_id, seq=seq, type=txn.type,
                                        state=State.PENDING, attempts=0, message=body))
                    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('seq', ?)",
                                 (str(seq),))
                    conn.executemany(
                        "INSERT INTO outbox (txn_id, device_id, seq, type, wall_time, mono_ns,"
                        " boot_id, offline, message, state, attempts, created_at)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?)", params)
                    conn.execute("COMMIT")
                except BaseException:
                    conn.execute("ROLLBACK")
                    raise
            except sqlite3.Error as exc:
                raise OutboxError(f"cannot store transactions: {exc}") from exc
        return rows

    # --- the uplink side -----------------------------------------------------------------
    def unanswered(self, *, after_seq: int = 0, limit: int = 1000) -> list[Row]:
        """Rows still waiting for the centre (PENDING or SENT), in sequence order."""
        with self._lock:
            rows = self.db.conn.execute(
                "SELECT txn_id, seq, type, state, attempts, message, last_error FROM outbox"
                " WHERE state IN ('pending', 'sent') AND seq > ? ORDER BY seq LIMIT ?",
                (after_seq, limit)).fetchall()
        return [Row(txn_id=r[0], seq=r[1], type=r[2], state=State(r[3]), attempts=r[4],
                    message=r[5].encode(), last_error=r[6]) for r in rows]

    def mark_sent(self, txn_ids: Iterable[str], *, when: float | None = None) -> None:
        """PENDING/SENT → SENT and one more attempt, for a batch (one commit)."""
        when = time.time() if when is None else when
        with self._bookkeeping() as conn:
            conn.executemany(
                "UPDATE outbox SET state='sent', attempts=attempts+1, sent_at=?"
                " WHERE txn_id=? AND state IN ('pending', 'sent')",
                [(when, t) for t in txn_ids])

    def record(self, replies: Sequence[Reply], *, when: float | None = None) -> int:
        """Apply a batch of the centre's replies in one commit; return rows that changed.

        "applied" ends the row and strips patron identifiers from it and its reply at once;
        "rejected" ends it with the reason in ``last_error``; "retry" notes the error only.
        Replies for rows already ended (duplicates) change nothing.
        """
        when = time.time() if when is None else when
        strip = ", ".join(f"'$.payload.{f}'" for f in schema.PATRON_FIELDS)
        strip_reply = ", ".join(f"'$.result.{f}'" for f in schema.PATRON_FIELDS)
        applied, rejected, retry = [], [], []
        for r in replies:
            if r.status == "applied":
                applied.append((when, r.body.decode(), r.txn_id))
            elif r.status == "rejected":
                rejected.append((when, r.body.decode(), _reason(r.body), r.txn_id))
            else:
                retry.append((_reason(r.body), r.txn_id))
        with self._bookkeeping() as c:
            before = c.total_changes
            c.executemany(
                f"UPDATE outbox SET state='applied', replied_at=?,"
                f" reply=json_remove(?, {strip_reply}), message=json_remove(message, {strip})"
                f" WHERE txn_id=? AND state IN ('pending', 'sent')", applied)
            c.executemany(
                "UPDATE outbox SET state='rejected', replied_at=?, reply=?, last_error=?"
                " WHERE txn_id=? AND state IN ('pending', 'sent')", rejected)
            c.executemany("UPDATE outbox SET last_error=? WHERE txn_id=?"
                          " AND state IN ('pending', 'sent')", retry)
            changed = c.total_changes - before
        if applied and changed:
            self._checkpoint()
        return changed

    def _checkpoint(self) -> None:
        """Copy the WAL into the database and truncate it, so the page images that still hold
        stripped patron ids leave the disk. A reader in another process may hold the WAL for a
        moment; then the next stripping commit truncates it."""
        with self._lock:
            try:
                busy = self.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
            except sqlite3.OperationalError as exc:
                log.debug("WAL checkpoint deferred: %s", exc)
                return
            if busy:
                log.debug("WAL checkpoint deferred: a reader holds the WAL")

    def purge(self, retention_s: float, *, now: float | None = None) -> int:
        """Delete APPLIED rows answered more than ``retention_s`` ago (REJECTED rows stay)."""
        now = time.time() if now is None else now
        with self._lock, self.db.atomic():
            cur = self.db.conn.execute(
                "DELETE FROM outbox WHERE state='applied' AND replied_at < ?",
                (now - retention_s,))
            return cur.rowcount

    # --- state for `sync status` ---------------------------------------------------------
    def get(self, txn_id: str) -> Row | None:
        with self._lock:
            r = self.db.conn.execute(
                "SELECT txn_id, seq, type, state, attempts, message, last_error, reply"
                " FROM outbox WHERE txn_id=?", (txn_id,)).fetchone()
        if r is None:
            return None
        return Row(txn_id=r[0], seq=r[1], type=r[2], state=State(r[3]), attempts=r[4],
                   message=r[5].encode(), last_error=r[6], reply=json.loads(r[7]) if r[7] else None)

    def depth(self) -> int:
        """How many rows still wait for the centre (cheap: an index range, shrinking as it drains)."""
        with self._lock:
            return self.db.conn.execute(
                "SELECT count(*) FROM outbox WHERE state IN ('pending', 'sent')").fetchone()[0]

    def counts(self) -> dict[str, int]:
        with self._lock:
            rows = self.db.conn.execute(
                "SELECT state, count(*) FROM outbox GROUP BY state").fetchall()
        out = {s.value: 0 for s in State}
        out.update(dict(rows))
        return out

    def set_meta(self, **values: Any) -> None:
        with self._bookkeeping() as conn:
            conn.executemany(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                [(k, json.dumps(v)) for k, v in values.items()])

    def meta(self, key: str, default: Any = None) -> Any:
        with self._lock:
            r = self.db.conn.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return json.loads(r[0]) if r else default

    def status(self, *, now: float | None = None) -> dict[str, Any]:
        """Queue depth, age of the oldest unanswered row, last contact and clock offset."""
        now = time.time() if now is None else now
        with self._lock:
            depth, oldest = self.db.conn.execute(
                "SELECT count(*), min(created_at) FROM outbox"
                " WHERE state IN ('pending', 'sent')").fetchone()
        counts = self.counts()
        last_contact = self.meta("last_contact")
        return {
            "device_id": self.device_id,
            "queue_depth": depth,
            "oldest_pending_age_s": round(now - oldest, 3) if oldest else None,
            "last_contact": (schema.format_time(dt.datetime.fromtimestamp(last_contact, dt.UTC))
                             if last_contact else None),
            "last_contact_age_s": round(now - last_contact, 3) if last_contact else None,
            "clock_offset_s": self.meta("clock_offset_s"),
            "applied": counts["applied"],
            "rejected": counts["rejected"],
        }


def _set_up(db: Database, *, timeout_s: float = 30.0) -> None:
    """WAL mode and the migrations, safe when several processes open a new file at once: the
    migrations run under ``BEGIN IMMEDIATE`` (one process at a time; the others find them done),
    and the switch to WAL, which the busy timeout does not cover, is retried."""
    conn = db.conn
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            db.enable_wal()
            conn.execute("BEGIN IMMEDIATE")
            try:
                migrations.apply(db)
                if conn.in_transaction:
                    conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            return
        except sqlite3.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(random.uniform(0.005, 0.05))


def _typed(message: Payload | str, payload: Mapping[str, Any] | None) -> Payload:
    """A typed payload, from itself or from the ``(type, dict)`` form."""
    if isinstance(message, Payload):
        if payload is not None:
            raise TypeError("a typed message carries its payload: pass no dict with it")
        return message
    return payload_from_wire(message, payload)


def _reason(body: bytes) -> str | None:
    try:
        return json.loads(body).get("reason")
    except (ValueError, AttributeError):
        return None
