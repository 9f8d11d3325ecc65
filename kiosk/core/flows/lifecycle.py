"""Sessions' start and end, faults, the item reader's health and the idle clock.

Rule 1 of :mod:`kiosk.core.session`: whatever ends a session (the patron, the idle timeout, the
card removed, staff, a fault), :func:`drop_session` records its end and forgets everything of the
patron: session, rows, receipt.
"""

from __future__ import annotations

import logging
import uuid
from typing import TYPE_CHECKING

from kiosk.core import events as E
from kiosk.core.context import Row, Session
from kiosk.core.flows.marker import retry_unverified
from kiosk.core.flows.receipt import make_receipt
from kiosk.core.ports import PAD_ERRORS
from kiosk.core.session import SESSION_STATES, Trigger
from sync import messages as M

if TYPE_CHECKING:
    from kiosk.core.context import Context

__all__ = ["check_health", "drop_session", "end", "fault", "finish_batch", "new_session", "tick"]

log = logging.getLogger(__name__)

_CHANNELS = {E.StationType.FASTBOOK: "fastbook", E.StationType.HOLDS_PICKUP: "holds_pickup"}


def new_session(ctx: Context) -> Session:
    channel = _CHANNELS.get(ctx.station, "kiosk")
    s = Session(session_id=str(uuid.uuid4()), started=ctx.clock(), channel=channel)
    ctx.session = s
    ctx.emit(E.SessionStarted(session_id=s.session_id, channel=channel))
    ctx.record(M.SessionStart(session_id=s.session_id, channel=channel, language=ctx.language))
    return s


def fault(ctx: Context, reason: str, message: str | None = None) -> None:
    """A reader or the outbox is gone (or the core failed): end the session, out of order."""
    if ctx.session is not None:
        end(ctx, E.EndReason.ERROR, transition_ok=False)
    ctx.emit(E.OutOfOrder(reason=reason, message=message))
    if ctx.state is not E.State.OUT_OF_ORDER:
        ctx.go(Trigger.FAULT)


def check_health(ctx: Context) -> None:
    """Out of order while the item reader does not answer; back to IDLE once it does."""
    pad = ctx.ports.pad
    if pad is None:
        return
    try:
        ok = bool(pad.diagnostics().get("ok", False))
    except PAD_ERRORS as exc:
        ok = False
        log.warning("pad diagnostics failed: %s", exc)
    if not ok and ctx.state is not E.State.OUT_OF_ORDER and ctx.state is not E.State.STAFF:
        fault(ctx, "item_reader", "the item reader does not answer")
    elif ok and ctx.state is E.State.OUT_OF_ORDER:
        ctx.go(Trigger.RECOVERY)


def finish_batch(ctx: Context, s: Session) -> None:
    if ctx.state is not E.State.PROCESSING:
        return  # a fault ended the batch
    ctx.go(Trigger.COMPLETION)
    make_receipt(ctx, s, auto=True)


def end(ctx: Context, reason: str, *, transition_ok: bool = True) -> None:
    s = ctx.session
    if s is None:
        return
    if ctx.state is E.State.RETURN and s.lines and ctx.last_receipt is None:
        make_receipt(ctx, s, auto=True)
    if transition_ok and ctx.state in SESSION_STATES:
        ctx.go(Trigger.SESSION_END)
    drop_session(ctx, reason)


def drop_session(ctx: Context, reason: str) -> None:
    s = ctx.session
    if s is None:
        return
    ctx.record(M.SessionEnd(session_id=s.session_id, ended_by=reason,  # type: ignore[arg-type]
                            duration_s=round(max(0.0, ctx.clock() - s.started), 3),
                            items=s.items_done))
    ctx.emit(E.SessionEnded(reason=reason, items=s.items_done))
    # nothing of the patron stays: session, rows, receipt
    ctx.session = None
    ctx.last_receipt = None
    ctx.warned = None
    ctx.rows = {uid: Row(uid=uid, entered_at=r.entered_at) for uid, r in ctx.rows.items()
                if r.present}
    ctx.emit(E.StackCleared())
    if ctx.state is not E.State.IDLE and ctx.state in SESSION_STATES:
        ctx.go(Trigger.SESSION_END)


def tick(ctx: Context) -> None:
    """The clock: the reader's health when idle or out of order, else marker retries and the
    idle timeout (with its warning countdown)."""
    if ctx.state is E.State.OUT_OF_ORDER or (ctx.state is E.State.IDLE
                                             and ctx.clock() - ctx.last_health >= 1.0):
        ctx.last_health = ctx.clock()
        check_health(ctx)
        return
    s = ctx.session
    if s is None or ctx.state in (E.State.PROCESSING, E.State.FASTBOOK_DISPENSE):
        return
    retry_unverified(ctx, s)
    k = ctx.kiosk
    timeout = k.done_timeout_s if ctx.state is E.State.DONE else k.idle_timeout_s
    left = timeout - (ctx.clock() - ctx.last_activity)
    if left <= 0:
        end(ctx, E.EndReason.TIMEOUT)
    elif left <= k.idle_warning_s:
        secs = max(1, int(left + 0.999))
        if secs != ctx.warned:
            ctx.warned = secs
            ctx.emit(E.IdleWarning(seconds_left=secs))
