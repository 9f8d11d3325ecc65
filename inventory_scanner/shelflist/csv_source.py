"""Shelf lists as CSV with a header naming the columns (``item_id,call_number`` at least).

Optional columns: ``title``, ``branch``, ``location``, ``collection``, ``status``, ``uid``,
``hold``, ``weed``, ``transfer_to``; ILS exports' usual names (``barcode``, ``callnumber``,
條碼, 索書號…) are accepted too and other columns are ignored. Sans-I/O: it reads any iterable
of text lines, so a file, stdin or a test string alike. Rows stream out one at a time.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterable, Iterator

from inventory_scanner.shelflist.item import (
    RowError,
    ShelfItem,
    Status,
    parse_flag,
    parse_status,
    parse_uid,
)

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


class _Cells:
    """Cell text to item fields, remembering each distinct cell (a shelf list repeats a few
    branches, locations, statuses and flags a million times)."""

    def __init__(self) -> None:
        self.texts: dict[str, str] = {}
        self.statuses: dict[str, Status] = {}
        self._flags: dict[tuple[str, str], bool] = {}

    def text(self, cell: str) -> str:
        text = self.texts.get(cell)
        if text is None:
            text = self.texts[cell] = sys.intern(cell.strip())
        return text

    def status(self, cell: str) -> Status:
        status = self.statuses.get(cell)
        if status is None:
            status = self.statuses[cell] = parse_status(cell)
        return status

    def flag(self, name: str, cell: str) -> bool:
        if not cell:
            return False
        flag = self._flags.get((name, cell))
        if flag is None:
            flag = self._flags[(name, cell)] = parse_flag(name, cell)
        return flag


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
    width = len(header)
    # a column the header lacks points at the blank cell padded onto every row
    at = {name: names.index(name) if name in names else width for name in COLUMNS}
    (i_id, i_call, i_title, i_branch, i_location, i_collection, i_status, i_uid, i_hold,
     i_weed, i_transfer) = (at[name] for name in COLUMNS)
    pad = [""] * (width + 1)
    build = _Cells()
    texts, text, statuses = build.texts, build.text, build.statuses
    new_item = tuple.__new__  # a ShelfItem without the named tuple's keyword handling
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield RowError(f"line {reader.line_num}: {exc}")
            continue
        line = reader.line_num
        n = len(row)
        if n <= 1 and (not row or not row[0].strip()):
            continue
        if n > width:
            yield RowError(f"line {line}: {n} fields, the header has {width} "
                           "(an unquoted comma?)")
            continue
        row.extend(pad[n:])
        try:
            item_id = row[i_id].strip()
            if not item_id:
                raise RowError("item_id is empty")
            uid = row[i_uid]
            yield new_item(ShelfItem, (
                item_id, row[i_call].strip(), row[i_title].strip(),
                texts.get(row[i_branch]) or text(row[i_branch]),
                texts.get(row[i_location]) or text(row[i_location]),
                texts.get(row[i_collection]) or text(row[i_collection]),
                statuses.get(row[i_status]) or build.status(row[i_status]),
                parse_uid(uid) if uid else None,
                build.flag("hold", row[i_hold]), build.flag("weed", row[i_weed]),
                texts.get(row[i_transfer]) or text(row[i_transfer]), line))
        except RowError as exc:
            yield RowError(f"line {line}: {exc}")
