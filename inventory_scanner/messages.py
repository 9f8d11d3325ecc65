"""A sweep as outbox transactions: one :class:`sync.messages.InventorySeen` per item seen.

The centre records which items were seen where (the ILS's "last seen" date, the statistics of
盤點); ``shelf_order_ok`` is False for a book to move or one misplaced, so the centre can tell
the next sweep where to look first. The handheld enqueues them all at once
(``Outbox.enqueue_many``), after the report, so a sweep is one durable batch.
"""

from __future__ import annotations

from typing import Any

from sync.messages import InventorySeen

__all__ = ["seen_messages"]


def seen_messages(report: dict[str, Any], items: dict[str, tuple[str, str | None]],
                  fallback_location: str) -> list[InventorySeen]:
    """The ``inventory_seen`` payloads of a report.

    :param items: item id → (location, tag UID) of every item seen (from the shelf list).
    :param fallback_location: the location to name for an item the shelf list has none for
        (the device's branch, say).
    :raises sync.errors.SchemaError: an item id the wire cannot carry (over 64 characters).
    """
    out_of_place = {m["item_id"] for m in report["moves"]} | {m["item_id"] for m in report["misplaced"]}
    messages = []
    for item_id, (location, uid) in items.items():
        messages.append(InventorySeen(
            item_id=item_id,
            location=location or fallback_location,
            uid=uid if uid is not None and len(uid) == 16 else None,
            shelf_order_ok=item_id not in out_of_place,
        ))
    return messages
