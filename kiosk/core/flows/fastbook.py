"""FastBook: browse the station's stock, dispense selected items, verify, lend; returns into slots.

The dispenser's delivery bay is the item pad's field: an item is lent only after the pad reads
the tag the mechanism delivered and finds the item that was selected (verify by RFID).
Returns go the other way (:func:`kiosk.core.flows.returns.checkin`): a book put into the bay
is checked in, its marker set and verified, then the mechanism takes it into a free slot
(:func:`store`) and the catalogue lists it. A delivered item waiting in the bay is never taken
for a return (:attr:`FastBookState.delivered`).
Pickup rules: a patron may take at most ``kiosk.fastbook.station_quota`` items a day at this
station (:class:`FastBookState` counts them by a salted hash: no patron id is kept), and a hold
waiting in a slot can be collected only within its pickup window (``expires``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kiosk.core import events as E
from kiosk.core.context import Row, tag_title
from kiosk.core.flows.lending import lend_item
from kiosk.core.ports import DISPENSER_ERRORS, PAD_ERRORS, FastBookMechanism
from sync import fields

if TYPE_CHECKING:
    from kiosk.core.context import Context, Session

__all__ = ["FastBookState", "catalogue", "dispense_and_lend", "slot_free_for", "store"]

log = logging.getLogger(__name__)

A = E.ItemAction


@dataclass
class FastBookState:
    """What the FastBook flow remembers between sessions: the day's pickups per patron (salted
    hash -> (day, count)) and the tags delivered into the bay and not taken yet."""

    delivered: set[str] = field(default_factory=set)
    salt: str = field(default_factory=lambda: uuid.uuid4().hex)
    used: dict[str, tuple[dt.date, int]] = field(default_factory=dict)

    def _key(self, patron_id: str | None) -> str:
        return hashlib.sha256((self.salt + (patron_id or "")).encode()).hexdigest()

    def used_today(self, patron_id: str | None, today: dt.date) -> int:
        day, used = self.used.get(self._key(patron_id), (today, 0))
        return used if day == today else 0

    def quota_left(self, patron_id: str | None, quota: int | None, today: dt.date) -> int | None:
        """Items the patron may still take today (None: the station has no quota)."""
        if quota is None:
            return None
        return max(0, quota - self.used_today(patron_id, today))

    def use(self, patron_id: str | None, today: dt.date) -> None:
        self.used[self._key(patron_id)] = (today, self.used_today(patron_id, today) + 1)


def _mechanism(ctx: Context) -> FastBookMechanism:
    if ctx.ports.fastbook is None:
        raise RuntimeError("a FastBook flow needs the dispenser")
    return ctx.ports.fastbook


def quota_left(ctx: Context, s: Session) -> int | None:
    return ctx.fastbook.quota_left(s.patron_id, ctx.kiosk.fastbook.station_quota,
                                   dt.date.today())


def catalogue(ctx: Context, s: Session) -> None:
    """The station's stock, with what this patron may take."""
    titles = []
    for slot in _mechanism(ctx).slots():
        if not fields.is_identifier(slot.item_id):  # empty, or no id the wire can carry
            continue
        info = ctx.ask(ctx.ports.centre.item_info, slot.item_id)
        title = (info.title if info is not None else None) or s.titles.get(slot.item_id)
        if title:
            s.titles[slot.item_id] = title  # the dispensed item's outcome and receipt line
        mine = slot.item_id in s.holds_ready
        available = slot.uid is not None and (mine or info is None or not info.on_hold_for_other)
        titles.append(E.FastBookTitle(slot=slot.slot, item_id=slot.item_id, title=title,
                                      available=available, reserved_for_patron=mine))
    ctx.emit(E.FastBookCatalogue(titles=tuple(titles), quota_left=quota_left(ctx, s)))


def dispense_and_lend(ctx: Context, s: Session, item_ids: tuple[str, ...]) -> None:
    """Each selected item: check the pickup rules, dispense, verify by RFID, lend."""
    mechanism = _mechanism(ctx)
    slots = {sl.item_id: sl for sl in mechanism.slots()
             if sl.item_id and sl.uid and fields.is_identifier(sl.item_id)}
    today = dt.date.today()
    for item_id in item_ids:
        action = A.HOLD_PICKUP if item_id in s.holds_ready else A.DISPENSE
        reason = _pickup_refused(ctx, s, item_id, today)
        if reason is not None:
            ctx.outcome(item_id, action, E.ItemResult.REFUSED, reason=reason)
            continue
        slot = slots.get(item_id)
        if slot is None:
            ctx.outcome(item_id, action, E.ItemResult.REFUSED, reason="not_in_station")
            continue
        row = _deliver(ctx, slot.slot, item_id, action)
        if row is None:
            continue
        ctx.rows[row.uid] = row
        if lend_item(ctx, s, [row], action=A.HOLD_PICKUP if action == A.HOLD_PICKUP
                     else A.CHECKOUT):
            ctx.fastbook.use(s.patron_id, dt.date.today())


def _pickup_refused(ctx: Context, s: Session, item_id: str, today: dt.date) -> str | None:
    """Why the pickup rules refuse this item now (told by a notice), or None."""
    left = quota_left(ctx, s)
    if left is not None and left <= 0:
        ctx.emit(E.Notice(code=E.NoticeCode.STATION_QUOTA))
        return "station_quota"
    hold = s.holds_ready.get(item_id)
    if hold is not None and hold.expires is not None and hold.expires < today:
        ctx.emit(E.Notice(code=E.NoticeCode.PICKUP_WINDOW))
        return "pickup_window"
    return None


def _deliver(ctx: Context, slot: int, item_id: str, action: str) -> Row | None:
    """Move the item into the bay and read it back there: its row, or None (refused)."""
    ctx.emit(E.DispenseProgress(slot=slot, item_id=item_id, stage="moving"))
    try:
        uid = _mechanism(ctx).dispense(slot)
    except DISPENSER_ERRORS as exc:
        ctx.emit(E.DispenseProgress(slot=slot, item_id=item_id, stage="failed", reason="jam"))
        ctx.outcome(item_id, action, E.ItemResult.REFUSED, reason="dispense_failed",
                    message=str(exc))
        return None
    ctx.fastbook.delivered.add(uid)  # in the bay until taken: never taken for a return
    ctx.emit(E.DispenseProgress(slot=slot, item_id=item_id, stage="delivered"))
    item = None
    try:
        if ctx.ports.pad is not None:
            item = ctx.ports.pad.read_item(uid)
    except PAD_ERRORS as exc:
        log.warning("delivered tag %s unreadable: %s", uid, exc)
    if item is None or item.primary_item_id != item_id:
        ctx.emit(E.DispenseProgress(slot=slot, item_id=item_id, stage="failed", reason="verify"))
        ctx.outcome(item_id, action, E.ItemResult.REFUSED, reason="dispense_verify",
                    message="See the staff.")
        return None
    ctx.emit(E.DispenseProgress(slot=slot, item_id=item_id, stage="verified"))
    return Row(uid=uid, item_id=item_id, status=E.RowStatus.OK, read=True, title=tag_title(item),
               parts=max(1, item.parts_in_item or 1), part=max(1, item.part_number or 1))


def slot_free_for(ctx: Context, rows: list[Row]) -> bool:
    """FastBook takes single items into free slots; a set or a full station goes to the desk
    (refused before anything is recorded)."""
    reason, words = None, None
    if len(rows) > 1 or rows[0].parts > 1:
        reason, words = "fastbook_set", "Please return this set at the desk."
    elif not any(sl.uid is None for sl in _mechanism(ctx).slots()):
        reason, words = "station_full", "This station is full. Please return it at the desk."
    if reason is None:
        return True
    ctx.refuse_item(rows, A.CHECKIN, reason, words)
    return False


def store(ctx: Context, row: Row, item_id: str) -> int | None:
    """Move a checked-in, re-armed item from the bay into a free slot (None: see staff)."""
    try:
        slot = _mechanism(ctx).store(row.uid, item_id)
    except DISPENSER_ERRORS as exc:
        log.warning("FastBook could not store %s: %s", item_id, exc)
        ctx.emit(E.Notice(code=E.NoticeCode.SEE_STAFF, message="The item could not be stored."))
        return None
    ctx.fastbook.delivered.discard(row.uid)
    return slot
