"""Apply circulation transactions in event-time order, whatever order they arrive in.

Theory of operation
-------------------
Offline kiosks sync late, so the centre sees a return before the checkout it ends, or an old
checkout after a newer return on another kiosk. Like Evergreen's offline upload (commands sorted
by time, then processed), the centre keeps a *journal* (:mod:`sync.centre.journal`) of every
circulation transaction with an *order key* (:mod:`sync.centre.skew`: its event time corrected
for the device's clock skew, then device, boot, monotonic reading and sequence number as
tie-breakers) and keeps the ILS equal to "every journalled transaction applied once, in key
order":

* Rule 1: the applied transactions always form the key-sorted journal; so the ones to undo for a
  late arrival are a suffix of the application log.
* Rule 2 (rebase): a batch whose earliest key is older than the newest applied one rolls back that
  suffix, then applies the batch and the rolled-back transactions in key order through the ILS
  adapter — the adapter's own rules decide every outcome again, so a late checkout older than a
  later return does not resurrect the loan, and conflicts come and go as the order settles.
* Rule 3 (targeted): only the applied transactions a late batch can affect are rolled back —
  those sharing an item or patron with it, closed transitively; when re-application would reach
  past that closure, everything after the late batch is rebased instead ("widened").
* Roll-back is exact: the adapter declares ``supports_undo_log``
  (:class:`sync.ils.undo.UndoLogILS`). While a transaction is applied the sequencer asks the
  adapter to record the inverse SQL of every row change (:meth:`~UndoLogILS.recording_undo`)
  and keeps it per transaction in ``seq_undo``, in the same database and the same commit; a
  rebase hands it back to :meth:`~UndoLogILS.undo`, newest change first.
* A batch is all or nothing (one SQLite transaction, a savepoint inside the bridge's): a
  transaction that raises rolls the batch back and is named by :class:`ApplyError`, so the
  caller applies the rest again without it. It is never journalled.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import time
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sync import schema
from sync.centre.apply import Applied, ApplyError, apply_transaction
from sync.centre.conflicts import ConflictStore
from sync.centre.journal import TOP, Journal, cutoff_key, message_text, result_json, undo_ids
from sync.centre.skew import ClockSkew
from sync.errors import ILSUnavailable
from sync.ils.base import Outcome, Result
from sync.ils.undo import UndoLogILS

log = logging.getLogger(__name__)


#: transaction types whose outcome depends on, and changes, who holds the item
_HOLDER_TYPES = frozenset({"checkout", "hold_pickup", "checkin"})


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


class RebasingApplier:
    """Journal, order and apply transactions through ``ils`` with exact rebase; report conflicts
    to ``conflicts``.

    :param ils: an adapter with an undo log.
    :param conflicts: where broken rules go (default: a store in the ILS's own database).
    :param skew: the clock model (default: a fresh :class:`ClockSkew`).
    :param targeted: rebase only what a late batch can affect (False: everything after it).
    """

    rebases = True
    atomic = True

    def __init__(self, ils: UndoLogILS, *, conflicts: ConflictStore | None = None,
                 skew: ClockSkew | None = None, targeted: bool = True) -> None:
        if not ils.supports_undo_log:
            raise TypeError(f"{type(ils).__name__} declares no undo log: apply it in order")
        self.adapter = self.ils = ils
        self.skew = skew or ClockSkew()
        self.targeted = targeted
        self.stats = {"applied": 0, "rebases": 0, "reapplied": 0, "late": 0, "rolled_back": 0,
                      "widened": 0, "late_alone": 0}
        self.conn = ils.db
        with ils.lock:
            self.journal = Journal(self.conn)
        self.conflicts = conflicts or ConflictStore(ils.db)
        #: journal ids of the transactions of the current call, by txn_id
        self._jids: dict[str, int] = {}
        #: the results of the current call as JSON dicts, by txn_id
        self.results: dict[str, dict[str, Any]] = {}
        #: the transactions of the current call found applied already
        self.repeats: set[str] = set()

    # --- the Applier interface -------------------------------------------------------------
    def transaction(self) -> contextlib.AbstractContextManager[object]:
        return self.ils.batch()

    def apply(self, messages: Sequence[dict[str, Any]], *,
              received: float | None = None) -> Applied:
        results = self.apply_many(messages, received=received)
        return Applied(results=results, json=dict(self.results), repeats=set(self.repeats))

    def close(self) -> None:
        self.ils.close()

    def __enter__(self) -> RebasingApplier:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def horizon(self) -> str | None:
        """Order keys below this were compacted (:meth:`compact`): no rebase reaches them."""
        return self.journal.horizon

    def compact(self, before: dt.datetime) -> int:
        """Forget the undo log of transactions older than ``before``: they can no longer be
        rebased over, and a later arrival older than that is applied after the newer ones and
        reported as a ``late_arrival`` conflict. Returns the rows deleted."""
        cutoff = cutoff_key(before)
        with self._scope():
            self.journal.raise_horizon(cutoff)
            return self.conn.execute(
                f"DELETE FROM seq_undo WHERE id IN"
                f" ({undo_ids('okey < :cut', self.conn.dialect)})",
                {"cut": cutoff}).rowcount

    # --- applying --------------------------------------------------------------------------
    @contextlib.contextmanager
    def _scope(self) -> Iterator[None]:
        # the ILS's lock and one SQLite transaction (a savepoint inside the bridge's batch);
        # every error leaves this scope and undoes it all, so operations need no savepoint
        with self.ils.batch(), self.ils.all_or_nothing():
            yield

    def _next_jids(self, txn_ids: Iterable[str]) -> None:
        """Give these transactions the next journal ids (inside the ILS transaction)."""
        last = self.conn.execute("SELECT max(jid) FROM seq_journal").fetchone()[0] or 0
        for n, txn_id in enumerate(txn_ids, last + 1):
            self._jids[txn_id] = n

    def apply_many(self, messages: Iterable[dict[str, Any]], *,
                   received: float | None = None) -> dict[str, Result | None]:
        """Journal and apply validated transaction messages in one ILS transaction; returns each
        one's result by ``txn_id`` (a repeat gets its current result, None for types the ILS
        does not see). A ``RETRY_LATER`` answer is returned but not journalled (a resend is
        applied afresh).

        :raises ApplyError: a transaction raised; nothing of the call remains.
        :raises ILSUnavailable: as the adapter did; nothing of the call remains.
        """
        received = time.time() if received is None else received
        self.results.clear()
        self.repeats.clear()
        out: dict[str, Result | None] = {}
        fresh: list[tuple[str, dict[str, Any]]] = []
        ordered: dict[str, dict[str, Any]] = {}
        with self._scope():
            for msg in messages:
                txn_id = msg["txn_id"]
                if txn_id in out or txn_id in ordered:
                    continue
                if msg["type"] not in schema.CIRCULATION_TYPES:  # no result, never journalled
                    try:
                        out[txn_id] = apply_transaction(self.ils, msg)
                    except ILSUnavailable:
                        raise
                    except Exception as exc:
                        raise ApplyError(txn_id, exc) from exc
                    continue
                ordered[txn_id] = msg
            for txn_id, (kind, text) in self.journal.journalled(list(ordered)).items():
                out[txn_id] = self.journal.load_result(kind, text)  # a repeat: current result
                self.repeats.add(txn_id)
            for txn_id, msg in ordered.items():
                if txn_id not in out:
                    try:
                        fresh.append(self.skew.keyed(msg, received))
                    except Exception as exc:  # e.g. a time that passed the schema but is none
                        raise ApplyError(txn_id, exc) from exc
            if not fresh:
                return out
            earliest = min(k for k, _ in fresh)
            horizon = self.journal.horizon
            fresh_ids = {m["txn_id"] for _, m in fresh}
            self._jids.clear()
            fresh.sort(key=lambda f: f[0])
            self._next_jids(m["txn_id"] for _, m in fresh)
            if earliest > (self.journal.newest_applied() or ""):
                # in order (the usual case): nothing to roll back; journalled as applied
                out.update(self._apply_in_order(fresh, fresh_ids, horizon, received,
                                                journal="insert"))
                return out
            # nothing below the horizon can be undone any more: a late arrival older than it
            # is applied after those (and reported as applied after newer transactions)
            cut = max(earliest, horizon or "")
            if self.targeted:
                self.conn.execute("SAVEPOINT seq_rebase")
                try:
                    watch, undone = self._roll_back_affected(fresh, cut)
                    if undone:
                        self._journal_pending(fresh, received)
                        out.update(self._apply_in_order(self._pending(), fresh_ids, horizon,
                                                        received, watch=watch))
                    else:  # late, but nothing applied after it is affected: apply it alone
                        self.stats["late_alone"] += 1
                        out.update(self._apply_in_order(fresh, fresh_ids, horizon, received,
                                                        watch=watch, journal="insert"))
                except _Widen:  # a transaction reached past the closure: rebase it all
                    self.conn.execute("ROLLBACK TO seq_rebase")
                    self.conn.execute("RELEASE seq_rebase")
                    self.stats["widened"] += 1
                else:
                    self.conn.execute("RELEASE seq_rebase")
                    return out
            self._journal_pending(fresh, received)
            self._roll_back(self._after(cut))
            out.update(self._apply_in_order(self._pending(), fresh_ids, horizon, received))
        return out

    def _journal_pending(self, fresh: list[tuple[str, dict[str, Any]]], received: float) -> None:
        """Journal the fresh transactions as not applied (a rebase applies them from there)."""
        self.conn.executemany(
            "INSERT INTO seq_journal (txn_id, okey, type, message, journalled_at, jid)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [(m["txn_id"], k, m["type"], message_text(m), received,
              self._jids[m["txn_id"]]) for k, m in fresh])

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
                        horizon: str | None, received: float, watch: _Watch | None = None,
                        journal: str = "update") -> dict[str, Result | None]:
        """Apply ``todo`` (key order) through the ILS, journal and note each result. With
        ``watch`` (a targeted rebase) every transaction's entities are checked first.

        ``journal``: ``"update"`` — the rows are in the journal already (a rebase);
        ``"insert"`` — they are not (in order). Either way they are written together after the
        loop, in the same ILS transaction.

        :raises _Widen: a transaction touches an entity that transactions left applied after it
            also touch (the caller rolls back to its savepoint and rebases everything)."""
        out: dict[str, Result | None] = {}
        counts = {"applied": 0, "reapplied": 0}
        rows: list[tuple] = []  # the journal's rows, written after the loop
        undo: list[tuple[str, int, str]] = []  # and the undo log's
        notes: list[tuple[dict[str, Any], Result | None, bool]] = []
        for key, msg in todo:
            txn_id = msg["txn_id"]
            touch = self._entities(msg, holder=True)
            if watch is not None:
                watch.check(key, touch)
            try:
                with self.ils.recording_undo() as inverse:
                    result = apply_transaction(self.ils, msg)
            except ILSUnavailable:
                raise
            except Exception as exc:  # the batch rolls back; the caller goes on without it
                raise ApplyError(txn_id, exc) from exc
            jid = self._jids[txn_id]
            undo.extend((txn_id, jid, stmt) for stmt in inverse)
            if result is not None and result.outcome is Outcome.RETRY_LATER:
                # not decided: forget it, so the resend the edge makes is applied afresh
                if journal == "update":
                    self.conn.execute("DELETE FROM seq_journal WHERE txn_id=?", (txn_id,))
                out[txn_id] = result
                continue
            late = horizon is not None and key < horizon
            encoded = result_json(result)
            text = None if encoded is None else encoded[1]
            if encoded is not None:
                self.results[txn_id] = encoded[0]
            outcome = result.outcome.value if result else None
            reason = result.reason if result else None
            joined = " ".join(touch)
            if journal == "insert":
                rows.append((txn_id, key, msg["type"], message_text(msg), outcome, reason, text,
                             received, joined, jid))
            else:
                rows.append((outcome, reason, text, joined, txn_id))
            notes.append((msg, result, late))
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
        """What a transaction reads or writes in the ILS, as entities: its item (the item's
        loan, holds and status), its patron (loan count, fees, blocks) and, with ``holder``,
        the patron the item is on loan to now (a checkout closes that loan, a checkin ends it
        and may fine that patron)."""
        p = msg["payload"]
        item, patron = p.get("item_id"), p.get("patron_id")
        out = []
        if item:
            out.append("i:" + item)
        if patron:
            out.append("p:" + patron)
        if holder and item and msg["type"] in _HOLDER_TYPES:
            current = self.ils.borrower(item)
            if current and current != patron:
                out.append("p:" + current)
        return out

    def _roll_back_affected(self, fresh: list[tuple[str, dict[str, Any]]],
                            cut: str) -> tuple[_Watch, bool]:
        """Undo only the applied transactions after ``cut`` that the fresh ones can affect:
        those sharing an item or patron with a fresh one or with one undone before them in key
        order (closed transitively), plus the current holders of the items whose loans are
        re-applied (a checkout, hold pickup or checkin among the fresh or undone ones). Returns
        what the re-application must stay within, and whether anything was undone.

        A holder the closure misses costs speed, not correctness: the watch sees the
        re-applied transaction touch it and the rebase widens.

        :raises _Widen: when an applied transaction's entities are not known (journalled
            before they were recorded)."""
        dirty: dict[str, str] = {}  # entity -> the earliest key at which it may change
        loans: set[str] = set()  # items whose loans are re-applied: their holders matter
        for key, msg in fresh:
            for e in self._entities(msg, holder=False):
                if key < dirty.get(e, TOP):
                    dirty[e] = key
            if msg["type"] in _HOLDER_TYPES and msg["payload"].get("item_id"):
                loans.add("i:" + msg["payload"]["item_id"])
        rows = self.conn.execute("SELECT txn_id, okey, touch, type FROM seq_journal"
                                 " WHERE applied=1 AND okey > ? ORDER BY okey", (cut,)).fetchall()
        if any(touch is None for _, _, touch, _ in rows):
            raise _Widen
        touches = [(t, k, touch.split(), kind in _HOLDER_TYPES) for t, k, touch, kind in rows]
        undone: set[str] = set()
        holders: dict[str, str | None] = {}  # item entity -> its holder, as last looked up
        while True:
            chosen = []
            for txn_id, okey, ents, lends in touches:
                if txn_id in undone or not any(dirty.get(e, TOP) < okey for e in ents):
                    continue
                chosen.append(txn_id)
                undone.add(txn_id)
                for e in ents:
                    if okey < dirty.get(e, TOP):
                        dirty[e] = okey
                if lends:
                    loans.update(e for e in ents if e.startswith("i:"))
            self._roll_back(chosen)
            # an item's story may now start from another holder: that patron is affected
            # from the item's earliest change on (looked up again only after a roll-back)
            widened = False
            stale = [e for e in loans if e not in holders or chosen]
            found = self.ils.borrowers(e[2:] for e in stale) if stale else {}
            holders.update((e, found.get(e[2:])) for e in stale)
            for e in loans:
                holder, key = holders[e], dirty.get(e, TOP)
                if holder and key < dirty.get("p:" + holder, TOP):
                    dirty["p:" + holder] = key
                    widened = True
            if not widened:
                break
        last: dict[str, str] = {}  # entity -> newest key of the transactions left applied
        for txn_id, okey, ents, _ in touches:
            if txn_id not in undone:
                for e in ents:
                    last[e] = okey  # rows come in key order
        return _Watch(last), bool(undone)

    def _after(self, key: str) -> list[str]:
        return [r[0] for r in self.conn.execute(
            "SELECT txn_id FROM seq_journal WHERE applied=1 AND okey > ?", (key,))]

    def _roll_back(self, txn_ids: list[str]) -> None:
        """Undo these applied transactions (their undo log, newest change first)."""
        if not txn_ids:
            return
        self.stats["rebases"] += 1
        self.conn.execute("CREATE TEMP TABLE IF NOT EXISTS seq_redo (txn_id TEXT PRIMARY KEY)")
        self.conn.execute("DELETE FROM seq_redo")
        self.conn.executemany("INSERT INTO seq_redo VALUES (?)", ((t,) for t in txn_ids))
        ids = undo_ids("txn_id IN (SELECT txn_id FROM seq_redo)", self.conn.dialect)
        stmts = self.conn.execute(
            f"SELECT id, stmt FROM seq_undo WHERE id IN ({ids}) ORDER BY id DESC").fetchall()
        self.ils.undo(stmt for _, stmt in stmts)
        self.conn.execute(f"DELETE FROM seq_undo WHERE id IN ({ids})")
        self.conn.execute("UPDATE seq_journal SET applied=0 WHERE txn_id IN (SELECT txn_id FROM"
                          " seq_redo)")
        self.stats["rolled_back"] += len(txn_ids)
        log.info("rebase: rolled back %d transaction(s)", len(txn_ids))
