"""A sweep as outbox transactions: one :class:`sync.messages.InventorySeen` per item seen.

The centre records which items were seen where (the ILS's "last seen" date, the statistics of
盤點); ``shelf_order_ok`` is False for a book to move or one misplaced, so the centre can tell
the next sweep where to look first. The handheld enqueues them all at once
(``Outbox.enqueue_many``), after the report, so a sweep is one durable batch.

Passes: each range the sweep covered is one inventory pass at the centre (``pass_id``,
``range_from`` ≤ call number < ``range_to``, compared as the sweep's call-number ``scheme`` and
``author_number`` rule read them, which the message names too), and an item seen counts in the pass
of the range its call number falls in. The centre records an item missing after a number of passes
of its range without it, so the bounds must be the same text from sweep to sweep: they are the
shelf markers' first call numbers (each range runs to the next marker's; the last to the sweep's
own upper bound, or open), or, without markers, the sweep's target range. A sweep with neither
markers nor a target range says nothing of passes (nothing says what it covered, and a pass with no
bounds would count the whole branch).
"""

from __future__ import annotations

import uuid
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from inventory_scanner.callnumbers import AuthorNumber, Scheme, parse
from sync.messages import InventorySeen

__all__ = ["PassPlan", "SweptRange", "pass_plan", "seen_messages"]


@dataclass(frozen=True, slots=True)
class SweptRange:
    """One pass: a range the sweep covered, by its bounds' call numbers."""

    pass_id: str
    range_from: str | None
    range_to: str | None
    label: str | None = None
    #: how the bounds read (the centre compares its call numbers with them the same way)
    scheme: Scheme = "ccl"
    author_number: AuthorNumber = "decimal"


class PassPlan:
    """The passes of one sweep and which one each item counts in (by its call number)."""

    def __init__(self, ranges: list[SweptRange], starts: list[str], high: str | None,
                 key: Callable[[str], str], call_number: Callable[[str], str | None]) -> None:
        self.ranges = ranges
        self._starts, self._high = starts, high
        self._key, self._call_number = key, call_number

    def __call__(self, item_id: str) -> SweptRange | None:
        number = self._call_number(item_id)
        if number is None or not self.ranges:
            return None
        k = self._key(number)
        if self._high is not None and k >= self._high:
            return None
        at = bisect_right(self._starts, k)
        return self.ranges[at - 1] if at else None


def pass_plan(report: dict[str, Any], call_number: Callable[[str], str | None], *,
              scheme: Scheme = "ccl", author_number: AuthorNumber = "decimal",
              range_from: str | None = None, range_to: str | None = None,
              new_id: Callable[[], str] = lambda: str(uuid.uuid4())) -> PassPlan:
    """The passes of the sweep ``report`` (its ``sweep.ranges``, each with the ``start`` its
    marker said), with new pass ids.

    :param call_number: an item id's call number (None: not in the shelf list).
    :param range_from: the sweep's target range (the ranges' bounds without markers; its upper
        end closes the last range).
    """
    def key(text: str) -> str:
        return parse(text, scheme, author_number).key

    marked = sorted(((key(r["start"]), r["start"], r["range"])
                     for r in report.get("sweep", {}).get("ranges", []) if r.get("start")),
                    key=lambda t: t[0])
    ranges: list[SweptRange] = []
    starts: list[str] = []
    if marked:
        for i, (k, start, label) in enumerate(marked):
            if starts and starts[-1] == k:
                continue  # two markers at one call number: one range
            upper = marked[i + 1][1] if i + 1 < len(marked) else range_to
            ranges.append(SweptRange(new_id(), start, upper, label, scheme, author_number))
            starts.append(k)
        if range_from is not None and key(range_from) < starts[0]:
            starts[0] = key(range_from)  # books before the first marker count in its pass
    elif range_from is not None or range_to is not None:
        ranges.append(SweptRange(new_id(), range_from, range_to, None, scheme, author_number))
        starts.append(key(range_from) if range_from else "")
    high = key(range_to) if range_to else None
    return PassPlan(ranges, starts, high, key, call_number)


def seen_messages(report: dict[str, Any], items: dict[str, tuple[str, str | None]],
                  fallback_location: str,
                  passes: Callable[[str], SweptRange | None] | None = None) -> list[InventorySeen]:
    """The ``inventory_seen`` payloads of a report.

    :param items: item id → (location, tag UID) of every item seen (from the shelf list).
    :param fallback_location: the location to name for an item the shelf list has none for
        (the device's branch, say).
    :param passes: the pass each item counts in (:func:`pass_plan`); None: no passes.
    :raises sync.errors.SchemaError: an item id the wire cannot carry (over 64 characters).
    """
    out_of_place = {m["item_id"] for m in report["moves"]} | {m["item_id"] for m in report["misplaced"]}
    messages = []
    for item_id, (location, uid) in items.items():
        swept = passes(item_id) if passes is not None else None
        messages.append(InventorySeen(
            item_id=item_id,
            location=location or fallback_location,
            uid=uid if uid is not None and len(uid) == 16 else None,
            shelf_order_ok=item_id not in out_of_place,
            pass_id=swept.pass_id if swept else None,
            range_from=swept.range_from if swept else None,
            range_to=swept.range_to if swept else None,
            scheme=swept.scheme if swept else None,
            author_number=swept.author_number if swept else None,
        ))
    return messages
