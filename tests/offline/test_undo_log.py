"""The undo log is the whole story: rolling back every transaction the sequencer applied leaves
the reference ILS row for row as it was, whatever the circulation rules did (loans, returns with
fines, holds trapped, sent in transit and filled, renewals, fees paid), and the SQL literals it
is written in read back as the values they stand for — on SQLite and on PostgreSQL."""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import random
import sqlite3
import uuid
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from sync import schema
from sync.centre.ordering import sequencer_for
from sync.db import open_db
from sync.db.sqltext import pg_literal, sqlite_literal
from sync.ils import seed
from sync.ils.reference import ReferenceILS
from tests.centredb import CentreDB

TODAY = dt.date(2026, 3, 2)
TABLES = ("items", "loans", "holds", "fees", "patrons", "applied_txns")


def _dump(ils: ReferenceILS) -> dict[str, list[tuple]]:
    """Every row of every table, its key first (SQLite: the rowid; PostgreSQL: the primary
    key, which an undone insert's id never reuses)."""
    def key(t: str) -> str:
        return ils.db.rowid if ils.db.dialect == "sqlite" or t != "applied_txns" else "txn_id"
    return {t: [tuple(r) for r in ils.db.execute(
        f"SELECT {key(t)} AS k, * FROM {t} ORDER BY {key(t)}").fetchall()] for t in TABLES}


def _workload(data: seed.DemoData, n: int, rnd: random.Random) -> list[dict[str, Any]]:
    """Two months of mixed circulation over the demo library: returns late enough to be fined,
    returns of items others wait for, pickups of trapped holds, payments of fines."""
    items = [i.item_id for i in data.items]
    patrons = [p.patron_id for p in data.patrons]
    held = [(p, i) for p, i, _, _ in data.holds]
    on_loan = [(p, i) for p, i, _ in data.loans]
    start = dt.datetime.combine(TODAY, dt.time(9), tzinfo=dt.UTC)
    out = []
    for k in range(n):
        r = rnd.random()
        if r < 0.3:
            kind, payload = "checkout", {"patron_id": rnd.choice(patrons),
                                         "item_id": rnd.choice(items)}
        elif r < 0.6:
            item = rnd.choice([i for _, i in on_loan] if rnd.random() < 0.5 else items)
            kind, payload = "checkin", {"item_id": item}
        elif r < 0.7:
            p, i = rnd.choice(on_loan)
            kind, payload = "renew", {"patron_id": p, "item_id": i}
        elif r < 0.85:
            p, i = rnd.choice(held)
            kind, payload = "hold_pickup", {"patron_id": p, "item_id": i}
        else:
            kind, payload = "fee_paid", {"patron_id": rnd.choice(patrons), "amount": "20.00"}
        out.append({"v": 1, "txn_id": str(uuid.UUID(int=k + 1)), "device_id": "kiosk-u",
                    "seq": k + 1, "type": kind,
                    "wall_time": schema.format_time(start + dt.timedelta(hours=4 * k)),
                    "mono_ns": k, "boot_id": "b", "branch": rnd.choice(("TPML-MAIN", "TPML-BT")),
                    "offline": rnd.random() < 0.5, "payload": payload})
    return out


@pytest.mark.backends
def test_rolling_back_every_transaction_restores_the_ils_exactly(centre_db: CentreDB) -> None:
    data = seed.demo_data(items=80, patrons=40, today=TODAY)
    ils = ReferenceILS(centre_db.target("ils"), today=lambda: TODAY)
    seed.seed(ils, data, pin_cost=2**4)
    before = _dump(ils)
    seq = sequencer_for(ils)
    results = seq.apply_many(_workload(data, 500, random.Random(7)))
    after = _dump(ils)
    # the workload reached every kind of change the rules make
    assert len(after["loans"]) > len(before["loans"])
    assert len(after["fees"]) > len(before["fees"])  # late returns fined
    assert sum(f[4] for f in after["fees"]) > sum(f[4] for f in before["fees"])  # fines paid
    statuses = {a[6] for o, a in zip(before["holds"], after["holds"], strict=True) if o != a}
    assert {"ready", "in_transit", "filled"} <= statuses
    assert any(a[7] > o[7] for o, a in zip(before["loans"], after["loans"], strict=False))  # renewed
    assert sum(r is not None and r.ok for r in results.values()) > 200
    assert ils.db.conn.execute("SELECT count(*) FROM applied_txns").fetchone()[0] == 0
    with ils.batch():
        seq._roll_back(seq._after(""))
    assert _dump(ils) == before


_VALUES = (st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1)
           | st.floats(allow_nan=False) | st.text() | st.binary())


@given(_VALUES)
@example(5.52127734818572e-308)  # SQLite 3.40 parses its repr() as a neighbour
@example(3.688947235425901e-295)
@example(5e-324)
@example(1.7976931348623157e308)
def test_sql_literals_read_back_as_their_values(value: Any) -> None:
    with sqlite3.connect(":memory:") as conn:
        got = conn.execute(f"SELECT {sqlite_literal(value)}").fetchone()[0]
    want = int(value) if isinstance(value, bool) else value  # SQLite has no booleans
    assert got == want and type(got) is type(want)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(_VALUES | st.sampled_from([math.inf, -math.inf]))
def test_postgres_literals_read_back_as_their_values(pg_dsn: str, value: Any) -> None:
    with contextlib.closing(open_db(pg_dsn)) as conn:
        if isinstance(value, str) and "\x00" in value:
            with pytest.raises(ValueError, match="NUL"):
                pg_literal(value)
            return
        got = conn.execute(f"SELECT {pg_literal(value)}").fetchone()[0]
    want = int(value) if isinstance(value, bool) else value
    assert got == want and type(got) is type(want)
