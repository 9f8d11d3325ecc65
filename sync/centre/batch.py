"""The centre's batch component: transaction messages in, replies out (sans-I/O but for the
applier and the ledger it is given; the bridge does the MQTT).

Theory of operation
-------------------
* Validate each message: the schema and the typed check (:func:`sync.messages.from_wire`:
  times and dates that exist, amounts above zero, integers SQLite can store), and that the
  device named in it is the device of the topic. A message that fails goes to the ``dead_letter``
  table and gets a "rejected" reply naming the reason; a ``batch`` envelope is checked element
  by element, so one bad element is answered alone.
* De-duplicate against the ledger, keyed on (device, ``txn_id``): a known one gets its stored
  reply again (``duplicate: true``); a repeat inside the batch gets the reply of its first copy.
  Another device's ``txn_id`` is rejected (issue 19 finding 6: the stored reply names a patron
  and a title; only the device that sent the transaction gets it back). The ledger is read as
  late as can be, so a resend another bridge on the same database recorded meanwhile is seen:
  inside the write transaction when it lives in the ILS's database, else under this bridge's
  lock just before the applier, whose journal (read again under the writers' lock) answers what
  is taken after that; a transaction the applier finds applied already is answered as a
  duplicate with the journal's result.
* A key another writer took (the journal's or the ledger's primary key) never raises out of a
  batch: an all-or-nothing batch that meets one is applied once more, and the re-check inside
  the write transaction answers the taken transaction as a duplicate.
* Apply the new ones through the :class:`~sync.centre.apply.Applier` inside its transaction,
  and (with the ledger inside the ILS's database) record them in the same commit.
* Isolation: a transaction that makes the applier raise is rejected and dead-lettered alone;
  the batch is applied again without it (:class:`~sync.centre.apply.ApplyError` names it; an
  error nobody is named for makes the batch go one transaction at a time). Nothing a device
  sends can make :meth:`BatchProcessor.process` raise or hold back the rest of its envelope.
* ``ILSUnavailable`` and ``RETRY_LATER`` answer "retry" and record nothing: the edge sends the
  transaction again later.
* Replies go to the reply topic of the device whose topic the message came on (the broker
  authenticated it), never to a Response Topic the message names (issue 19 finding 5: a device
  could otherwise publish, through the bridge, into another device's reply topic or the
  offline cache).
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sync import fields, messages, schema, topics
from sync.centre.apply import Applied, Applier, ApplyError
from sync.centre.ledger import Ledger
from sync.db import is_key_conflict
from sync.errors import ILSUnavailable, SchemaError
from sync.ils.base import CheckinResult, Outcome, Result, SortDestination

log = logging.getLogger(__name__)

@dataclass(frozen=True, kw_only=True)
class Incoming:
    """One message as it arrived."""

    topic: str
    body: bytes
    response_topic: str | None
    correlation: bytes | None


@dataclass(frozen=True, kw_only=True)
class Outgoing:
    """One reply to publish."""

    topic: str | None
    body: dict[str, Any]
    correlation: bytes | None


@dataclass(slots=True)
class _Element:
    """One transaction of the batch, validated: where its reply goes (message ``n``, slot
    ``k``), the message and its bytes as the edge encoded them, and its ``txn_id`` (read a
    dozen times per transaction: a field, not a lookup)."""

    n: int
    k: int
    msg: dict[str, Any]
    raw: bytes
    txn_id: str


def reply(txn_id: str | None, status: str, result: Result | None = None, *,
          reason: str | None = None, server_time: str | None = None,
          result_data: dict[str, Any] | None = None) -> dict[str, Any]:
    """A reply to one transaction."""
    body: dict[str, Any] = {"v": schema.VERSION, "txn_id": txn_id, "status": status,
                            "server_time": server_time or schema.format_time(schema.utc_now())}
    if result is not None:
        body["outcome"] = result.outcome.value
        body["reason"] = result.reason
        body["screen_message"] = result.screen_message
        body["result"] = schema.to_json(result) if result_data is None else result_data
    elif status == "applied":
        body["outcome"] = "applied"
    if reason is not None:
        body["reason"] = reason
    return body


def changes_cache(kind: str, result: Result | None) -> bool:
    """Does this applied transaction change what the offline cache says (holds trapped,
    patrons blocked by fees)?"""
    if result is None or not result.ok:
        return False
    if kind in ("hold_pickup", "fee_paid"):
        return True
    if isinstance(result, CheckinResult):
        return (result.fees_charged > 0 or result.destination in (SortDestination.HOLD_SHELF,
                                                                   SortDestination.TRANSIT))
    return False


def correlation_text(correlation: bytes | str | None) -> str | None:
    """What names a message in a dead letter and an answer: its text, or the hex of its bytes
    when they are not text without control characters (correlation data is any bytes, and a
    hostile ``txn_id`` any string; the ledger's text columns take neither a NUL nor a CR)."""
    if correlation is None:
        return None
    if isinstance(correlation, str):
        correlation = correlation.encode(errors="surrogatepass")
    try:
        text = correlation.decode()
    except UnicodeDecodeError:
        return correlation.hex()[:64]
    return correlation.hex()[:64] if fields.CONTROL.search(text) else text[:64]


def _failure(exc: BaseException) -> str:
    return f"cannot apply: {type(exc).__name__}: {exc}"[:300]


class BatchProcessor:
    """Validate, de-duplicate, apply, record and answer batches of transaction messages.

    :param lock: taken around every use of the applier (the bridge shares it with online
        requests and housekeeping).
    :param on_cache_change: called when an applied transaction changed what the offline cache
        says.
    """

    def __init__(self, applier: Applier, ledger: Ledger, *, prefix: str = topics.PREFIX,
                 lock: threading.Lock | None = None,
                 on_cache_change: Callable[[], None] | None = None) -> None:
        self.applier = applier
        self.ledger = ledger
        self.prefix = prefix
        self.lock = lock or threading.Lock()
        self.on_cache_change = on_cache_change or (lambda: None)
        self.stats = {"applied": 0, "duplicates": 0, "rejected": 0, "retry": 0}

    def process(self, batch: list[Incoming]) -> list[Outgoing]:
        """The replies to one batch of messages (single transactions or ``batch`` envelopes),
        one per message, in order."""
        now = time.time()
        server_time = schema.format_time(schema.utc_now())
        dead: list[tuple] = []
        # one slot list per incoming message; a plain transaction has one slot
        slots: list[list[dict[str, Any] | None]] = []
        envelopes: list[bool] = []
        valid: list[_Element] = []
        for n, item in enumerate(batch):
            envelopes.append(self._validate(n, item, now, slots, dead, valid))
        try:
            self._decide(valid, batch, slots, dead, now, server_time)
        except ILSUnavailable as exc:  # the database is away: nothing decided, all resent
            for e in valid:
                slots[e.n][e.k] = reply(e.txn_id, "retry", reason=str(exc) or "ils_unavailable")
            self.stats["retry"] += len(valid)
        out = []
        for item, answers, is_batch in zip(batch, slots, envelopes, strict=True):
            body = ({"v": schema.VERSION, "replies": answers, "server_time": server_time}
                    if is_batch else answers[0])
            out.append(Outgoing(topic=self.reply_topic(item), body=body,
                                correlation=item.correlation))
        return out

    def _decide(self, valid: list[_Element], batch: list[Incoming],
                slots: list[list[dict[str, Any] | None]], dead: list[tuple], now: float,
                server_time: str) -> None:
        """De-duplicate, apply, record: every valid element's slot filled.

        :raises ILSUnavailable: the ledger's database cannot be reached."""
        # the ledger is read as late as can be instead (:meth:`_taken_meanwhile`): a ledger in
        # the ILS's database inside the write transaction, one of its own under this bridge's
        # lock, so that another bridge's commits meanwhile are seen
        first: dict[str, _Element] = {}
        for e in list(valid):
            owner = first[e.txn_id].msg["device_id"] if e.txn_id in first else None
            if owner is not None and owner != e.msg["device_id"]:
                valid.remove(e)
                reason = "txn_id already used by another device"
                dead.append((now, batch[e.n].topic, e.txn_id, reason, e.raw))
                slots[e.n][e.k] = reply(e.txn_id, "rejected", reason=reason)
                self.stats["rejected"] += 1
            else:
                first.setdefault(e.txn_id, e)
        replies, rows = self._apply(list(first.values()), batch, dead, now, server_time)
        if not self.ledger.shared:  # a crash before this is covered by the applier's memory
            self.ledger.record(rows, dead)
        for e in valid:
            if first[e.txn_id] is e:
                slots[e.n][e.k] = replies[e.txn_id]
            else:
                slots[e.n][e.k] = {**replies[e.txn_id], "duplicate": True}
                self.stats["duplicates"] += 1

    def reply_topic(self, item: Incoming) -> str | None:
        """Where the reply to ``item`` goes: its device's reply topic (None: it did not come
        on a device's transaction topic, so nobody is answered)."""
        where = topics.device_of(item.topic, self.prefix)
        if where is None or where[0] != "tx":
            return None
        return topics.reply(where[1], self.prefix)

    # --- validation ------------------------------------------------------------------------
    def _validate(self, n: int, item: Incoming, now: float,
                  slots: list[list[dict[str, Any] | None]], dead: list[tuple],
                  valid: list[_Element]) -> bool:
        """Check message ``n``: its slots, dead letters and valid elements are appended;
        returns whether it is a ``batch`` envelope."""
        corr = correlation_text(item.correlation)
        where = topics.device_of(item.topic, self.prefix)
        try:
            obj = schema.loads(item.body)
            is_batch = isinstance(obj, dict) and "batch" in obj
            elements = schema.validate("batch", obj)["batch"] if is_batch else [obj]
            # each element as the edge encoded it (the one encoding both ends write)
            raws = [schema.encode(m) for m in elements] if is_batch else [item.body]
        except SchemaError as exc:
            dead.append((now, item.topic, corr, exc.reason, item.body))
            slots.append([reply(corr, "rejected", reason=exc.reason)])
            self.stats["rejected"] += 1
            return False
        slots.append([None] * len(elements))
        for k, (msg, raw) in enumerate(zip(elements, raws, strict=True)):
            try:
                # the schema, then every field checked as the typed message would be (msg is
                # from schema.loads; the dict goes on, so nothing is built)
                messages.check_wire(msg, parsed=True)
                if where is None or where[1] != msg["device_id"]:
                    raise SchemaError(f"device_id {msg['device_id']!r} does not match the topic")
            except SchemaError as exc:
                txn_id = msg.get("txn_id") if isinstance(msg, dict) else None
                txn_id = txn_id if isinstance(txn_id, str) and is_batch else corr
                dead.append((now, item.topic, correlation_text(txn_id), exc.reason, raw))
                slots[n][k] = reply(txn_id, "rejected", reason=exc.reason)
                self.stats["rejected"] += 1
                continue
            valid.append(_Element(n=n, k=k, msg=msg, raw=raw, txn_id=msg["txn_id"]))
        return is_batch

    # --- applying, with failures isolated ----------------------------------------------------
    def _apply(self, todo: list[_Element], batch: list[Incoming], dead: list[tuple], now: float,
               server_time: str) -> tuple[dict[str, dict[str, Any]], list[tuple]]:
        """Apply the new transactions; returns their replies by ``txn_id`` and the ledger rows
        (recorded already, with the dead letters, when the ledger shares the ILS's
        transaction)."""
        replies: dict[str, dict[str, Any]] = {}
        rows: list[tuple] = []
        poison: dict[str, BaseException] = {}  # to reject in the next attempt that succeeds
        conflicted: set[frozenset[str]] = set()  # groups tried again after a key conflict
        groups = [todo]  # (an empty one still records the dead letters)
        while groups:
            group = [e for e in groups.pop(0) if e.txn_id not in poison]
            answers: dict[str, dict[str, Any]] = {}
            letters: list[tuple] = []
            try:
                with self.lock:
                    # another bridge may have taken some since _decide (its own ledger is read
                    # outside the ILS's write transaction, whose lock it does not need)
                    if not self.ledger.shared:
                        group = self._taken_meanwhile(group, replies, batch, dead, now)
                    with self.applier.transaction():
                        if self.ledger.shared:
                            group = self._taken_meanwhile(group, replies, batch, dead, now)
                        applied = self.applier.apply([e.msg for e in group], received=now)
                        new_rows = self._answer(group, applied, answers, batch, letters, now,
                                                server_time)
                        new_rows += self._reject(poison, todo, answers, batch, letters, now)
                        if self.ledger.shared:  # the same commit as the ILS's changes
                            self.ledger.record(new_rows, dead + letters)
            except ApplyError as exc:
                if exc.txn_id not in {e.txn_id for e in group}:
                    raise  # a journalled transaction, not one of ours: nothing to leave out
                log.warning("txn %s rejected, the rest applied without it: %s", exc.txn_id,
                            exc.cause)
                poison[exc.txn_id] = exc.cause
                groups.insert(0, group)
                continue
            except ILSUnavailable as exc:  # none of the group decided: the edge resends
                for e in group:
                    replies[e.txn_id] = reply(e.txn_id, "retry",
                                              reason=str(exc) or "ils_unavailable")
                self.stats["retry"] += len(group)
                if poison:  # still to be answered and recorded
                    groups.insert(0, [])
                continue
            except sqlite3.OperationalError:  # the database, not a transaction: resend later
                raise
            except Exception as exc:
                if (group and self.applier.atomic and is_key_conflict(exc)
                        and frozenset(e.txn_id for e in group) not in conflicted):
                    # a journal or ledger key another writer took (outside the lock): nothing
                    # of the group remains; once more, and the re-check inside the write
                    # transaction answers what was taken as duplicates
                    log.warning("batch of %d met a key taken meanwhile (%s); applying it again",
                                len(group), exc)
                    conflicted.add(frozenset(e.txn_id for e in group))
                    groups.insert(0, group)
                    continue
                if not group or not self.applier.atomic:
                    # even the rejections cannot be recorded, or what reached the ILS cannot be
                    # told apart: the batch fails and the edge resends it
                    raise
                if len(group) == 1:
                    log.exception("txn %s rejected", group[0].txn_id)
                    poison[group[0].txn_id] = exc
                    groups.insert(0, [])
                else:  # nobody named: one at a time finds it
                    log.warning("batch of %d failed (%s); applying one at a time", len(group),
                                exc)
                    groups[0:0] = [[e] for e in group]
                continue
            replies.update(answers)
            rows += new_rows
            for answer in answers.values():
                self.stats["duplicates" if answer.get("duplicate") else {
                    "applied": "applied", "rejected": "rejected"}.get(
                    answer["status"], "retry")] += 1
            if self.ledger.shared:
                dead.clear()
            else:
                dead += letters
            poison.clear()
        return replies, rows

    def _taken_meanwhile(self, group: list[_Element], replies: dict[str, dict[str, Any]],
                         batch: list[Incoming], dead: list[tuple],
                         now: float) -> list[_Element]:
        """De-duplication against the ledger, as late as can be (a ledger in the ILS's database:
        inside the write transaction; one of its own: under this bridge's lock, just before the
        applier): the elements already recorded — by this bridge earlier, or by another bridge
        on the same database that committed them while this batch waited for the lock (a
        device resent them elsewhere) — are answered with the stored reply as duplicates
        (another device's id: rejected) and left out; the rest is returned. Read any earlier,
        a non-circulation transaction (a sighting, a rating), which no journal remembers, would
        apply twice."""
        taken = self.ledger.replies([e.txn_id for e in group])
        if not taken:
            return group
        for e in group:
            if e.txn_id not in taken:
                continue
            device, text = taken[e.txn_id]
            if device != e.msg["device_id"]:
                reason = "txn_id already used by another device"
                dead.append((now, batch[e.n].topic, e.txn_id, reason, e.raw))
                replies[e.txn_id] = reply(e.txn_id, "rejected", reason=reason)
                self.stats["rejected"] += 1
            else:
                replies[e.txn_id] = {**schema.loads(text.encode()), "duplicate": True}
                self.stats["duplicates"] += 1
        return [e for e in group if e.txn_id not in taken]

    def _answer(self, group: list[_Element], applied: Applied,
                replies: dict[str, dict[str, Any]], batch: list[Incoming], dead: list[tuple],
                now: float, server_time: str) -> list[tuple]:
        rows = []
        for e in group:
            txn_id = e.txn_id
            if txn_id in applied.failed:
                exc = applied.failed[txn_id]
                if isinstance(exc, ILSUnavailable):
                    replies[txn_id] = reply(txn_id, "retry", reason=str(exc) or "ils_unavailable")
                    continue
                log.warning("txn %s rejected: %s", txn_id, _failure(exc))
                answer = reply(txn_id, "rejected", reason=_failure(exc))
                dead.append((now, batch[e.n].topic, txn_id, answer["reason"], e.raw))
            else:
                result = applied.results.get(txn_id)
                if result is not None and result.outcome is Outcome.RETRY_LATER:
                    replies[txn_id] = reply(txn_id, "retry", result)
                    continue
                answer = reply(txn_id, "applied", result, server_time=server_time,
                               result_data=applied.json.get(txn_id))
                if txn_id in applied.repeats:  # applied before (another bridge, say)
                    rows.append(self._row(e, answer, now))  # (kept if the ledger lacks it)
                    replies[txn_id] = {**answer, "duplicate": True}
                    continue
                if changes_cache(e.msg["type"], result):
                    self.on_cache_change()
            replies[txn_id] = answer
            rows.append(self._row(e, answer, now))
        return rows

    def _reject(self, poison: dict[str, BaseException], todo: list[_Element],
                replies: dict[str, dict[str, Any]], batch: list[Incoming], dead: list[tuple],
                now: float) -> list[tuple]:
        rows = []
        for e in todo:
            if e.txn_id in poison:
                answer = reply(e.txn_id, "rejected", reason=_failure(poison[e.txn_id]))
                dead.append((now, batch[e.n].topic, e.txn_id, answer["reason"], e.raw))
                replies[e.txn_id] = answer
                rows.append(self._row(e, answer, now))
        return rows

    @staticmethod
    def _row(e: _Element, answer: dict[str, Any], now: float) -> tuple:
        msg = e.msg
        return (msg["txn_id"], msg["device_id"], msg["seq"], msg["type"], msg["branch"],
                msg["wall_time"], int(msg["offline"]), answer["status"], answer.get("outcome"),
                answer.get("reason"), e.raw.decode(), schema.encode(answer).decode(), now)

