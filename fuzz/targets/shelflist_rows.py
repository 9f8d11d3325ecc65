"""inventory_scanner.shelflist sources on any file: rows are ShelfItem or RowError; a CSV
without a usable header is HeaderError; nothing else escapes.

Input: one byte choosing the format (CSV, TSV, JSON lines, binary MARC, MARCXML), then the file.
"""

from __future__ import annotations

import io

from inventory_scanner.shelflist import (
    HeaderError,
    RowError,
    ShelfItem,
    ShelfList,
    read_csv,
    read_jsonl,
    read_marc,
)

ALLOWED = (HeaderError,)


def _rows(kind: int, body: bytes) -> list:
    text = body.decode("utf-8", "replace")
    if kind == 0:
        return list(read_csv(io.StringIO(text, newline="")))
    if kind == 1:
        return list(read_csv(io.StringIO(text, newline=""), delimiter="\t"))
    if kind == 2:
        return list(read_jsonl(io.StringIO(text)))
    return list(read_marc(io.BytesIO(body), xml=kind == 4))


def one_input(data: bytes) -> None:
    if not data:
        return
    rows = _rows(data[0] % 5, data[1:])
    assert all(isinstance(r, ShelfItem | RowError) for r in rows), rows
    ShelfList.from_rows(rows)
