"""The central bridge: the MQTT shell around the centre's batch component.

Theory of operation
-------------------
The bridge subscribes through shared subscriptions (``$share/<group>/rfid/v1/tx/+`` and
``…/req/+``) so several bridges can run side by side; a redelivery may reach another member, so
every member de-duplicates against the one ledger (:mod:`sync.centre.ledger`).

* paho's network thread only puts messages on queues (it must never block); a worker thread
  takes the transactions in batches and hands each batch to the
  :class:`~sync.centre.batch.BatchProcessor` (validate, de-duplicate, apply through the
  :mod:`applier <sync.centre.apply>`, record, answer), then publishes the replies on their
  Response Topics with their Correlation Data. A second worker answers online requests
  (:mod:`sync.centre.requests`) so they never wait behind a backlog: on a read-only twin of the
  ILS of their own (:class:`~sync.centre.reads.ReadConnection`), each in one read transaction,
  so a request sees what the last batch committed and never waits for the ILS lock a batch
  holds while it applies (up to a few hundred milliseconds during a drain); an ILS without a
  twin (in memory, SIP2) is asked under the lock. The requests that read much (shelf lists) go
  on to a third worker, bounded, on a twin of its own (:mod:`sync.centre.reads`), so no
  device's request holds the ILS lock or the other requests' twin for long.
* A housekeeping thread publishes the offline cache (:mod:`sync.centre.cache`, built on that
  read connection too; of several bridges on one database, only the one holding the cache's
  lease builds it) and every
  ``compact_interval_s`` compacts the applier's journal to ``undo_horizon_s`` back.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import queue
import socket
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import paho.mqtt.client as mqtt
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties

from sync import schema, topics
from sync.centre.apply import Applier, apply_transaction
from sync.centre.batch import BatchProcessor, Incoming
from sync.centre.cache import LEASE as CACHE_LEASE
from sync.centre.cache import CachePublisher, default_builder
from sync.centre.inorder import InOrderApplier
from sync.centre.ledger import Ledger
from sync.centre.reads import HeavyReads, ReadConnection
from sync.centre.requests import answer_request, handle_request, refusal, response_topic
from sync.ils.base import ILSAdapter
from sync.linkstate import LinkReporter
from sync.mqtt import check_receive_maximum, low_latency

if TYPE_CHECKING:
    from sync.db.lease import Lease

__all__ = ["Bridge", "Incoming", "Ledger", "answer_request", "apply_transaction"]

log = logging.getLogger(__name__)


class Bridge:
    """One bridge process (several may share the work through ``group``).

    :param ils: the applier transactions go through (:func:`sync.centre.ordering.sequencer_for`),
        or a bare adapter, applied directly in arrival order.
    :param ledger: where processed transactions and dead letters are kept.
    """

    #: paho's reconnect backoff (seconds, doubling from the first to the second)
    RECONNECT_DELAY = (1, 30)

    def __init__(self, ils: Applier | ILSAdapter, ledger: Ledger, *, host: str = "127.0.0.1",
                 port: int = 1883, group: str = "central", client_id: str | None = None,
                 prefix: str = topics.PREFIX, batch_size: int = 500,
                 session_expiry_s: int = 7 * 86400, keepalive: int = 30,
                 max_inflight_messages: int = 20, cache_interval_s: float = 0,
                 cache_min_interval_s: float = 5.0,
                 cache_builder: Callable[[], dict[str, dict[str, Any]]] | None = None,
                 compact_interval_s: float = 0, undo_horizon_s: float = 30 * 86400) -> None:
        self.applier: Applier = (InOrderApplier(ils, journal=False)
                                 if isinstance(ils, ILSAdapter) else ils)
        self.ils = self.applier.adapter
        self.ledger = ledger
        self.host, self.port = host, port
        self.group, self.prefix = group, prefix
        # a configured id is stable: a restarted bridge resumes its session and gets the share
        # of messages the broker queued for it while it was down. Without one, the id is unique
        # per process (two bridges on one host must not knock each other off the broker); such
        # a session is ended at a clean stop, as no later process can resume it.
        self.own_id = not client_id
        self.client_id = client_id or f"bridge-{group}-{socket.gethostname()}-{os.getpid()}"
        self.link = LinkReporter("central", self.client_id, host, port)
        self.batch_size = batch_size
        self.session_expiry_s = session_expiry_s
        self.keepalive = keepalive
        self._tx: queue.Queue[Incoming | None] = queue.Queue()
        self._req: queue.Queue[Incoming | None] = queue.Queue()
        self._ils_lock = threading.Lock()
        self._threads: list[threading.Thread] = []
        self.connected = threading.Event()
        self._counts = {"requests": 0, "compactions": 0}
        self.reads = HeavyReads(self.ils, self._ils_lock, self._publish, prefix=prefix)
        #: the light requests' own twin: a shelf list holds the heavy reads' one for seconds
        self.request_reader = ReadConnection(self.ils, self._ils_lock)
        builder = cache_builder or (default_builder(self.ils, read=self.reads.reader.read)
                                    if cache_interval_s else None)
        self.cache = (CachePublisher(builder, interval_s=cache_interval_s,
                                     min_interval_s=cache_min_interval_s, prefix=prefix,
                                     lock=self._ils_lock if cache_builder else None,
                                     lease=None if cache_builder else self._cache_lease)
                      if builder is not None else None)
        self.processor = BatchProcessor(self.applier, ledger, prefix=prefix, lock=self._ils_lock,
                                        on_cache_change=self.poke_cache)
        self.compact_interval_s = compact_interval_s
        self.undo_horizon_s = undo_horizon_s
        self._stopping = threading.Event()
        self.client = low_latency(mqtt.Client(mqtt.CallbackAPIVersion.VERSION2,
                                              client_id=self.client_id, protocol=mqtt.MQTTv5))
        self.client.max_inflight_messages_set(max_inflight_messages)  # ≤ broker's Receive Max
        self.client.max_queued_messages_set(0)
        self.client.reconnect_delay_set(*self.RECONNECT_DELAY)
        self.client.on_connect = self._on_connect
        self.client.on_connect_fail = self._on_connect_fail
        self.client.on_disconnect = self._on_disconnect
        self.client.on_message = self._on_message
        self.client.on_subscribe = self._on_subscribe
        self._sub_mid: int | None = None

    @property
    def cache_builder(self) -> Callable[[], dict[str, dict[str, Any]]] | None:
        return self.cache.builder if self.cache is not None else None

    @property
    def stats(self) -> dict[str, int]:
        """Counts since start: applied, duplicates, rejected, retry, requests,
        cache_published, compactions, and the sequencer's rebases, rolled_back, reapplied,
        widened (what event-time order cost)."""
        seq = getattr(self.applier, "stats", {})
        return {**self.processor.stats, **self._counts,
                **{k: seq[k] for k in ("rebases", "rolled_back", "reapplied", "widened")
                   if k in seq},
                "cache_published": self.cache.published if self.cache is not None else 0}

    # --- paho callbacks: never block here --------------------------------------------------
    def _on_connect(self, client: mqtt.Client, userdata: Any, flags: Any, rc: Any,
                    properties: Any = None) -> None:
        if rc.is_failure:
            self.link.refused(rc)
            return
        self.link.connected(bool(flags.session_present))
        check_receive_maximum(properties, self.client.max_inflight_messages)
        _, self._sub_mid = client.subscribe([(topics.shared(self.group, "tx", self.prefix), 1),
                                             (topics.shared(self.group, "req", self.prefix), 1)])

    def _on_subscribe(self, client: mqtt.Client, userdata: Any, mid: int, rcs: Any,
                      properties: Any = None) -> None:
        if mid == self._sub_mid:
            self.connected.set()  # connected *and* subscribed: messages now reach us
            # publish again if this bridge builds the cache: a restarted broker may have lost it
            if self.cache is not None:
                self.cache.poke(changed=False)

    def _on_disconnect(self, client: mqtt.Client, userdata: Any, flags: Any, rc: Any,
                       properties: Any = None) -> None:
        self.connected.clear()
        self.link.lost(rc, flags.is_disconnect_packet_from_server,
                       retry_in=None if self.link.stopping
                       else self.link.paho_delay(*self.RECONNECT_DELAY))

    def _on_connect_fail(self, client: mqtt.Client, userdata: Any) -> None:
        self.link.unreachable("no broker answers there",
                              retry_in=self.link.paho_delay(*self.RECONNECT_DELAY))

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
        self.link.stopping = False
        self.link.connecting()
        self.client.connect_async(self.host, self.port, self.keepalive, clean_start=False,
                                  properties=props)
        self.client.loop_start()
        self._stopping.clear()
        self.reads.start()
        targets = [self._tx_worker, self._req_worker]
        if self.cache is not None or self.compact_interval_s:
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
        self.reads.stop()
        self.request_reader.close()
        self.link.stopping = True
        with contextlib.suppress(Exception):
            props = None
            if self.own_id:  # nobody will resume a per-process session: end it now
                props = Properties(PacketTypes.DISCONNECT)
                props.SessionExpiryInterval = 0
            self.client.disconnect(properties=props)
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
        if self.cache is not None:
            self.cache.poke()

    def _cache_lease(self) -> Lease | None:
        """The lease of the bridge that builds the offline cache, held on the read connection
        it is built on (:mod:`sync.centre.cache`)."""
        return self.reads.reader.lease(CACHE_LEASE)

    def publish_cache(self) -> bool:
        """Build the offline cache from the ILS and publish it retained now; False when there
        is no builder or no connection."""
        if self.cache is None or not self.connected.is_set():
            return False
        self.cache.publish(self.client)
        return True

    def compact(self, now: dt.datetime | None = None) -> int:
        """Compact the applier's journal to ``undo_horizon_s`` before ``now``."""
        before = (now or schema.utc_now()) - dt.timedelta(seconds=self.undo_horizon_s)
        with self._ils_lock:
            removed = self.applier.compact(before)
        self._counts["compactions"] += 1
        log.info("journal compacted before %s: %d row(s)", before.isoformat(), removed)
        return removed

    def _housekeeper(self) -> None:
        next_compact = time.monotonic() if self.compact_interval_s else float("inf")
        while not self._stopping.wait(0.2):
            now = time.monotonic()
            if self.cache is not None:
                self.cache.tick(now, self.client, self.connected.is_set())
            if now >= next_compact:
                next_compact = now + self.compact_interval_s
                try:
                    self.compact()
                except Exception:
                    log.exception("journal compaction failed")

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
        """Handle one batch of transaction messages and publish the replies; returns the
        ``(response topic, reply)`` pairs (tests drive it without a broker)."""
        out = self.processor.process(batch)
        for o in out:
            self._publish(o.topic, o.body, o.correlation)
        return [(o.topic, o.body) for o in out]

    # --- online requests -------------------------------------------------------------------
    def _req_worker(self) -> None:
        while True:
            item = self._req.get()
            if item is None:
                return
            self._counts["requests"] += 1
            topic = response_topic(item, self.prefix)
            if topic is None:
                log.warning("request on %s names a response topic not its device's: dropped",
                            item.topic)
                continue
            if self.reads.offer(item, topic):
                continue
            self._publish(topic, self.answer(item), item.correlation)

    def answer(self, item: Incoming) -> dict[str, Any]:
        """The response to one light online request, read in one read transaction on the
        requests' twin (the ILS under its lock when it has none). A request made after a
        transaction's reply reached its kiosk sees that transaction: the batch commits before
        it replies."""
        try:
            return self.request_reader.read(lambda ils: handle_request(ils, item, self.prefix))
        except Exception as exc:  # the twin cannot be opened or read: reopened next time
            log.warning("online request failed: %s", exc)
            self.request_reader.close()
            return refusal(item, f"{type(exc).__name__}: {exc}"[:300])
