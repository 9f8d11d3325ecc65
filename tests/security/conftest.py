"""A fleet's credentials generated per test run, and a real mosquitto with TLS and the ACL."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import paho.mqtt.client as mqtt
import pytest

from sync.broker import Broker
from sync.security import Credentials, Fleet, configure_client

RUN_AS = "root" if os.geteuid() == 0 else None


@pytest.fixture(scope="session")
def fleet(tmp_path_factory: pytest.TempPathFactory) -> Fleet:
    f = Fleet(tmp_path_factory.mktemp("security") / "fleet").init()
    for device in ("kiosk-a", "kiosk-b"):
        f.provision(device)
    return f


@pytest.fixture(scope="module", params=["password", "certificate"])
def secure_broker(request: pytest.FixtureRequest, fleet: Fleet) -> Iterator[tuple[Broker, str]]:
    with Broker(fleet.broker_config(mode=request.param, run_as=RUN_AS)) as broker:
        yield broker, request.param


class Probe:
    """A paho client that records its CONNACK, SUBACK codes and messages."""

    def __init__(self, broker: Broker, creds: Credentials | None, mode: str, *,
                 client_id: str, tls: bool = True) -> None:
        self.messages: list[tuple[str, bytes]] = []
        self.connack: Any = None
        self.puback: dict[int, Any] = {}
        self.suback: dict[int, threading.Event] = {}
        self.done = threading.Event()
        self.client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=client_id,
                                  protocol=mqtt.MQTTv5)
        if creds is not None:
            configure_client(self.client, creds, mode=mode)
        elif tls:
            self.client.tls_set(ca_certs=str(broker_ca(broker)))
        self.client.on_connect = self._on_connect
        self.client.on_message = lambda c, u, m: self.messages.append((m.topic, m.payload))
        self.client.on_publish = self._on_publish
        self.client.on_subscribe = self._on_subscribe
        self.client.on_disconnect = lambda *a, **k: self.done.set()
        self.broker = broker

    def _on_connect(self, client, userdata, flags, rc, properties=None) -> None:
        self.connack = rc
        self.done.set()

    def _on_publish(self, client, userdata, mid, rc, properties=None) -> None:
        self.puback[mid] = rc

    def _on_subscribe(self, client, userdata, mid, rcs, properties=None) -> None:
        self.suback.setdefault(mid, threading.Event()).set()

    def subscribe(self, *topics: str, timeout: float = 5.0) -> None:
        """Subscribe and wait for the SUBACK, so what is published next is routed to us
        (a fixed sleep would only make that likely)."""
        for topic in topics:
            _, mid = self.client.subscribe(topic, 1)
            if not self.suback.setdefault(mid, threading.Event()).wait(timeout):
                raise AssertionError(f"no SUBACK for {topic}")

    def connect(self, timeout: float = 5.0) -> Any:
        try:
            self.client.connect(self.broker.host, self.broker.port, 30)
        except OSError as exc:  # TLS handshake refused
            return exc
        self.client.loop_start()
        self.done.wait(timeout)
        return self.connack

    def close(self) -> None:
        # disconnect first: it wakes the network loop at once, which loop_stop() then joins
        # (the other way round, loop_stop() waits out the loop's one-second select)
        self.client.disconnect()
        self.client.loop_stop()


def broker_ca(broker: Broker) -> Path:
    for line in broker.config.listener_options:
        if line.startswith("cafile "):
            return Path(line.split(" ", 1)[1])
    raise AssertionError("broker has no cafile")


def wait_for(predicate, timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return predicate()
