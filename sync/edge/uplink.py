"""The MQTT uplink: drains the outbox to the centre and records the centre's replies.

Theory of operation
-------------------
One thread owns the paho client and the outbox cursor; it runs paho's ``loop()`` itself, so
callbacks run on this thread, only append to lists, and publishing never contends with a paho
network thread.

* MQTT 5, QoS 1, ``clean_start=False`` with an explicit Session Expiry Interval, so replies the
  centre sends while the link is down wait at the broker.
* A bounded window: at most ``window`` transactions published and unanswered at a time; rows are
  published in sequence order over one connection, which keeps per-device order.
* A row ends only on the centre's reply (Response Topic + Correlation Data = ``txn_id``), recorded
  in batches (one commit per loop turn). PUBACK ends nothing (paho keeps QoS 1 in memory only).
* Unanswered rows are resent after ``reply_timeout_s``; a "retry" reply resends after a backoff;
  a reconnect without a session at the broker resends everything in flight at once.
* Reconnects back off exponentially with jitter (``backoff_min_s`` … ``backoff_max_s``). Given
  several ``endpoints``, a failed attempt or a dropped connection moves on to the next broker
  (:mod:`sync.endpoints`); the unanswered rows are resent there, as the new broker holds no
  session for this device.
* The clock offset (centre − edge) comes from replies: ``server_time − (sent + received) / 2``,
  keeping the sample with the shortest round trip among the recent ones (as NTP does).
"""

from __future__ import annotations

import collections
import contextlib
import heapq
import logging
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import paho.mqtt.client as mqtt
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties

from sync import schema, topics
from sync.edge.outbox import Outbox, Reply
from sync.endpoints import Endpoint, Rotation, backoff_delay
from sync.failover import Failover
from sync.linkstate import LinkReporter
from sync.mqtt import MAX_PACKET_SIZE, check_receive_maximum, low_latency

__all__ = ["Uplink", "backoff_delay"]  # backoff_delay lives in sync.endpoints

log = logging.getLogger(__name__)


@dataclass
class _InFlight:
    seq: int
    body: bytes
    sent_wall: float
    deadline: float  # monotonic


class Uplink:
    """Drain ``outbox`` to the broker at ``host:port``, or to the first of ``endpoints`` that
    answers.

    :param window: most transactions published and not yet answered.
    :param reply_timeout_s: resend a transaction not answered within this time.
    """

    def __init__(self, outbox: Outbox, *, host: str = "127.0.0.1", port: int = 1883,
                 prefix: str = topics.PREFIX, window: int = 4000, reply_timeout_s: float = 15.0,
                 session_expiry_s: int = 7 * 86400, keepalive: int = 30,
                 backoff_min_s: float = 0.5, backoff_max_s: float = 60.0,
                 retention_s: float = 7 * 86400, poll_s: float = 0.2,
                 batch_max: int = 200, max_inflight_messages: int = 20,
                 client_id: str | None = None,
                 endpoints: Sequence[Endpoint] | None = None) -> None:
        self.outbox = outbox
        endpoints = tuple(endpoints or (Endpoint(host=host, port=port),))
        host, port = endpoints[0].host, endpoints[0].port
        self.host, self.port, self.prefix = host, port, prefix
        self.device_id = outbox.device_id
        self.window = window
        self.batch_max = max(1, batch_max)
        self.reply_timeout_s = reply_timeout_s
        self.session_expiry_s = session_expiry_s
        self.keepalive = keepalive
        self.backoff_min_s, self.backoff_max_s = backoff_min_s, backoff_max_s
        self.retention_s = retention_s
        self.poll_s = poll_s
        self.tx_topic = topics.tx(self.device_id, prefix)
        self.reply_topic = topics.reply(self.device_id, prefix)
        self.client_id = client_id or f"edge-{self.device_id}"
        self.client = low_latency(mqtt.Client(mqtt.CallbackAPIVersion.VERSION2,
                                              client_id=self.client_id, protocol=mqtt.MQTTv5))
        self.link = LinkReporter("uplink", self.client_id, host, port)
        # MQTT messages (each up to batch_max transactions) unacknowledged at once; must not
        # exceed the broker's Receive Maximum (mosquitto: max_inflight_messages, default 20)
        self.max_inflight_messages = max_inflight_messages
        self.client.max_inflight_messages_set(max_inflight_messages)
        self.client.max_queued_messages_set(0)
        self.client.on_connect = self._on_connect
        self.client.on_disconnect = self._on_disconnect
        self.client.on_message = self._on_message
        self.failover = Failover(self.client, Rotation(endpoints, backoff_min_s=backoff_min_s,
                                                       backoff_max_s=backoff_max_s),
                                 link=self.link, role="uplink")
        self.connected = False
        self._ever_connected = False
        self._configured = False
        self._last_meta = 0.0
        self._replies: list[tuple[str, bytes, float]] = []
        self._inflight: dict[str, _InFlight] = {}
        self._timers: list[tuple[float, str]] = []
        self._cursor = 0
        self._failures = 0
        self._next_attempt = 0.0
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self._samples: collections.deque[tuple[float, float]] = collections.deque(maxlen=64)
        self._last_purge = 0.0
        self._props = Properties(PacketTypes.PUBLISH)
        self._props.ResponseTopic = self.reply_topic
        self.counters = {"published": 0, "resent": 0, "replies": 0, "connects": 0}

    # --- paho callbacks (run inside loop() on our thread; they only record) ----------------
    def _on_connect(self, client: mqtt.Client, userdata: Any, flags: Any, rc: Any,
                    properties: Any = None) -> None:
        if rc.is_failure:
            self.link.refused(rc)
            return
        check_receive_maximum(properties, self.max_inflight_messages)
        self.connected = True
        self._ever_connected = True
        self._failures = 0
        self.counters["connects"] += 1
        client.subscribe(self.reply_topic, qos=1)
        if not flags.session_present:
            # the broker lost our session (restart without persistence): what it had not yet
            # delivered is gone, so resend everything unanswered now
            now = time.monotonic()
            for txn_id in self._inflight:
                heapq.heappush(self._timers, (now, txn_id))
                self._inflight[txn_id].deadline = now
        self.link.connected(bool(flags.session_present))

    def _on_disconnect(self, client: mqtt.Client, userdata: Any, flags: Any, rc: Any,
                       properties: Any = None) -> None:
        if self.connected or not self._stop.is_set():
            self.link.stopping = self._stop.is_set()
            self.link.lost(rc, flags.is_disconnect_packet_from_server)
        self.connected = False

    def _on_message(self, client: mqtt.Client, userdata: Any, msg: mqtt.MQTTMessage) -> None:
        corr = getattr(msg.properties, "CorrelationData", None)
        if corr:
            self._replies.append((corr.decode(errors="replace"), msg.payload, time.time()))

    # --- the loop ----------------------------------------------------------------------------
    def start(self) -> Uplink:
        self._thread = threading.Thread(target=self.run, name="uplink", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def wake(self) -> None:
        """Tell the uplink a row was just enqueued (saves a poll interval)."""
        self._wake.set()

    def __enter__(self) -> Uplink:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def run(self) -> None:
        """Run until :meth:`stop` (``rfid-edge sync run`` calls this on the main thread)."""
        try:
            while not self._stop.is_set():
                if not self.connected:
                    self._connect_step()
                    if not self.connected:
                        continue
                idle = not self.step() and self.connected and not self._wake.is_set()
                # idle: wait in select() on the socket, so a reply wakes us at once;
                # new rows are seen within ``poll_s`` (or at once after wake())
                if idle and self.client.loop(min(self.poll_s, 0.05)) != mqtt.MQTT_ERR_SUCCESS:
                    self.connected = False
                self._wake.clear()
        finally:
            self._record_replies()
            with contextlib.suppress(Exception):
                self.client.disconnect()
                self.client.loop(0.1)

    def _connect_step(self) -> None:
        now = time.monotonic()
        if now < self._next_attempt:
            self._stop.wait(min(self._next_attempt - now, 0.2))
            return
        try:
            if self._configured:
                self.client.reconnect()
            else:
                self._configured = True
                self.link.connecting()
                props = Properties(PacketTypes.CONNECT)
                props.SessionExpiryInterval = self.session_expiry_s
                props.MaximumPacketSize = MAX_PACKET_SIZE
                self.client.connect(self.host, self.port, self.keepalive, clean_start=False,
                                    properties=props)
            deadline = time.monotonic() + 5
            while not self.connected and time.monotonic() < deadline and not self._stop.is_set():
                if self.client.loop(0.05) != mqtt.MQTT_ERR_SUCCESS:
                    break
            if self.connected:
                return
        except (OSError, ValueError) as exc:
            why: str | None = getattr(exc, "strerror", None) or str(exc)
        else:
            why = None  # TCP connected but no session: refused or no CONNACK (said already)
        self._failures += 1
        delay = self.failover.lost()  # the next broker at once, or a backoff after a round
        self._next_attempt = time.monotonic() + delay
        if why is not None:
            self.link.unreachable(why, retry_in=delay)
        else:
            self.link.lost("no session", from_broker=False, retry_in=delay)

    def step(self) -> bool:
        """One turn: network I/O, record replies, resend overdue, fill the window.
        Returns True if there was work (so the loop should not sleep)."""
        rc = self.client.loop(0.0 if self._inflight else 0.01)
        if rc != mqtt.MQTT_ERR_SUCCESS:
            self.connected = False
            return False
        busy = self._record_replies()
        now = time.monotonic()
        # resend what is overdue, oldest deadline first
        resend: list[str] = []
        while self._timers and self._timers[0][0] <= now and self.connected:
            deadline, txn_id = heapq.heappop(self._timers)
            entry = self._inflight.get(txn_id)
            if entry is None or entry.deadline != deadline:
                continue  # answered, or rescheduled
            resend.append(txn_id)
        if resend:
            self._send(resend, resend=True)
            self.outbox.mark_sent(resend)
            busy = True
        room = self.window - len(self._inflight)
        if room > 0 and self.connected:
            rows = self.outbox.unanswered(after_seq=self._cursor, limit=room)
            for row in rows:
                self._inflight[row.txn_id] = _InFlight(seq=row.seq, body=row.message,
                                                       sent_wall=0.0, deadline=0.0)
                self._cursor = row.seq
            if rows:
                ids = [r.txn_id for r in rows]
                self._send(ids, resend=False)
                self.outbox.mark_sent(ids)
                busy = True
        if time.time() - self._last_purge > 3600:
            self._last_purge = time.time()
            self.outbox.purge(self.retention_s)
        return busy

    def _send(self, txn_ids: list[str], *, resend: bool) -> None:
        """Publish in order: one transaction alone, several as ``batch`` envelopes of at most
        ``batch_max`` (one MQTT message, one reply, far less per-message overhead)."""
        props = self._props  # packed by publish() at once, so one object can be reused
        for i in range(0, len(txn_ids), self.batch_max):
            chunk = txn_ids[i:i + self.batch_max]
            entries = [self._inflight[t] for t in chunk]
            if len(chunk) == 1:
                body = entries[0].body
            else:
                body = b'{"v":1,"batch":[' + b",".join(e.body for e in entries) + b"]}"
            props.CorrelationData = chunk[0].encode()
            self.client.publish(self.tx_topic, body, qos=1, properties=props)
            sent_wall = time.time()
            deadline = time.monotonic() + self.reply_timeout_s
            for txn_id, entry in zip(chunk, entries, strict=True):
                entry.sent_wall = sent_wall
                entry.deadline = deadline
                heapq.heappush(self._timers, (deadline, txn_id))
        self.counters["resent" if resend else "published"] += len(txn_ids)

    def _record_replies(self) -> bool:
        if not self._replies:
            return False
        messages, self._replies = self._replies, []
        batch: list[Reply] = []
        now = time.monotonic()
        for corr, body, received in messages:
            try:
                obj = schema.loads(body)
                if isinstance(obj, dict) and "replies" in obj:
                    replies = schema.validate("replies", obj)["replies"]
                    encoded = [schema.encode(r) for r in replies]
                else:
                    replies, encoded = [schema.validate("reply", obj)], [body]
                server_time = obj["server_time"]
            except schema.SchemaError as exc:
                log.warning("malformed reply (correlation %s): %s", corr, exc.reason)
                continue
            server = schema.parse_time(server_time).timestamp()
            for reply, raw in zip(replies, encoded, strict=True):
                txn_id = reply["txn_id"] or corr
                entry = self._inflight.get(txn_id)
                if entry is not None and entry.sent_wall:
                    rtt = received - entry.sent_wall
                    if rtt >= 0:
                        self._samples.append((rtt, server - (entry.sent_wall + received) / 2))
                if reply["status"] == "retry":
                    if entry is not None:  # try again after a backoff
                        entry.deadline = now + min(self.backoff_max_s,
                                                   max(1.0, self.reply_timeout_s / 2))
                        heapq.heappush(self._timers, (entry.deadline, txn_id))
                else:
                    self._inflight.pop(txn_id, None)
                batch.append(Reply(txn_id=txn_id, status=reply["status"], body=raw))
        self.counters["replies"] += len(batch)
        if batch:
            self.outbox.record(batch)
            if time.time() - self._last_meta > 0.5 or not self._inflight:
                self._last_meta = time.time()
                meta: dict[str, Any] = {"last_contact": self._last_meta}
                if self._samples:
                    meta["clock_offset_s"] = round(min(self._samples)[1], 4)
                self.outbox.set_meta(**meta)
        return True

    @property
    def in_flight(self) -> int:
        return len(self._inflight)

    @property
    def clock_offset_s(self) -> float | None:
        return min(self._samples)[1] if self._samples else None

