"""Apply transactions in arrival order, through any ILS adapter (SIP2, or any adapter without an
undo log).

Two modes:

* journalled (production): every circulation transaction is journalled
  (:mod:`sync.centre.journal`) in the conflict store's database and committed as soon as the ILS
  has it, so a bridge restart neither re-applies nor forgets what reached the ILS. A batch is
  applied in order-key order (:mod:`sync.centre.skew`); a transaction older than one applied
  before is applied anyway and reported as a ``late_arrival`` conflict (an ILS we cannot roll
  back cannot be rebased over). Refused offline replays are reported as conflicts too.
* direct (``journal=False``): each transaction straight through the adapter in the order it
  came, relying on the adapter's own ``txn_id`` memory (the reference ILS's ``applied_txns``)
  and the bridge's ledger.

Each transaction succeeds or fails on its own: the exception that stopped one is reported in
:attr:`~sync.centre.apply.Applied.failed` and the others go on.
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
from sync.centre.conflicts import ConflictStore
from sync.centre.journal import Journal, cutoff_key, message_text, result_json
from sync.centre.skew import ClockSkew
from sync.errors import ILSUnavailable
from sync.ils.base import ILSAdapter, Outcome, Result

log = logging.getLogger(__name__)


class InOrderApplier:
    """Apply through ``ils`` in arrival order.

    :param conflicts: where broken rules go (journalled mode; default an in-memory store —
        production passes one on disk). The journal lives in its database.
    :param journal: False for the direct mode (no journal, no conflicts, no clock model).
    """

    rebases = False
    atomic = False

    def __init__(self, ils: ILSAdapter, *, conflicts: ConflictStore | None = None,
                 skew: ClockSkew | None = None, journal: bool = True) -> None:
        self.adapter = self.ils = ils
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
        for txn_id, (kind, text) in self.journal.journalled(list(ordered)).items():
            out.results[txn_id] = self.journal.load_result(kind, text)  # a repeat
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
        for key, msg in sorted(fresh, key=lambda f: f[0]):
            result = self._call(msg, out)
            if msg["txn_id"] in out.failed or (
                    result is not None and result.outcome is Outcome.RETRY_LATER):
                continue  # not journalled: the resend is applied afresh
            self._journal(key, msg, result, received)
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

    def _journal(self, key: str, msg: dict[str, Any], result: Result | None,
                 received: float) -> None:
        """Journal and note one transaction the ILS has now, committed at once: never apply it
        twice."""
        assert self.journal is not None and self.conflicts is not None
        txn_id = msg["txn_id"]
        late = self._newest is not None and key < self._newest
        self._newest = max(self._newest or key, key)
        encoded = result_json(result)
        if encoded is not None:
            self.results[txn_id] = encoded[0]
        conn = self.journal.conn
        with conn.atomic():
            conn.execute(
                "INSERT INTO seq_journal (txn_id, okey, type, message, applied, outcome,"
                " reason, result, journalled_at) VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?)",
                (txn_id, key, msg["type"], message_text(msg),
                 result.outcome.value if result else None, result.reason if result else None,
                 None if encoded is None else encoded[1], received))
            self.conflicts.note(msg, result, late=late)
        self.stats["applied"] += 1

    def compact(self, before: dt.datetime) -> int:
        """Forget journal rows older than ``before`` (all but the newest applied)."""
        if self.journal is None:
            return 0
        conn = self.journal.conn
        with conn.atomic():
            self.journal.raise_horizon(cutoff_key(before))
            return conn.execute(
                "DELETE FROM seq_journal WHERE okey < ? AND okey < (SELECT okey"
                " FROM seq_journal WHERE applied=1 ORDER BY okey DESC LIMIT 1)",
                (cutoff_key(before),)).rowcount
