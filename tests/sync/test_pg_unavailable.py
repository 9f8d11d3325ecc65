"""A centre on PostgreSQL when the server goes away (issue 18): a batch that meets a stopped,
killed or read-only server is answered "retry" — nothing raised, nothing recorded — and once
the server is back the bridge's next batch reconnects by itself and applies the resend exactly
once (its ledger rows committed with its changes)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from rfid_edge import config as configuration
from sync import topics
from sync.centre import service
from sync.centre.bridge import Bridge, Incoming
from sync.db import DatabaseUnavailable, open_db
from sync.ils import seed
from sync.ils.reference import ReferenceILS
from sync.pgserver import PgServer
from tests.sync.conftest import TODAY, tx_message


@pytest.fixture
def server(tmp_path: Path) -> Iterator[PgServer]:
    """A cluster of this test's own (it is stopped and killed here)."""
    pg = PgServer(tmp_path / "pg", fsync=False).start()
    yield pg
    pg.stop("immediate")


@pytest.fixture
def centre(server: PgServer, tmp_path: Path,
           demo: seed.DemoData) -> Iterator[tuple[Any, Bridge, str]]:
    dsn = server.create_database("centre")
    with ReferenceILS(dsn, today=lambda: TODAY) as ils:
        seed.seed(ils, demo, pin_cost=2**4)
    cfg = configuration.load(None, {"device": {"data_dir": str(tmp_path)},
                                     "central": {"cache_interval_s": 0, "database": dsn}})
    applier = service.open_ils(cfg)
    bridge = service.open_bridge(cfg, applier)
    bridge._publish_bytes = lambda *a: None  # no broker here; replies are returned
    yield applier, bridge, dsn
    applier.close()


def _envelope(messages: list[dict[str, Any]]) -> Incoming:
    body = ('{"v":1,"batch":[' + ",".join(json.dumps(m) for m in messages) + "]}").encode()
    return Incoming(topic=topics.tx("kiosk-01"), body=body, response_topic="r",
                    correlation=b"c")


def _checkouts(demo: seed.DemoData, first: int, n: int) -> list[dict[str, Any]]:
    patrons = [p.patron_id for p in demo.good_patrons() if p.patron_type == "ADULT"]
    items = [i.item_id for i in demo.available_items() if i.item_type == "BOOK"]
    return [tx_message("checkout", {"patron_id": patrons[k % len(patrons)],
                                    "item_id": items[k]}, seq=k + 1, offline=True)
            for k in range(first, first + n)]


def _loans(dsn: str, msgs: list[dict[str, Any]]) -> int:
    conn = open_db(dsn)
    try:
        marks = ",".join("?" * len(msgs))
        return conn.execute(f"SELECT count(*) FROM loans WHERE txn_id IN ({marks})",
                            [m["txn_id"] for m in msgs]).fetchone()[0]
    finally:
        conn.close()


@pytest.mark.parametrize("how", ["stop", "kill"])
def test_a_server_gone_answers_retry_and_the_resend_applies_once(
        centre: tuple[Any, Bridge, str], server: PgServer, demo: seed.DemoData,
        how: str) -> None:
    _, bridge, dsn = centre
    before = _checkouts(demo, 0, 5)
    (_, envelope), = bridge.process([_envelope(before)])
    assert [r["status"] for r in envelope["replies"]] == ["applied"] * 5
    server.kill() if how == "kill" else server.stop("immediate")
    batch = _checkouts(demo, 5, 5)
    (_, envelope), = bridge.process([_envelope(batch)])  # never raises
    assert [r["status"] for r in envelope["replies"]] == ["retry"] * 5
    assert "database unavailable" in envelope["replies"][0]["reason"]
    server.start()
    (_, envelope), = bridge.process([_envelope(batch)])  # the edge's resend: reconnected
    assert [r["status"] for r in envelope["replies"]] == ["applied"] * 5
    (_, envelope), = bridge.process([_envelope(before + batch)])  # and again: duplicates
    assert [r.get("duplicate") for r in envelope["replies"]] == [True] * 10
    assert bridge.ledger.count() == 10
    assert _loans(dsn, before + batch) == 10


def test_a_read_only_server_is_unavailable_not_a_rejection(
        centre: tuple[Any, Bridge, str], demo: seed.DemoData) -> None:
    """A standby (or a primary being demoted) refuses writes: "retry", not "rejected"."""
    applier, bridge, dsn = centre
    admin = open_db(dsn)
    try:
        admin.execute("ALTER DATABASE centre SET default_transaction_read_only = on")
    finally:
        admin.close()
    applier.adapter.db.raw.close()  # the bridge's next session gets the setting
    batch = _checkouts(demo, 0, 3)
    (_, envelope), = bridge.process([_envelope(batch)])
    assert [r["status"] for r in envelope["replies"]] == ["retry"] * 3
    assert "ReadOnlySqlTransaction" in envelope["replies"][0]["reason"]
    assert bridge.ledger.count() == 0  # nothing recorded: the resend decides
    admin = open_db(dsn)
    try:
        admin.execute("SET default_transaction_read_only = off")
        admin.execute("ALTER DATABASE centre RESET default_transaction_read_only")
    finally:
        admin.close()
    applier.adapter.db.raw.close()
    (_, envelope), = bridge.process([_envelope(batch)])
    assert [r["status"] for r in envelope["replies"]] == ["applied"] * 3
    assert _loans(dsn, batch) == 3


def test_losing_the_server_inside_a_transaction_never_reconnects_mid_way(
        server: PgServer) -> None:
    """A transaction's later statements must not run on a new session (they would commit
    half of it): the connection reconnects only between transactions."""
    conn = open_db(server.create_database("mid"))
    conn.executescript("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)")
    with pytest.raises(DatabaseUnavailable), conn.write():
        conn.execute("INSERT INTO t (v) VALUES (?)", ("first",))
        server.restart()
        conn.execute("INSERT INTO t (v) VALUES (?)", ("second",))
    with conn.write():  # the next transaction reconnects
        conn.execute("INSERT INTO t (v) VALUES (?)", ("third",))
    assert [r[0] for r in conn.execute("SELECT v FROM t ORDER BY id")] == ["third"]
    conn.close()


def test_a_nul_in_a_text_is_rejected_alone_with_its_reason(
        centre: tuple[Any, Bridge, str], demo: seed.DemoData) -> None:
    """PostgreSQL text cannot hold NUL (SQLite's can): such a transaction is refused at its
    write, by name, never stored cut short; the rest of its batch applies. (A NUL in an id is
    refused before, by the schema; a sweep's call-number range is free text.)"""
    _, bridge, dsn = centre
    good = _checkouts(demo, 0, 4)
    bad = tx_message("inventory_seen", {"item_id": demo.items[9].item_id, "location": "A1",
                                        "pass_id": "p1", "range_from": "100\x00",
                                        "range_to": "200"}, seq=99, offline=True)
    in_id = tx_message("checkin", {"item_id": "3100\x000001"}, seq=98, offline=True)
    (_, envelope), = bridge.process([_envelope([*good[:2], bad, in_id, *good[2:]])])
    statuses = [r["status"] for r in envelope["replies"]]
    assert statuses == ["applied", "applied", "rejected", "rejected", "applied", "applied"]
    assert "NUL" in envelope["replies"][2]["reason"]
    assert envelope["replies"][3]["reason"].startswith("payload.item_id: must hold no control")
    assert sorted(d["correlation"] for d in bridge.ledger.dead_letters()) == sorted(
        [bad["txn_id"], in_id["txn_id"]])
    assert _loans(dsn, good) == 4
