"""Fixtures of the sync tests: a real mosquitto on a free port, a seeded reference ILS on disk,
an outbox on disk, a bridge running in this process."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from sync import schema
from sync.broker import Broker
from sync.centre.bridge import Bridge, Ledger
from sync.edge.outbox import Outbox
from sync.ils import seed
from sync.ils.reference import ReferenceILS
from tests.centredb import CentreDB

TODAY = dt.date(2026, 3, 2)


@pytest.fixture
def broker() -> Iterator[Broker]:
    with Broker() as b:
        yield b


@pytest.fixture(scope="session")
def demo() -> seed.DemoData:
    return seed.demo_data(items=300, patrons=40, today=TODAY)


@pytest.fixture
def ils_path(centre_db: CentreDB, demo: seed.DemoData) -> Path:
    """The seeded reference ILS's database (a path; a DSN in ``backends`` tests on
    PostgreSQL)."""
    path = centre_db.target("ils")
    with ReferenceILS(path, today=lambda: TODAY) as ils:
        seed.seed(ils, demo, pin_cost=2**4)
    return path  # type: ignore[return-value]


@pytest.fixture
def ils(ils_path: Path) -> Iterator[ReferenceILS]:
    with ReferenceILS(ils_path, today=lambda: TODAY) as i:
        yield i


@pytest.fixture
def outbox(tmp_path: Path) -> Iterator[Outbox]:
    with Outbox(tmp_path / "edge" / "outbox.db", device_id="kiosk-01", branch="TPML-MAIN") as ob:
        yield ob


@pytest.fixture
def ledger(centre_db: CentreDB) -> Iterator[Ledger]:
    led = Ledger(centre_db.target("ledger"))
    yield led
    led.close()


@pytest.fixture
def bridge(ils: ReferenceILS, ledger: Ledger, broker: Broker) -> Iterator[Bridge]:
    b = Bridge(ils, ledger, port=broker.port).start()
    assert b.connected.wait(10)
    yield b
    b.stop()


def event_time(hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(TODAY, dt.time(hour), tzinfo=dt.UTC)


def tx_message(type: str, payload: dict, *, seq: int = 1, device: str = "kiosk-01",
               offline: bool = False) -> dict:
    import uuid

    return {"v": 1, "txn_id": str(uuid.uuid4()), "device_id": device, "seq": seq, "type": type,
            "wall_time": schema.format_time(event_time()), "mono_ns": 1, "boot_id": "b",
            "branch": "TPML-MAIN", "offline": offline, "payload": payload}


class RawClient:
    """A plain paho client for injecting messages the way a faulty or hostile peer would."""

    def __init__(self, port: int, reply_topic: str = "rfid/v1/reply/kiosk-01") -> None:
        import threading

        import paho.mqtt.client as mqtt

        self.replies: list[tuple[bytes | None, dict]] = []
        self.reply_topic = reply_topic
        self._subscribed = threading.Event()
        self.client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, protocol=mqtt.MQTTv5)
        self.client.on_message = lambda c, u, m: self.replies.append(
            (getattr(m.properties, "CorrelationData", None), __import__("json").loads(m.payload)))
        self.client.on_subscribe = lambda *a: self._subscribed.set()
        self.client.connect("127.0.0.1", port)
        self.client.loop_start()
        self.client.subscribe(reply_topic, qos=1)
        assert self._subscribed.wait(5)

    def publish(self, topic: str, body: bytes, correlation: bytes | None = b"c-1") -> None:
        from paho.mqtt.packettypes import PacketTypes
        from paho.mqtt.properties import Properties

        props = Properties(PacketTypes.PUBLISH)
        props.ResponseTopic = self.reply_topic
        if correlation is not None:
            props.CorrelationData = correlation
        self.client.publish(topic, body, qos=1, properties=props).wait_for_publish(5)

    def wait_replies(self, n: int, timeout: float = 10) -> list[tuple[bytes | None, dict]]:
        import time

        deadline = time.monotonic() + timeout
        while len(self.replies) < n and time.monotonic() < deadline:
            time.sleep(0.02)
        return list(self.replies)

    def close(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()


def wait_until(predicate, timeout: float = 30.0, what: str = "condition") -> None:
    import time

    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)
