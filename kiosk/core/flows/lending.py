"""Lending: checkout of the stack, holds pickup, and renewal (from the pad or the account).

Online the centre authorises each item and names the due date; offline the cached rules decide
(:class:`kiosk.core.ports.OfflineRules`), never with a stale cache. A loan is recorded in the
outbox before its marker is written (:mod:`kiosk.core.flows.marker`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import TYPE_CHECKING

from kiosk.core import events as E
from kiosk.core.context import NOT_EXTENDED, STALE_WORDS
from kiosk.core.flows.lifecycle import fault
from kiosk.core.flows.marker import all_ok, secure, settle
from sync import messages as M
from sync.results import CheckoutResult, Outcome

if TYPE_CHECKING:
    from kiosk.core.context import Context, Row, Session

__all__ = ["due_date", "known_title", "lend", "lend_item", "renew", "select_holds"]

R = E.RowStatus
A = E.ItemAction


def lend(ctx: Context, s: Session) -> None:
    """Confirm: lend (or renew, for the patron's own loans) every actionable item of the stack."""
    groups = ctx.groups()
    if not groups:
        ctx.emit(E.Notice(code=E.NoticeCode.NOTHING_TO_DO))
    for rows in groups:
        if rows[0].status == R.RENEW:
            renew(ctx, s, rows[0].item_id or "", uid=rows[0].uid, rows=rows)
        else:
            lend_item(ctx, s, rows, action=A.CHECKOUT)


def select_holds(ctx: Context, s: Session, item_ids: tuple[str, ...]) -> None:
    """Holds pickup: lend the chosen ready holds that lie on the pad."""
    for item_id in item_ids:
        rows = [r for r in ctx.rows.values() if r.item_id == item_id and r.present]
        if item_id in s.holds_elsewhere:
            branch = s.holds_elsewhere[item_id].pickup_branch
            ctx.outcome(item_id, A.HOLD_PICKUP, E.ItemResult.REFUSED, reason="pickup_elsewhere",
                        title=s.titles.get(item_id),
                        message=f"Waiting at {branch}: collect it there.")
        elif item_id not in s.holds_ready:
            ctx.outcome(item_id, A.HOLD_PICKUP, E.ItemResult.REFUSED,
                        reason="not_ready_for_patron")
        elif not rows:
            ctx.outcome(item_id, A.HOLD_PICKUP, E.ItemResult.REFUSED, reason="not_on_pad",
                        message="Place the item on the pad.")
        else:
            lend_item(ctx, s, rows, action=A.HOLD_PICKUP)


def due_date(ctx: Context, s: Session, item_type: str | None, *,
             at_least: dt.date | None = None) -> dt.date:
    """The due date the kiosk sets itself (offline, and for renewals): from the cached rules
    for this patron and item type, never today or earlier (a loan due the day it is made is
    no loan), and for a renewal never before the loan's current due date."""
    today = dt.date.today()
    days = ctx.kiosk.loan_days
    offline = ctx.ports.offline
    due = (offline.due_date(today, patron_type=s.patron_type, item_type=item_type)
           if offline is not None else today + dt.timedelta(days=days))
    if due <= today:
        due = today + dt.timedelta(days=days)
    return max(due, at_least) if at_least is not None else due


def lend_item(ctx: Context, s: Session, rows: list[Row], *, action: str) -> bool:
    """Authorise, commit, clear the marker, verify (or compensate). True when done."""
    assert s.patron_id is not None
    item_id = rows[0].item_id or ""
    auth = ctx.ask(ctx.ports.centre.authorise_checkout, s.patron_id, item_id)
    offline = auth is None
    if auth is not None and auth.outcome is not Outcome.APPLIED and not (
            action == A.HOLD_PICKUP and auth.reason == "hold_for_other"):
        ctx.refuse_item(rows, action, auth.reason or "refused", auth.screen_message)
        return False
    if offline and not _offline_lending_allows(ctx, s, rows, action):
        return False
    title = known_title(s, rows, auth.title if auth is not None else None)
    due = _checkout_due(ctx, s, auth, rows[0].item_type)
    txn = M.HoldPickup if action == A.HOLD_PICKUP else M.Checkout
    if not ctx.record(txn(patron_id=s.patron_id, item_id=item_id, due_date=due), offline=offline):
        ctx.refuse_item(rows, action, "outbox", "Not stored; please see the staff.",
                        result=E.ItemResult.ERROR)
        fault(ctx, "outbox", "the outbox refused a transaction")
        return False
    s.loans_count += 1
    s.loans[item_id] = due
    s.lent.add(item_id)
    verdict = secure(ctx, rows, on_loan=True)
    return settle(ctx, s, rows, action, verdict, due=due, title=title, offline=offline)


def known_title(s: Session, rows: list[Row], answered: str | None = None) -> str | None:
    """The item's title from whatever knows it: the row (the centre's lookup, or the tag's own
    title element), the centre's answer, or what the session was told (account, FastBook
    stock); kept on the rows and the session. None when nothing knows it (never "None")."""
    item_id = rows[0].item_id or ""
    title = next((r.title for r in rows if r.title), None) or answered or s.titles.get(item_id)
    if title:
        s.titles[item_id] = title
        for r in rows:
            r.title = r.title or title
    return title


def _checkout_due(ctx: Context, s: Session, auth: CheckoutResult | None,
                  item_type: str | None) -> dt.date:
    centre_due = auth.due_date if auth is not None else None
    if centre_due and centre_due > dt.date.today():
        return centre_due
    return due_date(ctx, s, item_type)


def _offline_lending_allows(ctx: Context, s: Session, rows: list[Row], action: str) -> bool:
    """The cached rules' say on an item when the centre does not answer (refused with a reason
    on the rows when they say no)."""
    item_id = rows[0].item_id or ""
    offline = ctx.ports.offline
    if offline is None or not ctx.offline_usable():  # the centre went away, the cache is old
        ctx.refuse_item(rows, action, E.Refusal.OFFLINE_RULES_STALE, STALE_WORDS)
        return False
    if (offline.item_on_hold(item_id) and item_id not in s.holds_ready
            and action != A.HOLD_PICKUP):
        ctx.refuse_item(rows, action, "hold_for_other", "This item is reserved.")
        return False
    if s.loan_limit is not None and s.loans_count >= s.loan_limit:
        ctx.refuse_item(rows, action, "loan_limit", "Loan limit reached.")
        ctx.emit(E.Notice(code=E.NoticeCode.LIMIT_REACHED))
        return False
    if action == A.HOLD_PICKUP and item_id not in s.holds_ready:
        ctx.refuse_item(rows, action, "offline", "Holds cannot be collected offline.")
        return False
    return True


def renew(ctx: Context, s: Session, item_id: str, *, uid: str | None,
          rows: list[Row] | None = None) -> None:
    """Renew one loan: from the account (``rows`` None) or placed again on the pad (its marker
    is checked to say "on loan")."""
    assert s.patron_id is not None
    if item_id not in s.loans:
        ctx.outcome(item_id, A.RENEW, E.ItemResult.REFUSED, reason="not_on_loan")
        return
    if item_id in s.not_renewable:
        ctx.outcome(item_id, A.RENEW, E.ItemResult.REFUSED, reason="not_renewable",
                    message="This loan cannot be renewed.")
        return
    due = _renewal_due(ctx, s, item_id, uid=uid, rows=rows)
    if due is None:
        return
    held = s.loans[item_id]
    if due <= held:  # e.g. lent minutes ago: a "renewal" to the same date is none
        words = f"Already due {held.isoformat()}: renewing now would not extend the loan."
        if rows:
            ctx.refuse_item(rows, A.RENEW, NOT_EXTENDED, words)
        else:
            ctx.outcome(item_id, A.RENEW, E.ItemResult.REFUSED, uid=uid, reason=NOT_EXTENDED,
                        title=s.titles.get(item_id), due_date=held, message=words)
        return
    offline = ctx.online is False
    if offline and not ctx.offline_usable():
        ctx.outcome(item_id, A.RENEW, E.ItemResult.REFUSED,
                    reason=E.Refusal.OFFLINE_RULES_STALE, message=STALE_WORDS)
        return
    if not ctx.record(M.Renew(patron_id=s.patron_id, item_id=item_id, due_date=due),
                      offline=offline):
        ctx.outcome(item_id, A.RENEW, E.ItemResult.ERROR, reason="outbox")
        return
    s.loans[item_id] = due
    title = known_title(s, rows) if rows else s.titles.get(item_id)
    security_ok = None
    if rows:  # on the pad: make sure its marker says "on loan"
        security_ok = all_ok(secure(ctx, rows, on_loan=True))
        for r in rows:
            r.status, r.due_date = (R.DONE if security_ok else R.FAILED), due
            ctx.row_event(r)
    s.items_done += 1
    _receipt_line(s, E.ReceiptLine(action=A.RENEW, item_id=item_id, title=title, due_date=due))
    ctx.outcome(item_id, A.RENEW, E.ItemResult.DONE, uid=uid, title=title, due_date=due,
                offline=offline, security_ok=security_ok)


def _receipt_line(s: Session, line: E.ReceiptLine) -> None:
    """One line per item: a renewal of an item the session already lent (or renewed) updates
    that line's due date instead of listing the item twice."""
    for i, x in enumerate(s.lines):
        if x.item_id == line.item_id and x.result == E.ItemResult.DONE:
            s.lines[i] = dataclasses.replace(x, due_date=line.due_date,
                                             title=x.title or line.title)
            return
    s.lines.append(line)


def _renewal_due(ctx: Context, s: Session, item_id: str, *, uid: str | None,
                 rows: list[Row] | None) -> dt.date | None:
    """The new due date, or None when the centre refused (told on the row or as an outcome).

    Online, the centre decides (it answers with the due date it would give: the reference ILS
    exactly, SIP2 with none, as it renews without a dry run); offline, or without a date, the
    cached rules for this patron type and the item's type decide."""
    assert s.patron_id is not None
    centre = ctx.ports.centre
    auth = ctx.ask(centre.authorise_renew, s.patron_id, item_id)
    if auth is not None and auth.outcome is not Outcome.APPLIED:
        s.not_renewable.add(item_id)
        if rows:  # on the pad: its row says why (the marker stays "on loan")
            ctx.refuse_item(rows, A.RENEW, auth.reason or "refused", auth.screen_message)
        else:
            ctx.outcome(item_id, A.RENEW, E.ItemResult.REFUSED, uid=uid,
                        reason=auth.reason or "refused", message=auth.screen_message)
        return None
    if auth is not None and auth.due_date is not None and auth.due_date > dt.date.today():
        return auth.due_date
    item_type = rows[0].item_type if rows else None
    if item_type is None:
        info = ctx.ask(centre.item_info, item_id)
        if info is not None and info.outcome is Outcome.APPLIED:
            item_type = info.item_type
    return due_date(ctx, s, item_type, at_least=s.loans.get(item_id))
