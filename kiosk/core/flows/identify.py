"""Identification: a patron card or barcode, the PIN, the centre's (or the cache's) verdict, and
the patron's account.

A PIN is handed to the centre once and dropped (invariant 5). Offline, a patron is let in under
the cached rules only while they are fresh enough, and never when the cache blocks them.
A staff card asks for the staff PIN instead (:mod:`kiosk.core.flows.staff`).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from drivers.idchars import first_control
from kiosk.core import events as E
from kiosk.core.context import NOT_EXTENDED, STALE_WORDS
from kiosk.core.flows.lifecycle import drop_session, end, new_session
from kiosk.core.flows.stack import enter_main, hold_rows
from kiosk.core.flows.staff import login
from kiosk.core.ports import CardEvent
from kiosk.core.session import Trigger
from sync import fields
from sync import messages as M
from sync.results import Loan, PatronStatus
from sync.schema import mask

if TYPE_CHECKING:
    from kiosk.core.context import Context, Session

__all__ = ["authenticate", "card_event", "enter_pin", "show_account"]

log = logging.getLogger(__name__)

S = E.State
KNOWN_BLOCKS = frozenset({E.Refusal.BLOCKED, E.Refusal.EXPIRED, E.Refusal.FEES,
                          E.Refusal.OVERDUE, E.Refusal.LOST_CARD})


def card_event(ctx: Context, ev: CardEvent) -> None:
    """A card (or barcode) presented, or a card taken away."""
    s = ctx.session
    if not ev.present:
        if (s is not None and s.patron_id is not None and ev.source == "card"
                and ctx.kiosk.end_on_card_removed
                and ctx.state not in (S.PROCESSING, S.FASTBOOK_DISPENSE)):
            end(ctx, E.EndReason.CARD_REMOVED)
        return
    ctx.activity()
    if ev.patron_id is None or not _wire_id(ev.patron_id):
        ctx.emit(E.PatronRefused(reason=E.Refusal.CARD_UNREADABLE,
                                 message=ev.error or "The card could not be read."))
        return
    if ev.patron_id in ctx.kiosk.staff:
        ctx.staff_pending = ev.patron_id
        ctx.emit(E.PinRequested(purpose="staff"))
        return
    if s is not None and s.patron_id is not None:
        return  # the same or another card during a session: ignored
    ctx.go(Trigger.CARD_PRESENTATION)
    if s is None:
        s = new_session(ctx)
    s.patron_id = ev.patron_id
    s.pin_attempts = ctx.kiosk.pin_attempts
    if ctx.kiosk.pin_required:
        ctx.go(Trigger.PIN_REQUEST)
        ctx.emit(E.PinRequested(attempts_left=s.pin_attempts))
        return
    authenticate(ctx, s, None)


def _wire_id(patron_id: str) -> bool:
    """Can ``patron_id`` go on the wire? Every card source and the wedge hand the core one, and
    one with a control character (card data written badly, a code percent-encoding a NUL) or
    over 64 characters would be refused when the session's first transaction is built."""
    if fields.is_identifier(patron_id):
        return True
    log.info("a card's patron id cannot go on the wire (%s)",
             first_control(patron_id) or f"{len(patron_id)} characters")
    return False


def enter_pin(ctx: Context, pin: str) -> None:
    """The PIN a staff card or the patron's card asked for."""
    if ctx.staff_pending is not None:
        staff_id, ctx.staff_pending = ctx.staff_pending, None
        login(ctx, staff_id, pin)
        return
    s = ctx.session
    if s is None or ctx.state is not S.PIN:
        raise ctx.refuse(Trigger.PIN_ENTRY)
    ctx.go(Trigger.PIN_ENTRY)
    authenticate(ctx, s, pin)


def _refuse(ctx: Context, s: Session, reason: str, message: str) -> None:
    ctx.emit(E.PatronRefused(reason=reason, message=message))
    ctx.record(M.Failure(reason=reason, session_id=s.session_id))
    s.patron_id = None
    ctx.go(Trigger.REFUSAL)
    drop_session(ctx, E.EndReason.PATRON)


def authenticate(ctx: Context, s: Session, pin: str | None) -> None:
    """Ask the centre about the patron (with the PIN, once); the cache when it is offline."""
    assert s.patron_id is not None
    status = ctx.ask(ctx.ports.centre.patron_status, s.patron_id, pin=pin)
    pin = None  # used once, never kept
    if status is None:
        _authenticate_offline(ctx, s)
        return
    if _refused(ctx, s, status):
        return
    s.patron_type = status.patron_type
    s.loans_count = status.loans_count
    s.loan_limit = status.loan_limit
    s.fees_owed = status.fees_owed
    account = ctx.ask(ctx.ports.centre.account, s.patron_id)
    if account is not None:
        s.take_account(account, branch=ctx.settings.device.branch)
    ctx.emit(E.PatronIdentified(
        patron=mask(s.patron_id), name=status.name, loans_count=status.loans_count,
        loan_limit=status.loan_limit, holds_ready_count=status.holds_ready_count,
        overdue_count=status.overdue_count, fees_owed=status.fees_owed,
        currency=status.currency, language=status.language, offline=False))
    _accept(ctx)


def _refused(ctx: Context, s: Session, status: PatronStatus) -> bool:
    """Tell why the centre will not let the patron in (or asks the PIN again); False: in."""
    if not status.valid:
        _refuse(ctx, s, E.Refusal.UNKNOWN_PATRON, status.screen_message or "Card not recognised.")
        return True
    if status.pin_ok is False:
        s.pin_attempts -= 1
        if s.pin_attempts <= 0:
            _refuse(ctx, s, E.Refusal.PIN_ATTEMPTS, "Too many wrong PINs. Please see the staff.")
            return True
        ctx.emit(E.PatronRefused(reason=E.Refusal.WRONG_PIN, message="Wrong PIN."))
        ctx.go(Trigger.PIN_REQUEST)
        ctx.emit(E.PinRequested(attempts_left=s.pin_attempts))
        return True
    if status.blocks:
        code = f"patron_{status.blocks[0]}"
        words = status.block_messages[0] if status.block_messages else "Please see the staff."
        _refuse(ctx, s, code if code in KNOWN_BLOCKS else E.Refusal.BLOCKED, words)
        return True
    return False


def _authenticate_offline(ctx: Context, s: Session) -> None:
    assert s.patron_id is not None
    offline = ctx.ports.offline
    if offline is None or not ctx.offline_usable():
        _refuse(ctx, s, E.Refusal.OFFLINE_RULES_STALE, STALE_WORDS)
        return
    block = offline.patron_block(s.patron_id)
    if block is not None:
        code, words = block
        _refuse(ctx, s, code if code.startswith("patron_") else E.Refusal.BLOCKED, words)
        return
    s.offline = True
    s.loan_limit = offline.loan_limit(None)
    ctx.emit(E.PatronIdentified(patron=mask(s.patron_id), offline=True, loan_limit=s.loan_limit))
    ctx.emit(E.Notice(code=E.NoticeCode.OFFLINE_MODE))
    _accept(ctx)


def _accept(ctx: Context) -> None:
    ctx.go(Trigger.ACCEPTANCE)
    enter_main(ctx)


def show_account(ctx: Context) -> None:
    """The patron's loans, holds and fees (the session's view of them is refreshed too)."""
    s = ctx.need_session(Trigger.MODE_ACCOUNT)
    assert s.patron_id is not None
    account = ctx.ask(ctx.ports.centre.account, s.patron_id)
    ctx.go(Trigger.MODE_ACCOUNT)
    if account is None:
        ctx.emit(E.Notice(code=E.NoticeCode.OFFLINE_MODE))
        ctx.emit(E.AccountShown())
        return
    s.take_account(account, branch=ctx.settings.device.branch)
    ctx.emit(E.AccountShown(
        loans=tuple(_loan_row(s, x) for x in account.loans),
        holds=hold_rows(ctx, account.holds),
        fees_owed=account.fees_owed, currency=account.currency))


def _loan_row(s: Session, loan: Loan) -> E.LoanRow:
    """A loan as the account lists it: one lent this session is not offered for renewal (it
    would not move the due date), and a loan that will not renew says why when the ILS said."""
    if loan.renewable and loan.item_id in s.lent:
        return E.LoanRow(item_id=loan.item_id, title=loan.title, due_date=loan.due_date,
                         renewable=False, overdue=loan.overdue, reason=NOT_EXTENDED)
    return E.LoanRow(item_id=loan.item_id, title=loan.title, due_date=loan.due_date,
                     renewable=loan.renewable, overdue=loan.overdue,
                     reason=None if loan.renewable else loan.reason)
