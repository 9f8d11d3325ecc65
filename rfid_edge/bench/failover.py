"""`rfid-edge bench failover`: the centre's PostgreSQL primary dies mid-drain and its synchronous
standby is promoted; how long until transactions are applied again, and what was lost.

A private primary and a synchronous streaming standby (``pg_basebackup``; fsync on), ``--bridges``
bridge processes on a libpq multi-host URL with ``target_session_attrs=read-write``, a mosquitto
and ``--devices`` uplink processes. The kiosks come back with an offline backlog of
``--backlog`` transactions and keep lending (``--rate`` transactions/s). Once a third of the
backlog is in the ledger the primary is SIGKILLed; after ``--detect`` seconds (the time a
failover manager such as Patroni takes to decide) the standby is promoted with ``pg_ctl promote``.

Figures::

    {"transactions", "backlog", "live", "devices", "bridges", "fsync", "detect_s", "promote_s",
     "failover_s", "applied_at_kill", "drain_s", "stuck", "lost", "duplicated",
     "answered_missing", "answer_mismatch", "journal_unapplied", "applied", "rejected"}

``failover_s``: seconds from the primary's death (its processes gone) to the first transaction
applied on the promoted standby (its ledger growing past what the standby held at the kill),
``detect_s`` and ``promote_s`` included; ``promote_s`` is ``pg_ctl promote`` alone.
``answered_missing``: transactions whose reply reached a device but which the promoted server
does not hold (a synchronous standby makes it 0). ``lost`` and ``duplicated`` as in ``bench
chaos``, against the promoted server's ledger.
"""

from __future__ import annotations

import argparse
import random
import shutil
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

DESCRIPTION = ("PostgreSQL failover: kill -9 the primary mid-drain, promote the synchronous "
               "standby; seconds to the first transaction applied, lost, duplicated")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="rfid-edge bench failover", description=DESCRIPTION)
    p.add_argument("--bridges", type=int, default=2)
    p.add_argument("--devices", type=int, default=8, help="device uplinks")
    p.add_argument("--backlog", type=int, default=3000, help="offline transactions at start")
    p.add_argument("--rate", type=float, default=30, help="live transactions/s over the fleet")
    p.add_argument("--detect", type=float, default=0.0,
                   help="seconds between the primary's death and the promotion")
    p.add_argument("--after", type=float, default=5.0,
                   help="seconds of live load after the promotion")
    p.add_argument("--drain-timeout", type=float, default=240, help="seconds to drain, at most")
    p.add_argument("--no-fsync", dest="fsync", action="store_false",
                   help="fsync off (tests: quicker, same guarantees against a process crash)")
    p.add_argument("--seed", type=int, default=18)
    p.add_argument("--keep", action="store_true", help="keep the work directory (logs)")
    return p


def run(argv: list[str]) -> dict[str, Any]:
    args = parser().parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="rfid-edge-bench-failover-"))
    try:
        figures = failover(work, args)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    if args.keep:
        figures["work"] = str(work)
    return figures


def failover(work: Path, args: argparse.Namespace) -> dict[str, Any]:
    """The bench's core (tests run it small)."""
    from rfid_edge.bench import _pgcentre as pgc
    from rfid_edge.bench._pgfleet import PgFleet
    from sync.pgserver import PgServer, multi_host_dsn

    rnd = random.Random(args.seed)
    data = pgc.demo(items=1500, patrons=200)
    primary = PgServer(work / "primary", fsync=args.fsync).start()
    standby: PgServer | None = None
    try:
        pgc.seed_database(primary.create_database("centre"), data)
        standby = primary.standby(work / "standby", synchronous=True)
        dsn = multi_host_dsn([primary, standby], "centre")
        promoted = standby.dsn("centre")
        with PgFleet(work / "fleet", dsn, bridges=args.bridges, devices=args.devices,
                     batch_size=100) as fleet:
            fleet.fill(pgc.backlog(data, count=args.backlog, devices=args.devices,
                                   seed=args.seed))
            fleet.start(rnd=rnd, stagger_s=0.05)
            live = _LiveLoad(fleet, data, rnd, args.rate)
            live.start()
            try:
                at_kill = fleet.wait_processed(max(1, args.backlog // 3), timeout=120)
                primary.kill()
                dead = time.monotonic()
                held = pgc.processed_count(promoted) or 0  # a hot standby answers reads
                time.sleep(args.detect)
                t0 = time.monotonic()
                standby.promote()
                promote_s = time.monotonic() - t0
                while (pgc.processed_count(promoted, timeout=1) or 0) <= held:
                    if time.monotonic() - dead > 120:
                        raise TimeoutError("nothing applied on the promoted standby in 120 s")
                    fleet.fleet.revive()
                    time.sleep(0.01)
                failover_s = time.monotonic() - dead
                time.sleep(args.after)
            finally:
                live.stop()
            drain_s, stuck = fleet.drain(args.drain_timeout)
            figures = fleet.check(promoted)
        return {"transactions": figures.pop("transactions"), "backlog": args.backlog,
                "live": live.sent, "devices": args.devices, "bridges": args.bridges,
                "fsync": args.fsync, "detect_s": args.detect, "promote_s": round(promote_s, 2),
                "failover_s": round(failover_s, 2), "applied_at_kill": at_kill,
                "drain_s": round(drain_s, 1), "stuck": stuck, **figures}
    finally:
        if standby is not None:
            standby.stop("immediate")
        primary.stop("immediate")


class _LiveLoad(threading.Thread):
    """Kiosks lending online while the centre fails over (``rate`` transactions/s), enqueued
    as a kiosk does; recorded in the fleet's messages for the checks."""

    def __init__(self, fleet: Any, data: Any, rnd: random.Random, rate: float) -> None:
        super().__init__(daemon=True)
        from rfid_edge.bench.chaos import Load

        self.fleet, self.rate = fleet, rate
        self.load = Load(data, random.Random(rnd.random()))
        self.rnd = random.Random(rnd.random())
        self.sent = 0
        self._halt = threading.Event()
        self._error: BaseException | None = None

    def run(self) -> None:
        import json

        from sync.edge.outbox import Outbox

        outboxes = {d: Outbox(self.fleet.fleet.outbox_path(d), device_id=d, branch="TPML-MAIN")
                    for d in self.fleet.devices}
        start = time.monotonic()
        try:
            while not self._halt.is_set():
                due = int((time.monotonic() - start) * self.rate)
                while self.sent < due:
                    row = outboxes[self.rnd.choice(self.fleet.devices)].enqueue(self.load.next())
                    self.fleet.messages.append(json.loads(row.message))
                    self.sent += 1
                self._halt.wait(0.02)
        except BaseException as exc:  # reported by stop()
            self._error = exc
        finally:
            for ob in outboxes.values():
                ob.close()

    def stop(self) -> None:
        self._halt.set()
        self.join(30)
        if self._error is not None:
            raise self._error
