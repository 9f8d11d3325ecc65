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
from typing import TYPE_CHECKING, Any

from sync import schema

if TYPE_CHECKING:
    from inventory_scanner.callnumbers import AuthorNumber, Scheme
    from sync.ils.reference.ils import ReferenceILS

__all__ = ["FOUND_STATUSES", "count_pass", "item_seen", "notes", "passes", "shelf_rows"]

#: the reference ILS's statuses in the edge's shelf-list words (an item on the hold shelf is
#: not in the stacks: ``hold`` puts it on the pull list if it is found there)
_EDGE_STATUS = {"on_hold_shelf": "available"}

#: statuses an item leaves when it is seen on a shelf
FOUND_STATUSES = ("lost", "missing")


#: a sighting of an item the ILS has on a shelf already: only where and when it was seen change
#: (``<>`` thrice: SQLite runs ``NOT IN (…)`` through a temporary table, twice the time)
_SEEN_ON_SHELF = ("UPDATE items SET last_seen=?, last_seen_location=? WHERE id=?"
                  " AND status <> 'lost' AND status <> 'missing' AND status <> 'on_loan'")


def item_seen(ils: ReferenceILS, item_id: str, *, location: str, branch: str,
              event_time: dt.datetime, txn_id: str | None, checkin_on_shelf: bool) -> str:
    """Apply one sighting; the word for what it did (``unknown_item``, ``seen``, ``found``,
    ``checked_in`` or ``noted_on_loan``)."""
    store = ils.store
    when = schema.format_time(event_time)
    if not store.recording and store.db.execute(_SEEN_ON_SHELF, (when, location, item_id)).rowcount:
        return "seen"  # the usual sighting, one statement (nothing to log for an undo)
    it = store.one("SELECT * FROM items WHERE id=?", item_id)
    if it is None:
        return "unknown_item"
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


def shelf_rows(ils: ReferenceILS, branch: str | None = None) -> list[dict[str, Any]]:
    """A branch's shelf list in the edge's JSON-lines columns
    (:mod:`inventory_scanner.shelflist.jsonl_source`), in call-number text order: the item's
    last-seen place as ``location``, ``hold`` for an item a hold waits for."""
    rows = ils.shelf_list(branch)
    with ils.store.lock:
        held = {r["item_id"] for r in ils.store.all(
            "SELECT DISTINCT item_id FROM holds WHERE status IN ('waiting', 'in_transit', 'ready')")}
        seen = {r["id"]: r["last_seen_location"] for r in ils.store.all(
            "SELECT id, last_seen_location FROM items WHERE last_seen_location IS NOT NULL"
            + (" AND home_branch=?" if branch else ""), *((branch,) if branch else ()))}
    out = []
    for row in rows:
        edge = {k: v for k, v in row.items() if k != "uids"}
        edge["status"] = _EDGE_STATUS.get(row["status"], row["status"])
        if row["item_id"] in seen:
            edge["location"] = seen[row["item_id"]]
        if row["item_id"] in held:
            edge["hold"] = True
        out.append(edge)
    return out


def count_pass(ils: ReferenceILS, pass_id: str, *, branch: str, location: str,
               range_from: str | None, range_to: str | None, event_time: dt.datetime,
               item_id: str, missing_after: int, scheme: Scheme = "ccl",
               author_number: AuthorNumber = "decimal") -> None:
    """Count ``item_id`` in pass ``pass_id``. A pass's first sighting closes the passes before
    it over the same branch and range: an available item of the range that none of the last
    ``missing_after`` of them saw is recorded missing (the count kept on the new pass). The
    range and the items' call numbers are compared as ``scheme`` and ``author_number`` read
    them (:func:`inventory_scanner.callnumbers.parse`: the sweep's own rules)."""
    store = ils.store
    row = store.one("SELECT * FROM inventory_passes WHERE id=?", pass_id)
    if row is None:
        store.insert("inventory_passes", {
            "id": pass_id, "branch": branch, "location": location, "range_from": range_from,
            "range_to": range_to, "started": schema.format_time(event_time)})
        marked = _mark_missing(ils, pass_id, branch, range_from, range_to, missing_after,
                               scheme, author_number)
        row = store.one("SELECT * FROM inventory_passes WHERE id=?", pass_id)
        if marked:
            store.update("inventory_passes", pass_id, {"marked_missing": marked}, old=row)
            row = store.one("SELECT * FROM inventory_passes WHERE id=?", pass_id)
    if store.one("SELECT 1 FROM inventory_pass_items WHERE pass_id=? AND item_id=?",
                 pass_id, item_id) is None:
        store.insert("inventory_pass_items", {"pass_id": pass_id, "item_id": item_id})
        store.update("inventory_passes", pass_id, {"seen": row["seen"] + 1}, old=row)


def _mark_missing(ils: ReferenceILS, new_pass: str, branch: str, range_from: str | None,
                  range_to: str | None, missing_after: int, scheme: Scheme,
                  author_number: AuthorNumber) -> int:
    from inventory_scanner.callnumbers import parse

    def key(text: str) -> str:
        return parse(text, scheme, author_number).key

    store = ils.store
    before = store.all("SELECT id FROM inventory_passes WHERE branch=? AND range_from IS NOT"
                       " DISTINCT FROM ? AND range_to IS NOT DISTINCT FROM ? AND id != ?"
                       f" ORDER BY started DESC, {store.db.rowid} DESC LIMIT ?",
                       branch, range_from, range_to, new_pass, missing_after)
    if len(before) < missing_after:
        return 0
    ids = [p["id"] for p in before]
    seen = {r["item_id"] for r in store.all(
        f"SELECT item_id FROM inventory_pass_items WHERE pass_id IN ({', '.join('?' * len(ids))})",
        *ids)}
    lo = key(range_from) if range_from else None
    hi = key(range_to) if range_to else None
    marked = 0
    for it in store.all("SELECT id, call_number, status FROM items WHERE home_branch=?"
                        " AND status='available'", branch):
        if it["id"] in seen:
            continue
        at = key(it["call_number"] or "")
        if (lo is None or at >= lo) and (hi is None or at < hi):
            store.update("items", it["id"], {"status": "missing"}, old=it)
            marked += 1
    return marked


def passes(ils: ReferenceILS, branch: str | None = None) -> list[dict[str, Any]]:
    """The inventory passes (oldest first) with what each saw and recorded missing."""
    with ils.store.lock:
        return ils.store.all("SELECT id AS pass_id, branch, location, range_from, range_to,"
                             " started, seen, marked_missing FROM inventory_passes"
                             + (" WHERE branch=?" if branch else "")
                             + f" ORDER BY started, {ils.store.db.rowid}",
                             *((branch,) if branch else ()))
