"""The session's receipt: built from the session's lines, emitted, and printed when asked."""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING

from kiosk.core import events as E
from kiosk.core.ports import PRINTER_ERRORS
from kiosk.core.receipt import render_escpos
from sync.schema import mask

if TYPE_CHECKING:
    from kiosk.core.context import Context, Session

__all__ = ["make_receipt", "print_receipt"]

log = logging.getLogger(__name__)


def make_receipt(ctx: Context, s: Session, *, auto: bool) -> None:
    """Emit the receipt of what the session did so far (nothing when it did nothing); ``auto``
    prints it too when the station prints without being asked."""
    if not s.lines:
        return
    device = ctx.settings.device
    receipt = E.Receipt(
        library=device.library_isil, branch=device.branch, station=device.id,
        patron=mask(s.patron_id) if s.patron_id else None,
        when=dt.datetime.now().astimezone().replace(microsecond=0), lines=tuple(s.lines),
        offline=s.offline, loans_count=s.loans_count if s.patron_id else None,
        fees_owed=s.fees_owed if s.patron_id else None)
    ctx.last_receipt = receipt
    ctx.emit(receipt)
    if auto and ctx.ports.printer is not None and ctx.kiosk.receipt_auto:
        print_receipt(ctx, receipt)


def print_receipt(ctx: Context, receipt: E.Receipt) -> None:
    """Print on the station's printer; a printer error is a notice, not a fault."""
    printer = ctx.ports.printer
    if printer is None:
        ctx.emit(E.ReceiptPrinted(ok=False, reason="no_printer"))
        return
    try:
        printer.print_receipt(render_escpos(receipt, width=ctx.kiosk.receipt_width,
                                            branch_names=ctx.kiosk.ui.branch_names))
    except PRINTER_ERRORS as exc:
        log.warning("receipt printer failed: %s", exc)
        ctx.emit(E.ReceiptPrinted(ok=False, reason="printer_error"))
        ctx.emit(E.Notice(code=E.NoticeCode.RECEIPT_FAILED))
        return
    ctx.emit(E.ReceiptPrinted(ok=True))
