"""`rfid-edge bench sync`: durable enqueue rate, and draining a backlog through a real mosquitto
and a real bridge process (reference ILS) compared with plain paho QoS 1 publishes in the same run.

Options: ``--count N`` (backlog size, default 100000), ``--window W`` (uplink window).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sync.messages import Payload

DESCRIPTION = "outbox enqueue rate and MQTT drain rate vs raw paho QoS 1 publishing"


def _payloads(count: int, items: list[str], patrons: list[str]) -> list[Payload]:
    """A kiosk-like mix: checkout/checkin pairs (each leaves no loan behind), inventory reads and
    station events."""
    from sync.messages import Checkin, Checkout, InventorySeen, Rating

    out: list[Payload] = []
    i = 0
    while len(out) < count:
        item, patron = items[i % len(items)], patrons[i % len(patrons)]
        k = i % 5
        if k in (0, 1):
            out.append(Checkout(patron_id=patron, item_id=item))
            out.append(Checkin(item_id=item))
        elif k in (2, 3):
            out.append(InventorySeen(item_id=item, location="TPML-MAIN-3F-A12"))
        else:
            out.append(Rating(score=1 + i % 5))
        i += 1
    return out[:count]


def _raw_publish(host: str, port: int, bodies: list[bytes], window: int) -> float:
    """Plain paho: QoS 1 publishes of the same bodies, at most ``window`` unacknowledged (the
    broker's Receive Maximum must not be exceeded, and the uplink has the same window);
    returns publishes/s until the last PUBACK."""
    import paho.mqtt.client as mqtt

    cond = threading.Condition()
    acked = [0]

    def on_publish(client: Any, userdata: Any, mid: int, rc: Any, props: Any) -> None:
        with cond:  # held only for a counter update: never blocks paho's thread for long
            acked[0] += 1
            cond.notify()

    c = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id="bench-raw", protocol=mqtt.MQTTv5)
    c.max_inflight_messages_set(0)  # our window bounds it; paho's limit rescans its queue
    c.max_queued_messages_set(0)
    c.on_publish = on_publish
    c.connect(host, port)
    c.loop_start()
    try:
        start = time.perf_counter()
        for n, body in enumerate(bodies):
            with cond:
                while n - acked[0] >= window:
                    cond.wait(1)
            c.publish("bench/raw/kiosk-bench", body, qos=1)
        with cond:
            while acked[0] < len(bodies):
                if not cond.wait(60):
                    raise RuntimeError(f"raw publish stalled at {acked[0]} PUBACKs")
        return len(bodies) / (time.perf_counter() - start)
    finally:
        c.disconnect()
        c.loop_stop()


def run(argv: list[str]) -> dict[str, Any]:
    p = argparse.ArgumentParser(prog="rfid-edge bench sync")
    p.add_argument("--count", type=int, default=100_000)
    p.add_argument("--enqueue", type=int, default=2000, help="durable single commits to time")
    p.add_argument("--window", type=int, default=4000)
    p.add_argument("--batch", type=int, default=200, help="transactions per MQTT message")
    args = p.parse_args(argv)

    from sync.broker import Broker
    from sync.edge.outbox import Outbox
    from sync.edge.uplink import Uplink
    from sync.ils import seed
    from sync.ils.reference import ReferenceILS

    tmp = Path(tempfile.mkdtemp(prefix="rfid-edge-bench-sync-"))
    figures: dict[str, Any] = {"count": args.count}
    data = seed.demo_data(items=600, patrons=60)
    items = [i.item_id for i in data.available_items()]
    patrons = [p.patron_id for p in data.good_patrons()]
    payloads = _payloads(args.count, items, patrons)

    # 1. durable enqueue, one transaction per commit, as a kiosk does
    with Outbox(tmp / "enqueue.db", device_id="kiosk-bench", branch="TPML-MAIN") as ob:
        n = min(args.enqueue, args.count)
        start = time.perf_counter()
        for payload in payloads[:n]:
            ob.enqueue(payload)
        figures["enqueue_per_s"] = round(n / (time.perf_counter() - start), 1)

    # 2. the backlog, committed in bulk (its creation is not what is measured)
    outbox = Outbox(tmp / "outbox.db", device_id="kiosk-bench", branch="TPML-MAIN")
    for i in range(0, len(payloads), 10_000):
        outbox.enqueue_many(payloads[i:i + 10_000])
    bodies = [r.message for r in outbox.unanswered(limit=len(payloads))]

    with ReferenceILS(tmp / "central" / "ils.db") as ils:
        seed.seed(ils, data, pin_cost=2**10)
    conf = tmp / "central.toml"
    conf.write_text(f'[device]\ndata_dir = "{tmp}"\n')
    with Broker() as broker:
        raw_before = _raw_publish(broker.host, broker.port, bodies, args.window)
        env = dict(os.environ, RFID_EDGE_CONFIG=str(conf))
        bridge = subprocess.Popen(
            [sys.executable, "-m", "rfid_edge", "central", "run", "--port", str(broker.port)],
            stdout=subprocess.PIPE, env=env, text=True)
        try:
            line = bridge.stdout.readline() if bridge.stdout else ""
            if '"running"' not in line:
                raise RuntimeError(f"bridge did not start: {line!r}")
            uplink = Uplink(outbox, host=broker.host, port=broker.port, window=args.window,
                            batch_max=args.batch, reply_timeout_s=60,
                            max_inflight_messages=max(20, args.window // args.batch))
            gc.collect()
            gc.freeze()  # the bench's own fixtures (payloads, bodies) are not the uplink's garbage
            start = time.perf_counter()
            uplink.start()
            # poll the uplink's reply counter, not the outbox: counting 100,000 rows every
            # 50 ms would hold the outbox's lock and slow the uplink being measured; the
            # outbox confirms once the counter says everything was answered
            while time.perf_counter() - start < 1800:
                time.sleep(0.02)
                if uplink.counters["replies"] >= len(payloads) and not outbox.depth():
                    break
            elapsed = time.perf_counter() - start
            uplink.stop()
            # the floor again after the drain; the faster of the two is the one compared with
            # (the machine is shared, so this keeps a quiet moment from flattering the ratio)
            raw_after = _raw_publish(broker.host, broker.port, bodies, args.window)
        finally:
            bridge.send_signal(signal.SIGTERM)
            out, _ = bridge.communicate(timeout=30)
        stats = json.loads(out.strip().splitlines()[-1]) if out.strip() else {}
    figures["raw_publish_per_s"] = round(max(raw_before, raw_after), 1)
    figures["drain_per_s"] = round(len(payloads) / elapsed, 1)
    figures["drain_ratio"] = round(figures["drain_per_s"] / figures["raw_publish_per_s"], 3)

    counts = outbox.counts()
    outbox.close()
    with ReferenceILS(tmp / "central" / "ils.db") as ils:  # the ledger lives in it too
        processed = ils.db.conn.execute("SELECT count(*) FROM processed").fetchone()[0]
        twice = ils.db.conn.execute(
            "SELECT count(*) FROM (SELECT txn_id FROM loans WHERE txn_id IS NOT NULL"
            " GROUP BY txn_id HAVING count(*) > 1)").fetchone()[0]
        loans = ils.db.conn.execute(
            "SELECT count(*) FROM loans WHERE txn_id IS NOT NULL").fetchone()[0]
    checkouts = sum(1 for p in payloads if p.TYPE == "checkout")
    figures["lost"] = max(len(payloads) - counts["applied"] - counts["rejected"],
                          len(payloads) - processed)
    figures["duplicated"] = twice + max(0, loans - checkouts)
    figures["rejected"] = counts["rejected"]
    figures["redelivered"] = stats.get("duplicates", 0)
    figures["window"] = args.window
    figures["batch"] = args.batch
    shutil.rmtree(tmp, ignore_errors=True)
    return figures
