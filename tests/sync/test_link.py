"""Edge ↔ centre over a real mosquitto (issue 5): every committed transaction is applied exactly
once and nothing committed is lost — across broker restarts, edge crashes (SIGKILL), bridge
restarts and duplicate deliveries. Malformed messages are dead-lettered and answered. The centre
runs on SQLite and on PostgreSQL (``centre_db``)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from sync import topics
from sync.broker import Broker
from sync.centre.bridge import Bridge, Incoming, Ledger
from sync.edge.outbox import Outbox
from sync.edge.uplink import Uplink
from sync.ils import seed
from sync.ils.reference import ReferenceILS
from tests.centredb import CentreDB
from tests.sync.conftest import RawClient, tx_message, wait_until

pytestmark = pytest.mark.backends


def _mix(demo: seed.DemoData, n: int) -> list[tuple[str, dict]]:
    items = [i.item_id for i in demo.available_items() if i.item_type == "BOOK"]
    patrons = [p.patron_id for p in demo.good_patrons() if p.patron_type == "ADULT"]
    out: list[tuple[str, dict]] = []
    for i in range(n):
        item = items[(i // 2) % len(items)]
        if i % 4 == 0:
            out.append(("checkout", {"patron_id": patrons[i % len(patrons)], "item_id": item}))
        elif i % 4 == 1:
            out.append(("checkin", {"item_id": items[((i - 1) // 2) % len(items)]}))
        elif i % 4 == 2:
            out.append(("inventory_seen", {"item_id": item, "location": "TPML-MAIN-2F"}))
        else:
            out.append(("rating", {"score": 1 + i % 5}))
    return out


def _uplink(outbox: Outbox, broker: Broker, **kw: object) -> Uplink:
    opts = {"reply_timeout_s": 1.0, "backoff_min_s": 0.05, "backoff_max_s": 0.5,
            "window": 50} | kw
    return Uplink(outbox, port=broker.port, **opts)


def _assert_exactly_once(outbox: Outbox, ledger: Ledger, ils: ReferenceILS) -> None:
    total = sum(outbox.counts().values())
    assert outbox.counts()["applied"] == total, outbox.counts()
    assert ledger.count() == total
    ids = {r[0] for r in ledger.db.execute("SELECT txn_id FROM processed").fetchall()}
    mine = {r[0] for r in outbox.db.execute("SELECT txn_id FROM outbox").fetchall()}
    assert ids == mine
    circulation = outbox.db.execute(
        "SELECT count(*) FROM outbox WHERE type IN ('checkout', 'checkin')").fetchone()[0]
    assert ils.db.execute("SELECT count(*) FROM applied_txns").fetchone()[0] == circulation
    twice = ils.db.execute("SELECT count(*) FROM (SELECT txn_id FROM loans WHERE txn_id IS NOT"
                           " NULL GROUP BY txn_id HAVING count(*) > 1) AS dup").fetchone()[0]
    assert twice == 0


def test_drain_survives_broker_restart(outbox: Outbox, bridge: Bridge, broker: Broker,
                                       ledger: Ledger, ils: ReferenceILS,
                                       demo: seed.DemoData) -> None:
    work = _mix(demo, 400)
    for kind, payload in work[:300]:
        outbox.enqueue(kind, payload)
    with _uplink(outbox, broker) as up:
        wait_until(lambda: outbox.counts()["applied"] >= 60, what="first replies")
        broker.stop()  # mid-drain
        for kind, payload in work[300:]:
            outbox.enqueue(kind, payload)  # the kiosk keeps committing while offline
        assert outbox.status()["queue_depth"] > 0
        broker.start()
        wait_until(lambda: outbox.counts()["applied"] == 400, timeout=60, what="full drain")
        assert up.counters["connects"] >= 2
    _assert_exactly_once(outbox, ledger, ils)
    status = outbox.status()
    assert status["queue_depth"] == 0 and status["last_contact"] is not None
    assert abs(status["clock_offset_s"]) < 5  # same host clock: the estimate is small


def test_bridge_restart_during_drain(centre_db: CentreDB, outbox: Outbox, broker: Broker,
                                     ils: ReferenceILS, demo: seed.DemoData) -> None:
    for kind, payload in _mix(demo, 300):
        outbox.enqueue(kind, payload)
    ledger_path = centre_db.target("ledger")
    first = Bridge(ils, Ledger(ledger_path), port=broker.port, batch_size=20).start()
    assert first.connected.wait(10)
    with _uplink(outbox, broker):
        wait_until(lambda: outbox.counts()["applied"] >= 50, what="first replies")
        first.stop()
        first.ledger.close()
        second = Bridge(ils, Ledger(ledger_path), port=broker.port,
                        client_id=first.client_id).start()  # resumes its session
        try:
            wait_until(lambda: outbox.counts()["applied"] == 300, timeout=60, what="drain")
        finally:
            second.stop()
    _assert_exactly_once(outbox, second.ledger, ils)
    second.ledger.close()


def test_sigkill_edge_mid_commit_loses_nothing(tmp_path: Path, broker: Broker, bridge: Bridge,
                                               ledger: Ledger, ils: ReferenceILS) -> None:
    conf = tmp_path / "edge.toml"
    conf.write_text(f'[device]\nid = "kiosk-09"\ndata_dir = "{tmp_path / "edge9"}"\n')
    env = dict(os.environ, RFID_EDGE_CONFIG=str(conf))
    proc = subprocess.Popen(
        [sys.executable, "-m", "rfid_edge", "sync", "enqueue", "rating", '{"score": 4}',
         "--count", "1000000"], stdout=subprocess.PIPE, env=env, text=True)
    confirmed = []
    assert proc.stdout is not None
    while len(confirmed) < 150:
        confirmed.append(json.loads(proc.stdout.readline())["txn_id"])
    proc.send_signal(signal.SIGKILL)  # in the middle of a stream of commits
    proc.wait()
    confirmed += [json.loads(line)["txn_id"] for line in proc.stdout.read().splitlines()
                  if line.endswith("}")]
    with Outbox(tmp_path / "edge9" / "outbox.db", device_id="kiosk-09",
                branch="TPML-MAIN") as outbox:
        stored = {r[0] for r in outbox.db.execute("SELECT txn_id FROM outbox").fetchall()}
        assert set(confirmed) <= stored  # every "done" shown was on disk
        seqs = [r[0] for r in outbox.db.execute("SELECT seq FROM outbox ORDER BY seq")]
        assert seqs == list(range(1, len(seqs) + 1))  # no gap, no torn row
        with _uplink(outbox, broker, window=200):
            wait_until(lambda: outbox.counts()["applied"] == len(stored), timeout=60,
                       what="drain after crash")
        assert ledger.count() == len(stored)


def test_duplicates_get_the_stored_reply_and_apply_once(outbox: Outbox, bridge: Bridge,
                                                        broker: Broker, ledger: Ledger,
                                                        ils: ReferenceILS,
                                                        demo: seed.DemoData) -> None:
    rows = [outbox.enqueue(kind, payload) for kind, payload in _mix(demo, 40)]
    with _uplink(outbox, broker):
        wait_until(lambda: outbox.counts()["applied"] == 40, what="drain")
    first_replies = {r[0]: json.loads(r[1]) for r in ledger.db.execute(
        "SELECT txn_id, reply FROM processed")}
    raw = RawClient(broker.port)
    try:
        for _ in range(2):  # a redelivery storm: every message twice more
            for row in rows:
                raw.publish(topics.tx("kiosk-01"), row.message, row.txn_id.encode())
        replies = raw.wait_replies(80)
    finally:
        raw.close()
    assert len(replies) == 80
    for corr, reply in replies:
        assert reply["duplicate"] is True and reply["status"] == "applied"
        stored = first_replies[corr.decode()]
        assert reply["outcome"] == stored["outcome"] and reply.get("result") == stored.get(
            "result")
    _assert_exactly_once(outbox, ledger, ils)


def test_crash_between_ils_commit_and_ledger_commit(ils: ReferenceILS, ledger: Ledger,
                                                    demo: seed.DemoData) -> None:
    bridge = Bridge(ils, ledger)  # not started: process() is driven directly
    bridge._publish_bytes = lambda *a: None  # no broker here; replies are returned
    msg = tx_message("checkout", {"patron_id": demo.good_patrons()[0].patron_id,
                                  "item_id": demo.available_items()[0].item_id})
    item = Incoming(topic=topics.tx("kiosk-01"), body=json.dumps(msg).encode(),
                    response_topic="r", correlation=b"x")
    (_, first), = bridge.process([item])
    ledger.db.execute("DELETE FROM processed")  # as if the bridge died before its commit
    ledger.db.conn.commit()
    (_, again), = bridge.process([item])
    assert again["result"] == first["result"] and again["outcome"] == "applied"
    assert ils.db.execute("SELECT count(*) FROM loans WHERE txn_id=?",
                          [msg["txn_id"]]).fetchone()[0] == 1


def test_malformed_messages_are_dead_lettered_and_answered(bridge: Bridge, broker: Broker,
                                                           ledger: Ledger) -> None:
    raw = RawClient(broker.port)
    try:
        raw.publish(topics.tx("kiosk-01"), b'{"v": 1, "txn_id": ', b"bad-json")
        raw.publish(topics.tx("kiosk-01"), json.dumps(tx_message("rating", {"score": 9})).encode(),
                    b"bad-score")
        forged = tx_message("rating", {"score": 3}, device="kiosk-02")
        raw.publish(topics.tx("kiosk-01"), json.dumps(forged).encode(), b"forged")
        replies = dict(raw.wait_replies(3))
    finally:
        raw.close()
    assert {k: v["status"] for k, v in replies.items()} == {
        b"bad-json": "rejected", b"bad-score": "rejected", b"forged": "rejected"}
    assert "not JSON" in replies[b"bad-json"]["reason"]
    assert "score" in replies[b"bad-score"]["reason"]
    assert "does not match the topic" in replies[b"forged"]["reason"]
    dead = ledger.dead_letters()
    assert len(dead) == 3 and {d["correlation"] for d in dead} == {"bad-json", "bad-score",
                                                                  "forged"}
    assert bytes(dead[0]["body"]) == b'{"v": 1, "txn_id": '  # kept byte for byte
    assert ledger.count() == 0


def test_one_bad_element_in_a_batch_is_rejected_alone(ils: ReferenceILS, ledger: Ledger,
                                                      demo: seed.DemoData) -> None:
    bridge = Bridge(ils, ledger)  # not started: process() is driven directly
    bridge._publish_bytes = lambda *a: None
    good = [tx_message("rating", {"score": s}, seq=s) for s in (1, 2)]
    bad = tx_message("rating", {"score": 9}, seq=3)
    body = ('{"v":1,"batch":[' + ",".join(json.dumps(m) for m in (good[0], bad, good[1]))
            + "]}").encode()
    (_, envelope), = bridge.process([Incoming(topic=topics.tx("kiosk-01"), body=body,
                                              response_topic="r", correlation=b"b-1")])
    assert [r["status"] for r in envelope["replies"]] == ["applied", "rejected", "applied"]
    assert [r["txn_id"] for r in envelope["replies"]] == [m["txn_id"] for m in
                                                         (good[0], bad, good[1])]
    assert ledger.count() == 2
    (dead,) = ledger.dead_letters()
    assert dead["correlation"] == bad["txn_id"] and json.loads(dead["body"]) == bad


def test_reconnect_backoff_grows_with_jitter(outbox: Outbox) -> None:
    import random

    from sync.broker import free_port
    from sync.edge.uplink import backoff_delay

    rng = random.Random(5)
    for failures in range(1, 12):
        cap = min(8.0, 0.5 * 2 ** (failures - 1))
        delays = {backoff_delay(failures, 0.5, 8.0, rng) for _ in range(20)}
        assert all(cap / 2 <= d <= cap for d in delays) and len(delays) > 1  # jittered
    up = Uplink(outbox, port=free_port(), backoff_min_s=0.01, backoff_max_s=0.02)
    for n in range(1, 4):
        up._next_attempt = 0.0
        up._connect_step()  # nothing listens there: refused
        assert up._failures == n and not up.connected and up._next_attempt > 0
