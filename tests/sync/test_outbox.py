"""The durable outbox (issue 5): rows on disk before "done", states, patron ids stripped."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from sync.edge.outbox import Outbox, Reply, State
from sync.errors import SchemaError


def _reply(txn_id: str, status: str = "applied", **extra: object) -> Reply:
    body = {"v": 1, "txn_id": txn_id, "status": status, "server_time": "2026-03-02T10:00:00Z",
            "result": {"patron_id": "2300000001", "item_id": "3100000001"}, **extra}
    return Reply(txn_id=txn_id, status=status, body=json.dumps(body).encode())


def test_enqueue_is_durable_and_visible_to_another_connection(outbox: Outbox) -> None:
    row = outbox.enqueue("checkout", {"patron_id": "2300000001", "item_id": "3100000001"})
    con = sqlite3.connect(outbox.path)  # a different process would see the same
    assert con.execute("SELECT state FROM outbox WHERE txn_id=?", (row.txn_id,)).fetchone() == (
        "pending",)
    assert outbox.db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert outbox.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_invalid_transaction_is_not_stored(outbox: Outbox) -> None:
    with pytest.raises(SchemaError):
        outbox.enqueue("checkout", {"item_id": "3100000001"})
    assert outbox.counts()["pending"] == 0
    assert outbox.enqueue("checkin", {"item_id": "1"}).seq == 1  # no sequence number burnt


def test_sequence_survives_purge_and_reopen(tmp_path: Path) -> None:
    path = tmp_path / "o.db"
    with Outbox(path, device_id="k", branch="B") as ob:
        rows = [ob.enqueue("rating", {"score": 3}) for _ in range(3)]
        ob.mark_sent([r.txn_id for r in rows])
        ob.record([_reply(r.txn_id) for r in rows], when=0.0)
        assert ob.purge(retention_s=10, now=100.0) == 3
    with Outbox(path, device_id="k", branch="B") as ob:
        assert ob.enqueue("rating", {"score": 4}).seq == 4


def test_states_and_patron_id_stripped_on_apply(outbox: Outbox) -> None:
    a = outbox.enqueue("checkout", {"patron_id": "2300000001", "item_id": "3100000001"})
    b = outbox.enqueue("renew", {"patron_id": "2300000001", "item_id": "3100000002"})
    assert [r.txn_id for r in outbox.unanswered()] == [a.txn_id, b.txn_id]
    outbox.mark_sent([a.txn_id, b.txn_id])
    assert outbox.get(a.txn_id).state is State.SENT and outbox.get(a.txn_id).attempts == 1
    assert outbox.record([_reply(a.txn_id), _reply(b.txn_id, "rejected", reason="bad")]) == 2
    got = outbox.get(a.txn_id)
    assert got.state is State.APPLIED
    assert b"2300000001" not in got.message and "patron_id" not in got.reply["result"]
    assert json.loads(got.message)["payload"] == {"item_id": "3100000001"}
    rejected = outbox.get(b.txn_id)
    assert rejected.state is State.REJECTED and rejected.last_error == "bad"
    # a duplicate reply changes nothing; applied rows are no longer unanswered
    assert outbox.record([_reply(a.txn_id)]) == 0
    assert outbox.unanswered() == []


def test_retry_reply_keeps_the_row(outbox: Outbox) -> None:
    a = outbox.enqueue("checkin", {"item_id": "3100000001"})
    outbox.mark_sent([a.txn_id])
    outbox.record([_reply(a.txn_id, "retry", reason="ils down")])
    row = outbox.get(a.txn_id)
    assert row.state is State.SENT and row.last_error == "ils down"
    assert [r.txn_id for r in outbox.unanswered()] == [a.txn_id]


def test_purge_keeps_rejected_and_recent(outbox: Outbox) -> None:
    rows = [outbox.enqueue("rating", {"score": 1}) for _ in range(3)]
    outbox.record([_reply(rows[0].txn_id)], when=0.0)
    outbox.record([_reply(rows[1].txn_id, "rejected", reason="x")], when=0.0)
    outbox.record([_reply(rows[2].txn_id)], when=95.0)
    assert outbox.purge(retention_s=10, now=100.0) == 1
    assert outbox.counts() == {"pending": 0, "sent": 0, "applied": 1, "rejected": 1}


def test_status_reports_depth_and_age(outbox: Outbox) -> None:
    outbox.enqueue("rating", {"score": 1})
    status = outbox.status(now=outbox.db.execute(
        "SELECT created_at FROM outbox").fetchone()[0] + 5)
    assert status["queue_depth"] == 1 and status["oldest_pending_age_s"] == pytest.approx(5)
    assert status["last_contact"] is None


def test_enqueue_many_is_all_or_nothing(outbox: Outbox) -> None:
    with pytest.raises(SchemaError):
        outbox.enqueue_many([("rating", {"score": 1}), ("rating", {"score": 9})])
    assert outbox.counts()["pending"] == 0
    assert outbox.enqueue_many([("rating", {"score": 1})] * 5) == 5
    assert [r.seq for r in outbox.unanswered()] == [1, 2, 3, 4, 5]
