"""FastBook flows: browse the station's stock, dispense selected items, verify, lend.

The dispenser's delivery bay is the item pad's field: an item is lent only after the pad reads
the tag the mechanism delivered and finds the item that was selected (verify by RFID).
Returns go the other way (:meth:`kiosk.core.core.KioskCore._checkin`): a book put into the bay
is checked in, its marker set and verified, then the mechanism takes it into a free slot and the
catalogue lists it. A delivered item waiting in the bay is never taken for a return.
Pickup rules: a patron may take at most ``kiosk.fastbook.station_quota`` items a day at this
station, and a hold waiting in a slot can be collected only within its pickup window
(``expires``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from typing import Any

from kiosk.core import events as E

log = logging.getLogger(__name__)


def _settings(core: Any) -> dict[str, Any]:
    return core.kcfg.get("fastbook", {})


def _used_today(core: Any, s: Any) -> tuple[str, int]:
    """The patron's quota key (salted hash: no patron id kept) and the items taken today."""
    key = hashlib.sha256((core._salt + (s.patron_id or "")).encode()).hexdigest()
    day, used = core._quota.get(key, (dt.date.today(), 0))
    return key, used if day == dt.date.today() else 0


def quota_left(core: Any, s: Any) -> int | None:
    quota = _settings(core).get("station_quota")
    if quota is None:
        return None
    return max(0, int(quota) - _used_today(core, s)[1])


def _use_quota(core: Any, s: Any) -> None:
    key, used = _used_today(core, s)
    core._quota[key] = (dt.date.today(), used + 1)


def catalogue(core: Any, s: Any) -> None:
    titles = []
    for slot in core.fastbook.slots():
        if slot.item_id is None:
            continue
        info = core._ask(core.centre.item_info, slot.item_id)
        title = info.title if info is not None else None
        mine = slot.item_id in s.holds_ready
        available = slot.uid is not None and (mine or info is None or not info.on_hold_for_other)
        titles.append(E.FastBookTitle(slot=slot.slot, item_id=slot.item_id, title=title,
                                      available=available, reserved_for_patron=mine))
    core._emit(E.FastBookCatalogue(titles=tuple(titles), quota_left=quota_left(core, s)))


def dispense_and_lend(core: Any, s: Any, item_ids: tuple[str, ...]) -> None:
    from kiosk.core.core import _Row

    slots = {sl.item_id: sl for sl in core.fastbook.slots() if sl.item_id and sl.uid}
    today = dt.date.today()
    for item_id in item_ids:
        action = E.ItemAction.HOLD_PICKUP if item_id in s.holds_ready else E.ItemAction.DISPENSE
        left = quota_left(core, s)
        if left is not None and left <= 0:
            core._emit(E.Notice(code=E.NoticeCode.STATION_QUOTA))
            core._outcome(item_id, action, E.ItemResult.REFUSED, reason="station_quota")
            continue
        hold = s.holds_ready.get(item_id)
        if hold is not None and hold.expires is not None and hold.expires < today:
            core._emit(E.Notice(code=E.NoticeCode.PICKUP_WINDOW))
            core._outcome(item_id, action, E.ItemResult.REFUSED, reason="pickup_window")
            continue
        slot = slots.get(item_id)
        if slot is None:
            core._outcome(item_id, action, E.ItemResult.REFUSED, reason="not_in_station")
            continue
        core._emit(E.DispenseProgress(slot=slot.slot, item_id=item_id, stage="moving"))
        try:
            uid = core.fastbook.dispense(slot.slot)
        except OSError as exc:
            core._emit(E.DispenseProgress(slot=slot.slot, item_id=item_id, stage="failed",
                                          reason="jam"))
            core._outcome(item_id, action, E.ItemResult.REFUSED, reason="dispense_failed",
                          message=str(exc))
            continue
        core._delivered.add(uid)  # in the bay until taken: never taken for a return
        core._emit(E.DispenseProgress(slot=slot.slot, item_id=item_id, stage="delivered"))
        try:
            item = core.pad.read_item(uid)
            found = item.primary_item_id
        except Exception as exc:
            log.warning("delivered tag %s unreadable: %s", uid, exc)
            found = None
        if found != item_id:
            core._emit(E.DispenseProgress(slot=slot.slot, item_id=item_id, stage="failed",
                                          reason="verify"))
            core._outcome(item_id, action, E.ItemResult.REFUSED, reason="dispense_verify",
                          message="See the staff.")
            continue
        core._emit(E.DispenseProgress(slot=slot.slot, item_id=item_id, stage="verified"))
        row = _Row(uid=uid, item_id=item_id, status=E.RowStatus.OK, read=True,
                   parts=max(1, item.parts_in_item or 1), part=max(1, item.part_number or 1))
        core._rows[uid] = row
        if core._lend_item(s, [row], action=E.ItemAction.HOLD_PICKUP
                           if action == E.ItemAction.HOLD_PICKUP else E.ItemAction.CHECKOUT):
            _use_quota(core, s)
