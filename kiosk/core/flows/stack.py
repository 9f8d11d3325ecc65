"""The stack: tags entering and leaving the pad, read and classified as rows of the screen.

A tag that enters gets a row at once; its data is read after the pad events already queued (a
stack placed at once shows all its rows first, then fills them in), see
:attr:`kiosk.core.context.Context.deferred`. Classifying a row asks the centre (or the cache)
what the item is to this patron on this screen: lendable, a loan to renew, someone else's, a set
with parts missing… On a return screen an item ready for return is checked in at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from kiosk.core import events as E
from kiosk.core.context import Row, tag_title
from kiosk.core.flows import fastbook
from kiosk.core.flows.lifecycle import new_session
from kiosk.core.flows.marker import retry_security
from kiosk.core.flows.returns import checkin
from kiosk.core.ports import PAD_ERRORS, PadEvent
from kiosk.core.session import Trigger
from sync import fields
from sync.errors import SchemaError
from sync.results import Hold, ItemInfo, ItemStatus, Outcome

if TYPE_CHECKING:
    from kiosk.core.context import Context, Session

__all__ = ["classify", "enter_main", "hold_rows", "lookup", "pad_event", "read_later", "refresh"]

R = E.RowStatus
S = E.State
#: the screens that show the stack's rows
ROW_SCREENS = (S.STACK, S.RETURN, S.HOLDS)
#: statuses the tag itself settles (no lookup changes them)
SETTLED = (R.UNREADABLE, R.BLANK, R.PATRON_CARD, R.OTHER_LIBRARY, R.NOT_CIRCULATING, R.DONE,
           R.FAILED)
#: (status, title, due date, message, item type) of a row
Lookup = tuple[str, str | None, dt.date | None, str | None, str | None]


def pad_event(ctx: Context, ev: PadEvent) -> None:
    if ev.present:
        _entered(ctx, ev)
    else:
        _left(ctx, ev.uid)


def _left(ctx: Context, uid: str) -> None:
    ctx.on_pad.discard(uid)
    ctx.fastbook.delivered.discard(uid)
    row = ctx.rows.pop(uid, None)
    if row is None:
        return
    ctx.emit(E.StackRowRemoved(uid=uid))
    if row.status in (R.DONE, R.FAILED) or ctx.session is None:
        return
    # the other parts of a set now show as incomplete
    for other in ctx.rows.values():
        if other.item_id and other.item_id == row.item_id:
            classify(ctx, other)


def _entered(ctx: Context, ev: PadEvent) -> None:
    ctx.on_pad.add(ev.uid)
    s = ctx.session
    if s is not None and ev.uid in s.unverified:
        retry_security(ctx, s, ev.uid)
        return
    existing = ctx.rows.get(ev.uid)
    if ev.uid in ctx.fastbook.delivered or (existing is not None
                                            and existing.status in (R.DONE, R.FAILED)):
        if existing is not None:
            existing.present = True  # the scanner caught up with a tag already handled
        return
    if ctx.state is S.IDLE and ctx.station in (E.StationType.SELF_RETURN, E.StationType.COMBINED,
                                               E.StationType.FASTBOOK):
        ctx.go(Trigger.ITEM_PLACEMENT)
        new_session(ctx)
    elif ctx.state is S.DONE and ctx.station in (E.StationType.SELF_CHECKOUT,
                                                 E.StationType.COMBINED):
        ctx.go(Trigger.CONTINUATION)
    row = Row(uid=ev.uid, entered_at=ev.at)
    ctx.rows[ev.uid] = row
    if ctx.session is None or ctx.state not in ROW_SCREENS:
        return  # read when a session needs it
    ctx.row_event(row)
    ctx.deferred.append(ev.uid)


def read_later(ctx: Context, uid: str) -> None:
    """The deferred read of a tag that entered (unless it left or a screen change read it)."""
    row = ctx.rows.get(uid)
    if (row is None or row.read or not row.present or ctx.session is None
            or ctx.state not in ROW_SCREENS):
        return
    refresh(ctx, row)


def refresh(ctx: Context, row: Row) -> None:
    if row.uid in ctx.fastbook.delivered:
        return  # a FastBook delivery waiting to be taken is no return
    if not row.read:
        _read(ctx, row)
    classify(ctx, row)


def _read(ctx: Context, row: Row) -> None:
    """What the tag says of itself: the item, its parts, whose it is, whether it circulates."""
    row.read = True
    if ctx.ports.pad is None:
        raise RuntimeError("rows need the item pad")
    try:
        item = ctx.ports.pad.read_item(row.uid)
    except PAD_ERRORS as exc:  # a tag error (TagDataError) or a reader error alike
        row.status, row.message = R.UNREADABLE, str(exc)
        return
    if item.is_blank or not item.primary_item_id:
        row.status = R.BLANK
        return
    try:  # a control character (a damaged tag) or 65 characters: no id the wire can carry
        fields.identifier("the tag's item id", item.primary_item_id)
    except SchemaError as exc:
        row.status, row.message = R.UNREADABLE, exc.reason
        return
    row.item_id = item.primary_item_id
    row.title = tag_title(item)
    row.parts = max(1, item.parts_in_item or 1)
    row.part = max(1, item.part_number or 1)
    if item.type_of_usage == 8:
        row.status = R.PATRON_CARD
        row.item_id = None
        return
    ours = ctx.settings.device.library_isil
    if item.owner_library and ours and item.owner_library != ours:
        row.status = R.OTHER_LIBRARY
        return
    if item.type_of_usage == 2:
        row.status = R.NOT_CIRCULATING
        return
    row.status = R.CHECKING


def classify(ctx: Context, row: Row) -> None:
    """Work out the row's status for the current screen and tell the view."""
    if row.item_id is None or row.status in SETTLED:
        ctx.row_event(row)
        return
    parts = [r for r in ctx.rows.values() if r.item_id == row.item_id and r.present]
    if row.parts > 1 and len({r.part for r in parts}) < row.parts:
        for r in parts:
            r.status = R.SET_INCOMPLETE
            r.message = f"{len(parts)} of {r.parts}"
            ctx.row_event(r)
        return
    status, title, due, message, item_type = lookup(ctx, row.item_id)
    s = ctx.session
    title = title or row.title or (s.titles.get(row.item_id) if s is not None else None)
    for r in parts:
        r.status, r.title, r.due_date, r.message, r.item_type = status, title, due, message, \
            item_type
        ctx.row_event(r)
    if ctx.state is S.RETURN and status == R.OK:
        checkin(ctx, parts)


def lookup(ctx: Context, item_id: str) -> Lookup:
    """The item's row status on this screen, from the centre (or offline, the cache)."""
    s = ctx.session
    info = ctx.ask(ctx.ports.centre.item_info, item_id)
    mine = s is not None and item_id in s.holds_ready
    if info is None:  # offline: the tag and the cache decide
        offline = ctx.ports.offline
        if (ctx.state is not S.RETURN and offline is not None and offline.item_on_hold(item_id)
                and not mine):
            return R.ON_HOLD_FOR_OTHER, None, None, None, None
        return R.OK, None, None, None, None
    if info.outcome is not Outcome.APPLIED:
        return R.UNKNOWN_ITEM, None, None, info.screen_message, None
    status, due, message = _status(ctx, s, item_id, info, mine=mine)
    return status, info.title, due, message, info.item_type


def _status(ctx: Context, s: Session | None, item_id: str, info: ItemInfo, *,
            mine: bool) -> tuple[str, dt.date | None, str | None]:
    """(status, due date, message) of a known item, in the order the rules apply."""
    if ctx.state is S.RETURN:
        return R.OK, None, None
    if info.status is ItemStatus.NON_CIRCULATING:
        return R.NOT_CIRCULATING, None, info.screen_message
    if s is not None and item_id in s.lent and item_id in s.loans:
        return R.DONE, s.loans[item_id], None  # lent this session: nothing to renew yet
    if s is not None and item_id in s.not_renewable:
        return R.REFUSED, s.loans.get(item_id), "This loan cannot be renewed."
    if s is not None and item_id in s.loans:
        return R.RENEW, s.loans[item_id], None
    if info.status is ItemStatus.ON_LOAN:
        return R.ON_LOAN_TO_OTHER, None, None
    if s is not None and item_id in s.holds_elsewhere:  # the patron's, but not here
        branch = s.holds_elsewhere[item_id].pickup_branch
        return R.REFUSED, None, f"Waiting at {branch}: collect it there."
    if info.on_hold_for_other and not mine:
        return R.ON_HOLD_FOR_OTHER, None, info.screen_message
    if info.status in (ItemStatus.LOST, ItemStatus.WITHDRAWN, ItemStatus.MISSING):
        return R.REFUSED, None, info.screen_message
    if ctx.state is S.HOLDS and s is not None and not mine:
        return R.REFUSED, None, "Not a hold of yours."
    return R.OK, None, None


def hold_rows(ctx: Context, holds: Iterable[Hold]) -> tuple[E.HoldRow, ...]:
    """The holds as a view lists them: where each ready one waits (this FastBook's slot, or a
    hold shelf), and whether that is at another branch (listed, never offered here)."""
    here = ctx.settings.device.branch
    slots: dict[str, int] = {}
    if ctx.station is E.StationType.FASTBOOK and ctx.ports.fastbook is not None:
        slots = {sl.item_id: sl.slot for sl in ctx.ports.fastbook.slots()
                 if sl.item_id and sl.uid}
    rows = []
    for hold in holds:
        elsewhere = hold.ready and bool(here) and hold.pickup_branch != here
        location = None
        if hold.ready:
            slot = slots.get(hold.item_id or "") if not elsewhere else None
            location = f"fastbook:{slot}" if slot is not None else "hold_shelf"
        rows.append(E.HoldRow(item_id=hold.item_id, title=hold.title,
                              pickup_branch=hold.pickup_branch, ready=hold.ready,
                              expires=hold.expires, location=location, elsewhere=elsewhere))
    return tuple(rows)


def enter_main(ctx: Context) -> None:
    """The session's main screen was entered: fill it (rows, ready holds or the catalogue)."""
    s = ctx.session
    if ctx.state is S.STACK or ctx.state is S.RETURN:
        for row in list(ctx.rows.values()):
            if row.present:
                refresh(ctx, row)
        if not ctx.rows:
            ctx.emit(E.Notice(code=E.NoticeCode.PLACE_ITEMS))
    elif ctx.state is S.HOLDS and s is not None:
        ctx.emit(E.HoldsShown(holds=hold_rows(ctx, [*s.holds_ready.values(),
                                                    *s.holds_elsewhere.values()])))
        for row in list(ctx.rows.values()):
            refresh(ctx, row)
    elif ctx.state is S.FASTBOOK_BROWSE and s is not None:
        fastbook.catalogue(ctx, s)
