"""Shelf lists: what a branch, location or call-number range should hold.

Sources (each streams :class:`ShelfItem` or :class:`RowError` rows): :func:`read_csv`,
:func:`read_jsonl` (the centre's export) and :func:`read_marc` (Koha 952, MARC 852, local 095).
:func:`open_rows` picks one by file name; :class:`ShelfList` indexes the items by id and UID.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO, Literal

from inventory_scanner.shelflist.csv_source import COLUMNS, HeaderError, read_csv
from inventory_scanner.shelflist.index import LoadSummary, ShelfList
from inventory_scanner.shelflist.item import STATUSES, RowError, ShelfItem, Status, make_item
from inventory_scanner.shelflist.jsonl_source import read_jsonl
from inventory_scanner.shelflist.marc_source import LOCAL_095, read_marc

__all__ = [
    "COLUMNS",
    "FORMATS",
    "STATUSES",
    "HeaderError",
    "LoadSummary",
    "RowError",
    "ShelfItem",
    "ShelfList",
    "Status",
    "guess_format",
    "make_item",
    "open_rows",
    "read_csv",
    "read_jsonl",
    "read_marc",
]

Format = Literal["auto", "csv", "tsv", "jsonl", "marc", "marcxml"]
FORMATS: tuple[str, ...] = ("auto", "csv", "tsv", "jsonl", "marc", "marcxml")
_SUFFIXES = {".csv": "csv", ".tsv": "tsv", ".txt": "csv", ".jsonl": "jsonl", ".json": "jsonl",
             ".ndjson": "jsonl", ".mrc": "marc", ".marc": "marc", ".iso": "marc", ".xml": "marcxml"}


def guess_format(path: str | Path) -> str:
    """The format a file name says (``.mrc`` → marc, ``.jsonl`` → jsonl…); csv otherwise."""
    return _SUFFIXES.get(Path(path).suffix.lower(), "csv")


def open_rows(path: str | Path, fmt: str = "auto",
              local_095: Mapping[str, str] = LOCAL_095) -> Iterator[ShelfItem | RowError]:
    """Stream the rows of the shelf-list file ``path`` (``-``: stdin, CSV or JSON lines).

    :raises OSError: the file cannot be opened; :raises HeaderError: a CSV without its columns.
    """
    if fmt == "auto":
        fmt = "csv" if str(path) == "-" else guess_format(path)
    if fmt in ("marc", "marcxml"):
        binary = Path(path).open("rb")  # noqa: SIM115 (closed by _closing)
        return _closing(read_marc(binary, xml=fmt == "marcxml", local_095=local_095), binary)
    if str(path) == "-":
        stream = sys.stdin
    else:
        stream = open(path, encoding="utf-8-sig", errors="replace", newline="")  # noqa: SIM115 (closed by _closing)
    if fmt == "jsonl":
        return _closing(read_jsonl(stream), stream)
    rows = read_csv(stream, delimiter="\t" if fmt == "tsv" else ",")
    try:
        first = next(rows, None)  # reads the header now, so a HeaderError is raised here
    except HeaderError:
        if stream is not sys.stdin:
            stream.close()
        raise
    return _closing(_chain(first, rows), stream)


def _chain(first: ShelfItem | RowError | None,
           rows: Iterator[ShelfItem | RowError]) -> Iterator[ShelfItem | RowError]:
    if first is not None:
        yield first
    yield from rows


def _closing(rows: Iterator[ShelfItem | RowError], stream: IO) -> Iterator[ShelfItem | RowError]:
    try:
        yield from rows
    finally:
        if stream is not sys.stdin:
            stream.close()

