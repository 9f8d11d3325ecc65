"""Returns: checkin, the marker set back to "in library", and where the item goes.

The sorting instruction follows the centre's answer: a hold waiting (here: the hold shelf; at
another branch: transit), an item of another branch (transit), else reshelve. Offline, the cache
knows only that some hold waits (hold shelf). An item whose marker could not be verified goes to
staff. At a FastBook station the item goes from the bay into a free slot instead
(:mod:`kiosk.core.flows.fastbook`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kiosk.core import events as E
from kiosk.core.flows import fastbook
from kiosk.core.flows.lifecycle import fault
from kiosk.core.flows.marker import all_ok, note_unverified, secure
from sync import messages as M
from sync.results import ItemInfo, ItemStatus, Outcome, SortDestination

if TYPE_CHECKING:
    from kiosk.core.context import Context, Row

__all__ = ["checkin", "return_ready", "sort_destination"]

R = E.RowStatus
A = E.ItemAction


def return_ready(ctx: Context) -> None:
    """Confirm on a return screen: check in every actionable item on the pad."""
    for rows in ctx.groups():
        checkin(ctx, rows)


def sort_destination(ctx: Context, item_id: str,
                     info: ItemInfo | None) -> tuple[SortDestination, str | None]:
    """Where a returned item goes, and the branch it travels to (transit only)."""
    branch = ctx.settings.device.branch
    if info is not None and info.outcome is Outcome.APPLIED:
        if info.on_hold_for_other or info.status is ItemStatus.ON_HOLD_SHELF:
            if info.hold_pickup_branch and info.hold_pickup_branch != branch:
                return SortDestination.TRANSIT, info.hold_pickup_branch
            return SortDestination.HOLD_SHELF, None
        if info.home_branch and branch and info.home_branch != branch:
            return SortDestination.TRANSIT, info.home_branch
    elif info is None and ctx.ports.offline is not None and ctx.ports.offline.item_on_hold(item_id):
        return SortDestination.HOLD_SHELF, None
    return SortDestination.RESHELVE, None


def checkin(ctx: Context, rows: list[Row]) -> None:
    """Record the return, set the marker and verify it, then sort (or store, at FastBook)."""
    s = ctx.session
    item_id = rows[0].item_id or ""
    into_slot = ctx.station is E.StationType.FASTBOOK and ctx.ports.fastbook is not None
    if into_slot and not fastbook.slot_free_for(ctx, rows):
        return
    info = ctx.ask(ctx.ports.centre.item_info, item_id)
    destination, branch = sort_destination(ctx, item_id, info)
    offline = info is None
    if not ctx.record(M.Checkin(item_id=item_id, sort_bin=destination.value), offline=offline):
        ctx.refuse_item(rows, A.CHECKIN, "outbox", None, result=E.ItemResult.ERROR)
        fault(ctx, "outbox", "the outbox refused a transaction")
        return
    if s is not None:
        s.loans.pop(item_id, None)
    verdict = secure(ctx, rows, on_loan=False)
    ok = all_ok(verdict)
    note_unverified(s, verdict, item_id)
    slot = fastbook.store(ctx, rows[0], item_id) if ok and into_slot else None
    if not ok or (into_slot and slot is None):  # the marker is not verified, or no slot took it
        sort_bin, branch = E.SortBin.STAFF, None
    else:
        sort_bin = destination.value if slot is None else f"fastbook:{slot}"
    for r in rows:
        r.status = R.DONE if ok else R.FAILED
        ctx.row_event(r)
    _tell(ctx, rows, ok=ok, offline=offline, sort_bin=sort_bin, branch=branch, slot=slot)


def _tell(ctx: Context, rows: list[Row], *, ok: bool, offline: bool, sort_bin: str,
          branch: str | None, slot: int | None) -> None:
    """The receipt line, the outcome, and where the item goes (a slot, or a sorting bin)."""
    s = ctx.session
    item_id, title = rows[0].item_id or "", rows[0].title
    result = E.ItemResult.DONE if ok else E.ItemResult.SECURITY_FAILED
    if s is not None:
        s.items_done += 1
        s.lines.append(E.ReceiptLine(action=A.CHECKIN, item_id=item_id, title=title,
                                     result=result, sort_bin=sort_bin,
                                     destination_branch=branch))
    ctx.outcome(item_id, A.CHECKIN, result, uid=rows[0].uid, title=title, offline=offline,
                security_ok=ok, reason=None if ok else "security_write")
    if slot is not None:
        ctx.emit(E.FastBookStored(slot=slot, item_id=item_id, title=title))
        return
    ctx.emit(E.SortInstruction(item_id=item_id, bin=sort_bin, destination_branch=branch,
                               title=title))
