"""The security marker follows the loan (invariant 2), here and nowhere else.

Theory of operation
-------------------
A loan (or a return) is committed to the outbox *first*; then :func:`secure` writes the marker —
the AFI, and with ``security.use_eas`` the EAS bit — on every part and reads it back. Each part
gets a verdict:

- ``ok``: the marker says what the loan says;
- ``unchanged``: it still says the opposite (nothing was written);
- ``partial``: AFI and EAS disagree (half written);
- ``unknown``: the tag did not answer the read-back (it left the pad, or a pad error).

:func:`settle` decides what a lend's verdicts mean: all ``ok`` — done; every part read back — the
marker is set back to "in library" and the loan undone by a checkin (compensated); a part
unknown — the loan stays, the patron is told to put the item back or see staff, and the tag is
written again when it comes back (:func:`retry_security`, :func:`retry_unverified`).

Only the pad's declared errors (:data:`kiosk.core.ports.PAD_ERRORS`) count as a failed write or
an unknown marker; any other exception is a bug and propagates.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING

from kiosk.core import events as E
from kiosk.core.context import Row
from kiosk.core.ports import PAD_ERRORS, ItemPad
from sync import messages as M

if TYPE_CHECKING:
    from kiosk.core.context import Context, Session

__all__ = ["OK", "PARTIAL", "UNCHANGED", "UNKNOWN", "all_ok", "note_unverified", "retry_security",
           "retry_unverified", "secure", "settle"]

log = logging.getLogger(__name__)

R = E.RowStatus
OK, UNCHANGED, PARTIAL, UNKNOWN = "ok", "unchanged", "partial", "unknown"
PUT_BACK = "Put the item back on the pad, or see the staff."


def _pad(ctx: Context) -> ItemPad:
    if ctx.ports.pad is None:
        raise RuntimeError("a security marker needs the item pad")
    return ctx.ports.pad


def secure(ctx: Context, rows: list[Row], *, on_loan: bool) -> dict[str, str]:
    """Write the marker on every part and read it back: uid -> verdict (module docstring)."""
    pad = _pad(ctx)
    marker = ctx.settings.security
    afi, opposite = marker.afi(on_loan=on_loan), marker.afi(on_loan=not on_loan)
    verdict: dict[str, str] = {}
    for r in rows:
        try:
            pad.write_afi(r.uid, afi)
        except PAD_ERRORS as exc:
            log.info("AFI write on %s failed: %s", r.uid, exc)
        if marker.use_eas:
            try:
                (pad.reset_eas if on_loan else pad.set_eas)(r.uid)
            except PAD_ERRORS as exc:
                log.info("EAS write on %s failed: %s", r.uid, exc)
        try:
            back = pad.read_afi(r.uid)
            armed = pad.eas_armed(r.uid) if marker.use_eas else None
        except PAD_ERRORS:
            verdict[r.uid] = UNKNOWN
            continue
        states = [OK if back == afi else (UNCHANGED if back == opposite else UNKNOWN)]
        if marker.use_eas:
            states.append(OK if armed is (not on_loan) else UNCHANGED)
        if UNKNOWN in states:
            verdict[r.uid] = UNKNOWN
        elif len(set(states)) == 1:
            verdict[r.uid] = states[0]
        else:
            verdict[r.uid] = PARTIAL
    return verdict


def all_ok(verdict: dict[str, str]) -> bool:
    return all(v == OK for v in verdict.values())


def note_unverified(s: Session | None, verdict: dict[str, str], item_id: str) -> None:
    """Remember the parts whose marker could not be verified: written again when back."""
    if s is None:
        return
    for uid, v in verdict.items():
        if v != OK:
            s.unverified[uid] = item_id


def settle(ctx: Context, s: Session, rows: list[Row], action: str, verdict: dict[str, str], *,
           due: dt.date | None, title: str | None, offline: bool) -> bool:
    """What a lend's verdicts mean (module docstring); True when the item is lent and secured."""
    item_id = rows[0].item_id or ""
    if all_ok(verdict):
        for r in rows:
            r.status, r.due_date, r.message = R.DONE, due, None
            ctx.row_event(r)
        s.items_done += 1
        s.lines.append(E.ReceiptLine(action=action, item_id=item_id, title=title, due_date=due))
        ctx.outcome(item_id, action, E.ItemResult.DONE, uid=rows[0].uid, title=title,
                    due_date=due, offline=offline, security_ok=True)
        return True
    if all(v in (OK, UNCHANGED, PARTIAL) for v in verdict.values()) and _compensate(
            ctx, s, rows, action, verdict, offline=offline):
        return False
    # a part left the pad (or will not take the marker): keep the loan, tell the patron
    for r in rows:
        if verdict.get(r.uid) != OK:
            s.unverified[r.uid] = item_id
        r.status, r.due_date = R.FAILED, due
        r.message = PUT_BACK
        ctx.row_event(r)
    lifted = any(verdict.get(r.uid) == UNKNOWN for r in rows)
    s.lines.append(E.ReceiptLine(action=action, item_id=item_id, title=title, due_date=due,
                                 result=E.ItemResult.SECURITY_FAILED))
    ctx.record(M.Failure(reason="security_unverified", item_id=item_id,
                         session_id=s.session_id))
    ctx.outcome(item_id, action, E.ItemResult.LIFTED if lifted else E.ItemResult.SECURITY_FAILED,
                uid=rows[0].uid, title=title, due_date=due, offline=offline, security_ok=False,
                reason="lifted" if lifted else "security_write", message=PUT_BACK)
    return False


def _compensate(ctx: Context, s: Session, rows: list[Row], action: str,
                verdict: dict[str, str], *, offline: bool) -> bool:
    """Every part read back: re-arm what was (even half) disarmed, then undo the loan by a
    checkin. False when re-arming failed too (the loan stays)."""
    item_id = rows[0].item_id or ""
    rearm = [r for r in rows if verdict[r.uid] in (OK, PARTIAL)]
    back = secure(ctx, rearm, on_loan=False) if rearm else {}
    if not all_ok(back):
        return False
    ctx.record(M.Checkin(item_id=item_id), offline=offline)
    s.loans_count = max(0, s.loans_count - 1)
    s.loans.pop(item_id, None)
    ctx.refuse_item(rows, action, "security_write", "The item could not be lent.",
                    result=E.ItemResult.COMPENSATED)
    return True


def retry_unverified(ctx: Context, s: Session) -> None:
    """Write again the marker of items whose tag the pad never reported gone.

    A book at the edge of the field can miss a write and be back before the scanner counts it
    lifted (debounced): no "entered" event will come, so the core tries again on its own, at
    most every ``security_retry_s``."""
    now = ctx.clock()
    if not s.unverified or now - ctx.last_retry < ctx.kiosk.security_retry_s:
        return
    ctx.last_retry = now
    for uid in [u for u in s.unverified if u in ctx.on_pad]:
        retry_security(ctx, s, uid)


def retry_security(ctx: Context, s: Session, uid: str) -> None:
    """An unverified tag is (back) on the pad: write its marker again, as the loan says."""
    item_id = s.unverified[uid]
    on_loan = item_id in s.loans
    row = ctx.rows.get(uid)
    if row is None or row.item_id != item_id:  # back on the pad: a fresh row
        row = Row(uid=uid, item_id=item_id, status=R.FAILED, read=True, message=PUT_BACK)
        ctx.rows[uid] = row
    verdict = secure(ctx, [row], on_loan=on_loan)
    if verdict[uid] != OK:
        ctx.row_event(row)
        return
    del s.unverified[uid]
    row.status, row.due_date, row.message = R.DONE, s.loans.get(item_id), None
    ctx.row_event(row)
    ctx.outcome(item_id, E.ItemAction.CHECKOUT if on_loan else E.ItemAction.CHECKIN,
                E.ItemResult.DONE, uid=uid, due_date=s.loans.get(item_id), security_ok=True)
