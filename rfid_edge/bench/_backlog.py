"""What `rfid-edge bench sync` and `rfid-edge bench online` share: the seeded library, a
kiosk-like backlog in outboxes, the centre it drains into and the bridge processes in front of it.

(:mod:`rfid_edge.bench._fleet` is the other kind: restartable processes on a fixed port that
`bench chaos` signals.)
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sync.messages import Payload


def add_library_options(p: argparse.ArgumentParser) -> None:
    """``--items`` and ``--patrons``: the size of the seeded library."""
    p.add_argument("--items", type=int, default=600, help="items in the seeded library")
    p.add_argument("--patrons", type=int, default=60, help="patrons in the seeded library")


@dataclass(frozen=True)
class Library:
    """The seeded library (``sync.ils.seed`` demo data) and the ids a backlog draws on."""

    data: Any
    items: list[str]
    patrons: list[str]

    @classmethod
    def seeded(cls, args: argparse.Namespace) -> Library:
        """From ``--items`` and ``--patrons`` (:func:`add_library_options`)."""
        from sync.ils import seed

        data = seed.demo_data(items=args.items, patrons=args.patrons)
        return cls(data, [i.item_id for i in data.available_items()],
                   [p.patron_id for p in data.good_patrons()])


def backlog_payloads(count: int, items: list[str], patrons: list[str]) -> list[Payload]:
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


def backlog(tmp: Path, payloads: list[Payload], devices: int) -> list[Any]:
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
def seeded_centre(tmp: Path, data: Any, database: str) -> Iterator[str]:
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


def start_bridges(tmp: Path, port: int, n: int, dsn: str,
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
            stop_bridges(bridges)
            raise RuntimeError(f"bridge did not start: {line!r}")
    return bridges


def stop_bridges(bridges: list[subprocess.Popen[str]]) -> list[dict[str, Any]]:
    """SIGTERM each bridge; the statistics each one printed last."""
    stats = []
    for bridge in bridges:
        if bridge.poll() is None:
            bridge.send_signal(signal.SIGTERM)
    for bridge in bridges:
        out, _ = bridge.communicate(timeout=30)
        stats.append(json.loads(out.strip().splitlines()[-1]) if out.strip() else {})
    return stats
