"""Words for the core's stable codes, as Qt translation sources.

The core sends codes (``RowStatus.OTHER_LIBRARY``, ``Refusal.FEES``, ``SortBin.TRANSIT`` …); the
view turns them into the patron's language here. The tables hold *source* strings marked with
``QT_TRANSLATE_NOOP`` so ``lupdate`` collects them and ``QTranslator`` translates them at run
time — they are not a hand-rolled dictionary of translations. An unknown code falls back to
the ILS's own ``message``, then to a generic sentence, never to a raw code.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from kiosk.core import events as ev

ROW = {
    ev.RowStatus.CHECKING: QT_TRANSLATE_NOOP("Codes", "Checking…"),
    ev.RowStatus.OK: QT_TRANSLATE_NOOP("Codes", "Ready to borrow"),
    ev.RowStatus.RENEW: QT_TRANSLATE_NOOP("Codes", "On loan to you: will be renewed"),
    ev.RowStatus.UNREADABLE: QT_TRANSLATE_NOOP("Codes", "The tag could not be read. Please take this item to the desk."),
    ev.RowStatus.BLANK: QT_TRANSLATE_NOOP("Codes", "This item has no library data. Please take it to the desk."),
    ev.RowStatus.OTHER_LIBRARY: QT_TRANSLATE_NOOP("Codes", "This item belongs to another library."),
    ev.RowStatus.NOT_CIRCULATING: QT_TRANSLATE_NOOP("Codes", "For use in the library only."),
    ev.RowStatus.SET_INCOMPLETE: QT_TRANSLATE_NOOP("Codes", "Part of a set: place every part on the pad."),
    ev.RowStatus.ON_HOLD_FOR_OTHER: QT_TRANSLATE_NOOP("Codes", "Reserved for another reader."),
    ev.RowStatus.ON_LOAN_TO_OTHER: QT_TRANSLATE_NOOP("Codes", "On loan to someone else: please return it first."),
    ev.RowStatus.NOT_ON_LOAN: QT_TRANSLATE_NOOP("Codes", "This item is not on loan."),
    ev.RowStatus.UNKNOWN_ITEM: QT_TRANSLATE_NOOP("Codes", "Unknown item. Please take it to the desk."),
    ev.RowStatus.REFUSED: QT_TRANSLATE_NOOP("Codes", "This item cannot be lent here."),
    ev.RowStatus.PATRON_CARD: QT_TRANSLATE_NOOP("Codes", "A library card is on the pad: please take it off."),
    ev.RowStatus.DONE: QT_TRANSLATE_NOOP("Codes", "Done"),
    ev.RowStatus.FAILED: QT_TRANSLATE_NOOP("Codes", "Not done: please see staff"),
}

REFUSAL = {
    ev.Refusal.UNKNOWN_PATRON: QT_TRANSLATE_NOOP("Codes", "We could not find this card. Please check the number or ask at the desk."),
    ev.Refusal.WRONG_PIN: QT_TRANSLATE_NOOP("Codes", "The PIN is not correct. Please try again."),
    ev.Refusal.PIN_ATTEMPTS: QT_TRANSLATE_NOOP("Codes", "Too many wrong PINs. Please ask at the desk."),
    ev.Refusal.BLOCKED: QT_TRANSLATE_NOOP("Codes", "Your card is blocked. Please ask at the desk."),
    ev.Refusal.EXPIRED: QT_TRANSLATE_NOOP("Codes", "Your card has expired. Please renew it at the desk."),
    ev.Refusal.FEES: QT_TRANSLATE_NOOP("Codes", "You have fees to pay before borrowing."),
    ev.Refusal.OVERDUE: QT_TRANSLATE_NOOP("Codes", "You have overdue items. Please return them first."),
    ev.Refusal.LOST_CARD: QT_TRANSLATE_NOOP("Codes", "This card was reported lost. Please ask at the desk."),
    ev.Refusal.OFFLINE_RULES_STALE: QT_TRANSLATE_NOOP("Codes", "The library system cannot be reached right now. Please ask at the desk."),
    ev.Refusal.CARD_UNREADABLE: QT_TRANSLATE_NOOP("Codes", "The card could not be read. Please try again."),
    ev.Refusal.NOT_STAFF: QT_TRANSLATE_NOOP("Codes", "Staff credentials were not accepted."),
    ev.Refusal.OTHER: QT_TRANSLATE_NOOP("Codes", "Please ask at the desk."),
}

RESULT = {
    ev.ItemResult.DONE: QT_TRANSLATE_NOOP("Codes", "Done"),
    ev.ItemResult.REFUSED: QT_TRANSLATE_NOOP("Codes", "Refused"),
    ev.ItemResult.SECURITY_FAILED: QT_TRANSLATE_NOOP("Codes", "Recorded, but the security tag could not be set: please see staff"),
    ev.ItemResult.COMPENSATED: QT_TRANSLATE_NOOP("Codes", "Not lent: the security tag could not be changed"),
    ev.ItemResult.LIFTED: QT_TRANSLATE_NOOP("Codes", "Lifted too soon: not done. Place it again."),
    ev.ItemResult.ERROR: QT_TRANSLATE_NOOP("Codes", "Not done: please see staff"),
}

ACTION = {
    ev.ItemAction.CHECKOUT: QT_TRANSLATE_NOOP("Codes", "Borrowed"),
    ev.ItemAction.RENEW: QT_TRANSLATE_NOOP("Codes", "Renewed"),
    ev.ItemAction.CHECKIN: QT_TRANSLATE_NOOP("Codes", "Returned"),
    ev.ItemAction.HOLD_PICKUP: QT_TRANSLATE_NOOP("Codes", "Reserved item collected"),
    ev.ItemAction.DISPENSE: QT_TRANSLATE_NOOP("Codes", "Dispensed and borrowed"),
}

SORT = {
    ev.SortBin.RESHELVE: QT_TRANSLATE_NOOP("Codes", "Put it in the return bin"),
    ev.SortBin.HOLD_SHELF: QT_TRANSLATE_NOOP("Codes", "Reserved for another reader: put it in the holds bin"),
    ev.SortBin.TRANSIT: QT_TRANSLATE_NOOP("Codes", "Belongs to another branch: put it in the transit bin"),
    ev.SortBin.STAFF: QT_TRANSLATE_NOOP("Codes", "Please hand it to staff"),
}

#: why an item's action was refused, where the view can say more than "Refused"
REASON = {
    "not_extended": QT_TRANSLATE_NOOP("Codes", "Not renewed: renewing now would not change the due date"),
    "renewal_limit": QT_TRANSLATE_NOOP("Codes", "Not renewed: no renewals left"),
    "hold_for_other": QT_TRANSLATE_NOOP("Codes", "Reserved for another reader."),
    "pickup_elsewhere": QT_TRANSLATE_NOOP("Codes", "Waiting at another branch: collect it there"),
}

NOTICE = {
    ev.NoticeCode.PLACE_ITEMS: QT_TRANSLATE_NOOP("Codes", "Place your items on the pad."),
    ev.NoticeCode.LIMIT_REACHED: QT_TRANSLATE_NOOP("Codes", "You have reached your loan limit."),
    ev.NoticeCode.NOTHING_TO_DO: QT_TRANSLATE_NOOP("Codes", "There is nothing to borrow yet."),
    ev.NoticeCode.OFFLINE_MODE: QT_TRANSLATE_NOOP("Codes", "Working offline: your loans will be sent to the library system later."),
    ev.NoticeCode.RATING_THANKS: QT_TRANSLATE_NOOP("Codes", "Thank you for your feedback!"),
    ev.NoticeCode.SYNC_FORCED: QT_TRANSLATE_NOOP("Codes", "Synchronisation started."),
    ev.NoticeCode.SESSION_CLEARED: QT_TRANSLATE_NOOP("Codes", "The session was cleared."),
    ev.NoticeCode.BAD_COMMAND: QT_TRANSLATE_NOOP("Codes", "That is not possible right now."),
    ev.NoticeCode.RECEIPT_FAILED: QT_TRANSLATE_NOOP("Codes", "The receipt could not be printed."),
    ev.NoticeCode.SEE_STAFF: QT_TRANSLATE_NOOP("Codes", "Please see staff."),
    ev.NoticeCode.STATION_QUOTA: QT_TRANSLATE_NOOP("Codes", "You have used this station's quota."),
    ev.NoticeCode.PICKUP_WINDOW: QT_TRANSLATE_NOOP("Codes", "Pickup is not open at this time."),
}

OUT_OF_ORDER = {
    "item_reader": QT_TRANSLATE_NOOP("Codes", "The item pad is not working."),
    "card_reader": QT_TRANSLATE_NOOP("Codes", "The card reader is not working."),
    "outbox": QT_TRANSLATE_NOOP("Codes", "The station cannot save transactions."),
    "printer": QT_TRANSLATE_NOOP("Codes", "The receipt printer is not working."),
    "fastbook": QT_TRANSLATE_NOOP("Codes", "The dispenser is not working."),
    "internal": QT_TRANSLATE_NOOP("Codes", "The station has a technical problem."),
}

DISPENSE = {
    "moving": QT_TRANSLATE_NOOP("Codes", "Fetching your book…"),
    "delivered": QT_TRANSLATE_NOOP("Codes", "Please take your book from the slot."),
    "verified": QT_TRANSLATE_NOOP("Codes", "Borrowed"),
    "failed": QT_TRANSLATE_NOOP("Codes", "Could not dispense: please see staff"),
}

END = {
    ev.EndReason.PATRON: QT_TRANSLATE_NOOP("Codes", "Goodbye!"),
    ev.EndReason.TIMEOUT: QT_TRANSLATE_NOOP("Codes", "The session ended because nothing happened for a while."),
    ev.EndReason.CARD_REMOVED: QT_TRANSLATE_NOOP("Codes", "Card removed: the session has ended."),
    ev.EndReason.STAFF: QT_TRANSLATE_NOOP("Codes", "The session was ended by staff."),
    ev.EndReason.ERROR: QT_TRANSLATE_NOOP("Codes", "The session ended because of an error."),
}

_FALLBACK = QT_TRANSLATE_NOOP("Codes", "Please ask at the desk.")


def words(table: dict[str, str], code: str | None, message: str | None = None) -> str:
    """The translated words for ``code``; the ILS's ``message`` or a generic line if unknown."""
    source = table.get(code or "")
    if source is not None:
        return QCoreApplication.translate("Codes", source)
    if message:
        return message
    return QCoreApplication.translate("Codes", _FALLBACK)
