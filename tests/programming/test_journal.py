"""The batch journal on disk: the queue survives a restart, a cart queued twice is queued once."""

from __future__ import annotations

from pathlib import Path

import pytest

from inventory_scanner.programming.journal import BatchJournal


def test_queue_and_tags_survive_a_reopen(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite"
    with BatchJournal(path) as j:
        assert j.add([("A", 1), ("B", 2)]) == 2
        j.writing("E004010000000001", "A", 1, b"\x11\x01")
        j.finish("A", "done", detail={"tags": ["E004010000000001"]})
    with BatchJournal(path) as j:
        assert j.add([("A", 1), ("B", 2), ("C", 1)]) == 1
        assert [i.item_id for i in j.items("pending")] == ["B", "C"]
        assert j.items("done")[0].detail == {"tags": ["E004010000000001"]}
        assert j.tags() == {"E004010000000001": ("A", 1)}
        assert j.tags_of("A") == {"E004010000000001": "writing"}
        j.tag_done("E004010000000001")
        assert j.tags_of("A") == {"E004010000000001": "done"}
        assert j.counts() == {"pending": 2, "done": 1, "skipped": 0, "failed": 0}
        with pytest.raises(ValueError):
            j.finish("B", "pending")


def test_only_the_writing_record_waits_for_the_disk(tmp_path: Path) -> None:
    """The record made before a tag is written is committed with a disk flush; the queue and
    the ``done`` marks are not (a power cut costs them a re-check, never a second write)."""
    with BatchJournal(tmp_path / "j.sqlite") as journal:
        seen: list[str] = []
        journal.conn.set_trace_callback(seen.append)
        journal.add([("I1", 1)])
        journal.writing("E004010012345678", "I1", 1, b"\x11" * 4)
        journal.tag_done("E004010012345678")
        journal.finish("I1", "done")
        journal.conn.set_trace_callback(None)
        level = journal.conn.execute("PRAGMA synchronous").fetchone()[0]
    at_commit: list[str] = []
    mode = "NORMAL"
    for sql in seen:
        if sql.startswith("PRAGMA synchronous="):
            mode = sql.split("=", 1)[1]
        elif sql.split()[0] in ("INSERT", "UPDATE"):
            at_commit.append(f"{sql.split()[0]} {mode}")
    assert at_commit == ["INSERT NORMAL", "INSERT FULL", "UPDATE NORMAL", "UPDATE NORMAL"]
    assert level == 1  # NORMAL again after the writing record
