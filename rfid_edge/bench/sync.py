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
import contextlib
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
from collections import Counter
from collections.abc import Iterator
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
    p.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite",
                   help="where the centre keeps its records (postgresql: a private cluster)")
    p.add_argument("--bridges", type=int, default=1, help="bridge processes")
    p.add_argument("--devices", type=int, default=1, help="outboxes the backlog is spread over")
    p.add_argument("--bridge-batch", type=int, default=500,
                   help="the bridges' [central] batch_size (transactions per ILS batch)")
    p.add_argument("--items", type=int, default=600, help="items in the seeded library")
    p.add_argument("--patrons", type=int, default=60, help="patrons in the seeded library")
    args = p.parse_args(argv)

    from sync.broker import Broker
    from sync.edge.outbox import Outbox
    from sync.edge.uplink import Uplink
    from sync.ils import seed

    tmp = Path(tempfile.mkdtemp(prefix="rfid-edge-bench-sync-"))
    figures: dict[str, Any] = {"count": args.count}
    data = seed.demo_data(items=args.items, patrons=args.patrons)
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
    outboxes = _backlog(tmp, payloads, args.devices)
    bodies = [r.message for ob in outboxes for r in ob.unanswered(limit=len(payloads))]
    enqueued = {json.loads(b)["txn_id"] for b in bodies}

    centre = _centre(tmp, data, args.database)
    with Broker() as broker, centre as dsn:
        raw_before = _raw_publish(broker.host, broker.port, bodies, args.window)
        bridges = _start_bridges(tmp, broker.port, args.bridges, dsn, args.bridge_batch)
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
            stats = _stop_bridges(bridges)
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
    figures.update(items=len(items), patrons=len(patrons))
    shutil.rmtree(tmp, ignore_errors=True)
    return figures


def _backlog(tmp: Path, payloads: list[Payload], devices: int) -> list[Any]:
    """The backlog in ``devices`` outboxes (one: ``outbox.db``, as always), committed in bulk in
    rounds so the devices' clocks interleave; a checkout and its checkin stay on one device."""
    from sync.edge.outbox import Outbox

    if devices <= 1:
        outbox = Outbox(tmp / "outbox.db", device_id="kiosk-bench", branch="TPML-MAIN")
        for i in range(0, len(payloads), 10_000):
            outbox.enqueue_many(payloads[i:i + 10_000])
        return [outbox]
    outboxes = [Outbox(tmp / f"outbox-{d:03d}.db", device_id=f"kiosk-{d:03d}", branch="TPML-MAIN")
                for d in range(devices)]
    shares: list[list[Payload]] = [[] for _ in outboxes]
    group = 0
    for n, payload in enumerate(payloads):
        shares[group % devices].append(payload)
        if not (payload.TYPE == "checkout" and n + 1 < len(payloads)
                and payloads[n + 1].TYPE == "checkin"):
            group += 1
    per_round = max(1, 10_000 // devices)
    for i in range(0, max(len(s) for s in shares), per_round):
        for ob, share in zip(outboxes, shares, strict=True):
            if share[i:i + per_round]:
                ob.enqueue_many(share[i:i + per_round])
    return outboxes


@contextlib.contextmanager
def _centre(tmp: Path, data: Any, database: str) -> Iterator[str]:
    """The seeded reference ILS: the SQLite file (yields "") or a private PostgreSQL cluster
    (yields its URL; fsync on, as a centre runs)."""
    from sync.ils import seed
    from sync.ils.reference import ReferenceILS

    if database == "sqlite":
        with ReferenceILS(tmp / "central" / "ils.db") as ils:
            seed.seed(ils, data, pin_cost=2**10)
        yield ""
        return
    from sync.pgserver import PgServer

    with PgServer(tmp / "pg", fsync=True) as server:
        dsn = server.create_database("centre")
        with ReferenceILS(dsn) as ils:
            seed.seed(ils, data, pin_cost=2**10)
        yield dsn


def _start_bridges(tmp: Path, port: int, n: int, dsn: str,
                   batch_size: int = 500) -> list[subprocess.Popen[str]]:
    """``n`` bridge processes in one shared-subscription group, each once it said "running"."""
    conf = tmp / "central.toml"
    conf.write_text(f'[device]\ndata_dir = "{tmp}"\n[central]\nbatch_size = {batch_size}\n'
                    + (f'database = "{dsn}"\n' if dsn else ""))
    env = dict(os.environ, RFID_EDGE_CONFIG=str(conf))
    bridges: list[subprocess.Popen[str]] = []
    for k in range(n):
        argv = [sys.executable, "-m", "rfid_edge", "central", "run", "--port", str(port)]
        if n > 1:
            argv += ["--client-id", f"bench-bridge-{k}"]
        bridges.append(subprocess.Popen(argv, stdout=subprocess.PIPE, env=env, text=True))
    for bridge in bridges:
        line = bridge.stdout.readline() if bridge.stdout else ""
        if '"running"' not in line:
            _stop_bridges(bridges)
            raise RuntimeError(f"bridge did not start: {line!r}")
    return bridges


def _stop_bridges(bridges: list[subprocess.Popen[str]]) -> list[dict[str, Any]]:
    """SIGTERM each bridge; the statistics each one printed last."""
    stats = []
    for bridge in bridges:
        if bridge.poll() is None:
            bridge.send_signal(signal.SIGTERM)
    for bridge in bridges:
        out, _ = bridge.communicate(timeout=30)
        stats.append(json.loads(out.strip().splitlines()[-1]) if out.strip() else {})
    return stats


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
