"""Shelf lists as CSV with a header naming the columns (``item_id,call_number`` at least).

Optional columns: ``title``, ``branch``, ``location``, ``collection``, ``status``, ``uid``,
``hold``, ``weed``, ``transfer_to``; ILS exports' usual names (``barcode``, ``callnumber``,
條碼, 索書號…) are accepted too and other columns are ignored. Sans-I/O: it reads any iterable
of text lines, so a file, stdin or a test string alike. Rows stream out one at a time.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator

from inventory_scanner.shelflist.item import RowError, ShelfItem, make_item

__all__ = ["COLUMNS", "HeaderError", "read_csv"]

COLUMNS = ("item_id", "call_number", "title", "branch", "location", "collection", "status",
           "uid", "hold", "weed", "transfer_to")
_ALIASES = {
    "barcode": "item_id", "item": "item_id", "itemid": "item_id", "條碼": "item_id", "條碼號": "item_id",
    "callnumber": "call_number", "call_no": "call_number", "callno": "call_number", "索書號": "call_number",
    "題名": "title", "館別": "branch", "館藏地": "location", "館藏位置": "location",
    "狀態": "status", "transfer": "transfer_to", "tag_uid": "uid",
}


class HeaderError(ValueError):
    """The CSV has no header or misses a required column: nothing can be read from it."""


def _column(name: str) -> str:
    key = name.strip().lstrip("\ufeff").lower().replace(" ", "_")
    return _ALIASES.get(key, key)


def read_csv(lines: Iterable[str], *, delimiter: str = ",") -> Iterator[ShelfItem | RowError]:
    """Each data row as a :class:`ShelfItem`, or a :class:`RowError` whose message starts with
    ``line N:`` (the row is skipped; the caller counts it). Blank lines are skipped silently.

    :raises HeaderError: no header, or no ``item_id``/``call_number`` column.
    """
    reader = csv.reader(lines, delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise HeaderError("the shelf list is empty (no header line)") from None
    except csv.Error as exc:
        raise HeaderError(f"line 1: {exc}") from None
    names = [_column(h) for h in header]
    missing = [c for c in ("item_id", "call_number") if c not in names]
    if missing:
        raise HeaderError(f"line 1: the header has no {' or '.join(missing)} column "
                          f"(it has {', '.join(h.strip() for h in header) or 'nothing'})")
    index = {name: names.index(name) for name in COLUMNS if name in names}
    width = len(header)
    optional = [(name, index[name]) for name in COLUMNS[2:] if name in index]
    i_id, i_call = index["item_id"], index["call_number"]
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield RowError(f"line {reader.line_num}: {exc}")
            continue
        line = reader.line_num
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        if len(row) > width:
            yield RowError(f"line {line}: {len(row)} fields, the header has {width} "
                           "(an unquoted comma?)")
            continue
        n = len(row)
        try:
            yield make_item(
                row[i_id] if i_id < n else "",
                row[i_call] if i_call < n else "",
                line=line,
                **{name: row[i] for name, i in optional if i < n},
            )
        except RowError as exc:
            yield RowError(f"line {line}: {exc}")
