"""Apply circulation transactions in event-time order, whatever order they arrive in.

Theory of operation
-------------------
Offline kiosks sync late, so the centre sees a return before the checkout it ends, or an old
checkout after a newer return on another kiosk. Like Evergreen's offline upload (commands sorted
by time, then processed), the centre keeps a *journal* of every circulation transaction with an
*order key* — its event time corrected for the device's clock skew, then device, boot, monotonic
reading and sequence number as tie-breakers — and keeps the ILS equal to "every journalled
transaction applied once, in key order":

* Rule 1: the applied transactions always form the key-sorted journal; so the ones to undo for a
  late arrival are a suffix of the application log.
* Rule 2 (rebase): a batch whose earliest key is older than the newest applied one rolls back that
  suffix, then applies the batch and the rolled-back transactions in key order through the ILS
  adapter — the adapter's own rules decide every outcome again, so a late checkout older than a
  later return does not resurrect the loan, and conflicts come and go as the order settles.
* Roll-back is exact: while the sequencer applies a transaction (``undo_ctx`` set), the reference
  ILS hands it the inverse SQL of every row change it makes (``undo_log``: the old values of the
  columns changed, or the DELETE of a row inserted), kept per transaction in ``seq_undo`` in the
  same database and the same commit. This needs an ILS on SQLite that we own — the reference ILS.
  Over other adapters (SIP2) the sequencer applies in arrival order and records a
  ``late_arrival`` conflict instead.

Clock skew: a message cannot arrive before it was made, so ``received − wall_time`` bounds the
device's offset from above; a negative bound proves the clock runs ahead, and that device's (and
boot's) later events are corrected by it. A clock that runs behind cannot be proved from one-way
messages; :meth:`ClockSkew.set_offset` takes an offset measured another way (the uplink's NTP-like
estimate). Keys are fixed when a transaction is journalled.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import sqlite3
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sync import schema
from sync.centre.conflicts import ConflictStore
from sync.errors import ILSUnavailable
from sync.ils.base import (
    CheckinResult,
    CheckoutResult,
    FeePaidResult,
    ILSAdapter,
    Outcome,
    RenewResult,
    Result,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True, kw_only=True)
class Skew:
    """One device boot's clock correction in seconds (add to its wall clock)."""

    correction_s: float
    source: str  # "arrival" (proved from arrivals) or "reported"


class ClockSkew:
    """Per-device, per-boot clock corrections.

    :param tolerance_s: bounds smaller than this are network jitter, not skew.
    """

    def __init__(self, *, tolerance_s: float = 2.0) -> None:
        self.tolerance_s = tolerance_s
        self._bound: dict[tuple[str, str], float] = {}
        self._reported: dict[str, float] = {}

    def observe(self, device_id: str, boot_id: str, wall: dt.datetime, received: float) -> None:
        """Note that a message stamped ``wall`` arrived at ``received`` (centre's epoch s)."""
        bound = received - wall.timestamp()
        key = (device_id, boot_id)
        if bound < self._bound.get(key, float("inf")):
            self._bound[key] = bound

    def set_offset(self, device_id: str, offset_s: float) -> None:
        """An offset (centre − device) measured by the device itself, e.g. by the uplink."""
        self._reported[device_id] = offset_s

    def skew(self, device_id: str, boot_id: str) -> Skew:
        if device_id in self._reported:
            return Skew(correction_s=self._reported[device_id], source="reported")
        bound = self._bound.get((device_id, boot_id), 0.0)
        if bound < -self.tolerance_s:
            return Skew(correction_s=bound, source="arrival")
        return Skew(correction_s=0.0, source="arrival")

    def correct(self, device_id: str, boot_id: str, wall: dt.datetime) -> dt.datetime:
        return wall + dt.timedelta(seconds=self.skew(device_id, boot_id).correction_s)


def order_key(msg: dict[str, Any], corrected: dt.datetime | None = None) -> str:
    """The sortable key of one transaction message (fixed width, compares as text)."""
    when = (corrected or schema.parse_time(msg["wall_time"])).astimezone(dt.UTC)
    stamp = when.replace(tzinfo=None).isoformat(timespec="microseconds")  # %Y-%m-%dT%H:%M:%S.%f
    return (f"{stamp}|{msg.get('device_id', '')}|"
            f"{msg.get('boot_id', '')}|{int(msg.get('mono_ns', 0)):020d}|"
            f"{int(msg.get('seq', 0)):012d}|{msg['txn_id']}")


_JOURNAL = """
CREATE TABLE IF NOT EXISTS seq_journal (txn_id TEXT PRIMARY KEY, okey TEXT NOT NULL UNIQUE,
    type TEXT NOT NULL, message TEXT NOT NULL, applied INTEGER NOT NULL DEFAULT 0,
    outcome TEXT, reason TEXT, result TEXT, journalled_at REAL NOT NULL, touch TEXT,
    jid INTEGER);
CREATE TABLE IF NOT EXISTS seq_undo (id INTEGER PRIMARY KEY, txn_id TEXT NOT NULL,
    stmt TEXT NOT NULL, jid INTEGER);
CREATE TABLE IF NOT EXISTS seq_ctx (one INTEGER PRIMARY KEY CHECK (one = 1), txn_id TEXT);
INSERT OR IGNORE INTO seq_ctx (one, txn_id) VALUES (1, NULL);
CREATE TABLE IF NOT EXISTS seq_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in conn.execute(f"PRAGMA main.table_info({table})")]


#: the undo log's indexes: by journal id (ascending as transactions arrive, so appending is
#: cheap — an index on the random txn ids made every commit rewrite pages all over it), and by
#: txn_id only for rows logged before journal ids existed; the journal's pending rows (few) have
#: their own partial index, applied ones are found through the order key's
_UNDO_INDEXES = """
DROP INDEX IF EXISTS seq_journal_applied;
CREATE INDEX IF NOT EXISTS seq_journal_pending ON seq_journal(okey) WHERE applied=0;
CREATE UNIQUE INDEX IF NOT EXISTS seq_journal_jid ON seq_journal(jid);
CREATE INDEX IF NOT EXISTS seq_undo_jid ON seq_undo(jid);
DROP INDEX IF EXISTS seq_undo_txn;
CREATE INDEX IF NOT EXISTS seq_undo_legacy ON seq_undo(txn_id) WHERE jid IS NULL;
"""


def _undo_ids(journal_rows: str) -> str:
    """SQL selecting the ids of the undo rows of the journal rows matching ``journal_rows``
    (by journal id; rows logged before journal ids by txn_id)."""
    return (f"SELECT id FROM seq_undo WHERE jid IN (SELECT jid FROM seq_journal"
            f" WHERE {journal_rows}) UNION ALL SELECT id FROM seq_undo INDEXED BY seq_undo_legacy"
            f" WHERE jid IS NULL"
            f" AND txn_id IN (SELECT txn_id FROM seq_journal WHERE {journal_rows})")


def _result_json(result: Result | None) -> tuple[dict[str, Any], str] | None:
    """A result as its JSON dict (the bridge's reply carries it) and the text the journal
    keeps."""
    if result is None:
        return None
    data = schema.to_json(result)
    return data, schema.encode(data).decode()


_RESULT_TYPES: dict[str, type[Result]] = {
    "checkout": CheckoutResult, "hold_pickup": CheckoutResult, "checkin": CheckinResult,
    "renew": RenewResult, "fee_paid": FeePaidResult}


_TOP = "\uffff"  # above every order key


class _Widen(Exception):
    """A targeted rebase cannot stay within its closure: rebase everything instead."""


class _Watch:
    """During a targeted rebase: the newest key of the transactions left applied, per entity.
    A re-applied transaction touching an entity that one of those touches after it would
    change that one's outcome: widen."""

    __slots__ = ("last",)

    def __init__(self, last: dict[str, str]) -> None:
        self.last = last

    def check(self, key: str, entities: Iterable[str]) -> None:
        for e in entities:
            if self.last.get(e, "") > key:
                raise _Widen


class Sequencer:
    """Journal, order and apply transactions through ``ils``; report conflicts to ``conflicts``.

    :param ils: the adapter; a :class:`~sync.ils.reference.ReferenceILS` gets exact rebase.
    :param conflicts: where broken rules go (default: a store in the ILS's own database; over
        other adapters an in-memory store unless one on disk is given — production passes one).
        Over other adapters the journal lives in the same database, committed per transaction,
        so a bridge restart neither re-applies nor forgets what reached the ILS.
    :param skew: the clock model (default: a fresh :class:`ClockSkew`).
    """

    def __init__(self, ils: ILSAdapter, *, conflicts: ConflictStore | None = None,
                 skew: ClockSkew | None = None, targeted: bool = True) -> None:
        from sync.ils.reference import ReferenceILS

        self.ils = ils
        self.skew = skew or ClockSkew()
        self.rebase = isinstance(ils, ReferenceILS)
        self.stats = {"applied": 0, "rebases": 0, "reapplied": 0, "late": 0, "rolled_back": 0,
                      "widened": 0}
        #: rebase only what a late batch can affect (False: everything after it, as before)
        self.targeted = targeted
        if self.rebase:
            self.conn: sqlite3.Connection = ils.db.conn  # type: ignore[attr-defined]
            self.conn.executescript(_JOURNAL)
            self.conflicts = conflicts or ConflictStore(ils.db)  # type: ignore[attr-defined]
        else:
            self.conflicts = conflicts or ConflictStore(":memory:")
            self.conn = self.conflicts.db.conn
            self.conn.executescript(_JOURNAL)
        for table, column in (("seq_journal", "touch"), ("seq_journal", "jid"),
                              ("seq_undo", "jid")):  # journals made before them
            if column not in _columns(self.conn, table):
                self.conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} "
                                  f"{'TEXT' if column == 'touch' else 'INTEGER'}")
        self.conn.executescript(_UNDO_INDEXES)
        self.conn.commit()
        #: journal ids of the transactions of the current call, by txn_id
        self._jids: dict[str, int] = {}
        #: the results of the current call as JSON dicts, by txn_id (the bridge's replies carry
        #: them instead of converting each result again)
        self.results: dict[str, dict[str, Any]] = {}
        self._newest: str | None = self._newest_applied()

    @contextlib.contextmanager
    def _scope(self) -> Iterator[None]:
        if self.rebase:
            # the ILS's lock and one SQLite transaction (a savepoint inside the bridge's batch);
            # every error leaves this scope and undoes it all, so operations need no savepoint
            with self.ils.batch(), self.ils.all_or_nothing():  # type: ignore[attr-defined]
                yield
        else:  # the ILS is elsewhere: journal and conflicts commit per transaction
            try:
                yield
            except BaseException:
                self.conn.rollback()
                raise
            self.conn.commit()

    def _set_ctx(self, txn_id: str | None) -> None:
        if self.rebase:
            self.ils.undo_ctx = (  # type: ignore[attr-defined]
                None if txn_id is None else (txn_id, self._jids[txn_id]))

    def _next_jids(self, txn_ids: Iterable[str]) -> None:
        """Give these transactions the next journal ids (inside the ILS transaction)."""
        last = self.conn.execute("SELECT max(jid) FROM seq_journal").fetchone()[0] or 0
        for n, txn_id in enumerate(txn_ids, last + 1):
            self._jids[txn_id] = n

    @property
    def horizon(self) -> str | None:
        """Order keys below this were compacted (:meth:`compact`): no rebase reaches them."""
        row = self.conn.execute("SELECT value FROM seq_meta WHERE name='horizon'").fetchone()
        return row[0] if row else None

    def apply_many(self, messages: Iterable[dict[str, Any]], *, received: float | None = None,
                   errors: dict[str, Exception] | None = None) -> dict[str, Result | None]:
        """Journal and apply validated transaction messages; returns each one's result by
        ``txn_id`` (a repeat gets its current result, None for types the ILS does not see).
        Over the reference ILS everything happens in one ILS transaction.

        A ``RETRY_LATER`` answer is returned but not journalled (a resend is applied afresh).
        With ``errors`` given, an :class:`~sync.errors.ILSUnavailable` from the adapter is put
        there by ``txn_id`` (and the transaction left out of the result) instead of raised.
        """

        received = time.time() if received is None else received
        self.results.clear()
        out: dict[str, Result | None] = {}
        fresh: list[tuple[str, dict[str, Any]]] = []
        ordered: dict[str, dict[str, Any]] = {}
        with self._scope():
            for msg in messages:
                txn_id = msg["txn_id"]
                if txn_id in out or txn_id in ordered:
                    continue
                if msg["type"] not in schema.CIRCULATION_TYPES:  # the rest never touch the ILS
                    out[txn_id] = None
                    continue
                ordered[txn_id] = msg
            for txn_id, (kind, text) in self._journalled(list(ordered)).items():
                out[txn_id] = self._load_result(kind, text)  # a repeat: its current result
            for txn_id, msg in ordered.items():
                if txn_id in out:
                    continue
                wall = schema.parse_time(msg["wall_time"])
                boot = msg.get("boot_id", "")
                self.skew.observe(msg.get("device_id", ""), boot, wall, received)
                corrected = self.skew.correct(msg.get("device_id", ""), boot, wall)
                if corrected != wall:  # the ILS sees the corrected event time
                    msg = {**msg, "wall_time": schema.format_time(corrected)}
                fresh.append((order_key(msg, corrected), msg))
            if not fresh:
                return out
            earliest = min(k for k, _ in fresh)
            horizon = self.horizon
            fresh_ids = {m["txn_id"] for _, m in fresh}
            if self.rebase:
                self._jids.clear()
                fresh.sort(key=lambda f: f[0])
                self._next_jids(m["txn_id"] for _, m in fresh)
            if self.rebase and earliest > (self._newest_applied() or ""):
                # in order (the usual case): nothing to roll back; journalled as applied
                out.update(self._apply_in_order(fresh, fresh_ids, horizon, received, errors,
                                                journal="insert"))
                return out
            if self.rebase:  # elsewhere journalled once the ILS has answered
                self.conn.executemany(
                    "INSERT INTO seq_journal (txn_id, okey, type, message, journalled_at, jid)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    [(m["txn_id"], k, m["type"], self._text(m), received,
                      self._jids[m["txn_id"]]) for k, m in fresh])
            if not self.rebase:
                if self._newest is not None and earliest < self._newest:
                    self.stats["late"] += 1
                todo = sorted(fresh, key=lambda f: f[0])
                out.update(self._apply_in_order(todo, fresh_ids, horizon, received, errors))
                return out
            # nothing below the horizon can be undone any more: a late arrival older than it
            # is applied after those (and reported as applied after newer transactions)
            cut = max(earliest, horizon or "")
            if self.targeted:
                self.conn.execute("SAVEPOINT seq_rebase")
                try:
                    watch = self._roll_back_affected(fresh, cut)
                    out.update(self._apply_in_order(self._pending(), fresh_ids, horizon,
                                                    received, errors, watch=watch))
                except _Widen:  # a transaction reached past the closure: rebase it all
                    self.conn.execute("ROLLBACK TO seq_rebase")
                    self.conn.execute("RELEASE seq_rebase")
                    self.stats["widened"] += 1
                else:
                    self.conn.execute("RELEASE seq_rebase")
                    return out
            self._roll_back(self._after(cut))
            out.update(self._apply_in_order(self._pending(), fresh_ids, horizon, received,
                                            errors))
        return out

    @staticmethod
    def _text(msg: dict[str, Any]) -> str:
        """The journal's copy of a message: in the one encoding both ends write (so what an
        edge sent, byte for byte, unless the clock correction changed it)."""
        return schema.encode(msg).decode()

    def _journalled(self, txn_ids: list[str]) -> dict[str, tuple[str, str | None]]:
        """``{txn_id: (type, result)}`` of those already in the journal."""
        out: dict[str, tuple[str, str | None]] = {}
        for i in range(0, len(txn_ids), 500):
            chunk = txn_ids[i:i + 500]
            marks = ",".join("?" * len(chunk))
            for txn_id, kind, result in self.conn.execute(
                    f"SELECT txn_id, type, result FROM seq_journal WHERE txn_id IN ({marks})",
                    chunk):
                out[txn_id] = (kind, result)
        return out

    def _pending(self) -> list[tuple[str, dict[str, Any]]]:
        """The journalled transactions not applied now, in key order (their journal ids noted;
        rows journalled before ids existed get one now)."""
        rows = self.conn.execute("SELECT okey, message, txn_id, jid FROM seq_journal"
                                 " WHERE applied=0 ORDER BY okey").fetchall()
        self._jids.update((t, j) for _, _, t, j in rows if j is not None)
        missing = [t for _, _, t, j in rows if j is None]
        if missing:
            self._next_jids(missing)
            self.conn.executemany("UPDATE seq_journal SET jid=? WHERE txn_id=?",
                                  [(self._jids[t], t) for t in missing])
        return [(k, json.loads(m)) for k, m, _, _ in rows]

    def _apply_in_order(self, todo: list[tuple[str, dict[str, Any]]], fresh_ids: set[str],
                        horizon: str | None, received: float,
                        errors: dict[str, Exception] | None,
                        watch: _Watch | None = None,
                        journal: str = "update") -> dict[str, Result | None]:
        """Apply ``todo`` (key order) through the ILS, journal and note each result. With
        ``watch`` (a targeted rebase) every transaction's entities are checked first.

        ``journal``: ``"update"`` — the rows are in the journal already (a rebase);
        ``"insert"`` — they are not (in order over the reference ILS). Either way they are
        written together after the loop, in the same ILS transaction. Over other adapters each
        is journalled and committed as soon as the ILS has it.

        :raises _Widen: a transaction touches an entity that transactions left applied after it
            also touch (the caller rolls back to its savepoint and rebases everything)."""
        from sync.centre.bridge import apply_transaction

        out: dict[str, Result | None] = {}
        counts = {"applied": 0, "reapplied": 0}
        rows: list[tuple] = []  # the journal's rows, written after the loop (reference ILS)
        undo: list[tuple[str, int, str]] = []  # and the undo log's
        notes: list[tuple[dict[str, Any], Result | None, bool]] = []
        log_ = self.ils.undo_log if self.rebase else []  # type: ignore[attr-defined]
        log_.clear()
        for key, msg in todo:
            txn_id = msg["txn_id"]
            touch = self._entities(msg, holder=True) if self.rebase else None
            if watch is not None:
                watch.check(key, touch or ())
            self._set_ctx(txn_id)
            try:
                result = apply_transaction(self.ils, msg)
            except ILSUnavailable as exc:
                if errors is None or self.rebase:
                    raise
                errors[txn_id] = exc  # not journalled: the resend is applied afresh
                continue
            finally:
                self._set_ctx(None)
                if log_:  # (an error ends the batch: its changes go with the rollback)
                    jid = self._jids[txn_id]
                    undo.extend((txn_id, jid, stmt) for stmt in log_)
                    log_.clear()
            if result is not None and result.outcome is Outcome.RETRY_LATER:
                # not decided: forget it, so the resend the edge makes is applied afresh
                if journal == "update":
                    self.conn.execute("DELETE FROM seq_journal WHERE txn_id=?", (txn_id,))
                out[txn_id] = result
                continue
            late = (horizon is not None and key < horizon if self.rebase
                    else self._newest is not None and key < self._newest)
            self._newest = max(self._newest or key, key)
            outcome = result.outcome.value if result else None
            reason = result.reason if result else None
            encoded = _result_json(result)
            text = None if encoded is None else encoded[1]
            if encoded is not None:
                self.results[txn_id] = encoded[0]
            if self.rebase:
                joined = " ".join(touch) if touch is not None else None
                if journal == "insert":
                    rows.append((txn_id, key, msg["type"], self._text(msg),
                                 outcome, reason, text, received, joined, self._jids[txn_id]))
                else:
                    rows.append((outcome, reason, text, joined, txn_id))
                notes.append((msg, result, late))
            else:
                self.conn.execute(
                    "INSERT INTO seq_journal (txn_id, okey, type, message, applied, outcome,"
                    " reason, result, journalled_at) VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?)",
                    (txn_id, key, msg["type"], self._text(msg), outcome,
                     reason, text, received))
                self.conflicts.note(msg, result, late=late)
                self.conn.commit()  # the ILS has it now: never apply it twice
            counts["applied" if txn_id in fresh_ids else "reapplied"] += 1
            out[txn_id] = result
        if undo:
            self.conn.executemany("INSERT INTO seq_undo (txn_id, jid, stmt) VALUES (?, ?, ?)",
                                  undo)
        if journal == "insert":
            self.conn.executemany(
                "INSERT INTO seq_journal (txn_id, okey, type, message, applied, outcome, reason,"
                " result, journalled_at, touch, jid) VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?)",
                rows)
        elif rows:
            self.conn.executemany(
                "UPDATE seq_journal SET applied=1, outcome=?, reason=?, result=?, touch=?"
                " WHERE txn_id=?", rows)
        if notes:
            self.conflicts.note_many(notes)
        for name, n in counts.items():
            self.stats[name] += n
        return out

    # --- targeted rebase -------------------------------------------------------------------
    def _entities(self, msg: dict[str, Any], *, holder: bool) -> list[str]:
        """What a transaction reads or writes in the reference ILS, as entities: its item
        (the item's loan, holds and status), its patron (loan count, fees, blocks) and, with
        ``holder``, the patron the item is on loan to now (a checkout closes that loan, a
        checkin ends it and may fine that patron)."""
        p = msg["payload"]
        item, patron = p.get("item_id"), p.get("patron_id")
        out = []
        if item:
            out.append("i:" + item)
        if patron:
            out.append("p:" + patron)
        if holder and item and msg["type"] in ("checkout", "hold_pickup", "checkin"):
            row = self.conn.execute("SELECT patron_id FROM loans WHERE item_id=?"
                                    " AND returned IS NULL", (item,)).fetchone()
            if row and row[0] != patron:
                out.append("p:" + row[0])
        return out

    def _roll_back_affected(self, fresh: list[tuple[str, dict[str, Any]]], cut: str) -> _Watch:
        """Undo only the applied transactions after ``cut`` that the fresh ones can affect:
        those sharing an item or patron with a fresh one or with one undone before them in key
        order (closed transitively), plus the current holders of every item concerned.
        Returns what the re-application must stay within.

        :raises _Widen: when an applied transaction's entities are not known (journalled
            before they were recorded)."""
        dirty: dict[str, str] = {}  # entity -> the earliest key at which it may change
        for key, msg in fresh:
            for e in self._entities(msg, holder=False):
                if key < dirty.get(e, _TOP):
                    dirty[e] = key
        rows = self.conn.execute("SELECT txn_id, okey, touch FROM seq_journal WHERE applied=1"
                                 " AND okey > ? ORDER BY okey", (cut,)).fetchall()
        if any(touch is None for _, _, touch in rows):
            raise _Widen
        touches = [(t, k, touch.split()) for t, k, touch in rows]
        undone: set[str] = set()
        while True:
            chosen = []
            for txn_id, okey, ents in touches:
                if txn_id in undone or not any(dirty.get(e, _TOP) < okey for e in ents):
                    continue
                chosen.append(txn_id)
                undone.add(txn_id)
                for e in ents:
                    if okey < dirty.get(e, _TOP):
                        dirty[e] = okey
            self._roll_back(chosen)
            # an item's story may now start from another holder: that patron is affected
            # from the item's earliest change on
            widened = False
            for e, key in list(dirty.items()):
                if not e.startswith("i:"):
                    continue
                row = self.conn.execute("SELECT patron_id FROM loans WHERE item_id=?"
                                        " AND returned IS NULL", (e[2:],)).fetchone()
                if row and key < dirty.get("p:" + row[0], _TOP):
                    dirty["p:" + row[0]] = key
                    widened = True
            if not widened:
                break
        last: dict[str, str] = {}  # entity -> newest key of the transactions left applied
        for txn_id, okey, ents in touches:
            if txn_id not in undone:
                for e in ents:
                    last[e] = okey  # rows come in key order
        return _Watch(last)

    def _newest_applied(self) -> str | None:
        row = self.conn.execute("SELECT okey FROM seq_journal WHERE applied=1"
                                " ORDER BY okey DESC LIMIT 1").fetchone()
        return row[0] if row else None

    def _after(self, key: str) -> list[str]:
        return [r[0] for r in self.conn.execute(
            "SELECT txn_id FROM seq_journal WHERE applied=1 AND okey > ?", (key,))]

    def _roll_back(self, txn_ids: list[str]) -> None:
        """Undo these applied transactions (their undo log, newest change first)."""
        if not txn_ids:
            return
        self.stats["rebases"] += 1
        self.conn.execute("CREATE TEMP TABLE IF NOT EXISTS seq_redo (txn_id TEXT PRIMARY KEY)")
        self.conn.execute("DELETE FROM temp.seq_redo")
        self.conn.executemany("INSERT INTO temp.seq_redo VALUES (?)", ((t,) for t in txn_ids))
        ids = _undo_ids("txn_id IN (SELECT txn_id FROM temp.seq_redo)")
        stmts = self.conn.execute(
            f"SELECT id, stmt FROM seq_undo WHERE id IN ({ids}) ORDER BY id DESC").fetchall()
        for _, stmt in stmts:
            self.conn.execute(stmt)
        self.conn.execute(f"DELETE FROM seq_undo WHERE id IN ({ids})")
        self.conn.execute("UPDATE seq_journal SET applied=0 WHERE txn_id IN (SELECT txn_id FROM"
                          " temp.seq_redo)")
        self.stats["rolled_back"] += len(txn_ids)
        log.info("rebase: rolled back %d transaction(s)", len(txn_ids))

    def _load_result(self, kind: str, text: str | None) -> Result | None:
        if text is None:
            return None
        return schema.from_json(_RESULT_TYPES[kind], json.loads(text))

    def compact(self, before: dt.datetime) -> int:
        """Forget the undo log of transactions older than ``before``: they can no longer be
        rebased over, and a later arrival older than that is applied after the newer ones and
        reported as a ``late_arrival`` conflict. Over adapters without rebase the journal
        rows themselves go (all but the newest). Returns the rows deleted."""
        cutoff = before.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")
        with self._scope():
            if cutoff > (self.horizon or ""):
                self.conn.execute("INSERT OR REPLACE INTO seq_meta (name, value)"
                                  " VALUES ('horizon', ?)", (cutoff,))
            if self.rebase:
                cur = self.conn.execute(
                    f"DELETE FROM seq_undo WHERE id IN ({_undo_ids('okey < :cut')})",
                    {"cut": cutoff})
            else:
                cur = self.conn.execute(
                    "DELETE FROM seq_journal WHERE okey < ? AND okey < (SELECT okey"
                    " FROM seq_journal WHERE applied=1 ORDER BY okey DESC LIMIT 1)", (cutoff,))
            return cur.rowcount


class OrderedILS(ILSAdapter):
    """An ILS adapter that applies mutating calls through a :class:`Sequencer`.

    The bridge can use it unchanged (each call is one transaction); when the bridge calls
    :meth:`prepare` with a whole batch first, the batch is ordered and rebased once and the calls
    that follow get the prepared results.
    """

    def __init__(self, inner: ILSAdapter, sequencer: Sequencer | None = None) -> None:
        self.inner = inner
        self.sequencer = sequencer or Sequencer(inner)
        self.currency = inner.currency
        self._prepared: dict[str, Result | None] = {}
        self._failed: dict[str, Exception] = {}

    # queries go straight through
    def patron_status(self, patron_id: str, *, pin: str | None = None):  # type: ignore[override]
        return self.inner.patron_status(patron_id, pin=pin)

    def item_info(self, item_id: str):  # type: ignore[override]
        return self.inner.item_info(item_id)

    def account(self, patron_id: str):  # type: ignore[override]
        return self.inner.account(patron_id)

    def authorise_checkout(self, patron_id: str, item_id: str, *, branch: str):  # type: ignore[override]
        return self.inner.authorise_checkout(patron_id, item_id, branch=branch)

    def authorise_renew(self, patron_id: str, item_id: str, *, branch: str):  # type: ignore[override]
        return self.inner.authorise_renew(patron_id, item_id, branch=branch)

    def prepare(self, messages: list[dict[str, Any]]) -> None:
        """Order and apply a batch of validated messages now (see the class docstring)."""
        self._prepared.clear()
        self._failed.clear()
        self._prepared.update(self.sequencer.apply_many(messages, errors=self._failed))

    def take(self, txn_id: str) -> Result | None:
        """The result :meth:`prepare` got for ``txn_id``, once (the bridge takes it so instead
        of calling the operation again).

        :raises ILSUnavailable: as the operation did (the bridge answers "retry").
        :raises KeyError: when ``txn_id`` was not prepared."""
        if txn_id in self._prepared:
            return self._prepared.pop(txn_id)
        if txn_id in self._failed:
            raise ILSUnavailable(str(self._failed.pop(txn_id)) or "ils_unavailable")
        raise KeyError(txn_id)

    def result_json(self, txn_id: str) -> dict[str, Any] | None:
        """The result of a transaction of the last :meth:`prepare` as a JSON dict."""
        return self.sequencer.results.get(txn_id)

    def _via(self, kind: str, txn_id: str | None, payload: dict[str, Any], *, branch: str,
             event_time: dt.datetime, no_block: bool, call: Any) -> Any:
        if txn_id is None:
            return call()
        with contextlib.suppress(KeyError):
            return self.take(txn_id)
        msg = {"v": schema.VERSION, "txn_id": txn_id, "device_id": "", "seq": 0, "type": kind,
               "wall_time": schema.format_time(event_time), "mono_ns": 0, "boot_id": "",
               "branch": branch, "offline": no_block, "payload": payload}
        return self.sequencer.apply_many([msg])[txn_id]

    def _loan(self, kind: str, patron_id: str, item_id: str, *, branch: str,
              event_time: dt.datetime, no_block: bool, due_date: dt.date | None,
              txn_id: str | None) -> Any:
        """checkout, hold_pickup and renew: the same arguments, the same message payload."""
        payload = {"patron_id": patron_id, "item_id": item_id,
                   **({"due_date": due_date.isoformat()} if due_date else {})}
        return self._via(kind, txn_id, payload, branch=branch, event_time=event_time,
                         no_block=no_block, call=lambda: getattr(self.inner, kind)(
                             patron_id, item_id, branch=branch, event_time=event_time,
                             no_block=no_block, due_date=due_date))

    def checkout(self, patron_id, item_id, *, branch, event_time, no_block=False,  # type: ignore[override]
                 due_date=None, txn_id=None):
        return self._loan("checkout", patron_id, item_id, branch=branch, event_time=event_time,
                          no_block=no_block, due_date=due_date, txn_id=txn_id)

    def hold_pickup(self, patron_id, item_id, *, branch, event_time, no_block=False,  # type: ignore[override]
                    due_date=None, txn_id=None):
        return self._loan("hold_pickup", patron_id, item_id, branch=branch,
                          event_time=event_time, no_block=no_block, due_date=due_date,
                          txn_id=txn_id)

    def checkin(self, item_id, *, branch, event_time, no_block=False, txn_id=None):  # type: ignore[override]
        return self._via("checkin", txn_id, {"item_id": item_id}, branch=branch,
                         event_time=event_time, no_block=no_block,
                         call=lambda: self.inner.checkin(item_id, branch=branch,
                                                         event_time=event_time,
                                                         no_block=no_block))

    def renew(self, patron_id, item_id, *, branch, event_time, no_block=False,  # type: ignore[override]
              due_date=None, txn_id=None):
        return self._loan("renew", patron_id, item_id, branch=branch, event_time=event_time,
                          no_block=no_block, due_date=due_date, txn_id=txn_id)

    def fee_paid(self, patron_id, amount, *, event_time, payment_type="cash",  # type: ignore[override]
                 fee_id=None, txn_id=None):
        payload = {"patron_id": patron_id, "amount": str(amount),
                   "payment_type": payment_type, **({"fee_id": fee_id} if fee_id else {})}
        return self._via("fee_paid", txn_id, payload, branch="", event_time=event_time,
                         no_block=True, call=lambda: self.inner.fee_paid(
                             patron_id, amount, event_time=event_time,
                             payment_type=payment_type, fee_id=fee_id))

    def batch(self):  # type: ignore[override]
        return self.inner.batch()

    def close(self) -> None:
        self.inner.close()
