"""Apply transactions in arrival order, through any ILS adapter (SIP2, or any adapter without an
undo log).

Two modes:

* journalled (production): every circulation transaction is journalled
  (:mod:`sync.centre.journal`) in the conflict store's database, so a bridge restart neither
  re-applies nor forgets what reached the ILS. A batch is applied in order-key order
  (:mod:`sync.centre.skew`); a transaction older than one applied before is applied anyway and
  reported as a ``late_arrival`` conflict (an ILS we cannot roll back cannot be rebased over).
  Refused offline replays are reported as conflicts too.
* direct (``journal=False``): each transaction straight through the adapter in the order it
  came, relying on the adapter's own ``txn_id`` memory (the reference ILS's ``applied_txns``)
  and the bridge's ledger.

Each transaction succeeds or fails on its own: the exception that stopped one is reported in
:attr:`~sync.centre.apply.Applied.failed` and the others go on.

Several bridges on one database (journalled mode)
-------------------------------------------------
A call to the ILS (a SIP2 checkout: several round trips to the ACS, each up to its timeout) is
outside any database transaction, and holding the writers' lock across it would make every
bridge wait for the slowest ACS answer. So the journal is written in short write transactions
under the lock every writer of the database takes (:meth:`~sync.db.base.Connection.write`:
SQLite ``BEGIN IMMEDIATE``, PostgreSQL ``pg_advisory_xact_lock``), none across a call:

1. the *claim*, one write transaction for the batch: the journal is read again inside it, and
   each transaction nobody has is journalled as sent (``applied=0``). One found applied is a
   repeat, answered with the journal's result (the bridge replies "duplicate"); one claimed by
   another bridge may still be waiting for the ILS there, so this one answers "retry"
   (:class:`InFlight`) and the device's next resend gets the result. Never a second call.
2. each call to the ILS in turn, with no database lock held;
3. after each call its *record*: the claim becomes the applied row with its result and conflict
   note in one commit — as soon as the ILS has it, as before (so a batch costs one commit more
   than it did, not one per transaction).

Before several bridges shared a database the journal had only step 3: nothing was written
before the call, and a crash between the call and the commit left nothing, so the resend was
applied afresh (the SIP2 adapter reads the ILS first and finds a replay that was made). The
claim keeps that. A call that failed or answered "retry later" gives its claim back (nothing can
be assumed applied; the resend is applied afresh). A bridge that dies after 1 leaves its claims,
"sent, answer unknown" (the ones of its batch not sent yet look the same), and they are taken
over and applied afresh as soon as the claimant is known to be gone: an applier's own at once
(its record failed with the database away; what it had not sent it gives back then), a dead
process's on the same machine at once (a restarted bridge, :mod:`sync.centre.claimant`),
anyone else's once :attr:`InOrderApplier.claim_lease_s` old (no ILS call lasts that long). A
claimant that was only frozen past the lease finds the row applied when it records, answers the
duplicate, and says so in the log. A claim taken over is handed to the adapter's
:meth:`~sync.ils.base.ILSAdapter.may_have_applied` first: the SIP2 adapter then asks the ACS
before it sends (a second online checkout would be a rescan, which renews).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import time
from collections.abc import Iterable, Sequence
from typing import Any

from sync import schema
from sync.centre.apply import Applied, apply_transaction
from sync.centre.claimant import Claimant
from sync.centre.conflicts import ConflictStore
from sync.centre.journal import Journal, cutoff_key, message_text, result_json
from sync.centre.skew import ClockSkew
from sync.errors import ILSUnavailable
from sync.ils.base import ILSAdapter, Outcome, Result

log = logging.getLogger(__name__)

#: how old another bridge's claim must be before this one takes it over (seconds): longer than
#: any one transaction's calls to the ILS can last (SIP2: a few messages, each at most its
#: timeout, resends and one reconnect), short enough that a transaction whose bridge died
#: mid-call is applied minutes later, when its device resends it
CLAIM_LEASE_S = 300.0


class InFlight(ILSUnavailable):
    """Another bridge has sent this transaction to the ILS and not recorded the answer yet:
    the bridge answers "retry", and the device's resend gets that answer."""


class InOrderApplier:
    """Apply through ``ils`` in arrival order.

    :param conflicts: where broken rules go (journalled mode; default an in-memory store —
        production passes one on disk). The journal lives in its database.
    :param journal: False for the direct mode (no journal, no conflicts, no clock model).
    :param claim_lease_s: how old another bridge's claim must be to be taken over
        (:data:`CLAIM_LEASE_S`; see the module docstring).
    """

    rebases = False
    atomic = False

    def __init__(self, ils: ILSAdapter, *, conflicts: ConflictStore | None = None,
                 skew: ClockSkew | None = None, journal: bool = True,
                 claim_lease_s: float = CLAIM_LEASE_S) -> None:
        self.adapter = self.ils = ils
        self.claim_lease_s = claim_lease_s
        self.claimant = Claimant()
        #: claims this applier made and has not settled (its record or release failed): it
        #: knows they are not in flight, and takes them back at once
        self._mine: set[str] = set()
        self.skew = skew or ClockSkew()
        self.stats = {"applied": 0, "rebases": 0, "reapplied": 0, "late": 0, "rolled_back": 0,
                      "widened": 0}
        self.conflicts: ConflictStore | None = None
        self.journal: Journal | None = None
        self._newest: str | None = None
        if journal:
            self.conflicts = conflicts or ConflictStore(":memory:")
            self.journal = Journal(self.conflicts.db)
            self._newest = self.journal.newest_applied()
        #: the results of the last call as JSON dicts, by txn_id
        self.results: dict[str, dict[str, Any]] = {}

    def transaction(self) -> contextlib.AbstractContextManager[object]:
        return self.ils.batch()

    def close(self) -> None:
        self.ils.close()

    def __enter__(self) -> InOrderApplier:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def horizon(self) -> str | None:
        return self.journal.horizon if self.journal is not None else None

    def apply_many(self, messages: Iterable[dict[str, Any]], *,
                   received: float | None = None) -> dict[str, Result | None]:
        """:meth:`apply`, returning the results and raising the first failure, if any."""
        applied = self.apply(list(messages), received=received)
        for exc in applied.failed.values():
            raise exc
        return applied.results

    def apply(self, messages: Sequence[dict[str, Any]], *,
              received: float | None = None) -> Applied:
        received = time.time() if received is None else received
        self.results.clear()
        out = Applied(json=self.results)
        if self.journal is None:
            for msg in messages:
                txn_id = msg["txn_id"]
                if txn_id not in out.results and txn_id not in out.failed:
                    self._call(msg, out)
            return out
        ordered: dict[str, dict[str, Any]] = {}
        for msg in messages:
            txn_id = msg["txn_id"]
            if txn_id in out.results or txn_id in ordered:
                continue
            if msg["type"] not in schema.CIRCULATION_TYPES:  # no result, never journalled
                self._call(msg, out)
                continue
            ordered[txn_id] = msg
        # applied rows never change: those are answered without the writers' lock
        for txn_id, (kind, text) in self.journal.journalled(list(ordered), applied=True).items():
            self._repeat(txn_id, kind, text, out)
        fresh: list[tuple[str, dict[str, Any]]] = []
        for txn_id, msg in ordered.items():
            if txn_id in out.results:
                continue
            try:
                fresh.append(self.skew.keyed(msg, received))
            except Exception as exc:  # e.g. a time that passed the schema but is none
                out.failed[txn_id] = exc
        if fresh and self._newest is not None and min(k for k, _ in fresh) < self._newest:
            self.stats["late"] += 1
        claimed = self._claim(sorted(fresh, key=lambda f: f[0]), out)
        for n, (key, msg) in enumerate(claimed):
            try:
                result = self._call(msg, out)
                if msg["txn_id"] in out.failed or (
                        result is not None and result.outcome is Outcome.RETRY_LATER):
                    self._release([msg["txn_id"]])  # not decided: the resend is applied afresh
                    continue
                self._record(key, msg, result, received, out)
            except BaseException:  # (the database went away) the ones not sent are free
                with contextlib.suppress(Exception):
                    self._release([m["txn_id"] for _, m in claimed[n + 1:]])
                raise
        return out

    def _call(self, msg: dict[str, Any], out: Applied) -> Result | None:
        """One transaction through the adapter; a failure is noted in ``out`` alone."""
        txn_id = msg["txn_id"]
        try:
            result = apply_transaction(self.ils, msg)
        except ILSUnavailable as exc:
            out.failed[txn_id] = exc
            return None
        except Exception as exc:  # this one is rejected; the others go on
            log.warning("txn %s failed in the ILS adapter: %s: %s", txn_id,
                        type(exc).__name__, exc)
            out.failed[txn_id] = exc
            return None
        out.results[txn_id] = result
        return result

    def _repeat(self, txn_id: str, kind: str, text: str | None, out: Applied) -> None:
        """Answer ``txn_id`` with the result the journal keeps (applied before)."""
        assert self.journal is not None
        out.results[txn_id] = self.journal.load_result(kind, text)
        out.repeats.add(txn_id)
        if text is not None:
            self.results[txn_id] = schema.loads(text.encode())

    def _claim(self, fresh: list[tuple[str, dict[str, Any]]],
               out: Applied) -> list[tuple[str, dict[str, Any]]]:
        """Journal the ``fresh`` transactions as sent to the ILS, in one write transaction that
        reads the journal again first (another bridge's commits included); returns those this
        applier may now call the ILS for. The others have their answer in ``out``: the
        journal's result (a repeat), or :class:`InFlight`."""
        assert self.journal is not None
        conn = self.journal.conn
        now = time.time()
        claimed: list[tuple[str, dict[str, Any]]] = []
        with conn.write():
            rows = self.journal.rows("applied, type, result, journalled_at, claimant",
                              [m["txn_id"] for _, m in fresh])
            new, again = [], []
            for key, msg in fresh:
                txn_id = msg["txn_id"]
                row = rows.get(txn_id)
                if row is None:
                    new.append((key, msg))
                elif row[1]:
                    self._repeat(txn_id, row[2], row[3], out)
                elif (txn_id in self._mine or self.claimant.gone(row[5])
                        or row[4] <= now - self.claim_lease_s):
                    if txn_id not in self._mine:
                        log.warning("txn %s: taking over the claim of %s, %.0f s old (its"
                                    " bridge died waiting for the ILS)", txn_id, row[5],
                                    now - row[4])
                    again.append((now, self.claimant.name, txn_id))
                    claimed.append((key, msg))
                else:
                    out.failed[txn_id] = InFlight("being applied through another bridge")
            if again:
                conn.executemany("UPDATE seq_journal SET journalled_at=?, claimant=?"
                                 " WHERE txn_id=?", again)
            if new:
                inserted = conn.executemany(
                    "INSERT INTO seq_journal (txn_id, okey, type, message, applied,"
                    " journalled_at, claimant) VALUES (?, ?, ?, ?, 0, ?, ?)"
                    " ON CONFLICT DO NOTHING",
                    [(m["txn_id"], k, m["type"], message_text(m), now, self.claimant.name)
                     for k, m in new]).rowcount
                # every writer takes the lock, so all are in (no second read); should one not
                # have, a key it took is answered "retry", never raised
                if inserted == len(new):
                    claimed += new
                else:
                    ours = self.journal.rows("claimant", [m["txn_id"] for _, m in new])
                    for key, msg in new:
                        row = ours.get(msg["txn_id"])
                        if row is not None and row[1] == self.claimant.name:
                            claimed.append((key, msg))
                        else:
                            out.failed[msg["txn_id"]] = InFlight(
                                "taken in the journal meanwhile")
        self._mine.update(m["txn_id"] for _, m in claimed)
        for _, _, txn_id in again:  # sent before, answer unknown: the adapter settles it
            self.ils.may_have_applied(txn_id)
        return sorted(claimed, key=lambda f: f[0])

    def _release(self, txn_ids: list[str]) -> None:
        """Give back this applier's claims on transactions the ILS did not decide."""
        assert self.journal is not None
        if not txn_ids:
            return
        conn = self.journal.conn
        with conn.write():
            conn.executemany("DELETE FROM seq_journal WHERE txn_id=? AND applied=0"
                             " AND claimant=?", [(t, self.claimant.name) for t in txn_ids])
        self._mine.difference_update(txn_ids)

    def _record(self, key: str, msg: dict[str, Any], result: Result | None, received: float,
                out: Applied) -> None:
        """Turn this applier's claim into the applied row with its result and conflict note,
        committed at once: never apply it twice."""
        assert self.journal is not None and self.conflicts is not None
        txn_id = msg["txn_id"]
        late = self._newest is not None and key < self._newest
        encoded = result_json(result)
        if encoded is not None:
            self.results[txn_id] = encoded[0]
        values = (result.outcome.value if result else None, result.reason if result else None,
                  None if encoded is None else encoded[1])
        conn = self.journal.conn
        with conn.write():
            done = conn.execute(
                "UPDATE seq_journal SET applied=1, outcome=?, reason=?, result=?"
                " WHERE txn_id=? AND applied=0", (*values, txn_id)).rowcount == 1
            if not done:  # the claim was taken over (this bridge outlived its lease)
                done = conn.execute(
                    "INSERT INTO seq_journal (txn_id, okey, type, message, applied, outcome,"
                    " reason, result, journalled_at) VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?)"
                    " ON CONFLICT DO NOTHING",
                    (txn_id, key, msg["type"], message_text(msg), *values, received)
                ).rowcount == 1
            if done:
                self.conflicts.note(msg, result, late=late)
            else:
                kind, text = conn.execute("SELECT type, result FROM seq_journal"
                                          " WHERE txn_id=?", (txn_id,)).fetchone()
        self._mine.discard(txn_id)
        if not done:  # another bridge applied it after this one's lease ran out
            log.error("txn %s was applied through two bridges: this one waited for the ILS"
                      " longer than the claim lease (%.0f s)", txn_id, self.claim_lease_s)
            self.results.pop(txn_id, None)
            self._repeat(txn_id, kind, text, out)
            return
        self._newest = max(self._newest or key, key)
        self.stats["applied"] += 1

    def compact(self, before: dt.datetime) -> int:
        """Forget journal rows older than ``before`` (all but the newest applied; claims are
        kept: their answer is not known yet)."""
        if self.journal is None:
            return 0
        conn = self.journal.conn
        with conn.write():
            self.journal.raise_horizon(cutoff_key(before))
            return conn.execute(
                "DELETE FROM seq_journal WHERE applied=1 AND okey < ? AND okey < (SELECT okey"
                " FROM seq_journal WHERE applied=1 ORDER BY okey DESC LIMIT 1)",
                (cutoff_key(before),)).rowcount
