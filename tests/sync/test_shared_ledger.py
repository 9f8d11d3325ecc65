"""The bridge as production builds it over the reference ILS: the ledger in the ILS's own
database (one commit per batch, the record and the change together), results kept by the
ordering layer's journal, and an undo log that sets back only what a change changed. Those
marked ``backends`` run on SQLite and on PostgreSQL."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import psycopg
import pytest

from rfid_edge import config as configuration
from sync import topics
from sync.centre import service
from sync.centre.bridge import Bridge, Incoming, Ledger
from sync.centre.conflicts import ConflictStore
from sync.centre.ordering import sequencer_for
from sync.centre.rebase import RebasingApplier
from sync.ils import seed
from sync.ils.reference import ReferenceILS
from tests.centredb import CentreDB
from tests.sync.conftest import TODAY, tx_message


@pytest.fixture
def ordered(ils_path: Path):
    ref = ReferenceILS(ils_path, today=lambda: TODAY)
    ils = sequencer_for(ref, conflicts=ConflictStore(ref.db))
    yield ils
    ils.close()


def _bridge(ils: RebasingApplier) -> Bridge:
    bridge = Bridge(ils, Ledger.inside(ils.adapter))  # not started: process() is driven directly
    bridge._publish_bytes = lambda *a: None  # no broker here; replies are returned
    return bridge


def _incoming(*messages: dict) -> Incoming:
    body = ('{"v":1,"batch":[' + ",".join(json.dumps(m) for m in messages) + "]}").encode()
    return Incoming(topic=topics.tx("kiosk-01"), body=body, response_topic="r",
                    correlation=b"c")


def _checkouts(demo: seed.DemoData, n: int) -> list[dict]:
    patron = demo.good_patrons()[0].patron_id
    return [tx_message("checkout", {"patron_id": patron, "item_id": it.item_id}, seq=k)
            for k, it in enumerate(demo.available_items()[:n], 1)]


def test_a_batch_is_one_commit_holding_the_changes_and_their_record(
        ordered: RebasingApplier, demo: seed.DemoData, ils_path: Path) -> None:
    bridge = _bridge(ordered)
    msgs = [*_checkouts(demo, 3), tx_message("rating", {"score": 5}, seq=4)]
    statements: list[str] = []
    conn = ordered.adapter.db.conn
    conn.set_trace_callback(statements.append)
    try:
        (_, envelope), = bridge.process([_incoming(*msgs)])
    finally:
        conn.set_trace_callback(None)
    assert [r["status"] for r in envelope["replies"]] == ["applied"] * 4
    assert sum(s.strip().upper() == "COMMIT" for s in statements) == 1
    # the processed rows are in the ILS's own file, with the loans they describe
    with sqlite3.connect(ils_path) as other:
        assert other.execute("SELECT count(*) FROM processed").fetchone()[0] == 4
        assert other.execute("SELECT count(*) FROM loans WHERE txn_id IN (?,?,?)",
                             [m["txn_id"] for m in msgs[:3]]).fetchone()[0] == 3


@pytest.mark.backends
def test_a_batch_that_cannot_be_recorded_changes_nothing(ordered: RebasingApplier,
                                                         demo: seed.DemoData,
                                                         centre_db: CentreDB) -> None:
    bridge = _bridge(ordered)
    conn = ordered.adapter.db.conn
    # a ledger that fails at its insert (as a full disk would): the loans must go with it
    if centre_db.postgres:
        conn.execute("CREATE FUNCTION ledger_full() RETURNS trigger LANGUAGE plpgsql AS"
                     " $$ BEGIN RAISE EXCEPTION 'disk full'; END $$")
        conn.execute("CREATE TRIGGER ledger_full BEFORE INSERT ON processed FOR EACH ROW"
                     " EXECUTE FUNCTION ledger_full()")
    else:
        conn.execute("CREATE TEMP TRIGGER ledger_full BEFORE INSERT ON main.processed"
                     " BEGIN SELECT RAISE(ABORT, 'disk full'); END")
    msgs = _checkouts(demo, 2)
    with pytest.raises((sqlite3.IntegrityError, psycopg.Error), match="disk full"):
        bridge.process([_incoming(*msgs)])
    assert conn.execute("SELECT count(*) FROM loans WHERE txn_id IN (?,?)",
                        [m["txn_id"] for m in msgs]).fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM seq_journal").fetchone()[0] == 0
    conn.execute("DROP TRIGGER ledger_full ON processed" if centre_db.postgres
                 else "DROP TRIGGER temp.ledger_full")
    (_, envelope), = bridge.process([_incoming(*msgs)])  # the edge's resend: applied once
    assert [r["status"] for r in envelope["replies"]] == ["applied", "applied"]
    assert conn.execute("SELECT count(*) FROM loans WHERE txn_id IN (?,?)",
                        [m["txn_id"] for m in msgs]).fetchone()[0] == 2


@pytest.mark.backends
def test_results_are_kept_by_the_journal_and_repeats_get_them(ordered: RebasingApplier,
                                                              demo: seed.DemoData) -> None:
    bridge = _bridge(ordered)
    msgs = _checkouts(demo, 2)
    (_, first), = bridge.process([_incoming(*msgs)])
    conn = ordered.adapter.db.conn
    assert conn.execute("SELECT count(*) FROM applied_txns").fetchone()[0] == 0
    journal = dict(conn.execute("SELECT txn_id, result FROM seq_journal").fetchall())
    for reply in first["replies"]:  # the reply carries the result the journal keeps
        assert json.loads(journal[reply["txn_id"]]) == reply["result"]
        assert reply["result"]["due_date"] and reply["outcome"] == "applied"
    (_, again), = bridge.process([_incoming(*msgs)])
    assert [r.get("duplicate") for r in again["replies"]] == [True, True]
    assert [r["result"] for r in again["replies"]] == [r["result"] for r in first["replies"]]
    # the ordering layer answers a repeat from its journal too (a ledger lost, say)
    again_direct = ordered.apply_many(msgs)
    assert {t: r.due_date.isoformat() for t, r in again_direct.items()} == {
        r["txn_id"]: r["result"]["due_date"] for r in first["replies"]}


@pytest.mark.backends
def test_undo_sets_back_only_the_changed_columns_and_restores_the_row(
        ordered: RebasingApplier, demo: seed.DemoData) -> None:
    conn = ordered.adapter.db.conn
    item = demo.available_items()[0].item_id
    before = conn.execute("SELECT * FROM items WHERE id=?", (item,)).fetchone()
    (msg,) = _checkouts(demo, 1)
    ordered.apply_many([msg])
    stmts = [s for (s,) in conn.execute("SELECT stmt FROM seq_undo WHERE stmt LIKE"
                                        " 'UPDATE items%'")]
    assert len(stmts) == 1
    assert "status=" in stmts[0] and "title=" not in stmts[0] and "author=" not in stmts[0]
    # a late return from before the checkout rolls it back and applies both in order
    late = tx_message("checkin", {"item_id": item}, seq=0)
    late["wall_time"] = "2026-03-02T09:00:00.000Z"
    ordered.apply_many([late])
    assert ordered.stats["rolled_back"] == 1
    after = conn.execute("SELECT * FROM items WHERE id=?", (item,)).fetchone()
    assert after[:7] == before[:7] and after[8] == "on_loan"  # title… kept, on loan again


def test_production_config_puts_the_ledger_in_the_ils_database(tmp_path: Path) -> None:
    cfg = configuration.load(None, {"device": {"data_dir": str(tmp_path)}})
    assert service.ledger_path(cfg) == tmp_path / "central" / "ils.db"
    ils = service.open_ils(cfg)
    try:
        assert service.open_ledger(cfg, ils).shared
        apart = configuration.load(None, {"device": {"data_dir": str(tmp_path)},
                                          "central": {"ledger": "central/ledger.db"}})
        separate = service.open_ledger(apart, ils)
        assert not separate.shared and (tmp_path / "central" / "ledger.db").exists()
        separate.close()
    finally:
        ils.close()
    sip2 = configuration.load(None, {"device": {"data_dir": str(tmp_path)},
                                     "central": {"ils": "sip2"}})
    assert service.ledger_path(sip2) == tmp_path / "central" / "ledger.db"
