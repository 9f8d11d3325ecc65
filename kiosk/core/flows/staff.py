"""Staff mode: a staff card and its PIN, diagnostics, force sync, clearing a stuck session.

Staff PINs are stored only hashed (``[kiosk.staff]`` maps a staff card id to :func:`hash_pin`).
"""

from __future__ import annotations

import hashlib
import hmac
from typing import TYPE_CHECKING, Any

from kiosk.core import events as E
from kiosk.core.flows.lifecycle import check_health, end
from kiosk.core.ports import CARD_ERRORS, OUTBOX_ERRORS, PAD_ERRORS
from kiosk.core.session import Trigger

if TYPE_CHECKING:
    from kiosk.core.context import Context

__all__ = ["clear_session", "diagnostics", "exit_staff", "force_sync", "hash_pin", "login",
           "pin_matches"]


def hash_pin(pin: str, salt: str) -> str:
    """A staff PIN as the config stores it (``pbkdf2$<salt>$<hex>``); PINs are never stored."""
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode(), salt.encode(), 100_000)
    return f"pbkdf2${salt}${digest.hex()}"


def pin_matches(pin: str, stored: str) -> bool:
    try:
        _, salt, _ = stored.split("$", 2)
    except ValueError:
        return False
    return hmac.compare_digest(hash_pin(pin, salt), stored)


def login(ctx: Context, staff_id: str, pin: str) -> None:
    """Staff mode from any state; a patron's session in the way is ended first."""
    stored = ctx.kiosk.staff.get(staff_id)
    if not stored or not pin_matches(pin, stored):
        ctx.emit(E.PatronRefused(reason=E.Refusal.NOT_STAFF,
                                 message="Not a staff card or wrong PIN."))
        return
    if ctx.session is not None:
        end(ctx, E.EndReason.STAFF)
    ctx.go(Trigger.STAFF_LOGIN)
    diagnostics(ctx)


def need_staff(ctx: Context) -> None:
    if ctx.state is not E.State.STAFF:
        raise ctx.refuse(Trigger.STAFF_EXIT)


def diagnostics(ctx: Context) -> None:
    """The readers, the outbox queue and the link, for the staff screen."""
    readers = []
    ports = ctx.ports
    for name, port, errors in (("pad", ports.pad, PAD_ERRORS), ("card", ports.cards, CARD_ERRORS)):
        if port is None:
            continue
        try:
            d = port.diagnostics()
        except errors as exc:
            d = {"ok": False, "detail": str(exc)}
        readers.append(E.ReaderStatus(name=name, url=port.url, ok=bool(d.get("ok")),
                                      detail=d.get("detail")))
    status: dict[str, Any]
    try:
        status = ports.outbox.status()
    except OUTBOX_ERRORS as exc:
        status = {"error": str(exc)}
    last = status.get("last_contact_age_s", status.get("last_sync_age_s"))
    ctx.emit(E.StaffDiagnostics(
        readers=tuple(readers), queue_depth=int(status.get("queue_depth", 0) or 0),
        oldest_pending_age_s=status.get("oldest_pending_age_s"), last_sync_age_s=last,
        online=bool(ctx.online), cache_age_s=ports.offline.age_s() if ports.offline else None,
        session_active=ctx.session is not None))


def force_sync(ctx: Context) -> None:
    need_staff(ctx)
    if ctx.ports.force_sync is not None:
        ctx.ports.force_sync()
    ctx.emit(E.Notice(code=E.NoticeCode.SYNC_FORCED))
    diagnostics(ctx)


def clear_session(ctx: Context) -> None:
    need_staff(ctx)
    ctx.rows.clear()
    ctx.emit(E.StackCleared())
    ctx.emit(E.Notice(code=E.NoticeCode.SESSION_CLEARED))
    ctx.go(Trigger.STAFF_CLEAR)
    check_health(ctx)


def exit_staff(ctx: Context) -> None:
    need_staff(ctx)
    ctx.go(Trigger.STAFF_EXIT)
    check_health(ctx)
