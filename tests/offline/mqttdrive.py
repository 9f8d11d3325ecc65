"""A raw MQTT 5 sender for tests: publishes transaction messages in exactly the order given
(as many kiosks would, each on its own topic), waits for the centre's replies and resends what
got none — across broker restarts. Issue 6's ordering tests drive the bridge with it."""

from __future__ import annotations

import threading
import time
from typing import Any

import paho.mqtt.client as mqtt
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties

from sync import schema, topics


class Sender:
    def __init__(self, host: str, port: int, *, client_id: str = "test-sender") -> None:
        self.replies: dict[str, dict[str, Any]] = {}
        self._lock = threading.Lock()
        self.connected = threading.Event()
        self.client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=client_id,
                                  protocol=mqtt.MQTTv5)
        self.client.reconnect_delay_set(1, 1)
        self.client.on_connect = self._on_connect
        self.client.on_disconnect = lambda *a, **k: self.connected.clear()
        self.client.on_message = self._on_message
        self.host, self.port = host, port

    def _on_connect(self, client, userdata, flags, rc, properties=None) -> None:
        if not rc.is_failure:
            client.subscribe(topics.reply("+"), qos=1)

    def _on_message(self, client, userdata, msg) -> None:
        body = schema.decode("reply", msg.payload)
        with self._lock:
            self.replies[msg.properties.CorrelationData.decode()] = body
        self.connected.set()

    def start(self) -> Sender:
        self.client.on_subscribe = lambda *a, **k: self.connected.set()
        self.client.connect_async(self.host, self.port, 30)
        self.client.loop_start()
        assert self.connected.wait(10), "sender could not connect"
        return self

    def stop(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()

    def publish(self, msg: dict[str, Any]) -> None:
        props = Properties(PacketTypes.PUBLISH)
        props.ResponseTopic = topics.reply(msg["device_id"])
        props.CorrelationData = msg["txn_id"].encode()
        self.client.publish(topics.tx(msg["device_id"]), schema.encode(msg), qos=1,
                            properties=props)

    def drain(self, msgs: list[dict[str, Any]], *, resend_s: float = 0.7,
              timeout: float = 30.0) -> dict[str, dict[str, Any]]:
        """Wait until every message has a reply, resending the unanswered ones."""
        deadline = time.monotonic() + timeout
        by_id = {m["txn_id"]: m for m in msgs}
        resend_at = time.monotonic() + resend_s
        while time.monotonic() < deadline:
            with self._lock:
                missing = [t for t in by_id if t not in self.replies]
            if not missing:
                return dict(self.replies)
            if time.monotonic() >= resend_at:
                for t in missing:
                    self.publish(by_id[t])
                resend_at = time.monotonic() + resend_s
            time.sleep(0.02)
        raise AssertionError(f"{len(missing)} transactions never answered")
