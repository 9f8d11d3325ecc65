"""Several bridges on one centre database build and publish the kiosks' offline cache once, not
once each (:mod:`sync.centre.cache`, :mod:`sync.db.lease`): the holder of the cache's lease
publishes, the others skip; when the holder dies (SIGKILL of a real ``rfid-edge central run``,
or a bridge in this process stopped) another publishes within a few lease checks; a batch that
changed the cache on another bridge makes the holder publish. Publications are counted on a
real mosquitto by the ``blocked`` part's salt, which is new at every build. On SQLite and
PostgreSQL."""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import paho.mqtt.client as mqtt
import pytest

from rfid_edge.bench._fleet import Proc
from sync import topics
from sync.broker import Broker
from sync.centre.bridge import Bridge, Ledger
from sync.centre.cache import LEASE, CachePublisher
from sync.db.lease import Lease
from sync.ils.reference import ReferenceILS
from tests.sync.conftest import TODAY, wait_until

pytestmark = pytest.mark.backends


class Publications:
    """The offline cache's publications seen on the broker (distinct salts of ``blocked``)."""

    def __init__(self, port: int) -> None:
        self.salts: list[str] = []
        self._lock = threading.Lock()
        self._subscribed = threading.Event()
        self.client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id="cache-counter",
                                  protocol=mqtt.MQTTv5)
        self.client.on_connect = lambda c, *a: c.subscribe(f"{topics.PREFIX}/cache/blocked", 1)
        self.client.on_subscribe = lambda *a: self._subscribed.set()
        self.client.on_message = self._on_message
        self.client.connect("127.0.0.1", port)
        self.client.loop_start()
        assert self._subscribed.wait(10)

    def _on_message(self, client: mqtt.Client, userdata: object, msg: mqtt.MQTTMessage) -> None:
        salt = json.loads(msg.payload)["salt"]
        with self._lock:
            if salt not in self.salts:
                self.salts.append(salt)

    @property
    def count(self) -> int:
        with self._lock:
            return len(self.salts)

    def close(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()


@pytest.fixture
def publications(broker: Broker) -> Iterator[Publications]:
    seen = Publications(broker.port)
    yield seen
    seen.close()


# --- the publisher, tick by tick ---------------------------------------------------------------
class _Client:
    """A paho stand-in that counts what would be published."""

    def __init__(self) -> None:
        self.topics: list[str] = []

    def publish(self, topic: str, payload: bytes, **kwargs: object) -> None:
        self.topics.append(topic)


def _publisher(lease: Lease | None) -> CachePublisher:
    return CachePublisher(lambda: {"rules": {"v": 1}}, interval_s=5, min_interval_s=0,
                          lease=lambda: lease, lease_check_s=1)


def test_the_lease_decides_who_publishes_tick_by_tick(ils_path: Path) -> None:
    with ReferenceILS(ils_path) as one, ReferenceILS(ils_path) as two:
        leases = one.lease(LEASE), two.lease(LEASE)
        a, b = _publisher(leases[0]), _publisher(leases[1])
        ca, cb = _Client(), _Client()
        t = 100.0
        a.tick(t, ca, True)
        b.tick(t, cb, True)  # due by its interval, but a holds the lease
        assert (a.leading, b.leading, a.published, b.published) == (True, False, 1, 0)

        b.poke()  # b's batch changed the cache: b asks the holder instead of publishing
        b.tick(t + 0.2, cb, True)
        a.tick(t + 0.5, ca, True)
        assert (a.published, b.published) == (1, 0)
        a.tick(t + 1.0, ca, True)  # a's next check sees the request
        assert (a.published, b.published) == (2, 0)

        b.tick(t + 6, cb, True)  # b's interval again: nothing
        a.tick(t + 7, ca, False)  # a lost its broker: lets the lease go at once
        assert not a.leading and b.published == 0
        b.tick(t + 7.1, cb, True)  # b's next check takes it and publishes what may be missed
        assert b.leading and b.published == 1
        a.tick(t + 7.2, ca, True)  # a's link is back: it asks at once, and b holds
        assert not a.leading and a.published == 2
        assert len(ca.topics) == 2 and len(cb.topics) == 1
        for lease in leases:
            assert lease is not None
            lease.close()


# --- real bridge processes, SIGKILLed ---------------------------------------------------------
def _bridges(n: int, ils_path: Path | str, port: int, work: Path) -> list[Proc]:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    env.pop("RFID_EDGE_CONFIG", None)
    store = (f'database = "{ils_path}"' if str(ils_path).startswith("postgresql://")
             else f'ils_db = "{ils_path}"')
    procs = []
    for k in range(n):
        conf = work / f"bridge{k}.toml"
        conf.write_text(f'[device]\ndata_dir = "{work}"\n[central]\nbroker_port = {port}\n'
                        f'{store}\nclient_id = "bridge-cache-{k}"\ncache_interval_s = 1\n'
                        "cache_min_interval_s = 0.5\ncompact_interval_s = 0\n")
        procs.append(Proc("bridge", f"bridge{k}", [
            sys.executable, "-m", "rfid_edge", "-v", "central", "--config", str(conf), "run"],
            work / f"bridge{k}.log", env))
    return procs


def _published(proc: Proc) -> int:
    """The publications ``proc`` logged."""
    return proc.log.read_text(errors="replace").count("offline cache published")


def _logs(procs: list[Proc]) -> str:
    return "\n".join(f"--- {p.name}\n{p.log.read_text(errors='replace')[-2000:]}"
                     for p in procs)


@pytest.mark.parametrize("n", [2, 3])
def test_one_bridge_process_publishes_and_another_takes_over_after_sigkill(
        n: int, ils_path: Path, broker: Broker, publications: Publications,
        tmp_path: Path) -> None:
    procs = _bridges(n, ils_path, broker.port, tmp_path)
    try:
        for p in procs:
            p.start()
        wait_until(lambda: publications.count >= 4, 60, "four publications")
        time.sleep(1.5)  # every bridge has checked the lease a few times since
        builders = [p for p in procs if _published(p)]
        assert len(builders) == 1, _logs(procs)
        leader = builders[0]
        assert publications.count <= _published(leader) + 1, _logs(procs)

        before = publications.count
        leader.kill()  # SIGKILL: the lock goes with the process (flock, PostgreSQL session)
        killed_at = time.monotonic()
        try:
            wait_until(lambda: publications.count > before + 1, 20, "a publication after the kill")
        except AssertionError:
            raise AssertionError(_logs(procs)) from None
        taken_over_s = time.monotonic() - killed_at
        time.sleep(2.0)
        survivors = [p for p in procs if p is not leader]
        builders = [p for p in survivors if _published(p)]
        assert len(builders) == 1, _logs(procs)
        # a few ticks: the next lease check (1 s) and the takeover's own publication
        assert taken_over_s < 8, taken_over_s
    finally:
        for p in procs:
            p.terminate()
    time.sleep(0.5)  # the last retained copies reach the counter
    logged = sum(_published(p) for p in procs)
    assert logged - 1 <= publications.count <= logged, _logs(procs)


# --- bridges in this process ------------------------------------------------------------------
def _bridge(ils_path: Path | str, port: int, k: int) -> tuple[Bridge, ReferenceILS]:
    ils = ReferenceILS(ils_path, today=lambda: TODAY)
    bridge = Bridge(ils, Ledger.inside(ils), port=port, client_id=f"bridge-in-{k}",
                    cache_interval_s=60, cache_min_interval_s=0.2)
    bridge.cache.lease_check_s = 0.2  # type: ignore[union-attr]
    return bridge.start(), ils


def _wait(predicate: Callable[[], bool], what: str, timeout: float = 15) -> None:
    wait_until(predicate, timeout, what)


def test_the_holder_publishes_what_another_bridges_batch_changed_and_a_stopped_holder_is_replaced(
        ils_path: Path, broker: Broker, publications: Publications) -> None:
    started = [_bridge(ils_path, broker.port, k) for k in range(3)]
    bridges = [b for b, _ in started]
    try:
        _wait(lambda: all(b.connected.is_set() for b in bridges), "bridges connected")
        _wait(lambda: sum(b.cache.leading for b in bridges) == 1  # type: ignore[union-attr]
              and publications.count >= 1, "one holder published")
        time.sleep(1.0)
        leader = next(b for b in bridges if b.cache.leading)  # type: ignore[union-attr]
        others = [b for b in bridges if b is not leader]
        assert [b.stats["cache_published"] for b in others] == [0, 0]
        assert publications.count == leader.stats["cache_published"]

        # a follower's batch trapped a hold (poked): the holder publishes, the follower doesn't
        before = leader.stats["cache_published"]
        others[0].poke_cache()
        _wait(lambda: leader.stats["cache_published"] > before, "the holder asked to publish")
        assert [b.stats["cache_published"] for b in others] == [0, 0]

        # the holder goes (its read connection and lease closed): one of the others takes over
        leader.stop()
        count = publications.count
        _wait(lambda: publications.count > count, "a publication by another bridge")
        time.sleep(1.0)
        assert sum(b.stats["cache_published"] > 0 for b in others) == 1
        assert sum(b.cache.leading for b in others) == 1  # type: ignore[union-attr]
    finally:
        for bridge, ils in started:
            bridge.stop()
            ils.close()


def test_a_bridge_alone_on_a_database_in_memory_publishes_without_a_lease(
        broker: Broker, publications: Publications) -> None:
    from sync.ils import seed

    ils = ReferenceILS(":memory:", today=lambda: TODAY)
    seed.seed(ils, seed.demo_data(items=20, patrons=5, today=TODAY), pin_cost=2**4)
    bridge = Bridge(ils, Ledger.inside(ils), port=broker.port, cache_interval_s=60,
                    cache_min_interval_s=0.2).start()
    try:
        _wait(lambda: publications.count >= 1, "the cache published")
        assert bridge.cache.leading  # type: ignore[union-attr]
        assert bridge.reads.reader.lease("offline_cache") is None
    finally:
        bridge.stop()
        ils.close()
