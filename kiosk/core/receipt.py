"""Receipts: the model (:class:`kiosk.core.events.Receipt`) rendered as text and as ESC/POS.

Text is laid out in display columns (a CJK character takes two columns on a thermal printer's
font, as in a terminal), so titles in Traditional Chinese line up. ESC/POS output is the small
subset every 58/80 mm printer understands: ``ESC @`` (initialise), ``ESC a n`` (align),
``ESC E n`` (bold), ``FS &`` (Chinese character mode, Big5 text), ``LF`` and ``GS V 66 n``
(feed and partial cut).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping

from kiosk.core.events import ItemAction, ItemResult, Receipt, ReceiptLine, SortBin

__all__ = ["render_escpos", "render_text", "text_width"]

ESC, GS, FS = b"\x1b", b"\x1d", b"\x1c"

_ACTION = {ItemAction.CHECKOUT: "借閱 Loan", ItemAction.RENEW: "續借 Renewal",
           ItemAction.CHECKIN: "歸還 Return", ItemAction.HOLD_PICKUP: "預約取書 Hold",
           ItemAction.DISPENSE: "借閱 Loan"}
#: where a returned item went, in the receipt's languages (a code is never printed)
_BIN = {SortBin.RESHELVE: "歸架 Reshelved", SortBin.HOLD_SHELF: "預約書架 Holds shelf",
        SortBin.TRANSIT: "轉送 To", SortBin.STAFF: "交館員處理 To staff"}


def text_width(text: str) -> int:
    """Columns ``text`` takes: East Asian wide and full-width characters count two."""
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


def _clip(text: str, width: int) -> str:
    out, used = [], 0
    for c in text:
        w = text_width(c)
        if used + w > width:
            break
        out.append(c)
        used += w
    return "".join(out)


def _bin_words(line: ReceiptLine, branch_names: Mapping[str, str]) -> str:
    """Where the item went, in words: a FastBook slot, a bin, the branch a transit goes to."""
    code = line.sort_bin or ""
    if code.startswith("fastbook:"):
        slot = code.split(":", 1)[1]
        return f"存入第{slot}格 In slot {slot}"
    words = _BIN.get(code, _BIN[SortBin.STAFF])
    branch = line.destination_branch
    if branch:
        words += ": " + (branch_names.get(branch) or branch)
    return words


def render_text(receipt: Receipt, *, width: int = 32,
                branch_names: Mapping[str, str] | None = None) -> list[str]:
    """The receipt as lines of at most ``width`` columns; branches by their names when
    ``branch_names`` (code -> name, ``[kiosk.ui] branch_names``) knows them."""
    rule = "-" * width
    lines = [receipt.library, f"{receipt.branch} {receipt.station}".strip(), rule,
             receipt.when.strftime("%Y-%m-%d %H:%M")]
    if receipt.patron:
        lines.append(f"讀者 Patron: {receipt.patron}")
    if receipt.offline:
        lines.append("離線作業 Offline")
    lines.append(rule)
    for line in receipt.lines:
        lines.append(_clip(_ACTION.get(line.action, line.action), width))
        lines.append(_clip(f"  {line.item_id}", width))
        if line.title:
            lines.append("  " + _clip(line.title, width - 2))
        if line.due_date:
            lines.append(f"  到期 Due: {line.due_date.isoformat()}")
        if line.sort_bin:
            lines.append("  " + _bin_words(line, branch_names or {}))
        if line.result != ItemResult.DONE:
            lines.append("  ! 請洽館員 See staff")
    lines.append(rule)
    if receipt.loans_count is not None:
        lines.append(f"借閱中 On loan: {receipt.loans_count}")
    if receipt.fees_owed:
        lines.append(f"欠款 Fees: {receipt.fees_owed} {receipt.currency}")
    lines.append("謝謝 Thank you")
    return [_clip(x, width) for x in lines]


def render_escpos(receipt: Receipt, *, width: int = 32,
                  branch_names: Mapping[str, str] | None = None) -> bytes:
    """ESC/POS bytes for a thermal printer (Big5 in Chinese character mode)."""
    out = bytearray(ESC + b"@" + FS + b"&")
    text = render_text(receipt, width=width, branch_names=branch_names)
    out += ESC + b"a\x01" + ESC + b"E\x01" + text[0].encode("big5", "replace") + b"\n"
    out += ESC + b"E\x00" + ESC + b"a\x00"
    for line in text[1:]:
        out += line.encode("big5", "replace") + b"\n"
    out += GS + b"V\x42\x03"
    return bytes(out)
