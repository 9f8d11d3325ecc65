"""The bridge as `rfid-edge central run` builds it (sync.centre.service from a configuration): event-time
order with conflict records over the reference ILS, the offline cache published retained at
start and after changes, and the undo log compacted to a horizon (compaction on SQLite and on
PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import json
import threading
import uuid
from pathlib import Path

import paho.mqtt.client as mqtt
import pytest

from rfid_edge import config as configuration
from sync.broker import Broker
from sync.centre import service
from sync.centre.conflicts import ConflictStore
from sync.centre.ordering import sequencer_for
from sync.edge.offline_cache import PARTS, OfflineCache
from sync.ils.reference import ReferenceILS
from tests.centredb import PgTemplate
from tests.offline import scenario
from tests.offline.mqttdrive import Sender


def _config(tmp_path: Path, broker: Broker, **central: object) -> dict:
    return configuration.load(None, {
        "device": {"data_dir": str(tmp_path)},
        "central": {"broker_port": broker.port, "client_id": f"bridge-{uuid.uuid4().hex[:6]}",
                    **central}})


class CacheWatcher:
    """A kiosk-side subscriber to the retained cache (OfflineCache.on_message)."""

    def __init__(self, broker: Broker, path: Path) -> None:
        self.cache = OfflineCache(path)
        self.bodies: list[tuple[str, dict]] = []
        self.changed = threading.Condition()
        self.client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, protocol=mqtt.MQTTv5)
        self.client.on_message = self._on_message
        self.client.connect(broker.host, broker.port)
        self.client.subscribe("rfid/v1/cache/#", qos=1)
        self.client.loop_start()

    def _on_message(self, client, userdata, msg) -> None:
        self.cache.on_message(client, userdata, msg)
        with self.changed:
            self.bodies.append((msg.topic.rsplit("/", 1)[-1], json.loads(msg.payload)))
            self.changed.notify_all()

    def wait(self, predicate, timeout: float = 15.0) -> bool:
        with self.changed:
            return self.changed.wait_for(lambda: predicate(self.bodies), timeout)

    def close(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()


def test_central_run_wiring_orders_reports_and_publishes(broker: Broker, ils_template: Path,
                                                         tmp_path: Path,
                                                         expected: tuple) -> None:
    (tmp_path / "central").mkdir()
    scenario.copy_db(ils_template, tmp_path / "central" / "ils.db")
    # (the scenario is dated 2026-03-10: no compaction, or its whole day is below the horizon)
    cfg = _config(tmp_path, broker, cache_interval_s=600, cache_min_interval_s=0.2,
                  compact_interval_s=0)
    ils = service.open_ils(cfg)
    assert ils.rebases
    bridge = service.open_bridge(cfg, ils)
    watcher = CacheWatcher(broker, tmp_path / "kiosk-cache.db")
    sender = Sender(broker.host, broker.port, client_id=f"s-{uuid.uuid4().hex[:6]}")
    try:
        bridge.start()
        assert bridge.connected.wait(10)
        # published at start: a kiosk gets every part, with I11's hold in it
        assert watcher.wait(lambda b: {p for p, _ in b} >= set(PARTS))
        assert watcher.cache.part("holds")["items"] == ["I11"]
        assert watcher.cache.status()["usable"]
        # the scenario's transactions arrive newest first: the centre still orders them
        sender.start()
        msgs = scenario.messages()
        for msg in reversed(msgs):
            sender.publish(msg)
        replies = sender.drain(msgs)
        assert {r["status"] for r in replies.values()} == {"applied"}
        with bridge._ils_lock:
            assert scenario.snapshot(ils.adapter) == expected[0]
            conflicts = ConflictStore(service.conflicts_path(cfg)).txn_rules()
        assert conflicts == expected[1] == scenario.expected_conflicts()
        # a return onto a hold shelf changes the cache: published again soon after
        ret = scenario._msg(60, "kiosk-a", 800, "checkin", {"item_id": "I5"})
        with ReferenceILS(tmp_path / "central" / "ils.db") as side, side.db.atomic():
            side.db.conn.execute("INSERT INTO holds (patron_id, item_id, pickup_branch, placed,"
                                 " status) VALUES ('P2', 'I5', 'MAIN', '2026-03-10T00:00:00Z',"
                                 " 'waiting')")
        seen = len(watcher.bodies)
        sender.publish(ret)
        sender.drain([ret])
        assert watcher.wait(lambda b: any(p == "holds" and "I5" in body["items"]
                                          for p, body in b[seen:]))
    finally:
        sender.stop()
        bridge.stop()
        watcher.close()
    assert bridge.stats["cache_published"] >= 2
    ils.close()


@pytest.mark.backends
def test_compaction_keeps_old_transactions_fixed(template: Path, tmp_path: Path) -> None:
    """After compaction to a horizon, a late arrival older than it is not rebased over: it is
    applied after the transactions below the horizon, once, and reported to staff."""
    ils = ReferenceILS(scenario.copy_db(template, tmp_path / "ils.db"))
    seq = sequencer_for(ils)
    msgs = scenario.messages()
    seq.apply_many(msgs[1:])  # all but the 10:00 checkout of I1 (returned at 11:00)
    undo = ils.db.conn.execute("SELECT count(*) FROM seq_undo").fetchone()[0]
    removed = seq.compact(scenario.DAY + dt.timedelta(hours=10, minutes=45))
    assert 0 < removed < undo  # the older part only
    assert seq.horizon is not None
    applied_before = seq.stats["applied"]
    seq.apply_many([msgs[0]])
    assert seq.stats["applied"] == applied_before + 1
    rules = seq.conflicts.txn_rules()
    # judged against the state after the frozen transactions: P1 already held I2, I3 and I4
    (record,) = [c for c in seq.conflicts.list() if c.txn_id == msgs[0]["txn_id"]]
    assert record.rule == "loan_limit"
    assert record.centre_action.endswith("applied after newer transactions")
    # P1's 10:30 checkout lies below the horizon: not re-decided (in event-time order it would
    # have broken the loan limit)
    assert msgs[4]["txn_id"] not in rules
    # I1's return at 11:00 lies above it: re-applied after the late checkout, which it ends
    loans = ils.db.conn.execute("SELECT returned FROM loans WHERE item_id='I1'").fetchall()
    assert loans == [(msgs[1]["wall_time"],)]  # lent exactly once, and back


@pytest.mark.backends
def test_bridge_compacts_on_its_interval(broker: Broker, template: Path | PgTemplate,
                                         tmp_path: Path) -> None:
    (tmp_path / "central").mkdir()
    made = scenario.copy_db(template, tmp_path / "central" / "ils.db")
    database = {"database": made} if isinstance(template, PgTemplate) else {}
    cfg = _config(tmp_path, broker, cache_interval_s=0, compact_interval_s=3600,
                  undo_horizon_days=1, **database)
    ils = service.open_ils(cfg)
    ils.apply_many(scenario.messages())  # all on 2026-03-10, long before today
    bridge = service.open_bridge(cfg, ils).start()
    try:
        assert bridge.connected.wait(10)
        deadline = threading.Event()
        for _ in range(100):
            if bridge.stats["compactions"]:
                break
            deadline.wait(0.05)
    finally:
        bridge.stop()
    assert bridge.stats["compactions"] >= 1 and bridge.cache_builder is None
    assert ils.adapter.db.conn.execute("SELECT count(*) FROM seq_undo").fetchone()[0] == 0
    ils.close()
