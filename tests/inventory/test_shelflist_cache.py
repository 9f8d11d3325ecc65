"""The device's cache of shelf lists fetched from the centre: the export's JSON lines, read
back by the ordinary shelf-list reader; a file cut short or changed is not used."""

from __future__ import annotations

from pathlib import Path

import pytest

from inventory_scanner.shelflist import ShelfList, open_rows
from inventory_scanner.shelflist.cache import ShelfListCache, cache_key
from sync.shelf_pages import digest

ROWS = [{"item_id": "A1", "call_number": "863.57 835", "title": "一", "branch": "MAIN",
         "status": "available", "uid": "E004010000000001"},
        {"item_id": "A2", "call_number": "863.57 8345", "title": None, "branch": "MAIN",
         "status": "on_loan", "hold": True}]


def test_a_cached_list_reads_back_as_a_shelf_list_and_a_damaged_one_is_refused(tmp_path: Path) -> None:
    cache = ShelfListCache(tmp_path / "shelf-lists")
    key = cache_key("MAIN", None, "863", "864", "ccl")
    assert cache.load(key) is None
    stored = cache.store(key, ROWS, digest(ROWS))
    again = cache.load(key)
    assert again == stored and again.items == 2 and again.path.suffix == ".jsonl"
    shelf = ShelfList.from_rows(open_rows(again.path))
    assert [(i.item_id, i.status, i.hold) for i in shelf.items] == [
        ("A1", "available", False), ("A2", "on_loan", True)]
    assert cache.path(cache_key("MAIN", "3F", "863", "864", "ccl")) != again.path
    assert cache.path(cache_key("MAIN", None, "863/", "864", "ccl")) != cache.path(
        cache_key("MAIN", None, "863?", "864", "ccl"))
    with pytest.raises(ValueError, match="digest"):
        cache.store(key, ROWS[:1], digest(ROWS))
    assert cache.load(key) == stored  # the refused store left the good copy
    data = again.path.read_bytes()
    again.path.write_bytes(data[: len(data) // 2])  # a power loss mid-write, say
    assert cache.load(key) is None
