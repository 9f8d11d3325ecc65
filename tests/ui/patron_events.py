"""Core events for the patron screens of issue 17, fed straight into a window without a core.

Shared by the behaviour tests and the screenshot test so both look at the same screens.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from kiosk.core import events as E
from kiosk.ui.app import KioskWindow, UiOptions

HERE = "TPML-MAIN"
BRANCH_NAMES = {"TPML-MAIN": "臺北市立圖書館總館", "TPML-BT": "北投分館", "TPML-XY": "信義分館"}
DUE = dt.date(2026, 12, 31)
LATER = dt.date(2027, 1, 28)
PATRON = E.PatronIdentified(patron="2300****0042", name="陳怡君", loans_count=2, loan_limit=10)
WHEN = dt.datetime(2026, 12, 3, 10, 30, tzinfo=dt.UTC)


def window(qtbot: Any, size: tuple[int, int] = (1920, 1080), **options: Any) -> KioskWindow:
    opts = UiOptions(speech=False, sound=False, branch=HERE, branch_names=dict(BRANCH_NAMES))
    for key, value in options.items():
        setattr(opts, key, value)
    win = KioskWindow(None, opts)
    qtbot.addWidget(win)
    win.resize(*size)
    win.show()
    qtbot.waitExposed(win)
    return win


def feed(win: KioskWindow, events: Iterable[E.Event]) -> None:
    for event in events:
        win.on_event(event)


def receipt(*lines: E.ReceiptLine) -> E.Receipt:
    return E.Receipt(library="TW-TPML", branch=HERE, station="kiosk-01", patron=PATRON.patron,
                     when=WHEN, lines=lines)


def stack_empty() -> list[E.Event]:
    """A patron just identified: the core asks for items (the banner the issue saw)."""
    return [E.StateChanged(state=E.State.STACK), PATRON, E.Notice(code=E.NoticeCode.PLACE_ITEMS)]


def stack_two() -> list[E.Event]:
    return [*stack_empty(),
            E.StackRow(uid="E01", status=E.RowStatus.OK, item_id="31001", title="小王子", due_date=DUE),
            E.StackRow(uid="E02", status=E.RowStatus.OK, item_id="31002", title="被討厭的勇氣", due_date=DUE)]


def done_borrowed(printed: bool = True) -> list[E.Event]:
    lines = (E.ReceiptLine(action=E.ItemAction.CHECKOUT, item_id="31001", title="小王子", due_date=DUE),
             E.ReceiptLine(action=E.ItemAction.CHECKOUT, item_id="31002", title="被討厭的勇氣", due_date=DUE))
    events: list[E.Event] = [*stack_two(), E.StateChanged(state=E.State.PROCESSING, previous=E.State.STACK),
                             E.StateChanged(state=E.State.DONE, previous=E.State.PROCESSING), receipt(*lines)]
    return events + ([E.ReceiptPrinted(ok=True)] if printed else [])


def done_renewed_same_day() -> list[E.Event]:
    """Borrowed, then renewed from the account minutes later: the ILS gave the same due date."""
    lines = (E.ReceiptLine(action=E.ItemAction.CHECKOUT, item_id="31001", title="小王子", due_date=DUE),
             E.ReceiptLine(action=E.ItemAction.RENEW, item_id="31001", title="小王子", due_date=DUE),
             E.ReceiptLine(action=E.ItemAction.RENEW, item_id="31009", title="原子習慣", due_date=LATER))
    return [E.StateChanged(state=E.State.ACCOUNT), PATRON, account(),
            E.StateChanged(state=E.State.DONE, previous=E.State.ACCOUNT), receipt(*lines),
            E.ReceiptPrinted(ok=True)]


def account() -> E.AccountShown:
    return E.AccountShown(
        loans=(E.LoanRow(item_id="31001", title="小王子", due_date=DUE),
               E.LoanRow(item_id="31009", title="原子習慣", due_date=DUE),
               E.LoanRow(item_id="31010", title="Laskar Pelangi", due_date=DUE, renewable=False,
                         reason="hold_for_other")),
        holds=(E.HoldRow(item_id="31005", title="蛤蟆先生去看心理師", pickup_branch="TPML-BT", ready=True),))


def account_screen() -> list[E.Event]:
    return [*stack_empty(), E.StateChanged(state=E.State.ACCOUNT, previous=E.State.STACK), account()]


def returned() -> list[E.Event]:
    return [E.StateChanged(state=E.State.RETURN, station=E.StationType.SELF_RETURN),
            E.Notice(code=E.NoticeCode.PLACE_ITEMS),
            E.StackRow(uid="R01", status=E.RowStatus.DONE, item_id="31003", title="臺灣歷史有聲書"),
            E.ItemOutcome(item_id="31003", uid="R01", action=E.ItemAction.CHECKIN, result=E.ItemResult.DONE),
            E.SortInstruction(item_id="31003", bin=E.SortBin.TRANSIT, destination_branch="TPML-BT",
                              title="臺灣歷史有聲書")]


def holds(n_here: int = 9) -> list[E.Event]:
    """Holds ready here, one ready at another branch (listed, not offered), one still waiting."""
    rows = [E.HoldRow(item_id=f"3200{i:02d}", title=f"預約書 {i + 1}", pickup_branch=HERE, ready=True)
            for i in range(n_here)]
    rows.insert(1, E.HoldRow(item_id="32100", title="北投的書", pickup_branch="TPML-BT", ready=True))
    rows.append(E.HoldRow(item_id=None, title="還在路上的書", pickup_branch=HERE, ready=False))
    return [E.StateChanged(state=E.State.HOLDS, station=E.StationType.HOLDS_PICKUP), PATRON,
            E.HoldsShown(holds=tuple(rows))]
