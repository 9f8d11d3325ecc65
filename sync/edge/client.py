"""Online requests for the kiosk: ask the centre and get an answer within a short timeout.

Each call publishes one request (QoS 1, Message Expiry = the timeout, so a stale question is
dropped by the broker) with a Response Topic private to this client and the request id as
Correlation Data, then waits. When the answer does not come in time — broker down, bridge down,
ILS slow — the call raises :class:`sync.errors.Offline` and the kiosk falls back on its offline
rules. PINs travel only inside the request and are never logged or stored.

Example::

    with OnlineClient(device_id="kiosk-01", branch="TPML-MAIN", port=1883) as online:
        try:
            status = online.patron_status("2300000001", pin="1234")
        except Offline:
            ...  # cached rules
"""

from __future__ import annotations

import contextlib
import logging
import math
import secrets
import threading
import time
import uuid
from collections.abc import Sequence
from typing import Any

import paho.mqtt.client as mqtt
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties

from sync import schema, shelf_pages, topics
from sync.endpoints import Endpoint
from sync.errors import Offline, SchemaError
from sync.failover import Failover
from sync.mqtt import low_latency
from sync.results import Account, CheckoutResult, ItemInfo, PatronStatus, RenewResult
from sync.shelf_pages import ShelfListPage, ShelfListQuery

log = logging.getLogger(__name__)


class _Pending:
    __slots__ = ("event", "body")

    def __init__(self) -> None:
        self.event = threading.Event()
        self.body: bytes | None = None


class OnlineClient:
    """Synchronous online requests (thread-safe; callers block at most ``timeout_s``).

    :param endpoints: brokers to fail over between (default: ``host:port`` alone).
    """

    def __init__(self, *, device_id: str, branch: str, host: str = "127.0.0.1",
                 port: int = 1883, prefix: str = topics.PREFIX, timeout_s: float = 2.0,
                 keepalive: int = 30, endpoints: Sequence[Endpoint] | None = None) -> None:
        self.device_id, self.branch = device_id, branch
        endpoints = tuple(endpoints or (Endpoint(host=host, port=port),))
        host, port = endpoints[0].host, endpoints[0].port
        self.host, self.port, self.prefix = host, port, prefix
        self.timeout_s = timeout_s
        self.keepalive = keepalive
        self.req_topic = topics.req(device_id, prefix)
        self.resp_topic = topics.resp(device_id, secrets.token_hex(4), prefix)
        self._pending: dict[str, _Pending] = {}
        self._lock = threading.Lock()
        self._ready = threading.Event()  # connected and subscribed
        self._sub_mid: int | None = None
        self.client = low_latency(mqtt.Client(
            mqtt.CallbackAPIVersion.VERSION2,
            client_id=f"edge-{device_id}-online-{secrets.token_hex(3)}", protocol=mqtt.MQTTv5))
        self.client.reconnect_delay_set(1, 10)
        self.client.on_connect = self._on_connect
        self.client.on_disconnect = self._on_disconnect
        self.client.on_subscribe = self._on_subscribe
        self.client.on_message = self._on_message
        self.failover = Failover(self.client, endpoints, role="online")
        self._started = False

    # --- paho callbacks (paho's thread: record and signal only) -----------------------------
    def _on_connect(self, client: mqtt.Client, userdata: Any, flags: Any, rc: Any,
                    properties: Any = None) -> None:
        if not rc.is_failure:
            _, self._sub_mid = client.subscribe(self.resp_topic, qos=1)

    def _on_subscribe(self, client: mqtt.Client, userdata: Any, mid: int, rcs: Any,
                      properties: Any = None) -> None:
        if mid == self._sub_mid:
            self._ready.set()

    def _on_disconnect(self, client: mqtt.Client, userdata: Any, flags: Any, rc: Any,
                       properties: Any = None) -> None:
        self._ready.clear()

    def _on_message(self, client: mqtt.Client, userdata: Any, msg: mqtt.MQTTMessage) -> None:
        corr = getattr(msg.properties, "CorrelationData", None)
        if not corr:
            return
        with self._lock:
            pending = self._pending.get(corr.decode(errors="replace"))
        if pending is not None:
            pending.body = msg.payload
            pending.event.set()

    # --- lifecycle ---------------------------------------------------------------------------
    def start(self, wait_s: float | None = None) -> OnlineClient:
        """Connect in the background; wait up to ``wait_s`` (default: the timeout) for it."""
        if not self._started:
            self._started = True
            with contextlib.suppress(OSError):
                self.client.connect_async(self.host, self.port, self.keepalive, clean_start=True)
            self.client.loop_start()
        self._ready.wait(self.timeout_s if wait_s is None else wait_s)
        return self

    def close(self) -> None:
        if self._started:
            with contextlib.suppress(Exception):
                self.client.disconnect()
            self.client.loop_stop()
            self._started = False

    def __enter__(self) -> OnlineClient:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def online(self) -> bool:
        return self._ready.is_set()

    # --- requests ----------------------------------------------------------------------------
    def request(self, op: str, args: dict[str, Any], *,
                timeout_s: float | None = None) -> dict[str, Any]:
        """Ask the centre; return the result object of its response.

        :raises Offline: no connection, no answer within the timeout, or the centre could not
            answer (the reason says which).
        """
        timeout = self.timeout_s if timeout_s is None else timeout_s
        if not self._started:
            self.start(wait_s=0)
        deadline = time.monotonic() + timeout
        if not self._ready.wait(timeout):
            raise Offline(f"{op}: not connected to the centre")
        request_id = str(uuid.uuid4())
        body = {"v": schema.VERSION, "request_id": request_id, "device_id": self.device_id,
                "branch": self.branch, "op": op, "args": args,
                "sent_time": schema.format_time(schema.utc_now())}
        schema.validate("request", body)
        pending = _Pending()
        with self._lock:
            self._pending[request_id] = pending
        try:
            props = Properties(PacketTypes.PUBLISH)
            props.ResponseTopic = self.resp_topic
            props.CorrelationData = request_id.encode()
            props.MessageExpiryInterval = max(1, math.ceil(timeout))
            info = self.client.publish(self.req_topic, schema.encode(body), qos=1,
                                       properties=props)
            if info.rc != mqtt.MQTT_ERR_SUCCESS:
                raise Offline(f"{op}: cannot publish ({mqtt.error_string(info.rc)})")
            if not pending.event.wait(max(0.0, deadline - time.monotonic())):
                raise Offline(f"{op}: no answer from the centre within {timeout:g} s")
        finally:
            with self._lock:
                self._pending.pop(request_id, None)
        try:
            response = schema.decode("response", pending.body or b"")
        except SchemaError as exc:
            raise Offline(f"{op}: malformed response: {exc.reason}") from None
        if not response["ok"]:
            raise Offline(f"{op}: the centre could not answer: {response.get('error')}")
        return response.get("result", {})

    def patron_status(self, patron_id: str, *, pin: str | None = None) -> PatronStatus:
        args = {"patron_id": patron_id} | ({"pin": pin} if pin is not None else {})
        return schema.from_json(PatronStatus, self.request("patron_status", args))

    def item_info(self, item_id: str) -> ItemInfo:
        return schema.from_json(ItemInfo, self.request("item_info", {"item_id": item_id}))

    def authorise_checkout(self, patron_id: str, item_id: str) -> CheckoutResult:
        return schema.from_json(CheckoutResult, self.request(
            "checkout_auth", {"patron_id": patron_id, "item_id": item_id}))

    def authorise_renew(self, patron_id: str, item_id: str) -> RenewResult:
        """Would the centre renew this loan now, and until when (``due_date``; None when the
        ILS cannot tell before renewing, as over SIP2)? Nothing is changed: the renewal itself
        goes through the outbox, and for an online renewal the centre decides the date."""
        return schema.from_json(RenewResult, self.request(
            "renew_auth", {"patron_id": patron_id, "item_id": item_id}))

    def account(self, patron_id: str) -> Account:
        return schema.from_json(Account, self.request("account", {"patron_id": patron_id}))

    def shelf_list_page(self, query: ShelfListQuery, *,
                        timeout_s: float | None = None) -> ShelfListPage:
        """One page of a branch's shelf list (:mod:`sync.shelf_pages`;
        :func:`sync.edge.shelf_fetch.fetch` assembles and verifies a whole one).

        :raises Offline: as every request; :raises SchemaError: a page that is not one.
        """
        return ShelfListPage.from_wire(self.request(shelf_pages.OP, query.to_wire(),
                                                    timeout_s=timeout_s))
