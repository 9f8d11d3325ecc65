"""`rfid-edge bench online`: the round trip of a kiosk's online request (``OnlineClient``:
item info, patron status, checkout authorisation) through a real mosquitto to a real bridge
process (``rfid-edge central run``, reference ILS), on an idle system and while the bridge
drains an offline backlog.

Figures (milliseconds): ``idle_p50_ms`` / ``idle_p95_ms`` / ``idle_max_ms`` over ``--requests``
requests one after another; ``floor_p50_ms`` the same round trip between two plain paho clients
through the same broker (an echo: what MQTT costs here with no centre behind it);
``loaded_p50_ms`` / ``loaded_p95_ms`` / ``loaded_max_ms`` for requests made while one kiosk's
``--backlog`` transactions drain through the same bridge (``loaded_requests`` made, the drain's
rate as ``drain_per_s``). ``--backlog 0`` measures the idle system only. Example::

    rfid-edge bench online --json
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import threading
import time
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

DESCRIPTION = "online request round trip to a real bridge, idle and during a backlog drain"


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def _summary(prefix: str, rtts_s: list[float]) -> dict[str, float | None]:
    ms = [r * 1000 for r in rtts_s]
    if not ms:
        return {f"{prefix}_p50_ms": None, f"{prefix}_p95_ms": None, f"{prefix}_max_ms": None}
    return {f"{prefix}_p50_ms": round(statistics.median(ms), 2),
            f"{prefix}_p95_ms": round(_pct(ms, 0.95), 2), f"{prefix}_max_ms": round(max(ms), 2)}


def _floor(host: str, port: int, count: int) -> list[float]:
    """Request/response round trips between two plain paho clients (QoS 1 both ways, Nagle
    off on both sockets) through the broker: the floor the online client is compared with."""
    import paho.mqtt.client as mqtt

    from sync.mqtt import low_latency

    answered = threading.Event()

    def echo(client: Any, userdata: Any, msg: Any) -> None:
        client.publish("bench/floor/resp", msg.payload, qos=1)

    clients = []
    for name, on_message, topic in (("bench-floor-centre", echo, "bench/floor/req"),
                                    ("bench-floor-edge", lambda *a: answered.set(),
                                     "bench/floor/resp")):
        c = low_latency(mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=name,
                                    protocol=mqtt.MQTTv5))
        c.on_message = on_message
        c.connect(host, port)
        c.subscribe(topic, qos=1)
        c.loop_start()
        clients.append(c)
    try:
        time.sleep(0.3)  # both subscriptions in place
        rtts = []
        for _ in range(count):
            answered.clear()
            start = time.perf_counter()
            clients[1].publish("bench/floor/req", b'{"op":"item_info"}', qos=1)
            if not answered.wait(5):
                raise RuntimeError("the floor's echo did not answer")
            rtts.append(time.perf_counter() - start)
        return rtts
    finally:
        for c in clients:
            c.disconnect()
            c.loop_stop()


def _ask(online: Any, n: int, items: list[str], patrons: list[str]) -> float:
    """One online request of the kiosk's mix; returns its round trip in seconds."""
    item, patron = items[n % len(items)], patrons[n % len(patrons)]
    start = time.perf_counter()
    match n % 3:
        case 0:
            online.item_info(item)
        case 1:
            online.patron_status(patron)
        case _:
            online.authorise_checkout(patron, item)
    return time.perf_counter() - start


def run(argv: list[str]) -> dict[str, Any]:
    p = argparse.ArgumentParser(prog="rfid-edge bench online")
    p.add_argument("--requests", type=int, default=300, help="online requests on the idle system")
    p.add_argument("--backlog", type=int, default=30_000,
                   help="transactions drained while the loaded requests run (0: idle only)")
    add_library_options(p)
    args = p.parse_args(argv)

    from sync.broker import Broker
    from sync.edge.client import OnlineClient

    tmp = Path(tempfile.mkdtemp(prefix="rfid-edge-bench-online-"))
    library = Library.seeded(args)
    items, patrons = library.items, library.patrons
    figures: dict[str, Any] = {"requests": args.requests, "backlog": args.backlog}
    try:
        with Broker() as broker, seeded_centre(tmp, library.data, "sqlite"):
            figures.update(_summary("floor", _floor(broker.host, broker.port, args.requests)))
            bridges = start_bridges(tmp, broker.port, 1, "")
            try:
                with OnlineClient(device_id="kiosk-online", branch="TPML-MAIN",
                                  port=broker.port, timeout_s=10) as online:
                    for n in range(10):  # warm up: connections, statement caches
                        _ask(online, n, items, patrons)
                    idle = [_ask(online, n, items, patrons) for n in range(args.requests)]
                    figures.update(_summary("idle", idle))
                    if args.backlog:
                        figures.update(_loaded(tmp, broker.port, online, args.backlog, library))
            finally:
                stats = stop_bridges(bridges)
        figures["bridge_requests"] = sum(s.get("requests", 0) for s in stats)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if figures.get("floor_p50_ms") and figures.get("idle_p50_ms"):
        figures["idle_ratio"] = round(figures["idle_p50_ms"] / figures["floor_p50_ms"], 2)
    return figures


def _loaded(tmp: Path, port: int, online: Any, count: int, library: Library) -> dict[str, Any]:
    """Online requests one after another while one kiosk's backlog drains to the same bridge."""
    from sync.edge.uplink import Uplink

    items, patrons = library.items, library.patrons
    outboxes = backlog(tmp, backlog_payloads(count, items, patrons), 1)
    uplink = Uplink(outboxes[0], port=port, window=4000, batch_max=200,
                         reply_timeout_s=60, max_inflight_messages=20)
    rtts: list[float] = []
    start = time.perf_counter()
    uplink.start()
    try:
        n = 0
        while time.perf_counter() - start < 600:
            rtts.append(_ask(online, n, items, patrons))
            n += 1
            if uplink.counters["replies"] >= count:
                break
        elapsed = time.perf_counter() - start
    finally:
        uplink.stop()
        outboxes[0].close()
    return {**_summary("loaded", rtts), "loaded_requests": len(rtts),
            "drain_per_s": round(count / elapsed, 1)}
