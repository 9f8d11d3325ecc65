"""The central bridge: applies each transaction exactly once through an ILS adapter.

Theory of operation
-------------------
The bridge subscribes through shared subscriptions (``$share/<group>/rfid/v1/tx/+`` and
``…/req/+``) so several bridges can run side by side; a redelivery may reach another member, so
every member de-duplicates against the one ledger (a SQLite file, or any shared store later).

* paho's network thread only puts messages on queues (it must never block); a worker thread
  takes the transactions in batches, a second one answers online requests so they never wait
  behind a backlog.
* A batch: validate each message (schema, and that the device named in it is the device of the
  topic); a malformed one goes to the ``dead_letter`` table and gets a "rejected" reply naming
  the reason. Known ``txn_id`` → the stored reply again (``duplicate: true``). New ones are
  applied through the adapter inside ``adapter.batch()`` (one commit for the reference ILS) and
  recorded in the ledger, then answered on their Response Topic with their Correlation Data.
  With the reference ILS the ledger lives in the ILS's database (:meth:`Ledger.inside`): one
  commit holds the changes and their record. A ledger in a file of its own commits after the
  ILS; a crash between the two is covered by the adapter's ``txn_id`` memory (the ordering
  layer's journal, or the adapter's own) — the resend gets the stored result.
* ``ILSUnavailable`` answers "retry" and records nothing: the edge sends it again later.
* Station events, inventory and tag programming are recorded in the ledger (the statistics of
  issue 6 read them from there); they never touch the ILS.
* A housekeeping thread publishes the offline cache (:mod:`sync.edge.offline_cache`, retained) once
  subscribed, every ``cache_interval_s``, and soon after a batch that changed what kiosks
  decide on (a hold trapped, a fine raised or paid, a hold picked up) — at most once per
  ``cache_min_interval_s``; and every ``compact_interval_s`` it compacts the ordering layer's
  undo log (:meth:`sync.centre.ordering.Sequencer.compact`) to ``undo_horizon_s`` back.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import queue
import socket
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import paho.mqtt.client as mqtt
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties
from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from sync import schema, topics
from sync.errors import ILSError, ILSUnavailable, SchemaError
from sync.ils.base import CheckinResult, ILSAdapter, Outcome, Result, SortDestination
from sync.mqtt import check_receive_maximum

log = logging.getLogger(__name__)

migrations = Migrations("bridge")


@migrations()
def m001_ledger(db: Database) -> None:
    db.executescript("""
    CREATE TABLE processed (txn_id TEXT PRIMARY KEY, device_id TEXT NOT NULL,
        seq INTEGER NOT NULL, type TEXT NOT NULL, branch TEXT, wall_time TEXT, offline INTEGER,
        status TEXT NOT NULL, outcome TEXT, reason TEXT, message TEXT NOT NULL,
        reply TEXT NOT NULL, received_at REAL NOT NULL);
    CREATE INDEX processed_device ON processed(device_id, seq);
    CREATE INDEX processed_type_time ON processed(type, wall_time);
    CREATE TABLE dead_letter (id INTEGER PRIMARY KEY, received_at REAL NOT NULL,
        topic TEXT NOT NULL, correlation TEXT, reason TEXT NOT NULL, body BLOB NOT NULL);
    """)


@migrations()
def m002_lean_ledger(db: Database) -> None:
    # every insert paid for two indexes nothing reads (statistics read the whole table)
    db.executescript("DROP INDEX IF EXISTS processed_device;"
                     " DROP INDEX IF EXISTS processed_type_time;")


class Ledger:
    """What the centre has processed (de-duplication) and what it could not (dead letters).

    In a file of its own, or (:meth:`inside`) in the reference ILS's database: then the bridge
    records a batch in the ILS's own transaction, so a batch costs one commit (one fsync), and
    the record and the change it describes are durable together or not at all.
    """

    #: True when the ledger lives on the ILS's connection (:meth:`inside`)
    shared = False

    def __init__(self, path: str | os.PathLike[str], *, durable: bool = True) -> None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.db = Database(sqlite3.connect(str(path), check_same_thread=False, timeout=30))
        self.db.enable_wal()
        self.db.execute(f"PRAGMA synchronous={'FULL' if durable else 'NORMAL'}")
        # its txn_id index grows at random: more cache, fewer checkpoints (as the ILS)
        self.db.execute("PRAGMA cache_size=-32768")
        self.db.execute("PRAGMA wal_autocheckpoint=10000")
        self._lock: threading.Lock | threading.RLock = threading.Lock()
        with self._lock:
            migrations.apply(self.db)

    @classmethod
    def inside(cls, ils: Any) -> Ledger:
        """The ledger in ``ils``'s own database (a :class:`~sync.ils.reference.ReferenceILS`,
        or an :class:`~sync.centre.ordering.OrderedILS` over one), on its connection and its lock."""
        inner = getattr(ils, "inner", ils)
        self = cls.__new__(cls)
        self.db, self._lock, self.shared = inner.db, inner._lock, True
        with self._lock:
            migrations.apply(self.db)
        return self

    def replies(self, txn_ids: list[str]) -> dict[str, str]:
        """Stored replies (JSON text) of the transactions already processed, by id."""
        out: dict[str, str] = {}
        with self._lock:
            for i in range(0, len(txn_ids), 500):
                chunk = txn_ids[i:i + 500]
                marks = ",".join("?" * len(chunk))
                for txn_id, reply in self.db.conn.execute(
                        f"SELECT txn_id, reply FROM processed WHERE txn_id IN ({marks})", chunk):
                    out[txn_id] = reply
        return out

    def record(self, rows: list[tuple], dead: list[tuple]) -> None:
        """Store processed transactions and dead letters: in the caller's transaction when the
        ledger is :meth:`inside` the ILS and one is open, else in a commit of its own."""
        joined = self.shared and self.db.conn.in_transaction
        with self._lock, (contextlib.nullcontext() if joined else self.db.atomic()):
            self.db.conn.executemany(
                "INSERT OR IGNORE INTO processed (txn_id, device_id, seq, type, branch,"
                " wall_time, offline, status, outcome, reason, message, reply, received_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
            self.db.conn.executemany(
                "INSERT INTO dead_letter (received_at, topic, correlation, reason, body)"
                " VALUES (?, ?, ?, ?, ?)", dead)

    def count(self, table: str = "processed") -> int:
        with self._lock:
            return self.db.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]

    def dead_letters(self) -> list[dict[str, Any]]:
        with self._lock:
            cur = self.db.conn.execute("SELECT * FROM dead_letter ORDER BY id")
            names = [c[0] for c in cur.description]
            return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]

    def close(self) -> None:
        if not self.shared:  # else the ILS owns the connection
            self.db.close()


@dataclass(frozen=True, kw_only=True)
class Incoming:
    topic: str
    body: bytes
    response_topic: str | None
    correlation: bytes | None


def _reply(txn_id: str | None, status: str, result: Result | None = None, *,
           reason: str | None = None, duplicate: bool = False,
           server_time: str | None = None,
           result_data: dict[str, Any] | None = None) -> dict[str, Any]:
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
    if duplicate:
        body["duplicate"] = True
    return body


def apply_transaction(ils: ILSAdapter, msg: dict[str, Any]) -> Result | None:
    """Apply one validated transaction; None for types the ILS does not see (events, stock).

    :raises ILSUnavailable: when the ILS cannot decide now.
    """
    kind, p = msg["type"], msg["payload"]
    if kind not in schema.CIRCULATION_TYPES:  # station events, stock: recorded, never applied
        return None
    when = schema.parse_time(msg["wall_time"])
    branch, no_block, txn_id = msg["branch"], msg["offline"], msg["txn_id"]
    due = dt.date.fromisoformat(p["due_date"]) if "due_date" in p else None
    if kind == "checkout":
        return ils.checkout(p["patron_id"], p["item_id"], branch=branch, event_time=when,
                            no_block=no_block, due_date=due, txn_id=txn_id)
    if kind == "checkin":
        return ils.checkin(p["item_id"], branch=branch, event_time=when, no_block=no_block,
                           txn_id=txn_id)
    if kind == "renew":
        return ils.renew(p["patron_id"], p["item_id"], branch=branch, event_time=when,
                         no_block=no_block, due_date=due, txn_id=txn_id)
    if kind == "hold_pickup":
        return ils.hold_pickup(p["patron_id"], p["item_id"], branch=branch, event_time=when,
                               no_block=no_block, due_date=due, txn_id=txn_id)
    if kind == "fee_paid":
        return ils.fee_paid(p["patron_id"], Decimal(p["amount"]), event_time=when,
                            payment_type=p.get("payment_type", "cash"), fee_id=p.get("fee_id"),
                            txn_id=txn_id)
    return None


def _apply_one(ils: ILSAdapter, msg: dict[str, Any],
               take: Callable[[str], Result | None] | None) -> Result | None:
    """The result of one transaction: the one the ordering layer prepared (``take``), else
    applied now."""
    if take is not None and msg["type"] in schema.CIRCULATION_TYPES:
        with contextlib.suppress(KeyError):
            return take(msg["txn_id"])
    return apply_transaction(ils, msg)


def answer_request(ils: ILSAdapter, req: dict[str, Any]) -> dict[str, Any]:
    """The result of one validated online request, as JSON."""
    op, a = req["op"], req["args"]
    if op == "patron_status":
        return schema.to_json(ils.patron_status(a["patron_id"], pin=a.get("pin")))
    if op == "item_info":
        return schema.to_json(ils.item_info(a["item_id"]))
    if op == "checkout_auth":
        return schema.to_json(ils.authorise_checkout(a["patron_id"], a["item_id"],
                                                     branch=req.get("branch", "")))
    if op == "renew_auth":
        return schema.to_json(ils.authorise_renew(a["patron_id"], a["item_id"],
                                                  branch=req.get("branch", "")))
    return schema.to_json(ils.account(a["patron_id"]))


class Bridge:
    """One bridge process (several may share the work through ``group``).

    :param ils: the adapter transactions are applied through.
    :param ledger: where processed transactions and dead letters are kept.
    """

    def __init__(self, ils: ILSAdapter, ledger: Ledger, *, host: str = "127.0.0.1",
                 port: int = 1883, group: str = "central", client_id: str | None = None,
                 prefix: str = topics.PREFIX, batch_size: int = 500,
                 session_expiry_s: int = 7 * 86400, keepalive: int = 30,
                 max_inflight_messages: int = 20, cache_interval_s: float = 0,
                 cache_min_interval_s: float = 5.0,
                 cache_builder: Callable[[], dict[str, dict[str, Any]]] | None = None,
                 compact_interval_s: float = 0, undo_horizon_s: float = 30 * 86400) -> None:
        self.ils = ils
        self.ledger = ledger
        self.host, self.port = host, port
        self.group, self.prefix = group, prefix
        # a stable id: a restarted bridge resumes its session and gets the share of messages
        # the broker queued for it while it was down (run several with distinct ids)
        self.client_id = client_id or f"bridge-{group}-{socket.gethostname()}"
        self.batch_size = batch_size
        self.session_expiry_s = session_expiry_s
        self.keepalive = keepalive
        self._tx: queue.Queue[Incoming | None] = queue.Queue()
        self._req: queue.Queue[Incoming | None] = queue.Queue()
        self._ils_lock = threading.Lock()
        self._threads: list[threading.Thread] = []
        self.connected = threading.Event()
        self.stats = {"applied": 0, "duplicates": 0, "rejected": 0, "retry": 0, "requests": 0,
                      "cache_published": 0, "compactions": 0}
        # housekeeping: the offline cache (0 = never) and the undo log's compaction (0 = never)
        self.cache_interval_s = cache_interval_s
        self.cache_min_interval_s = cache_min_interval_s
        self.cache_builder = cache_builder or (default_cache_builder(ils) if cache_interval_s
                                               else None)
        self.compact_interval_s = compact_interval_s
        self.undo_horizon_s = undo_horizon_s
        self._cache_due = threading.Event()
        self._stopping = threading.Event()
        self.client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=self.client_id,
                                  protocol=mqtt.MQTTv5)
        self.client.max_inflight_messages_set(max_inflight_messages)  # ≤ broker's Receive Max
        self.client.max_queued_messages_set(0)
        self.client.reconnect_delay_set(1, 30)
        self.client.on_connect = self._on_connect
        self.client.on_disconnect = self._on_disconnect
        self.client.on_message = self._on_message
        self.client.on_subscribe = self._on_subscribe
        self._sub_mid: int | None = None

    # --- paho callbacks: never block here --------------------------------------------------
    def _on_connect(self, client: mqtt.Client, userdata: Any, flags: Any, rc: Any,
                    properties: Any = None) -> None:
        if rc.is_failure:
            log.warning("bridge connect refused: %s", rc)
            return
        check_receive_maximum(properties, self.client.max_inflight_messages)
        _, self._sub_mid = client.subscribe([(topics.shared(self.group, "tx", self.prefix), 1),
                                             (topics.shared(self.group, "req", self.prefix), 1)])

    def _on_subscribe(self, client: mqtt.Client, userdata: Any, mid: int, rcs: Any,
                      properties: Any = None) -> None:
        if mid == self._sub_mid:
            self.connected.set()  # connected *and* subscribed: messages now reach us
            self._cache_due.set()

    def _on_disconnect(self, client: mqtt.Client, userdata: Any, flags: Any, rc: Any,
                       properties: Any = None) -> None:
        self.connected.clear()

    def _on_message(self, client: mqtt.Client, userdata: Any, msg: mqtt.MQTTMessage) -> None:
        props = msg.properties
        item = Incoming(topic=msg.topic, body=msg.payload,
                        response_topic=getattr(props, "ResponseTopic", None),
                        correlation=getattr(props, "CorrelationData", None))
        (self._req if "/req/" in msg.topic else self._tx).put(item)

    # --- lifecycle -------------------------------------------------------------------------
    def start(self) -> Bridge:
        props = Properties(PacketTypes.CONNECT)
        props.SessionExpiryInterval = self.session_expiry_s
        self.client.connect_async(self.host, self.port, self.keepalive, clean_start=False,
                                  properties=props)
        self.client.loop_start()
        self._stopping.clear()
        targets = [self._tx_worker, self._req_worker]
        if self.cache_builder is not None or self.compact_interval_s:
            targets.append(self._housekeeper)
        for target in targets:
            t = threading.Thread(target=target, name=f"bridge-{target.__name__}", daemon=True)
            t.start()
            self._threads.append(t)
        return self

    def stop(self) -> None:
        self._stopping.set()
        self._tx.put(None)
        self._req.put(None)
        for t in self._threads:
            t.join(10)
        self._threads.clear()
        with contextlib.suppress(Exception):
            self.client.disconnect()
        self.client.loop_stop()

    def __enter__(self) -> Bridge:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _publish(self, topic: str | None, body: dict[str, Any], correlation: bytes | None) -> None:
        self._publish_bytes(topic, schema.encode(body), correlation)

    def _publish_bytes(self, topic: str | None, data: bytes, correlation: bytes | None) -> None:
        if not topic:
            return
        props = Properties(PacketTypes.PUBLISH)
        if correlation is not None:
            props.CorrelationData = correlation
        self.client.publish(topic, data, qos=1, properties=props)

    # --- housekeeping ----------------------------------------------------------------------
    def poke_cache(self) -> None:
        """Ask for the offline cache to be published soon (after staff placed a hold or
        blocked a patron in the ILS; the bridge's own batches do this by themselves)."""
        self._cache_due.set()

    def publish_cache(self) -> bool:
        """Build the offline cache from the ILS and publish it retained now; False when there
        is no builder or no connection."""
        if self.cache_builder is None or not self.connected.is_set():
            return False
        from sync.edge import offline_cache

        with self._ils_lock:
            parts = self.cache_builder()
        offline_cache.publish(self.client, parts, prefix=self.prefix)
        self.stats["cache_published"] += 1
        log.info("offline cache published (%d parts)", len(parts))
        return True

    def compact(self, now: dt.datetime | None = None) -> int:
        """Compact the ordering layer's undo log to ``undo_horizon_s`` before ``now``."""
        sequencer = getattr(self.ils, "sequencer", None)
        if sequencer is None:
            return 0
        before = (now or schema.utc_now()) - dt.timedelta(seconds=self.undo_horizon_s)
        with self._ils_lock:
            removed = sequencer.compact(before)
        self.stats["compactions"] += 1
        log.info("undo log compacted before %s: %d row(s)", before.isoformat(), removed)
        return removed

    def _housekeeper(self) -> None:
        last_cache = -float("inf")
        next_compact = time.monotonic() if self.compact_interval_s else float("inf")
        while not self._stopping.wait(0.2):
            now = time.monotonic()
            if self.cache_builder is not None:
                if self.cache_interval_s and now - last_cache >= self.cache_interval_s:
                    self._cache_due.set()
                if (self._cache_due.is_set() and self.connected.is_set()
                        and now - last_cache >= self.cache_min_interval_s):
                    self._cache_due.clear()
                    try:
                        if self.publish_cache():
                            last_cache = now
                    except Exception:  # keep the bridge running; try again next interval
                        log.exception("offline cache not published")
                        last_cache = now
            if now >= next_compact:
                next_compact = now + self.compact_interval_s
                try:
                    self.compact()
                except Exception:
                    log.exception("undo log compaction failed")

    # --- transactions ----------------------------------------------------------------------
    def _tx_worker(self) -> None:
        while True:
            first = self._tx.get()
            if first is None:
                return
            # small enough batches that replies flow back while the edges keep sending:
            # at most batch_size messages or ~batch_size transactions' worth of bytes
            batch, size = [first], len(first.body)
            while len(batch) < self.batch_size and size < self.batch_size * 350:
                try:
                    item = self._tx.get_nowait()
                except queue.Empty:
                    break
                if item is None:
                    self._tx.put(None)
                    break
                batch.append(item)
                size += len(item.body)
            try:
                self.process(batch)
            except Exception:  # keep serving; the edge resends what got no reply
                log.exception("bridge batch of %d failed", len(batch))

    def process(self, batch: list[Incoming]) -> list[tuple[str | None, dict[str, Any]]]:
        """Handle one batch of transaction messages (single transactions or ``batch``
        envelopes); returns the ``(response topic, reply)`` pairs, also published. Public so
        tests can drive it without a broker."""
        now = time.time()
        server_time = schema.format_time(schema.utc_now())
        dead: list[tuple] = []
        # one slot list per incoming message; a plain transaction has one slot
        slots: list[list[dict[str, Any] | None]] = []
        envelopes: list[bool] = []
        valid: list[tuple[int, int, dict[str, Any], bytes]] = []
        for n, item in enumerate(batch):
            corr = _corr(item.correlation)
            where = topics.device_of(item.topic, self.prefix)
            try:
                obj = schema.loads(item.body)
                is_batch = isinstance(obj, dict) and "batch" in obj
                elements = schema.validate("batch", obj)["batch"] if is_batch else [obj]
                # each element as the edge encoded it (the one encoding both ends write)
                raws = [schema.encode(m) for m in elements] if is_batch else [item.body]
            except SchemaError as exc:
                dead.append((now, item.topic, corr, exc.reason, item.body))
                slots.append([_reply(corr, "rejected", reason=exc.reason)])
                envelopes.append(False)
                self.stats["rejected"] += 1
                continue
            envelopes.append(is_batch)
            slots.append([None] * len(elements))
            for k, (msg, raw) in enumerate(zip(elements, raws, strict=True)):
                try:
                    schema.validate("transaction", msg)
                    if where is None or where[1] != msg["device_id"]:
                        raise SchemaError(
                            f"device_id {msg['device_id']!r} does not match the topic")
                except SchemaError as exc:
                    txn_id = msg.get("txn_id") if isinstance(msg, dict) else None
                    txn_id = txn_id if isinstance(txn_id, str) and is_batch else corr
                    dead.append((now, item.topic, txn_id, exc.reason, raw))
                    slots[n][k] = _reply(txn_id, "rejected", reason=exc.reason)
                    self.stats["rejected"] += 1
                    continue
                valid.append((n, k, msg, raw))
        stored = self.ledger.replies([m["txn_id"] for _, _, m, _ in valid])
        rows: list[tuple] = []
        fresh: dict[str, dict[str, Any]] = {}
        with self._ils_lock, self.ils.batch():
            prepare = getattr(self.ils, "prepare", None)  # sync.centre.ordering.OrderedILS
            result_json = getattr(self.ils, "result_json", None)
            take = getattr(self.ils, "take", None) if prepare is not None else None
            if prepare is not None:  # order and rebase the whole batch once (issue 6)
                prepare([m for _, _, m, _ in valid if m["txn_id"] not in stored])
            for n, k, msg, raw in valid:
                txn_id = msg["txn_id"]
                if txn_id in stored or txn_id in fresh:
                    reply = (schema.loads(stored[txn_id]) if txn_id in stored
                             else dict(fresh[txn_id]))
                    reply["duplicate"] = True
                    slots[n][k] = reply
                    self.stats["duplicates"] += 1
                    continue
                try:
                    result = _apply_one(self.ils, msg, take)
                except ILSUnavailable as exc:
                    slots[n][k] = _reply(txn_id, "retry", reason=str(exc) or "ils_unavailable")
                    self.stats["retry"] += 1
                    continue
                except (ILSError, ValueError, TypeError, KeyError) as exc:
                    reason = f"cannot apply: {type(exc).__name__}: {exc}"[:300]
                    log.warning("txn %s rejected: %s", txn_id, reason)
                    reply = _reply(txn_id, "rejected", reason=reason)
                    dead.append((now, batch[n].topic, txn_id, reason, raw))
                else:
                    if result is not None and result.outcome is Outcome.RETRY_LATER:
                        slots[n][k] = _reply(txn_id, "retry", result)
                        self.stats["retry"] += 1
                        continue
                    reply = _reply(txn_id, "applied", result, server_time=server_time,
                                   result_data=(result_json(txn_id) if result_json is not None
                                                and result is not None else None))
                    if result is not None and _changes_cache(msg["type"], result):
                        self._cache_due.set()
                fresh[txn_id] = reply
                rows.append((txn_id, msg["device_id"], msg["seq"], msg["type"], msg["branch"],
                             msg["wall_time"], int(msg["offline"]), reply["status"],
                             reply.get("outcome"), reply.get("reason"), raw.decode(),
                             schema.encode(reply).decode(), now))
                slots[n][k] = reply
            if self.ledger.shared:  # the same commit as the ILS's changes
                self.ledger.record(rows, dead)
        if not self.ledger.shared:  # a crash before this is covered by the ILS's txn memory
            self.ledger.record(rows, dead)
        self.stats["applied"] += sum(1 for r in rows if r[7] == "applied")
        self.stats["rejected"] += sum(1 for r in rows if r[7] == "rejected")
        out: list[tuple[str | None, dict[str, Any]]] = []
        for item, replies, is_batch in zip(batch, slots, envelopes, strict=True):
            body = ({"v": schema.VERSION, "replies": replies, "server_time": server_time}
                    if is_batch else replies[0])
            self._publish(item.response_topic, body, item.correlation)
            out.append((item.response_topic, body))
        return out

    # --- online requests -------------------------------------------------------------------
    def _req_worker(self) -> None:
        while True:
            item = self._req.get()
            if item is None:
                return
            self.stats["requests"] += 1
            try:
                req = schema.decode("request", item.body)
                where = topics.device_of(item.topic, self.prefix)
                if where is None or where[1] != req["device_id"]:
                    raise SchemaError(f"device_id {req['device_id']!r} does not match the topic")
            except SchemaError as exc:
                body = {"v": schema.VERSION, "request_id": _corr(item.correlation), "ok": False,
                        "error": exc.reason,
                        "server_time": schema.format_time(schema.utc_now())}
                self._publish(item.response_topic, body, item.correlation)
                continue
            try:
                with self._ils_lock:
                    result = answer_request(self.ils, req)
                body = {"v": schema.VERSION, "request_id": req["request_id"], "ok": True,
                        "result": result, "server_time": schema.format_time(schema.utc_now())}
            except Exception as exc:  # the kiosk falls back to offline rules
                log.warning("request %s failed: %s", req["op"], exc)
                body = {"v": schema.VERSION, "request_id": req["request_id"], "ok": False,
                        "error": f"{type(exc).__name__}: {exc}"[:300],
                        "server_time": schema.format_time(schema.utc_now())}
            self._publish(item.response_topic, body, item.correlation)


def _changes_cache(kind: str, result: Result) -> bool:
    """Does this applied transaction change what the offline cache says (holds trapped,
    patrons blocked by fees)?"""
    if not result.ok:
        return False
    if kind in ("hold_pickup", "fee_paid"):
        return True
    if isinstance(result, CheckinResult):
        return (result.fees_charged > 0 or result.destination in (SortDestination.HOLD_SHELF,
                                                                   SortDestination.TRANSIT))
    return False


def default_cache_builder(ils: ILSAdapter) -> Callable[[], dict[str, dict[str, Any]]] | None:
    """The offline cache builder for ``ils``: the reference ILS (possibly behind the ordering
    layer) can list blocked patrons and trapped holds; a SIP2 ILS cannot, so None."""
    from sync.edge import offline_cache
    from sync.ils.reference import ReferenceILS

    inner = getattr(ils, "inner", ils)
    if not isinstance(inner, ReferenceILS):
        return None
    return lambda: offline_cache.build(inner)


def _corr(correlation: bytes | None) -> str | None:
    if correlation is None:
        return None
    try:
        return correlation.decode()[:64]
    except UnicodeDecodeError:
        return correlation.hex()[:64]
