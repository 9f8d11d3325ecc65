"""Fail-over between real mosquitto brokers (issue 18, the MQTT side).

A device names two brokers, A and B. Mosquitto is a single node and two of them share no
sessions, so what was in flight on A when it goes away is gone with it: the device resends
everything unanswered to B, and the centre's ledger makes the resends harmless. Each test stops
A mid-stream and counts, at the centre, every outbox transaction: 0 lost, 0 applied twice.
"""

from __future__ import annotations

import signal
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from rfid_edge import config as configuration
from sync.broker import Broker, free_port
from sync.centre import service as centre_service
from sync.edge import service as edge_service
from sync.edge.cache_feed import CacheFeed
from sync.edge.client import OnlineClient
from sync.edge.offline_cache import OfflineCache
from sync.edge.outbox import Outbox
from sync.edge.uplink import Uplink
from sync.endpoints import Endpoint
from sync.ils import seed
from sync.ils.base import Outcome
from tests.sync.conftest import wait_until
from tests.sync.test_link import _mix


@pytest.fixture
def brokers() -> Iterator[tuple[Broker, Broker]]:
    with Broker() as a, Broker() as b:
        yield a, b
        a.signal(signal.SIGCONT)  # a test may have frozen it; stop() must reach it


def _url(broker: Broker) -> str:
    return f"mqtt://{broker.host}:{broker.port}"


def _centre(data_dir: Path, *brokers: Broker, **central: Any) -> dict[str, Any]:
    """A centre's configuration: the reference ILS and ledger under ``data_dir``."""
    return configuration.load(None, {"device": {"data_dir": str(data_dir)}, "central": {
        "brokers": [_url(b) for b in brokers], "batch_size": 50, **central}})


def _kiosk(data_dir: Path, *brokers: Broker) -> dict[str, Any]:
    return configuration.load(None, {
        "device": {"id": "kiosk-01", "branch": "TPML-MAIN", "data_dir": str(data_dir)},
        "sync": {"brokers": [_url(b) for b in brokers], "reply_timeout_s": 2.0,
                 "backoff_min_s": 0.1, "backoff_max_s": 0.5, "window": 100, "batch_max": 20}})


class Centre:
    """The bridges of one centre over one ILS file, each opened as production opens it."""

    def __init__(self, configs: list[dict[str, Any]]) -> None:
        self.ils = [centre_service.open_ils(cfg) for cfg in configs]
        self.bridges = [centre_service.open_bridge(cfg, ils).start()
                        for cfg, ils in zip(configs, self.ils, strict=True)]
        for bridge in self.bridges:
            assert bridge.connected.wait(10)

    def close(self) -> None:
        for bridge in self.bridges:
            bridge.stop()
        for ils in self.ils:
            ils.close()

    def applied_by(self) -> list[int]:
        return [b.stats["applied"] + b.stats["rejected"] for b in self.bridges]


def _counts(ils_db: Path, outbox: Outbox) -> dict[str, int]:
    """What the centre holds of the outbox: lost (never processed), duplicated (a loan made
    twice, a journal row twice, a record of something never sent)."""
    sent = {t for (t,) in outbox.db.execute("SELECT txn_id FROM outbox")}
    with sqlite3.connect(ils_db) as db:
        processed = {t for (t,) in db.execute("SELECT txn_id FROM processed")}
        twice = db.execute("SELECT count(*) FROM (SELECT txn_id FROM loans WHERE txn_id IS NOT"
                           " NULL GROUP BY txn_id HAVING count(*) > 1)").fetchone()[0]
        journal = [t for (t,) in db.execute("SELECT txn_id FROM seq_journal")]
    return {"sent": len(sent), "lost": len(sent - processed),
            "duplicated": twice + len(processed - sent) + len(journal) - len(set(journal))}


def _answered(outbox: Outbox) -> int:
    """Rows the centre replied to (applied or rejected: either way taken once)."""
    return sum(outbox.counts().values()) - outbox.depth()


def _drain_across(a: Broker, stop_a, outbox: Outbox, uplink: Uplink, work: list) -> None:
    """Enqueue ``work``, let a part drain through A, take A away with ``stop_a`` while the
    rest is in flight, and wait for the whole outbox to be answered (through B)."""
    for kind, payload in work[:300]:
        outbox.enqueue(kind, payload)
    with uplink:
        wait_until(lambda: _answered(outbox) >= 60, what="first replies through A")
        assert uplink.failover.current.port == a.port
        stop_a()  # mid-stream: transactions are published and unanswered on A
        for kind, payload in work[300:]:
            outbox.enqueue(kind, payload)  # the kiosk keeps committing
        wait_until(lambda: _answered(outbox) == len(work), timeout=90,
                   what="the rest through B")
        assert uplink.failover.current.port != a.port and uplink.failover.switches >= 1


def test_a_device_fails_over_to_b_and_each_broker_has_its_bridge(
        tmp_path: Path, ils_path: Path, brokers: tuple[Broker, Broker],
        demo: seed.DemoData) -> None:
    """Production wiring from the settings: ``[sync] brokers = [A, B]`` on the device; a bridge
    on each broker, both over the one ILS file (the ledger inside it)."""
    a, b = brokers
    centre = Centre([_centre(tmp_path, a, client_id="bridge-a"),
                     _centre(tmp_path, b, client_id="bridge-b")])
    kiosk = _kiosk(tmp_path / "edge", a, b)
    try:
        with edge_service.open_outbox(kiosk) as outbox:
            uplink = edge_service.open_uplink(kiosk, outbox)
            assert [e.port for e in uplink.failover.endpoints] == [a.port, b.port]
            _drain_across(a, a.stop, outbox, uplink, _mix(demo, 400))
            assert uplink.counters["resent"] > 0  # what was in flight on A went again to B
            counts = _counts(ils_path, outbox)
    finally:
        centre.close()
    assert counts == {"sent": 400, "lost": 0, "duplicated": 0}
    by_a, by_b = centre.applied_by()
    assert by_a > 0 and by_b > 0 and by_a + by_b == 400  # each taken once, by one bridge


def test_a_frozen_broker_is_left_for_the_next(tmp_path: Path, ils_path: Path,
                                              brokers: tuple[Broker, Broker],
                                              demo: seed.DemoData) -> None:
    """A SIGSTOPped broker keeps its sockets open and says nothing: the keepalive notices and
    the device moves on to B."""
    a, b = brokers
    centre = Centre([_centre(tmp_path, a, client_id="bridge-a"),
                     _centre(tmp_path, b, client_id="bridge-b")])
    try:
        with Outbox(tmp_path / "edge" / "outbox.db", device_id="kiosk-01",
                    branch="TPML-MAIN") as outbox:
            uplink = Uplink(outbox, endpoints=[Endpoint(host=a.host, port=a.port),
                                               Endpoint(host=b.host, port=b.port)],
                            keepalive=1, reply_timeout_s=2.0, backoff_min_s=0.1,
                            backoff_max_s=0.5, window=100, batch_max=20)
            _drain_across(a, lambda: a.signal(signal.SIGSTOP), outbox, uplink, _mix(demo, 400))
            counts = _counts(ils_path, outbox)
    finally:
        a.signal(signal.SIGCONT)
        centre.close()
    assert counts == {"sent": 400, "lost": 0, "duplicated": 0}
    assert sum(centre.applied_by()) == 400


def test_a_bridge_that_fails_over_too(tmp_path: Path, ils_path: Path,
                                      brokers: tuple[Broker, Broker], demo: seed.DemoData) -> None:
    """One bridge naming both brokers (as in front of a clustered broker): A killed, the
    bridge and the device both find B, and B's new sessions get the resends."""
    a, b = brokers
    centre = Centre([_centre(tmp_path, a, b, client_id="bridge-ab")])
    kiosk = _kiosk(tmp_path / "edge", a, b)
    try:
        with edge_service.open_outbox(kiosk) as outbox:
            uplink = edge_service.open_uplink(kiosk, outbox)
            _drain_across(a, a.kill, outbox, uplink, _mix(demo, 400))
            counts = _counts(ils_path, outbox)
        bridge = centre.bridges[0]
        assert bridge.link.port == b.port and bridge.connected.is_set()
    finally:
        centre.close()
    assert counts == {"sent": 400, "lost": 0, "duplicated": 0}
    assert centre.applied_by() == [400]


def test_online_requests_and_the_cache_feed_fail_over(tmp_path: Path, ils_path: Path,
                                                      brokers: tuple[Broker, Broker],
                                                      demo: seed.DemoData) -> None:
    """The kiosk's other two clients: A stopped, both find B and its bridge answers."""
    a, b = brokers
    centre = Centre([_centre(tmp_path, b, client_id="bridge-b", cache_interval_s=600,
                             cache_min_interval_s=0.2)])
    ends = [Endpoint(host=a.host, port=a.port), Endpoint(host=b.host, port=b.port),
            Endpoint(host="127.0.0.1", port=free_port())]
    a.stop()
    online = OnlineClient(device_id="kiosk-01", branch="TPML-MAIN", endpoints=ends,
                          timeout_s=5.0)
    cache = OfflineCache(tmp_path / "edge" / "cache.db")
    got = threading.Event()
    feed = CacheFeed(cache, endpoints=ends, device_id="kiosk-01")
    stored = feed._on_message
    feed.client.on_message = lambda *args: (stored(*args), got.set())
    item = demo.available_items()[0].item_id
    try:
        feed.start()
        info = online.start(wait_s=15).item_info(item)
        assert info.outcome is Outcome.APPLIED and info.item_id == item
        assert online.failover.current.port == b.port
        assert got.wait(15) and feed.failover.current.port == b.port
    finally:
        feed.close()
        online.close()
        centre.close()
        cache.conn.close()
    assert centre.bridges[0].stats["requests"] >= 1

