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
