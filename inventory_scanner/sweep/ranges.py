"""Shelf ranges as the marker tags say them, and what each should hold (sans-I/O).

A shelf-marker tag stands at the start of each range: ISO 28560 data with type of usage 9
(equipment), item id ``SHELF-<range>`` and the range's first call number as shelf location.
A range holds the target's on-shelf items from its first call number up to the next range's
(as far as markers seen so far tell; the last one known runs to the end of the list).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable
from typing import TYPE_CHECKING

from drivers.tags.item import Item

if TYPE_CHECKING:
    from inventory_scanner.reconcile import Reconciler

__all__ = ["MARKER_PREFIX", "MARKER_USAGE", "RangeBook", "marker_of"]

MARKER_PREFIX = "SHELF-"
MARKER_USAGE = 9  # ISO 28560-1 type of usage "equipment"


def marker_of(item: Item) -> tuple[str, str | None] | None:
    """``(range label, first call number)`` if the tag is a shelf marker, else None."""
    if item.type_of_usage != MARKER_USAGE or not item.primary_item_id:
        return None
    label = item.primary_item_id.removeprefix(MARKER_PREFIX)
    return label, item.shelf_location


class RangeBook:
    """The ranges met so far and the items each should hold."""

    def __init__(self, rec: Reconciler, on_shelf: Callable[[int], bool]) -> None:
        self.rec = rec
        self._on_shelf = on_shelf
        self.starts: dict[str, str | None] = {}  # label -> first call number
        self._sorted: list[tuple[str, int]] | None = None  # (key, index) of on-shelf target items
        self._keys: list[str] = []
        self._target_key: object = None

    def meet(self, label: str, start: str | None) -> None:
        self.starts[label] = start

    def _items(self) -> list[tuple[str, int]]:
        target = self.rec.resolved_target()
        if self._sorted is None or target != self._target_key:
            self._target_key = target
            self._sorted = sorted((self.rec.number(i).key, i) for i in range(len(self.rec.shelf.items))
                                  if self._on_shelf(i))
            self._keys = [k for k, _ in self._sorted]
        return self._sorted

    def _start_key(self, label: str) -> str | None:
        start = self.starts.get(label)
        if start is None:
            return None
        from inventory_scanner.callnumbers import parse

        return parse(start, self.rec.scheme, self.rec.author_number).key

    def expected(self, label: str) -> list[int] | None:
        """Shelf-list indices the range should hold, in shelf order (None: start unknown)."""
        low = self._start_key(label)
        if low is None:
            return None
        items = self._items()
        highs = [k for k in (self._start_key(other) for other in self.starts if other != label)
                 if k is not None and k > low]
        lo = bisect_left(self._keys, low)
        hi = bisect_left(self._keys, min(highs)) if highs else len(items)
        return [i for _, i in items[lo:hi]]

    def label_at(self, key: str) -> str | None:
        """The range a call-number key falls in (the last start at or before it)."""
        starts = sorted((k, label) for label in self.starts if (k := self._start_key(label)) is not None)
        at = bisect_right([k for k, _ in starts], key)
        return starts[at - 1][1] if at else None
