"""`rfid-edge bench sync`: durable enqueue rate, and draining a backlog through a real mosquitto
and real bridge processes (reference ILS) compared with plain paho QoS 1 publishes in the same run.

Options: ``--count N`` (backlog size, default 100000), ``--window W`` (uplink window),
``--items N --patrons N`` (the seeded library, default 600 and 60: a tiny one, where nearly every
batch shares a patron with every other; a city's is ``--items 50000 --patrons 10000`` or more).
``--database postgresql`` keeps the centre in a private PostgreSQL cluster (fsync on) instead of
the SQLite file, ``--bridges N`` runs N bridges in the shared-subscription group and ``--devices
D`` spreads the backlog over D kiosks' outboxes, one uplink each (an outage's backlog:
``--count 165000 --devices 50``); lost and duplicated are then read from PostgreSQL's ledger, and
``drain_s`` is the drain's wall time.
"""

from __future__ import annotations

import argparse
import gc
import json
import shutil
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

from rfid_edge.bench._backlog import (
    Library,
    add_library_options,
    backlog,
    backlog_payloads,
    seeded_centre,
    start_bridges,
    stop_bridges,
)

DESCRIPTION = "outbox enqueue rate and MQTT drain rate vs raw paho QoS 1 publishing"


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
    p.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite",
                   help="where the centre keeps its records (postgresql: a private cluster)")
    p.add_argument("--bridges", type=int, default=1, help="bridge processes")
    p.add_argument("--devices", type=int, default=1, help="outboxes the backlog is spread over")
    p.add_argument("--bridge-batch", type=int, default=500,
                   help="the bridges' [central] batch_size (transactions per ILS batch)")
    add_library_options(p)
    args = p.parse_args(argv)

    from sync.broker import Broker
    from sync.edge.outbox import Outbox
    from sync.edge.uplink import Uplink

    tmp = Path(tempfile.mkdtemp(prefix="rfid-edge-bench-sync-"))
    figures: dict[str, Any] = {"count": args.count}
    library = Library.seeded(args)
    payloads = backlog_payloads(args.count, library.items, library.patrons)

    # 1. durable enqueue, one transaction per commit, as a kiosk does
    with Outbox(tmp / "enqueue.db", device_id="kiosk-bench", branch="TPML-MAIN") as ob:
        n = min(args.enqueue, args.count)
        start = time.perf_counter()
        for payload in payloads[:n]:
            ob.enqueue(payload)
        figures["enqueue_per_s"] = round(n / (time.perf_counter() - start), 1)

    # 2. the backlog, committed in bulk (its creation is not what is measured)
    outboxes = backlog(tmp, payloads, args.devices)
    bodies = [r.message for ob in outboxes for r in ob.unanswered(limit=len(payloads))]
    enqueued = {json.loads(b)["txn_id"] for b in bodies}

    centre = seeded_centre(tmp, library.data, args.database)
    with Broker() as broker, centre as dsn:
        raw_before = _raw_publish(broker.host, broker.port, bodies, args.window)
        bridges = start_bridges(tmp, broker.port, args.bridges, dsn, args.bridge_batch)
        try:
            window = max(args.batch, args.window // len(outboxes))
            uplinks = [Uplink(ob, host=broker.host, port=broker.port, window=window,
                              batch_max=args.batch, reply_timeout_s=60,
                              max_inflight_messages=max(20, window // args.batch))
                       for ob in outboxes]
            gc.collect()
            gc.freeze()  # the bench's own fixtures (payloads, bodies) are not the uplink's garbage
            start = time.perf_counter()
            for uplink in uplinks:
                uplink.start()
            # poll the uplinks' reply counters, not the outboxes: counting 100,000 rows every
            # 50 ms would hold an outbox's lock and slow the uplink being measured; the
            # outboxes confirm once the counters say everything was answered
            while time.perf_counter() - start < 1800:
                time.sleep(0.02)
                if sum(u.counters["replies"] for u in uplinks) >= len(payloads) \
                        and not sum(ob.depth() for ob in outboxes):
                    break
            elapsed = time.perf_counter() - start
            for uplink in uplinks:
                uplink.stop()
            # the floor again after the drain; the faster of the two is the one compared with
            # (the machine is shared, so this keeps a quiet moment from flattering the ratio)
            raw_after = _raw_publish(broker.host, broker.port, bodies, args.window)
        finally:
            stats = stop_bridges(bridges)
        if dsn:
            from rfid_edge.bench._pgcentre import ledger_check

            pg_figures = ledger_check(dsn, enqueued)
    figures["raw_publish_per_s"] = round(max(raw_before, raw_after), 1)
    figures["drain_per_s"] = round(len(payloads) / elapsed, 1)
    figures["drain_ratio"] = round(figures["drain_per_s"] / figures["raw_publish_per_s"], 3)

    counts = Counter[str]()
    for ob in outboxes:
        counts.update(ob.counts())
        ob.close()
    checkouts = sum(1 for p in payloads if p.TYPE == "checkout")
    if dsn:
        figures["lost"] = max(len(payloads) - counts["applied"] - counts["rejected"],
                              pg_figures["lost"])
        figures["duplicated"] = pg_figures["duplicated"]
    else:
        figures.update(_sqlite_check(tmp, len(payloads), checkouts, counts))
    figures["rejected"] = counts["rejected"]
    figures["redelivered"] = sum(s.get("duplicates", 0) for s in stats)
    for key in ("rebases", "rolled_back", "reapplied", "widened"):  # the cost of event-time order
        figures[key] = sum(s.get(key, 0) for s in stats)
    figures["window"] = args.window
    figures["batch"] = args.batch
    if dsn:
        figures.update(database="postgresql", bridges=args.bridges, devices=len(outboxes),
                       drain_s=round(elapsed, 1))
    figures.update(items=len(library.items), patrons=len(library.patrons))
    shutil.rmtree(tmp, ignore_errors=True)
    return figures


def _sqlite_check(tmp: Path, total: int, checkouts: int,
                  counts: Counter[str]) -> dict[str, int]:
    """Lost and duplicated from the SQLite file's ledger and loans."""
    from sync.ils.reference import ReferenceILS

    with ReferenceILS(tmp / "central" / "ils.db") as ils:  # the ledger lives in it too
        processed = ils.db.conn.execute("SELECT count(*) FROM processed").fetchone()[0]
        twice = ils.db.conn.execute(
            "SELECT count(*) FROM (SELECT txn_id FROM loans WHERE txn_id IS NOT NULL"
            " GROUP BY txn_id HAVING count(*) > 1)").fetchone()[0]
        loans = ils.db.conn.execute(
            "SELECT count(*) FROM loans WHERE txn_id IS NOT NULL").fetchone()[0]
    return {"lost": max(total - counts["applied"] - counts["rejected"], total - processed),
            "duplicated": twice + max(0, loans - checkouts)}
