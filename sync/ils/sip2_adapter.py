"""The ILS adapter for any SIP2-speaking ILS (Koha, Evergreen, Sierra, dp2, Taiwanese systems).

Online calls map one to one onto SIP2 messages (63 patron information, 17 item information,
11 checkout, 09 checkin, 29 renew, 37 fee paid). Offline replay sends the same messages with the
no-block flag, the kiosk's transaction date and due date / return date.

Classification of every answer (what the bridge's conflict report reads):

* ``APPLIED`` - the ILS did it and no rule was broken;
* ``CONFLICT`` - a replay the ILS applied although a rule was broken, or with another due date
  (``AH``) than the kiosk promised (``due_date_changed``; the screen message names both dates:
  the ILS ignored no-block's due date). SIP2 servers differ here
  (Koha applies no-block checkouts unconditionally, Evergreen ignores the flag), so the edge does
  not trust the ILS to say so: before a replay the adapter reads the patron and the item and
  names the broken rule itself (``reason``, and the ILS's screen message when it sent one);
* ``REFUSED`` - the ILS said no (``reason`` a stable code as the reference ILS uses, e.g.
  ``patron_fees``, ``hold_for_other``; ``screen_message`` the ILS's own AF words). For a replay
  this means the ILS ignored no-block and the transaction is NOT in the ILS: a conflict for
  staff, with the ILS's reason;
* ``RETRY_LATER`` - no answer (timeout, hang-up, failed verification, login refused); nothing
  can be assumed applied.

An identifier SIP2 cannot carry (``|``, a line break, a control character: the message refuses
to be built, :class:`~sync.ils.sip2.InvalidFieldValue`) is a refusal of that one transaction or
query, never sent: ``unknown_patron`` / ``unknown_item`` for the patron / item id (no ILS record
can have it), ``invalid_field`` for any other field, the screen message naming the field.
Retrying could not help, and one bad id must not stop a batch.

A checkout, renew or checkin whose answer was lost is settled by the client (it asks the ILS what
happened, :mod:`sync.ils.sip2.lost`). When even that fails, the answer is "retry later" and the
adapter remembers the transaction id with what it read before: the device's resend of the same
transaction is settled first (applied -> answered as applied; not applied -> sent), never sent
blind, so a renewal is not consumed twice, a checkout is not turned into a rescan-renewal and
a return is not refused "not checked out" by its own first try.

Robustness: screen messages and fields may be missing or empty; an ACS status saying ``N`` is
not trusted (some servers say so while they process requests); dates are parsed leniently;
servers that hang up (idle or after a failed login) are reconnected and logged in again.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from sync.errors import ILSUnavailable
from sync.ils.base import (
    Account,
    CheckinResult,
    CheckoutResult,
    FeePaidResult,
    Hold,
    ILSAdapter,
    ItemInfo,
    ItemStatus,
    Loan,
    Outcome,
    PatronStatus,
    RenewResult,
    SortDestination,
)
from sync.ils.sip2 import (
    AnswerLost,
    CheckinResponse,
    InvalidFieldValue,
    ItemInformationResponse,
    LocalProtocolError,
    PatronInformationResponse,
    SIP2Error,
    lost,
    make_summary,
    parse_date,
)
from sync.ils.sip2.client import ClientPool, SIP2Client, before_renew
from sync.ils.sip2_settings import Sip2Settings

log = logging.getLogger(__name__)
T = TypeVar("T")

#: SIP2 patron status flag -> the block code PatronStatus.blocks uses
BLOCKS = {
    "charge privileges denied": "blocked",
    "card reported lost": "lost_card",
    "too many items charged": "loan_limit",
    "too many items overdue": "overdue",
    "recall overdue": "overdue",
    "excessive outstanding fines": "fees",
    "excessive outstanding fees": "fees",
    "too many items lost": "blocked",
    "too many items billed": "blocked",
    "too many claims of items returned": "blocked",
}
BLOCK_WORDS = {
    "blocked": "Borrowing privileges denied", "lost_card": "Card reported lost",
    "loan_limit": "Too many items charged", "overdue": "Too many items overdue",
    "fees": "Excessive outstanding fines or fees", "expired": "Card expired",
}

#: SIP2 circulation status (18) -> ItemStatus
CIRCULATION = {
    "01": ItemStatus.UNKNOWN, "02": ItemStatus.NON_CIRCULATING, "03": ItemStatus.AVAILABLE,
    "04": ItemStatus.ON_LOAN, "05": ItemStatus.ON_LOAN, "06": ItemStatus.NON_CIRCULATING,
    "07": ItemStatus.ON_LOAN, "08": ItemStatus.ON_HOLD_SHELF, "09": ItemStatus.AVAILABLE,
    "10": ItemStatus.IN_TRANSIT, "11": ItemStatus.ON_LOAN, "12": ItemStatus.LOST,
    "13": ItemStatus.MISSING,
}
PAYMENT_TYPES = {"cash": "00", "visa": "01", "credit_card": "02", "card": "02"}


def _money(text: str | None) -> Decimal:
    if not text:
        return Decimal(0)
    try:
        return abs(Decimal(text.strip().replace(",", "")))
    except InvalidOperation:
        return Decimal(0)


def _date(text: str | None) -> dt.date | None:
    value = parse_date(text)
    return value.date() if value else None


def _screen(messages: tuple[str, ...]) -> str | None:
    text = " ".join(m.strip() for m in messages if m.strip())
    return text or None


def _fines_note(pi: PatronInformationResponse, screen: str | None) -> str | None:
    """The screen message, plus a note when the ILS counts fines but sends no amount (BV): that
    is not "no fines", and ``fees_owed`` 0 alone would say it is."""
    count = pi.fine_items_count or 0
    if count <= 0 or (pi.fee_amount or "").strip():
        return screen
    note = f"{count} fine(s) recorded; the ILS gave no amount, please see staff"
    return f"{screen} {note}" if screen else note


def _due_note(promised: dt.date | None, given: dt.date | None) -> str | None:
    """Words for staff when a replay's due date (AH) is not the one the kiosk promised: the ILS
    ignored no-block's due date."""
    if promised is None or given is None or promised == given:
        return None
    days = (given - promised).days
    return f"the ILS set due {given}, not the {promised} the kiosk promised ({days:+d} days)"


@dataclass(frozen=True)
class _Reading:
    """What :meth:`SIP2Adapter._rules` read: the rules broken, and the item's information
    when it is already charged to the patron (a replay applied before needs no second read);
    for a renewal, the item's information however it stands (the renew's reading before)."""

    broken: list[str]
    charged: ItemInformationResponse | None = None
    item: ItemInformationResponse | None = None


def sorting_instruction(r: CheckinResponse, branch: str,
                        sort_bins: dict[str, SortDestination] | None = None
                        ) -> tuple[SortDestination, str | None]:
    """Where a returned item goes, from the checkin response's alert type (CV), destination
    (CT), sort bin (CL) and alert flag: the kiosk's sorting instruction.

    CV 01 hold here -> hold shelf; 02 hold elsewhere and 04 other branch -> transit to CT;
    99 or an alert with nothing more -> staff; no alert -> reshelve (or transit when CT names
    another branch). ``sort_bins`` maps a library's own CL codes when it sends no CV.
    """
    dest = (r.destination_location or "").strip() or None
    cv = (r.alert_type or "").strip()
    if cv == "01":
        return SortDestination.HOLD_SHELF, branch
    if cv in ("02", "04"):
        return (SortDestination.TRANSIT, dest) if dest else (SortDestination.STAFF, None)
    if cv == "99":
        return SortDestination.STAFF, None
    if sort_bins and r.sort_bin and r.sort_bin in sort_bins:
        chosen = sort_bins[r.sort_bin]
        if chosen is SortDestination.TRANSIT:
            return (chosen, dest) if dest else (SortDestination.STAFF, None)
        return chosen, branch if chosen is SortDestination.HOLD_SHELF else None
    if dest and dest != branch:
        return SortDestination.TRANSIT, dest
    if r.alert:
        return SortDestination.STAFF, None
    return SortDestination.RESHELVE, None


class SIP2Adapter(ILSAdapter):
    """:class:`ILSAdapter` over SIP2 (see the module docstring for the classification).

    :param rescan: what a checkout of an item the patron already has does: ``"renew"`` (the
        renew-on-rescan policy: SC renewal policy Y, and an explicit renew (29) if the ILS
        refuses the rescan anyway) or ``"keep"`` (report it applied, change nothing)
    :param sort_bins: a library's sort bin (CL) codes -> SortDestination, used without CV
    :param pool_size: SIP2 links kept open to the ILS
    :param client_kwargs: passed to :class:`~sync.ils.sip2.client.SIP2Client` (host, port, user,
        password, institution, location, encoding, terminator, error_detection, tls, timeout…)
    """

    def __init__(self, *, rescan: str = "renew", currency: str = "TWD",
                 sort_bins: dict[str, SortDestination] | None = None, pool_size: int = 2,
                 **client_kwargs: Any) -> None:
        if rescan not in ("renew", "keep"):
            raise ValueError("rescan must be 'renew' or 'keep'")
        self.rescan = rescan
        self.currency = currency
        self.sort_bins = sort_bins or {}
        self.pool = ClientPool(pool_size, **client_kwargs)
        #: txn_id -> the reading before a checkout/renew whose answer was lost and not settled
        self._unsettled: OrderedDict[str, lost.Reading | None] = OrderedDict()
        self._unsettled_lock = threading.Lock()

    @classmethod
    def from_config(cls, section: Mapping[str, Any] | Sip2Settings) -> SIP2Adapter:
        """Build from the ``[central.sip2]`` table, checked by :class:`Sip2Settings`.

        :raises pydantic.ValidationError: naming the key that is wrong.
        """
        settings = (section if isinstance(section, Sip2Settings)
                    else Sip2Settings.from_section(section))
        options = settings.adapter_options()
        bins = {k: SortDestination(v) for k, v in options.pop("sort_bins").items()}
        return cls(sort_bins=bins, **options)

    def close(self) -> None:
        self.pool.close()

    # --- plumbing --------------------------------------------------------------------------
    def _query(self, fn: Callable[[SIP2Client], T],
               refuse: Callable[[str, str], T] | None = None) -> T:
        """``fn`` on a pooled client; no answer raises :class:`ILSUnavailable`. An identifier
        SIP2 cannot carry is ``refuse(reason, why)``, never sent (:func:`_unsendable_reason`)."""
        try:
            with self.pool.client() as c:
                return fn(c)
        except InvalidFieldValue as exc:
            if refuse is None:
                raise
            log.warning("SIP2 request refused before sending: %s", exc)
            return refuse(_unsendable_reason(exc), str(exc))
        except (SIP2Error, OSError) as exc:
            if isinstance(exc, LocalProtocolError):
                raise
            raise ILSUnavailable(f"SIP2: {exc}") from exc

    def _txn(self, fn: Callable[[SIP2Client], T], answer: Callable[[Outcome, str, str], T],
             txn_id: str | None = None) -> T:
        """As :meth:`_query`, but an unanswered transaction is a "retry later" result; one
        whose answer was lost unsettled is remembered under ``txn_id`` (module docstring)."""
        try:
            result = self._query(fn, lambda reason, why: answer(Outcome.REFUSED, reason, why))
        except ILSUnavailable as exc:
            cause = exc.__cause__
            log.warning("SIP2 transaction not answered: %s", cause)
            if txn_id is not None and isinstance(cause, AnswerLost):
                self._remember(txn_id, cause)
            return answer(Outcome.RETRY_LATER, "ils_unavailable", str(cause))
        if txn_id is not None:
            with self._unsettled_lock:
                self._unsettled.pop(txn_id, None)
        return result

    #: unsettled transactions remembered at most (the oldest are forgotten first)
    UNSETTLED_MAX = 10_000

    def _remember(self, txn_id: str, lost_answer: AnswerLost) -> None:
        before = lost_answer.before if isinstance(lost_answer.before, lost.Reading) else None
        self._note(txn_id, before, replace=True)

    def may_have_applied(self, txn_id: str) -> None:
        """Settle ``txn_id`` with the ACS before sending it (nothing was read before it)."""
        self._note(txn_id, None, replace=False)

    def _note(self, txn_id: str, before: lost.Reading | None, *, replace: bool) -> None:
        with self._unsettled_lock:
            if replace or txn_id not in self._unsettled:
                self._unsettled[txn_id] = before
            self._unsettled.move_to_end(txn_id)
            while len(self._unsettled) > self.UNSETTLED_MAX:
                self._unsettled.popitem(last=False)

    def _pending(self, txn_id: str | None) -> tuple[bool, lost.Reading | None]:
        """(may have reached the ILS already, the reading before it) for ``txn_id``."""
        if txn_id is None:
            return False, None
        with self._unsettled_lock:
            if txn_id not in self._unsettled:
                return False, None
            return True, self._unsettled[txn_id]

    @staticmethod
    def _wire_time(when: dt.datetime) -> dt.datetime:
        """Kiosk time as SIP2 carries it: local wall clock (zone blank), as ILSs expect."""
        return when.astimezone().replace(tzinfo=None) if when.tzinfo else when

    @staticmethod
    def _wire_due(day: dt.date | None) -> dt.datetime | None:
        return None if day is None else dt.datetime(day.year, day.month, day.day, 23, 59, 59)

    @staticmethod
    def _valid(pi: PatronInformationResponse) -> bool:
        if pi.valid_patron is not None:
            return pi.valid_patron
        return bool(pi.personal_name.strip())  # servers that leave BL out

    @staticmethod
    def _item_unknown(ii: ItemInformationResponse) -> bool:
        return not ii.title_identifier.strip() and ii.circulation_status.strip() in ("", "00", "01")

    @staticmethod
    def _blocks(pi: PatronInformationResponse) -> list[str]:
        codes: list[str] = []
        for word in pi.status_flags:
            code = BLOCKS.get(word)
            if code and code not in codes:
                codes.append(code)
        expires = _date(pi.extra("PA"))
        if expires is not None and expires < dt.date.today() and "expired" not in codes:
            codes.insert(0, "expired")
        return codes

    def _rules(self, c: SIP2Client, patron_id: str, item_id: str, *, pickup: bool = False,
               renewal: bool = False) -> _Reading:
        """Every rule a checkout (or renewal) would break, read from the ILS itself."""
        pi = c.patron_information(patron_id, summary=make_summary("charged"))
        if not self._valid(pi):
            return _Reading(["unknown_patron"])
        broken = [f"patron_{b}" for b in self._blocks(pi)]
        ii = c.item_information(item_id)
        if self._item_unknown(ii):
            return _Reading([*broken, "unknown_item"])
        mine = item_id in pi.charged_items
        charged = ii if mine else None
        status = CIRCULATION.get(ii.circulation_status, ItemStatus.UNKNOWN)
        if renewal:
            if not mine:
                broken.append("not_on_loan")
            if (ii.hold_queue_length or "0").strip() not in ("", "0"):
                broken.append("hold_for_other")
            return _Reading(broken, charged, ii)
        if status in (ItemStatus.LOST, ItemStatus.MISSING, ItemStatus.NON_CIRCULATING):
            broken.append(f"item_{status.value}")
        if status is ItemStatus.ON_LOAN and not mine:
            broken.append("on_loan_to_other")
        queued = (ii.hold_queue_length or "0").strip() not in ("", "0")
        if (queued or status is ItemStatus.ON_HOLD_SHELF or pickup) and not mine:
            holds = c.patron_information(patron_id, summary=make_summary("hold")).hold_items
            waiting = c.patron_information(
                patron_id, summary=make_summary("unavailable_holds")).unavailable_hold_items
            for_me = item_id in holds or item_id in waiting
            if (queued or status is ItemStatus.ON_HOLD_SHELF) and not for_me:
                broken.append("hold_for_other")
            if pickup and not for_me:
                broken.append("no_hold")
        return _Reading(broken, charged)

    # --- queries ---------------------------------------------------------------------------
    def patron_status(self, patron_id: str, *, pin: str | None = None) -> PatronStatus:
        return self._query(
            lambda c: self._patron_status(c.patron_information(patron_id, pin), patron_id, pin),
            lambda reason, why: PatronStatus(outcome=Outcome.REFUSED, reason=reason,
                                             screen_message=why, patron_id=patron_id,
                                             valid=False))

    def _patron_status(self, pi: PatronInformationResponse, patron_id: str,
                       pin: str | None) -> PatronStatus:
        screen = _screen(pi.screen_messages)
        if not self._valid(pi):
            return PatronStatus(outcome=Outcome.REFUSED, reason="unknown_patron",
                                screen_message=screen, patron_id=patron_id, valid=False)
        blocks = self._blocks(pi)
        limit = (pi.charged_items_limit or "").strip()
        return PatronStatus(
            outcome=Outcome.APPLIED, screen_message=_fines_note(pi, screen), patron_id=patron_id, valid=True,
            pin_ok=pi.valid_patron_password if pin else None,
            name=pi.personal_name.strip() or None, patron_type=pi.extra("PC"),
            expires=_date(pi.extra("PA")), blocks=tuple(blocks),
            block_messages=tuple(BLOCK_WORDS.get(b, b) for b in blocks),
            loans_count=pi.charged_items_count or 0,
            loan_limit=int(limit) if limit.isdigit() else None,
            holds_ready_count=pi.hold_items_count or 0,
            overdue_count=pi.overdue_items_count or 0, fees_owed=_money(pi.fee_amount),
            currency=(pi.currency_type or self.currency).strip() or self.currency,
            language=pi.language)

    def _item_info(self, ii: ItemInformationResponse, item_id: str) -> ItemInfo:
        screen = _screen(ii.screen_messages)
        if self._item_unknown(ii):
            return ItemInfo(outcome=Outcome.REFUSED, reason="unknown_item", screen_message=screen,
                            item_id=item_id)
        status = CIRCULATION.get(ii.circulation_status, ItemStatus.UNKNOWN)
        return ItemInfo(
            outcome=Outcome.APPLIED, screen_message=screen, item_id=item_id, status=status,
            title=ii.title_identifier.strip() or None,
            call_number=ii.call_number or ii.extra("CS"), item_type=ii.media_type,
            owner=ii.owner, home_branch=ii.permanent_location or None,
            current_branch=ii.current_location or None, due_date=_date(ii.due_date),
            on_hold_for_other=status is ItemStatus.ON_HOLD_SHELF,
            hold_pickup_branch=ii.current_location if status is ItemStatus.ON_HOLD_SHELF
            else None)

    def item_info(self, item_id: str) -> ItemInfo:
        return self._query(lambda c: self._item_info(c.item_information(item_id), item_id),
                           lambda reason, why: ItemInfo(outcome=Outcome.REFUSED, reason=reason,
                                                        screen_message=why, item_id=item_id))

    def account(self, patron_id: str) -> Account:
        def read(c: SIP2Client) -> Account:
            charged = c.patron_information(patron_id, summary=make_summary("charged"))
            if not self._valid(charged):
                return Account(outcome=Outcome.REFUSED, reason="unknown_patron",
                               screen_message=_screen(charged.screen_messages),
                               patron_id=patron_id)
            held = c.patron_information(patron_id, summary=make_summary("hold"))
            waiting = c.patron_information(patron_id, summary=make_summary("unavailable_holds"))
            today = dt.date.today()
            loans = []
            for item in charged.charged_items:
                ii = c.item_information(item)
                due = _date(ii.due_date) or today
                loans.append(Loan(item_id=item, title=ii.title_identifier or None, due_date=due,
                                  overdue=due < today))
            holds = []
            for item in held.hold_items:
                ii = c.item_information(item)
                holds.append(Hold(item_id=item, title=ii.title_identifier or None,
                                  pickup_branch=ii.current_location or "", ready=True,
                                  expires=_date(ii.hold_pickup_date)))
            holds += [Hold(item_id=None, title=t, pickup_branch="", ready=False)
                      for t in waiting.unavailable_hold_items]
            return Account(outcome=Outcome.APPLIED, patron_id=patron_id, loans=tuple(loans),
                           screen_message=_fines_note(charged, None),
                           holds=tuple(holds), fees_owed=_money(charged.fee_amount),
                           currency=(charged.currency_type or self.currency).strip()
                           or self.currency)
        return self._query(read, lambda reason, why: Account(
            outcome=Outcome.REFUSED, reason=reason, screen_message=why, patron_id=patron_id))

    def authorise_renew(self, patron_id: str, item_id: str, *, branch: str) -> RenewResult:
        """SIP2 has no dry run: the rules read from the patron and the item (blocks, not
        charged to this patron, a hold queue) refuse; otherwise ``APPLIED`` with ``due_date``
        None — unknown until the ILS renews (the kiosk shows the date from the renewal)."""
        def read(c: SIP2Client) -> RenewResult:
            broken = self._rules(c, patron_id, item_id, renewal=True).broken
            if broken:
                return RenewResult(outcome=Outcome.REFUSED, reason=broken[0],
                                   screen_message=BLOCK_WORDS.get(broken[0].removeprefix(
                                       "patron_")), patron_id=patron_id, item_id=item_id)
            return RenewResult(outcome=Outcome.APPLIED, patron_id=patron_id, item_id=item_id)
        return self._query(read, lambda reason, why: RenewResult(
            outcome=Outcome.REFUSED, reason=reason, screen_message=why, patron_id=patron_id,
            item_id=item_id))

    # --- transactions ----------------------------------------------------------------------
    def checkout(self, patron_id: str, item_id: str, *, branch: str, event_time: dt.datetime,
                 no_block: bool = False, due_date: dt.date | None = None,
                 txn_id: str | None = None) -> CheckoutResult:
        return self._lend(patron_id, item_id, event_time, no_block, due_date, pickup=False,
                          txn_id=txn_id)

    def hold_pickup(self, patron_id: str, item_id: str, *, branch: str, event_time: dt.datetime,
                    no_block: bool = False, due_date: dt.date | None = None,
                    txn_id: str | None = None) -> CheckoutResult:
        return self._lend(patron_id, item_id, event_time, no_block, due_date, pickup=True,
                          txn_id=txn_id)

    def _lend(self, patron_id: str, item_id: str, event_time: dt.datetime, no_block: bool,
              due_date: dt.date | None, *, pickup: bool,
              txn_id: str | None = None) -> CheckoutResult:
        def result(outcome: Outcome, reason: str | None = None, screen: str | None = None,
                   **kw: Any) -> CheckoutResult:
            return CheckoutResult(outcome=outcome, reason=reason, screen_message=screen,
                                  patron_id=patron_id, item_id=item_id, **kw)

        def run(c: SIP2Client) -> CheckoutResult:
            broken: list[str] = []
            if no_block:
                reading = self._rules(c, patron_id, item_id, pickup=pickup)
                broken = reading.broken
                if reading.charged is not None:  # this replay was applied before
                    given = _date(reading.charged.due_date)
                    note = _due_note(due_date, given)
                    return result(Outcome.CONFLICT if note else Outcome.APPLIED,
                                  "due_date_changed" if note else None, note, due_date=given,
                                  title=reading.charged.title_identifier or None)
            r = c.checkout(
                patron_id, item_id, renewal_policy=self.rescan == "renew" and not no_block,
                no_block=no_block,
                transaction_date=self._wire_time(event_time) if no_block else None,
                nb_due_date=self._wire_due(due_date) if no_block else None,
                settle_first=self._pending(txn_id)[0])
            screen = _screen(r.screen_messages)
            title = r.title_identifier.strip() or None
            if r.ok:
                due = _date(r.due_date) or (due_date if no_block else None)
                note = _due_note(due_date, due) if no_block else None
                if note:  # reported to staff, with the rule broken if one was
                    broken = broken or ["due_date_changed"]
                    screen = f"{screen} {note}" if screen else note
                if broken:
                    return result(Outcome.CONFLICT, broken[0], screen, due_date=due,
                                  renewal=r.renewal_ok, title=title)
                return result(Outcome.APPLIED, None, screen, due_date=due,
                              renewal=r.renewal_ok, title=title)
            if not no_block:
                pi = c.patron_information(patron_id, summary=make_summary("charged"))
                if item_id in pi.charged_items:  # a rescan of an item the patron has
                    if self.rescan == "keep":
                        ii = c.item_information(item_id)
                        return result(Outcome.APPLIED, due_date=_date(ii.due_date), title=title)
                    rr = c.renew(patron_id, item_id)
                    if rr.ok:
                        return result(Outcome.APPLIED, None, _screen(rr.screen_messages),
                                      due_date=_date(rr.due_date), renewal=True, title=title)
                    return result(Outcome.REFUSED, "renewal_refused",
                                  _screen(rr.screen_messages) or screen, title=title)
                broken = self._rules(c, patron_id, item_id, pickup=pickup).broken
            return result(Outcome.REFUSED, broken[0] if broken else "refused_by_ils", screen,
                          title=title)

        return self._txn(run, lambda outcome, reason, why: result(outcome, reason, why), txn_id)

    def checkin(self, item_id: str, *, branch: str, event_time: dt.datetime,
                no_block: bool = False, txn_id: str | None = None) -> CheckinResult:
        def run(c: SIP2Client) -> CheckinResult:
            when = self._wire_time(event_time) if no_block else None
            r = c.checkin(item_id, location=branch, no_block=no_block, transaction_date=when,
                          return_date=when, settle_first=self._pending(txn_id)[0])
            dest, dest_branch = sorting_instruction(r, branch, self.sort_bins)
            screen = _screen(r.screen_messages)
            title = (r.title_identifier or "").strip() or None
            if r.ok:
                return CheckinResult(outcome=Outcome.APPLIED, screen_message=screen,
                                     item_id=item_id, destination=dest,
                                     destination_branch=dest_branch, title=title,
                                     fees_charged=_money(r.extra("BV")))
            ii = c.item_information(item_id)
            if self._item_unknown(ii):
                return CheckinResult(outcome=Outcome.REFUSED, reason="unknown_item",
                                     screen_message=screen, item_id=item_id,
                                     destination=SortDestination.STAFF, was_on_loan=False)
            status = CIRCULATION.get(ii.circulation_status, ItemStatus.UNKNOWN)
            on_loan = status is ItemStatus.ON_LOAN
            if not on_loan and dest is SortDestination.STAFF and not r.alert:
                dest = SortDestination.RESHELVE
            return CheckinResult(outcome=Outcome.REFUSED,
                                 reason="refused_by_ils" if on_loan else "not_on_loan",
                                 screen_message=screen, item_id=item_id, destination=dest,
                                 destination_branch=dest_branch, title=title or
                                 ii.title_identifier or None, was_on_loan=on_loan)

        return self._txn(run, lambda outcome, reason, why: CheckinResult(
            outcome=outcome, reason=reason, screen_message=why, item_id=item_id),
            txn_id)

    def renew(self, patron_id: str, item_id: str, *, branch: str, event_time: dt.datetime,
              no_block: bool = False, due_date: dt.date | None = None,
              txn_id: str | None = None) -> RenewResult:
        def run(c: SIP2Client) -> RenewResult:
            rules = self._rules(c, patron_id, item_id, renewal=True) if no_block else None
            broken = rules.broken if rules is not None else []
            settle_first, before = self._pending(txn_id)
            if before is None:  # (after a crash) nothing tells a renewal made: send it
                settle_first = False
                if rules is not None and rules.item is not None:
                    before = before_renew(rules.item)  # the rules' 17, not a second one
            r = c.renew(patron_id, item_id, no_block=no_block,
                        transaction_date=self._wire_time(event_time) if no_block else None,
                        nb_due_date=self._wire_due(due_date) if no_block else None,
                        before=before, settle_first=settle_first)
            screen = _screen(r.screen_messages)
            if r.ok:
                due = _date(r.due_date) or (due_date if no_block else None)
                note = _due_note(due_date, due) if no_block else None
                if note:
                    broken = broken or ["due_date_changed"]
                    screen = f"{screen} {note}" if screen else note
                return RenewResult(outcome=Outcome.CONFLICT if broken else Outcome.APPLIED,
                                   reason=broken[0] if broken else None, screen_message=screen,
                                   patron_id=patron_id, item_id=item_id, due_date=due)
            if not broken:
                broken = self._rules(c, patron_id, item_id, renewal=True).broken
            return RenewResult(outcome=Outcome.REFUSED,
                               reason=broken[0] if broken else "renewal_refused",
                               screen_message=screen, patron_id=patron_id, item_id=item_id)

        return self._txn(run, lambda outcome, reason, why: RenewResult(
            outcome=outcome, reason=reason, screen_message=why,
            patron_id=patron_id, item_id=item_id), txn_id)

    def fee_paid(self, patron_id: str, amount: Decimal, *, event_time: dt.datetime,
                 payment_type: str = "cash", fee_id: str | None = None,
                 txn_id: str | None = None) -> FeePaidResult:
        def run(c: SIP2Client) -> FeePaidResult:
            r = c.fee_paid(patron_id, f"{amount:.2f}", currency=self.currency,
                           payment_type=PAYMENT_TYPES.get(payment_type, "00"), fee_id=fee_id,
                           transaction_id=txn_id)
            screen = _screen(r.screen_messages)
            owed = _money(c.patron_status(patron_id).fee_amount)
            if not r.payment_accepted:
                return FeePaidResult(outcome=Outcome.REFUSED, reason="payment_refused",
                                     screen_message=screen, patron_id=patron_id, amount=amount,
                                     currency=self.currency, fees_owed=owed)
            return FeePaidResult(outcome=Outcome.APPLIED, screen_message=screen,
                                 patron_id=patron_id, amount=amount, currency=self.currency,
                                 fees_owed=owed)

        return self._txn(run, lambda outcome, reason, why: FeePaidResult(
            outcome=outcome, reason=reason, screen_message=why, patron_id=patron_id,
            amount=amount, currency=self.currency))


def _unsendable_reason(exc: InvalidFieldValue) -> str:
    """The refusal reason for an identifier SIP2 cannot carry: no ILS record has such an id."""
    return {"patron_identifier": "unknown_patron",
            "item_identifier": "unknown_item"}.get(exc.field, "invalid_field")


__all__ = ["BLOCKS", "CIRCULATION", "SIP2Adapter", "sorting_instruction"]
