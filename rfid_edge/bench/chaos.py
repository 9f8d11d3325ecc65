"""`rfid-edge bench chaos`: a fleet under SIGKILL and SIGSTOP loses, doubles and strands nothing.

A mosquitto, ``--bridges`` bridges (``rfid-edge central run``, one shared reference ILS file) and
``--devices`` uplinks (``rfid-edge sync run``) run as separate processes. For ``--seconds`` this
process enqueues a random circulation load (checkouts, check-ins, renewals of seeded items by
seeded patrons, ``--rate`` transactions/s over the fleet) into the devices' outboxes, as a kiosk
does, while a chaos loop SIGKILLs (and restarts) or SIGSTOPs (and SIGCONTs) a random bridge,
uplink or the broker. Then it heals everything, waits until every outbox is drained (bounded)
and checks the invariants.

Figures::

    {"transactions", "devices", "bridges", "seconds", "kills": {kind: n}, "kills_total",
     "applied", "rejected", "lost", "duplicated", "stuck", "state_match", "drain_s"}

``lost``: enqueued but not in the centre's ledger; ``duplicated``: applied more than once (a
txn id on two loans, or ledger/journal entries beyond the enqueued ones); ``stuck``: still
unanswered in an outbox at the end; ``state_match``: the final ILS equals the journal replayed
once, in order, on a fresh copy of the seeded ILS (the approach of ``bench offline``).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

DESCRIPTION = "fleet chaos: SIGKILL/SIGSTOP bridges, uplinks and broker; lost/duplicated/stuck"

KINDS = ("kill_bridge", "kill_uplink", "kill_broker", "stop_bridge", "stop_uplink",
         "stop_broker")


class Load:
    """Random circulation from the seeded data, as the fleet would see it (some of it refused by
    the ILS's rules: a refusal is an answer, not a loss)."""

    def __init__(self, data: Any, rnd: random.Random) -> None:
        self.rnd = rnd
        self.items = [i.item_id for i in data.available_items()]
        self.patrons = [p.patron_id for p in data.good_patrons()]
        self.on_loan: dict[str, str] = {}

    def next(self) -> Any:
        from sync.messages import Checkin, Checkout, Renew

        roll = self.rnd.random()
        if self.on_loan and roll < 0.45:
            item = self.rnd.choice(list(self.on_loan))
            del self.on_loan[item]
            return Checkin(item_id=item)
        if self.on_loan and roll < 0.55:
            item, patron = self.rnd.choice(list(self.on_loan.items()))
            return Renew(patron_id=patron, item_id=item)
        item, patron = self.rnd.choice(self.items), self.rnd.choice(self.patrons)
        self.on_loan[item] = patron
        return Checkout(patron_id=patron, item_id=item)


def run(argv: list[str]) -> dict[str, Any]:
    p = argparse.ArgumentParser(prog="rfid-edge bench chaos", description=DESCRIPTION)
    p.add_argument("--seconds", type=float, default=120, help="how long the chaos lasts")
    p.add_argument("--devices", type=int, default=12, help="device uplinks")
    p.add_argument("--bridges", type=int, default=2)
    p.add_argument("--rate", type=float, default=50, help="transactions/s over the fleet")
    p.add_argument("--kill-every", type=float, default=2.0, help="mean seconds between faults")
    p.add_argument("--drain-timeout", type=float, default=180, help="seconds to drain, at most")
    p.add_argument("--seed", type=int, default=19)
    p.add_argument("--keep", action="store_true", help="keep the work directory (logs)")
    args = p.parse_args(argv)

    from rfid_edge.bench._fleet import Fleet
    from sync.ils import reference, seed
    from sync.ils.reference import ReferenceILS

    reference.pins.SCRYPT_N = 2**4  # no PIN is checked here; keep seeding quick
    work = Path(tempfile.mkdtemp(prefix="rfid-edge-bench-chaos-"))
    rnd = random.Random(args.seed)
    data = seed.demo_data(seed=2026, items=1500, patrons=200)
    template = work / "template.db"
    with ReferenceILS(template) as ils:
        seed.seed(ils, data, pin_cost=2**4)
    ils_db = work / "central" / "ils.db"
    ils_db.parent.mkdir(parents=True)
    shutil.copyfile(template, ils_db)
    devices = [f"kiosk-{n:02d}" for n in range(args.devices)]
    fleet = Fleet(work, ils_db, bridges=args.bridges, devices=devices, branch="TPML-MAIN")
    try:
        fleet.start()
        enqueued, kills = _chaos(fleet, devices, Load(data, rnd), rnd, args)
        fleet.heal()
        drain_s, stuck = _drain(fleet, devices, args.drain_timeout)
        figures = {"transactions": len(enqueued), "devices": args.devices,
                   "bridges": args.bridges, "seconds": args.seconds,
                   "kills": dict(sorted(kills.items())), "kills_total": sum(kills.values()),
                   "drain_s": round(drain_s, 1), "stuck": stuck}
    finally:
        fleet.close()
    figures.update(_check(ils_db, template, enqueued))
    if args.keep:
        figures["work"] = str(work)
    else:
        shutil.rmtree(work, ignore_errors=True)
    return figures


def _chaos(fleet: Any, devices: list[str], load: Load, rnd: random.Random,
           args: argparse.Namespace) -> tuple[set[str], Counter[str]]:
    """Enqueue the load and inject faults until ``--seconds`` are over; return the txn ids
    enqueued and the faults by kind."""
    from sync.edge.outbox import Outbox

    outboxes = {d: Outbox(fleet.outbox_path(d), device_id=d, branch="TPML-MAIN")
                for d in devices}
    enqueued: set[str] = set()
    kills: Counter[str] = Counter()
    pending: list[tuple[float, Any]] = []  # (when, undo action): restarts and SIGCONTs
    start = time.monotonic()
    next_fault = start + rnd.expovariate(1 / args.kill_every)
    sent = 0
    try:
        while (now := time.monotonic()) - start < args.seconds:
            due = int((now - start) * args.rate)
            while sent < due:
                device = rnd.choice(devices)
                enqueued.add(outboxes[device].enqueue(load.next()).txn_id)
                sent += 1
            for entry in [e for e in pending if e[0] <= now]:
                pending.remove(entry)
                entry[1]()
            if now >= next_fault:
                kind = rnd.choice(KINDS)
                action = _fault(fleet, kind, rnd)
                if action is not None:
                    kills[kind] += 1
                    pending.append((now + rnd.uniform(0.3, 3.0), action))
                next_fault = now + rnd.expovariate(1 / args.kill_every)
            time.sleep(0.01)
    finally:
        for _, action in pending:
            action()
        for ob in outboxes.values():
            ob.close()
    return enqueued, kills


def _fault(fleet: Any, kind: str, rnd: random.Random) -> Any:
    """Inject one fault; return what undoes it (restart, SIGCONT), or None if nothing fit."""
    what, target = kind.split("_")
    if target == "broker":
        if not fleet.broker.running or fleet.broker_stopped:
            return None
        if what == "kill":
            fleet.kill_broker()
            return lambda: fleet.broker.start(timeout=30)
        fleet.stop_broker()
        return fleet.cont_broker
    procs = [p for p in fleet.procs if p.kind == target and p.alive and not p.stopped]
    if not procs:
        return None
    proc = rnd.choice(procs)
    if what == "kill":
        proc.kill()
        return proc.start
    proc.stop()
    return proc.cont


def _drain(fleet: Any, devices: list[str], timeout: float) -> tuple[float, int]:
    """Wait until no outbox holds an unanswered row; return the seconds taken and how many rows
    are still unanswered (stuck) when the bound ran out."""
    from sync.edge.outbox import Outbox

    start = time.monotonic()
    while True:
        depth = 0
        for d in devices:
            with Outbox(fleet.outbox_path(d), device_id=d, branch="TPML-MAIN") as ob:
                depth += ob.depth()
        if depth == 0 or time.monotonic() - start > timeout:
            return time.monotonic() - start, depth
        time.sleep(0.5)


def _check(ils_db: Path, template: Path, enqueued: set[str]) -> dict[str, Any]:
    """The invariants, from the ledger, the loans and a replay of the journal."""
    from rfid_edge.bench.offline import _state
    from sync.centre.apply import apply_transaction
    from sync.ils.reference import ReferenceILS

    with ReferenceILS(ils_db) as ils:
        q = ils.db.conn.execute
        processed = dict(q("SELECT txn_id, status FROM processed").fetchall())
        twice = q("SELECT count(*) FROM (SELECT txn_id FROM loans WHERE txn_id IS NOT NULL"
                  " GROUP BY txn_id HAVING count(*) > 1)").fetchone()[0]
        journal = [json.loads(m) for (m,) in q(
            "SELECT message FROM seq_journal ORDER BY okey").fetchall()]
        unapplied = q("SELECT count(*) FROM seq_journal WHERE applied = 0").fetchone()[0]
        live = _state(ils)
    replay = template.with_name("replay.db")
    shutil.copyfile(template, replay)
    with ReferenceILS(replay, durable=False) as oracle:
        with oracle.batch():
            for msg in journal:
                apply_transaction(oracle, msg)
        replayed = _state(oracle)
    journal_ids = [m["txn_id"] for m in journal]
    statuses = Counter(processed[t] for t in enqueued if t in processed)
    return {
        "applied": statuses.get("applied", 0), "rejected": statuses.get("rejected", 0),
        "lost": len(enqueued - processed.keys()),
        "duplicated": twice + len(processed.keys() - enqueued)
        + (len(journal_ids) - len(set(journal_ids))) + len(set(journal_ids) - enqueued),
        "journal_unapplied": unapplied,
        "state_match": live == replayed,
    }
