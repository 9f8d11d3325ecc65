"""The outbox's files on disk (issue 19 findings 8 and 9): once rows are applied and stripped no
patron id is left in the database, its WAL or its shared-memory index; and several processes
opening a new outbox at the same moment all succeed."""

from __future__ import annotations

import json
import multiprocessing
import sqlite3
from pathlib import Path

from sync.edge.outbox import Outbox, Reply


def _applied(txn_id: str, patron: str) -> Reply:
    body = {"v": 1, "txn_id": txn_id, "status": "applied", "server_time": "2026-03-02T10:00:00Z",
            "result": {"patron_id": patron, "item_id": "3100000001"}}
    return Reply(txn_id=txn_id, status="applied", body=json.dumps(body).encode())


def _raw(path: Path) -> bytes:
    """The bytes of the database and of every file SQLite keeps beside it."""
    return b"".join(p.read_bytes() for p in sorted(path.parent.glob(path.name + "*")))


def test_patron_ids_leave_db_wal_and_shm_once_stripped(tmp_path: Path) -> None:
    path = tmp_path / "outbox.db"
    patrons = [f"23{n:08d}" for n in range(40)]
    with Outbox(path, device_id="kiosk-01", branch="MAIN") as ob:
        reader = sqlite3.connect(path)  # another process reading (sync status) meanwhile
        rows = [ob.enqueue("checkout", {"patron_id": p, "item_id": f"31{n:08d}"})
                for n, p in enumerate(patrons)]
        assert reader.execute("SELECT count(*) FROM outbox").fetchone() == (40,)
        reader.close()
        assert any(p.encode() in _raw(path) for p in patrons)  # the test can see them
        ob.mark_sent([r.txn_id for r in rows])
        ob.record([_applied(r.txn_id, p) for r, p in zip(rows, patrons, strict=True)])
        raw = _raw(path)  # still open: the WAL and the -shm exist
        assert Path(str(path) + "-wal").exists()
        left = [p for p in patrons if p.encode() in raw]
        assert left == []
        assert ob.counts()["applied"] == 40  # the rows themselves are kept
    assert not [p for p in patrons if p.encode() in _raw(path)]


def _open(path: str, start: multiprocessing.synchronize.Event, out: multiprocessing.Queue) -> None:
    start.wait()
    try:
        with Outbox(path, device_id="kiosk-01", branch="MAIN") as ob:
            ob.enqueue("rating", {"score": 3})
        out.put("ok")
    except Exception as exc:  # what the test reports
        out.put(f"{type(exc).__name__}: {exc}")


def test_concurrent_first_opens_never_fail(tmp_path: Path) -> None:
    ctx = multiprocessing.get_context("fork")
    for attempt in range(8):
        path = str(tmp_path / f"new-{attempt}" / "outbox.db")
        start, out = ctx.Event(), ctx.Queue()
        procs = [ctx.Process(target=_open, args=(path, start, out)) for _ in range(5)]
        for p in procs:
            p.start()
        start.set()
        results = [out.get(timeout=60) for _ in procs]
        for p in procs:
            p.join(30)
        assert results == ["ok"] * 5, results
        with Outbox(path, device_id="kiosk-01", branch="MAIN") as ob:
            assert ob.counts()["pending"] == 5
            assert sorted(r.seq for r in ob.unanswered()) == [1, 2, 3, 4, 5]
