"""Fail-over keeps the link's security (issue 18): a kiosk naming two TLS + ACL mosquittos as
``mqtts://`` endpoints reaches the second with the same CA, identity and password (or client
certificate) when the first stops mid-drain, and each broker's bridge — the bridge identity on
each — applies every transaction once."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from rfid_edge import config as configuration
from sync.broker import Broker
from sync.centre import service as centre_service
from sync.edge import service as edge_service
from sync.security import Fleet
from tests.offline import scenario
from tests.security.conftest import RUN_AS, wait_for


@pytest.fixture(params=["password", "certificate"])
def two_secure_brokers(request: pytest.FixtureRequest,
                       fleet: Fleet) -> Iterator[tuple[Broker, Broker, str]]:
    mode = request.param
    with Broker(fleet.broker_config(mode=mode, run_as=RUN_AS)) as a, \
            Broker(fleet.broker_config(mode=mode, run_as=RUN_AS)) as b:
        yield a, b, mode


def test_a_kiosk_fails_over_between_tls_brokers_with_its_own_identity(
        two_secure_brokers: tuple[Broker, Broker, str], fleet: Fleet, tmp_path: Path) -> None:
    a, b, mode = two_secure_brokers
    centre_dir = tmp_path / "centre"
    (centre_dir / "central").mkdir(parents=True)
    scenario.seed(centre_dir / "central" / "ils.db")
    mqtt = {"security": mode, "security_dir": str(fleet.root)}
    centres = [configuration.load(None, {
        "device": {"data_dir": str(centre_dir)}, "mqtt": mqtt,
        "central": {"brokers": [f"mqtts://127.0.0.1:{broker.port}"],
                    "client_id": f"bridge-{name}-{mode}"}}) for name, broker in (("a", a), ("b", b))]
    kiosk = configuration.load(None, {
        "device": {"id": "kiosk-a", "branch": "MAIN", "data_dir": str(tmp_path / "kiosk")},
        "sync": {"brokers": [f"mqtts://127.0.0.1:{a.port}", f"mqtts://127.0.0.1:{b.port}"],
                 "reply_timeout_s": 2.0, "backoff_min_s": 0.1, "backoff_max_s": 0.5,
                 "batch_max": 5},
        "mqtt": mqtt})
    ils = [centre_service.open_ils(cfg) for cfg in centres]
    bridges = [centre_service.open_bridge(cfg, i) for cfg, i in zip(centres, ils, strict=True)]
    outbox = edge_service.open_outbox(kiosk)
    uplink = edge_service.open_uplink(kiosk, outbox)
    try:
        for bridge in bridges:
            assert bridge.start().connected.wait(10)  # the bridge identity, on each broker
        for n in range(200):
            outbox.enqueue("rating", {"score": 1 + n % 5})
        uplink.start()
        assert wait_for(lambda: outbox.counts()["applied"] >= 20, timeout=30), outbox.counts()
        assert uplink.failover.current.port == a.port
        a.stop()
        for n in range(100):
            outbox.enqueue("rating", {"score": 1 + n % 5})
        assert wait_for(lambda: outbox.counts()["applied"] == 300, timeout=60), outbox.counts()
        assert uplink.failover.current.port == b.port and uplink.link.port == b.port
        assert uplink.counters["connects"] == 2  # one TLS session on each broker
    finally:
        uplink.stop()
        for bridge in bridges:
            bridge.stop()
        for i in ils:
            i.close()
    sent = {t for (t,) in outbox.db.execute("SELECT txn_id FROM outbox")}
    outbox.close()
    with sqlite3.connect(centre_dir / "central" / "ils.db") as db:
        processed = [t for (t,) in db.execute("SELECT txn_id FROM processed")]
    assert set(processed) == sent and len(processed) == 300  # none lost, none twice
    applied = [br.stats["applied"] for br in bridges]
    assert applied[0] > 0 and applied[1] > 0 and sum(applied) == 300
