"""Inventory in the reference ILS: an ``inventory_seen`` transaction found an item on a shelf.

The item's last-seen date and place are stored; an item recorded lost or missing is found
again (available where it was seen); an item on loan found on the shelf is checked in only
when the centre is told to (``[central] inventory_checkin_on_shelf``), else a note is kept
for staff (``inventory_notes``), because a patron's loan should not end on a scan alone.
Every change goes through :class:`~sync.ils.reference.store.Store` so the sequencer's undo
log covers it.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sync import schema

if TYPE_CHECKING:
    from sync.ils.reference.ils import ReferenceILS

__all__ = ["FOUND_STATUSES", "item_seen", "notes"]

#: statuses an item leaves when it is seen on a shelf
FOUND_STATUSES = ("lost", "missing")


def item_seen(ils: ReferenceILS, item_id: str, *, location: str, branch: str,
              event_time: dt.datetime, txn_id: str | None, checkin_on_shelf: bool) -> str:
    """Apply one sighting; the word for what it did (``unknown_item``, ``seen``, ``found``,
    ``checked_in`` or ``noted_on_loan``)."""
    store = ils.store
    it = store.one("SELECT * FROM items WHERE id=?", item_id)
    if it is None:
        return "unknown_item"
    when = schema.format_time(event_time)
    changes: dict[str, object] = {"last_seen": when, "last_seen_location": location}
    did = "seen"
    if it["status"] in FOUND_STATUSES:
        changes.update(status="available", current_branch=branch)
        did = "found"
    elif it["status"] == "on_loan":
        if checkin_on_shelf:
            ils._return(item_id, branch, event_time)
            it = store.one("SELECT * FROM items WHERE id=?", item_id)
            did = "checked_in"
        else:
            store.insert("inventory_notes", {
                "item_id": item_id, "txn_id": txn_id, "branch": branch, "location": location,
                "seen": when, "note": "on_loan_found_on_shelf"})
            did = "noted_on_loan"
    store.update("items", item_id, changes, old=it)
    return did


def notes(ils: ReferenceILS, branch: str | None = None) -> list[dict[str, object]]:
    """The notes kept for staff (oldest first), of one branch or all."""
    with ils.store.lock:
        return ils.store.all("SELECT item_id, txn_id, branch, location, seen, note"
                             " FROM inventory_notes" + (" WHERE branch=?" if branch else "")
                             + " ORDER BY id", *((branch,) if branch else ()))
