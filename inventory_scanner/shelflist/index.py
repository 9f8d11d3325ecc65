"""A loaded shelf list: items by item id and by tag UID, with what was skipped on the way."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from inventory_scanner.gcpause import gc_paused
from inventory_scanner.shelflist.item import RowError, ShelfItem

__all__ = ["LoadSummary", "ShelfList"]

#: how many skipped rows a summary spells out (all are counted)
LISTED_ERRORS = 20


@dataclass
class LoadSummary:
    """Rows read, rows skipped and the first reasons why (``line N: …``)."""

    rows: int = 0
    skipped: int = 0
    errors: list[str] = field(default_factory=list)

    def skip(self, message: str) -> None:
        self.skipped += 1
        if len(self.errors) < LISTED_ERRORS:
            self.errors.append(message)

    def to_json(self) -> dict[str, object]:
        return {"rows": self.rows, "skipped": self.skipped, "errors": list(self.errors)}


def _where(row: ShelfItem) -> str:
    return f"line {row.line}" if row.line else "row"


class ShelfList:
    """The items of one or more shelf-list sources, looked up by item id or tag UID.

    A second row with an item id (or UID) already held is skipped and counted, never merged.
    """

    def __init__(self) -> None:
        self.items: list[ShelfItem] = []
        self._by_id: dict[str, int] = {}
        self._by_uid: dict[str, int] = {}
        self.summary = LoadSummary()

    @classmethod
    def from_rows(cls, rows: Iterable[ShelfItem | RowError]) -> ShelfList:
        shelf = cls()
        shelf.extend(rows)
        return shelf

    def extend(self, rows: Iterable[ShelfItem | RowError]) -> None:
        """Add rows in order; errors and repeated ids or UIDs are counted in :attr:`summary`.

        The cyclic garbage collector is paused meanwhile: a million new tuples would otherwise
        set it off thousands of times for nothing (rows hold no cycles).
        """
        with gc_paused():
            self._extend(rows)

    def _extend(self, rows: Iterable[ShelfItem | RowError]) -> None:
        summary, by_id, by_uid, items = self.summary, self._by_id, self._by_uid, self.items
        count = len(items)
        read = 0
        for row in rows:
            read += 1
            if type(row) is not ShelfItem:
                summary.skip(str(row))
                continue
            item_id, uid = row.item_id, row.uid
            if item_id in by_id:
                summary.skip(f"{_where(row)}: item_id {item_id!r} again (kept the first)")
                continue
            if uid is not None:
                if uid in by_uid:
                    summary.skip(f"{_where(row)}: uid {uid} again, on item {item_id!r} "
                                 f"(kept {items[by_uid[uid]].item_id!r})")
                    continue
                by_uid[uid] = count
            by_id[item_id] = count
            items.append(row)
            count += 1
        summary.rows += read

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Iterator[ShelfItem]:
        return iter(self.items)

    def id_index(self) -> dict[str, int]:
        """Item id → position in :attr:`items` (the live mapping: read it, never change it)."""
        return self._by_id

    def uid_index(self) -> dict[str, int]:
        """Tag UID → position in :attr:`items` (the live mapping: read it, never change it)."""
        return self._by_uid

    def by_id(self, item_id: str) -> ShelfItem | None:
        i = self._by_id.get(item_id)
        return None if i is None else self.items[i]

    def by_uid(self, uid: str) -> ShelfItem | None:
        i = self._by_uid.get(uid)
        return None if i is None else self.items[i]
