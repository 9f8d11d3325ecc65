"""A loaded shelf list: items by item id and by tag UID, with what was skipped on the way."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

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
        summary, by_id, by_uid, items = self.summary, self._by_id, self._by_uid, self.items
        for row in rows:
            summary.rows += 1
            if isinstance(row, RowError):
                summary.skip(str(row))
                continue
            where = f"line {row.line}" if row.line else "row"
            if row.item_id in by_id:
                summary.skip(f"{where}: item_id {row.item_id!r} again (kept the first)")
                continue
            if row.uid is not None:
                if row.uid in by_uid:
                    summary.skip(f"{where}: uid {row.uid} again, on item {row.item_id!r} "
                                 f"(kept {items[by_uid[row.uid]].item_id!r})")
                    continue
                by_uid[row.uid] = len(items)
            by_id[row.item_id] = len(items)
            items.append(row)

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
