"""Shelf lists as JSON lines: one object per item with the CSV's column names.

This is the form the centre exports a branch, location or call-number range in (the list a
handheld takes along, published like the offline cache); any tool can write it too.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from inventory_scanner.shelflist.csv_source import COLUMNS
from inventory_scanner.shelflist.item import RowError, ShelfItem, make_item

__all__ = ["read_jsonl"]


def read_jsonl(lines: Iterable[str]) -> Iterator[ShelfItem | RowError]:
    """Each line as a :class:`ShelfItem`, or a :class:`RowError` naming the line (skipped)."""
    for number, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        try:
            row = json.loads(text)
        except ValueError as exc:
            yield RowError(f"line {number}: not JSON ({exc})")
            continue
        if not isinstance(row, dict):
            yield RowError(f"line {number}: not a JSON object")
            continue
        try:
            yield make_item(row.get("item_id"), row.get("call_number"), line=number,
                            **{k: row[k] for k in COLUMNS[2:] if k in row})
        except RowError as exc:
            yield RowError(f"line {number}: {exc}")
