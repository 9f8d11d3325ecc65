"""`rfid-edge bench offline`: the centre applying a shuffled offline backlog in event-time order.

A fleet of ``--devices`` kiosks (default 200) lends offline for 30 days on the seeded reference
ILS: ``--count`` transactions (default 100,000) of checkouts, returns (often at another kiosk)
and renewals, made under the kiosks' cached view, so some break rules the ILS enforces. The
backlog reaches the centre shuffled, with 1% duplicate deliveries, in batches of ``--batch``
(each batch is ordered and rebased once, see :mod:`sync.centre.ordering`).

Figures::

    {"transactions", "devices", "duplicates", "batch", "items", "patrons", "rebase",
     "apply_per_s", "rebases", "reapplied", "rolled_back", "widened", "conflicts",
     "conflicts_expected", "conflicts_match", "state_match", "oracle_apply_per_s"}

A late batch rolls back only the transactions it can affect (same items or patrons, closed
transitively; ``--full-rebase`` rolls back everything after it, for comparison). The default
library is small for its traffic (400 patrons making 100,000 transactions: ~250 each), so
nearly everything is connected and the closure is nearly everything; with a city's numbers
(``--items 50000 --patrons 20000``) it is a fraction.

``apply_per_s`` counts deliveries (duplicates included) over the wall time of the sequencer;
``conflicts_expected`` and ``state_match`` come from applying the same transactions once each,
in event-time order, to a second copy of the ILS without the sequencer (the oracle), and
``oracle_apply_per_s`` is that plain in-order rate, the floor the ordering cost is measured on.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

DESCRIPTION = "centre: apply a shuffled offline backlog in event-time order (transactions/s)"


def generate(data: Any, *, count: int, devices: int, seed: int) -> list[dict[str, Any]]:
    """A month of offline lending as the kiosks saw it (their own, partial view)."""
    from sync import schema
    from sync.ils.seed import BRANCHES

    rnd = random.Random(seed)
    start = dt.datetime.combine(data.today, dt.time(9), tzinfo=dt.UTC) - dt.timedelta(days=30)
    step = dt.timedelta(days=30) / max(count, 1)
    branches = [b for b, _ in BRANCHES]
    kiosks = [(f"kiosk-{n:03d}", branches[n % len(branches)]) for n in range(devices)]
    items = [i.item_id for i in data.items]
    patrons = [p.patron_id for p in data.patrons]
    on_loan: dict[str, str] = {i: p for p, i, _ in data.loans}
    seqs = dict.fromkeys((k for k, _ in kiosks), 0)
    out = []
    for n in range(count):
        device, branch = rnd.choice(kiosks)
        when = start + step * n + dt.timedelta(milliseconds=rnd.randrange(1000))
        item = rnd.choice(items)
        holder = on_loan.get(item)
        roll = rnd.random()
        if holder is not None and roll < 0.75:
            kind, payload = "checkin", {"item_id": item}
            del on_loan[item]
        elif holder is not None and roll < 0.9:
            kind, payload = "renew", {"patron_id": holder, "item_id": item}
        else:  # lent offline: sometimes an item the centre still has out (a missed return)
            patron = rnd.choice(patrons)
            kind, payload = "checkout", {"patron_id": patron, "item_id": item}
            on_loan[item] = patron
        seqs[device] += 1
        out.append({"v": 1, "txn_id": str(uuid.UUID(int=rnd.getrandbits(128), version=4)),
                    "device_id": device, "seq": seqs[device], "type": kind,
                    "wall_time": schema.format_time(when), "mono_ns": n * 1000,
                    "boot_id": "bench", "branch": branch, "offline": True, "payload": payload})
    return out


def run(argv: list[str]) -> dict:
    parser = argparse.ArgumentParser(prog="rfid-edge bench offline", description=DESCRIPTION)
    parser.add_argument("--count", type=int, default=100_000, help="transactions")
    parser.add_argument("--devices", type=int, default=200)
    parser.add_argument("--batch", type=int, default=25_000, help="deliveries per batch")
    parser.add_argument("--duplicates", type=float, default=0.01, help="share delivered twice")
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--items", type=int, default=3000, help="items in the seeded ILS")
    parser.add_argument("--patrons", type=int, default=400, help="patrons in the seeded ILS")
    parser.add_argument("--full-rebase", action="store_true",
                        help="rebase everything after a late batch (the old way), for comparison")
    args = parser.parse_args(argv)

    from sync.centre.apply import apply_transaction
    from sync.centre.rebase import RebasingApplier
    from sync.centre.skew import order_key
    from sync.ils import reference, seed
    from sync.ils.reference import ReferenceILS

    reference.pins.SCRYPT_N = 2**4  # no PIN is checked here; keep seeding quick
    work = Path(tempfile.mkdtemp(prefix="rfid-edge-bench-offline-"))
    try:
        data = seed.demo_data(seed=2026, items=args.items, patrons=args.patrons,
                              today=dt.date(2026, 4, 1))
        template = work / "template.db"
        with ReferenceILS(template, durable=False) as ils:
            seed.seed(ils, data)
        txns = generate(data, count=args.count, devices=args.devices, seed=args.seed)
        rnd = random.Random(args.seed + 1)
        deliveries = txns + rnd.sample(txns, int(len(txns) * args.duplicates))
        rnd.shuffle(deliveries)

        shutil.copyfile(template, work / "oracle.db")
        expected: dict[str, str] = {}
        with ReferenceILS(work / "oracle.db", durable=False) as oracle:
            t0 = time.perf_counter()
            with oracle.batch():
                for msg in sorted(txns, key=order_key):
                    result = apply_transaction(oracle, msg)
                    if result is not None and result.outcome.value in ("conflict", "refused"):
                        expected[msg["txn_id"]] = result.reason or ""
            oracle_s = time.perf_counter() - t0
            oracle_state = _state(oracle)

        shutil.copyfile(template, work / "centre.db")
        with ReferenceILS(work / "centre.db", durable=False) as ils:
            seq = RebasingApplier(ils, targeted=not args.full_rebase)
            t0 = time.perf_counter()
            for i in range(0, len(deliveries), args.batch):
                seq.apply_many(deliveries[i:i + args.batch])
            apply_s = time.perf_counter() - t0
            found = seq.conflicts.txn_rules()
            state_match = _state(ils) == oracle_state
        return {
            "transactions": len(txns), "devices": args.devices,
            "duplicates": len(deliveries) - len(txns), "batch": args.batch,
            "apply_per_s": round(len(deliveries) / apply_s),
            "items": args.items, "patrons": args.patrons,
            "rebase": "full" if args.full_rebase else "targeted",
            "rebases": seq.stats["rebases"], "reapplied": seq.stats["reapplied"],
            "rolled_back": seq.stats["rolled_back"], "widened": seq.stats["widened"],
            "conflicts": len(found), "conflicts_expected": len(expected),
            "conflicts_match": found == expected, "state_match": state_match,
            "oracle_apply_per_s": round(len(txns) / oracle_s),
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _state(ils: Any) -> tuple:
    q = ils.db.conn.execute
    return (q("SELECT id, status, current_branch FROM items ORDER BY id").fetchall(),
            q("SELECT item_id, patron_id, issued, due, renewals, returned FROM loans"
              " ORDER BY item_id, issued").fetchall(),
            q("SELECT patron_id, item_id, status FROM holds ORDER BY id").fetchall(),
            q("SELECT patron_id, amount_cents, paid_cents, item_id, created FROM fees"
              " ORDER BY patron_id, created, item_id, amount_cents").fetchall())
