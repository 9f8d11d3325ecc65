"""The stack (items appear live), confirm, done with the receipt, and returns with sorting."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QHBoxLayout

from kiosk.core import commands as cmd
from kiosk.core import events as ev
from kiosk.ui import texts
from kiosk.ui.model import ViewModel
from kiosk.ui.screens.base import Screen
from kiosk.ui.widgets import RowList, TouchButton, label

MARK = {"ok": "✓", "warn": "!", "error": "×", "muted": "…"}


def describe(screen: Screen, row: ev.StackRow | None, outcome: ev.ItemOutcome | None,
             sort: ev.SortInstruction | None, *, returning: bool = False) -> tuple[str, str, str]:
    """(title, detail, tone) of one item row, in the current language."""
    view = screen.view
    title = (row.title if row else None) or (outcome.title if outcome else None) \
        or (sort.title if sort else None) or (row.item_id if row else None) \
        or (outcome.item_id if outcome else None) or QCoreApplication.translate("ItemRows", "Unknown item")
    if row is not None and row.parts > 1:
        title += " " + QCoreApplication.translate("ItemRows", "(%1 of %2 parts on the pad)").replace("%1", str(row.parts_present)).replace("%2", str(row.parts))
    if sort is not None:
        tone = "ok" if sort.bin == ev.SortBin.RESHELVE else "warn"
        detail = texts.words(texts.SORT, sort.bin)
        if sort.destination_branch and sort.bin == ev.SortBin.TRANSIT:
            detail += f" ({view.branch(sort.destination_branch)})"
        return title, detail, tone
    if outcome is not None:
        if outcome.result == ev.ItemResult.DONE:
            detail = texts.words(texts.ACTION, outcome.action)
            if outcome.due_date:
                detail += " · " + QCoreApplication.translate("ItemRows", "due %1").replace("%1", view.fmt_date(outcome.due_date))
            return title, detail, "ok"
        if outcome.result == ev.ItemResult.REFUSED and outcome.reason in texts.REASON:
            detail = texts.words(texts.REASON, outcome.reason)
            if outcome.reason == "not_extended" and outcome.due_date:  # still on loan, as it was
                detail += " · " + QCoreApplication.translate("ItemRows", "due %1").replace("%1", view.fmt_date(outcome.due_date))
                return title, detail, "warn"
            return title, detail, "error"
        detail = texts.words(texts.RESULT, outcome.result, outcome.message)
        return title, detail, "error"
    assert row is not None
    if row.status == ev.RowStatus.CHECKING:
        return title, texts.words(texts.ROW, row.status), "muted"
    if row.status == ev.RowStatus.OK:
        if returning:
            return title, QCoreApplication.translate("ItemRows", "Ready to return"), "ok"
        if row.due_date:
            return title, QCoreApplication.translate("ItemRows", "Ready to borrow · due %1").replace("%1", view.fmt_date(row.due_date)), "ok"
        return title, texts.words(texts.ROW, row.status), "ok"
    if row.status == ev.RowStatus.RENEW:
        detail = texts.words(texts.ROW, row.status)
        if row.due_date:
            detail += " · " + QCoreApplication.translate("ItemRows", "due %1").replace("%1", view.fmt_date(row.due_date))
        return title, detail, "ok"
    if row.status == ev.RowStatus.DONE:
        detail = texts.words(texts.ROW, row.status)
        if row.due_date:
            detail += " · " + QCoreApplication.translate("ItemRows", "due %1").replace("%1", view.fmt_date(row.due_date))
        return title, detail, "ok"
    tone = "warn" if row.status in (ev.RowStatus.SET_INCOMPLETE, ev.RowStatus.PATRON_CARD) else "error"
    return title, texts.words(texts.ROW, row.status, row.message), tone


class _RowsScreen(Screen):
    """A screen whose body is a live list of item rows keyed by tag uid."""

    returning = False
    # scroll to each item as it is placed (the live stack); a list shown whole starts at the top
    follow = True

    def __init__(self, view) -> None:
        super().__init__(view)
        self.sub = label("", "title")
        self.body.addWidget(self.sub)
        self.list = RowList(follow=self.follow)
        self.body.addWidget(self.list, 1)

    def _outcomes(self, m: ViewModel) -> dict[str, ev.ItemOutcome]:
        by_uid: dict[str, ev.ItemOutcome] = {}
        for o in m.outcomes:
            key = o.uid or o.item_id
            by_uid[key] = o
        return by_uid

    def sync_rows(self, m: ViewModel) -> None:
        """Make the list match the model: add, update and drop rows (no full rebuild)."""
        outcomes = self._outcomes(m)
        wanted: dict[str, tuple] = {}
        for uid, row in m.rows.items():
            o = outcomes.get(uid) or (outcomes.get(row.item_id) if row.item_id else None)
            s = m.sorts.get(row.item_id) if row.item_id else None
            wanted[uid] = (row, o, s)
        known_items = {r.item_id for r in m.rows.values() if r.item_id}
        for key, o in outcomes.items():  # outcomes of items no longer on the pad stay listed
            if key not in wanted and o.item_id not in known_items:
                wanted[key] = (None, o, m.sorts.get(o.item_id))
        for item_id, s in m.sorts.items():
            if item_id not in known_items and all(w[1] is None or w[1].item_id != item_id for w in wanted.values()):
                wanted[item_id] = (None, None, s)
        for uid in list(self.list.rows):
            if uid not in wanted:
                self.list.remove(uid)
        for uid, (row, o, s) in wanted.items():
            self.update_row(uid, row, o, s)

    def update_row(self, uid, row, outcome, sort) -> None:
        widget, _ = self.list.row(uid)
        if row is None and outcome is None and sort is not None:
            title, detail, tone = describe(self, None, None, sort, returning=self.returning)
        else:
            title, detail, tone = describe(self, row, outcome, sort, returning=self.returning)
        widget.set(title=title, detail=detail, tone=tone, mark=MARK[tone])


class StackScreen(_RowsScreen):
    """Checkout: items appear as they are placed, disappear when lifted; outcomes while processing."""

    name = "stack"

    def __init__(self, view) -> None:
        super().__init__(view)
        self.account = self.button(on_click=lambda: self.submit(cmd.ShowAccount()))
        self.returns = self.button(on_click=lambda: self.submit(cmd.ChooseMode(mode=cmd.Mode.RETURN)))
        self.finish = self.button(on_click=lambda: self.submit(cmd.EndSession()))
        self.confirm = self.button(primary=True, on_click=self._borrow)

    def _borrow(self) -> None:
        if self.view.options.confirm_step:
            self.view.show_local("confirm")
        else:
            self.submit(cmd.ConfirmCheckout())

    def render(self, m: ViewModel) -> None:
        processing = m.state is ev.State.PROCESSING
        self.heading.setText(self.greeting(m) or self.tr("Borrow"))
        if processing:
            self.sub.setText(self.tr("Working… please leave the items on the pad."))
        elif m.rows:
            self.sub.setText(self.tr("Add more items, or lift an item to take it off the list."))
        else:
            self.sub.setText(self.tr("Place your items on the pad. They will appear here."))
        self.sync_rows(m)
        ready = sum(1 for r in m.rows.values() if r.status in ev.RowStatus.ACTIONABLE)
        self.confirm.setText(self.tr("Borrow %n item(s)", "", ready))
        self.confirm.setEnabled(ready > 0 and not processing)
        self.account.setText(self.tr("My account"))
        self.account.setEnabled(not processing)
        self.returns.setText(self.tr("Return items"))
        self.returns.setVisible(m.station is ev.StationType.COMBINED)
        self.returns.setEnabled(not processing)
        self.finish.setText(self.tr("Finish"))
        self.finish.setEnabled(not processing)

    def prompt(self, m: ViewModel) -> str:
        return self.sub.text()


class ConfirmScreen(_RowsScreen):
    """The view's own confirmation step before lending (the core lends on ``ConfirmCheckout``)."""

    name = "confirm"
    follow = False

    def __init__(self, view) -> None:
        super().__init__(view)
        self.back = self.button(on_click=lambda: self.view.show_local(None))
        self.confirm = self.button(primary=True, on_click=lambda: self.submit(cmd.ConfirmCheckout()))

    def render(self, m: ViewModel) -> None:
        ready = [r for r in m.rows.values() if r.status in ev.RowStatus.ACTIONABLE]
        self.heading.setText(self.tr("Please confirm"))
        self.sub.setText(self.tr("You are borrowing %n item(s):", "", len(ready)))
        self.sync_rows(m)
        self.back.setText(self.tr("Back"))
        self.confirm.setText(self.tr("Confirm"))

    def prompt(self, m: ViewModel) -> str:
        return self.sub.text()


class ReturnScreen(_RowsScreen):
    """Returns: each item with its sorting instruction (which bin, or hand it to staff)."""

    name = "return"
    returning = True

    def __init__(self, view) -> None:
        super().__init__(view)
        self.borrow = self.button(on_click=lambda: self.submit(cmd.ChooseMode(mode=cmd.Mode.CHECKOUT)))
        self.finish = self.button(primary=True, on_click=lambda: self.submit(cmd.EndSession()))

    def render(self, m: ViewModel) -> None:
        self.heading.setText(self.tr("Return"))
        self.borrow.setText(self.tr("Borrow"))
        self.borrow.setVisible(m.station is ev.StationType.COMBINED and m.patron is not None)
        if m.sorts or m.outcomes:
            self.sub.setText(self.tr("Thank you. Follow the instruction for each item."))
        else:
            self.sub.setText(self.tr("Place the items you are returning on the pad"))
        self.sync_rows(m)
        self.finish.setText(self.tr("Finish"))

    def prompt(self, m: ViewModel) -> str:
        return self.sub.text()


_Line = ev.ReceiptLine | ev.ItemOutcome
# actions after which the patron has items in hand to take away
_TAKE_AWAY = frozenset({ev.ItemAction.CHECKOUT, ev.ItemAction.HOLD_PICKUP, ev.ItemAction.DISPENSE})


class DoneScreen(Screen):
    """Outcomes and the receipt as an on-screen summary; print it, rate, finish or go on.

    One row per item, its latest outcome: a book borrowed and then renewed in one session is
    one book. A renewal whose due date did not move says so rather than "Renewed".
    """

    name = "done"

    def __init__(self, view) -> None:
        super().__init__(view)
        self.summary = label("", "title")
        self.body.addWidget(self.summary)
        self.receipt = RowList()
        self.body.addWidget(self.receipt, 1)
        self.take = label("", "title")
        self.body.addWidget(self.take)
        # the printer's word shares the rating's line: a line less, so the actions keep their
        # height at 1280×800 in large type
        self.printed = label("", "muted")
        rate = QHBoxLayout()
        rate.addWidget(self.printed, 1)
        self.rate_label = label("", wrap=False)
        rate.addWidget(self.rate_label)
        self.stars: list[TouchButton] = []
        for score in range(1, 6):
            b = TouchButton("★" * 1 + f" {score}")
            b.clicked.connect(lambda _=False, s=score: self.submit(cmd.Rate(score=s)))
            self.stars.append(b)
            rate.addWidget(b)
        self.body.addLayout(rate)
        self.print = self.button(on_click=lambda: self.submit(cmd.PrintReceipt()))
        self.more = self.button(on_click=lambda: self.submit(cmd.Back()))
        self.finish = self.button(primary=True, on_click=lambda: self.submit(cmd.EndSession()))

    def _lines(self, m: ViewModel) -> list[_Line]:
        """Every line of the session, receipt first (it has them all), in order."""
        return list(m.receipt.lines) if m.receipt is not None else list(m.outcomes)

    def render(self, m: ViewModel) -> None:
        lines = self._lines(m)
        latest: dict[str, int] = {}  # item id -> index of its latest line (dict order: first seen)
        for i, line in enumerate(lines):
            latest[line.item_id] = i
        shown = [lines[i] for i in latest.values()]
        failed = [x for x in shown if x.result != ev.ItemResult.DONE]
        self.heading.setText(self.tr("Some items need attention") if failed else self.tr("All done"))
        done = len(latest) - len(failed)
        self.summary.setText(self.tr("%n item(s) done.", "", done) + (
            " " + self.tr("%n item(s) not done: please see staff.", "", len(failed)) if failed else ""))
        self.receipt.retain(latest)
        for item_id, i in latest.items():
            row, _ = self.receipt.row(item_id)
            title, detail, tone = self._describe(m, lines, i)
            row.set(title=title, detail=detail, tone=tone, mark=MARK[tone])
        self.take.setText(self._take_words(m, shown))
        self.take.setVisible(bool(self.take.text()))
        printed_ok = m.receipt_printed is not None and m.receipt_printed.ok
        if m.receipt_printed is not None:
            self.printed.setText(self.tr("Receipt printed. Please take it.") if printed_ok
                                 else texts.words(texts.NOTICE, ev.NoticeCode.RECEIPT_FAILED))
        elif m.receipt is not None and m.receipt.offline:
            self.printed.setText(texts.words(texts.NOTICE, ev.NoticeCode.OFFLINE_MODE))
        else:
            self.printed.setText("")
        self.rate_label.setText(self.tr("How was it?"))
        self.print.setText(self.tr("Print receipt"))
        self.print.setEnabled(m.receipt is not None)
        self.print.setVisible(not printed_ok)  # not offered again right under "Receipt printed"
        self.more.setText(self.tr("Borrow more"))
        self.more.setVisible(m.station is not ev.StationType.SELF_RETURN)
        self.finish.setText(self.tr("Finish"))

    def _describe(self, m: ViewModel, lines: list[_Line], i: int) -> tuple[str, str, str]:
        """(title, detail, tone) of the session's line ``i``."""
        line = lines[i]
        title = line.title or _known_title(m, line.item_id) or line.item_id
        if line.result != ev.ItemResult.DONE:
            reason = getattr(line, "reason", None)  # an outcome's (a receipt line has none)
            if reason in texts.REASON:
                return title, texts.words(texts.REASON, reason), "warn" if reason == "not_extended" else "error"
            return title, texts.words(texts.RESULT, line.result, getattr(line, "message", None)), "error"
        due = self.tr("due %1").replace("%1", self.view.fmt_date(line.due_date)) if line.due_date else ""
        if line.action == ev.ItemAction.RENEW and line.due_date is not None \
                and _due_before(m, lines, i) == line.due_date:
            return title, self.tr("Renewed, but the due date stays the same") + " · " + due, "warn"
        detail = texts.words(texts.ACTION, line.action)
        return title, detail + (" · " + due if due else ""), "ok"

    def _take_words(self, m: ViewModel, lines: list[_Line]) -> str:
        """What to take away: the items just lent (never after returns) and the library card."""
        items = any(x.result == ev.ItemResult.DONE and x.action in _TAKE_AWAY for x in lines)
        card = m.patron is not None
        if items and card:
            return self.tr("Please take your items and your library card.")
        if items:
            return self.tr("Please take your items.")
        if card:
            return self.tr("Please take your library card.")
        return ""

    def prompt(self, m: ViewModel) -> str:
        take = f" {self.take.text()}" if self.take.text() else ""
        return f"{self.heading.text()}. {self.summary.text()}{take}"


def _due_before(m: ViewModel, lines: list[_Line], i: int) -> dt.date | None:
    """The item's due date before line ``i``: an earlier line of this session, else the account."""
    line = lines[i]
    for x in reversed(lines[:i]):
        if x.item_id == line.item_id and x.result == ev.ItemResult.DONE and x.due_date is not None:
            return x.due_date
    loans = m.account.loans if m.account is not None else ()
    return next((loan.due_date for loan in loans if loan.item_id == line.item_id), None)


def _known_title(m: ViewModel, item_id: str) -> str | None:
    """A title the view was told elsewhere this session (the stack row, the FastBook stock, the
    account): FastBook and offline outcomes arrive without one."""
    sources = [*(r for r in m.rows.values() if r.item_id == item_id),
               *(t for t in (m.catalogue.titles if m.catalogue else ()) if t.item_id == item_id),
               *(x for x in (m.account.loans if m.account else ()) if x.item_id == item_id),
               *(o for o in m.outcomes if o.item_id == item_id)]
    return next((x.title for x in sources if x.title), None)
