"""The patron's account (loans, due dates, renewals, holds ready, fees) and holds pickup."""

from __future__ import annotations

from kiosk.core import commands as cmd
from kiosk.core import events as ev
from kiosk.ui.dates import format_money
from kiosk.ui.model import ViewModel
from kiosk.ui.screens.base import Screen
from kiosk.ui.widgets import ResponsiveBox, RowList, label


class AccountScreen(Screen):
    name = "account"

    def __init__(self, view) -> None:
        super().__init__(view)
        self.fees = label("", "title")
        self.body.addWidget(self.fees)
        box = ResponsiveBox()
        from PySide6.QtWidgets import QVBoxLayout, QWidget

        left, right = QWidget(), QWidget()
        lcol, rcol = QVBoxLayout(left), QVBoxLayout(right)
        self.loans_title = label("", "title")
        self.loans = RowList()
        lcol.addWidget(self.loans_title)
        lcol.addWidget(self.loans, 1)
        self.holds_title = label("", "title")
        self.holds = RowList()
        rcol.addWidget(self.holds_title)
        rcol.addWidget(self.holds, 1)
        box.add(left, 3)
        box.add(right, 2)
        self.body.addWidget(box, 1)
        self.finish = self.button(on_click=lambda: self.submit(cmd.EndSession()))
        self.renew_all = self.button(on_click=lambda: self.submit(cmd.RenewItems()))
        # back to the station's main screen: the stack, the holds, or the FastBook stock
        self.main = self.button(primary=True, on_click=lambda: self.submit(cmd.Back()))

    def render(self, m: ViewModel) -> None:
        self.heading.setText(self.greeting(m) or self.tr("My account"))
        acc = m.account
        loans = acc.loans if acc else ()
        holds = acc.holds if acc else ()
        fees = acc.fees_owed if acc else (m.patron.fees_owed if m.patron else 0)
        cents = int(round(float(fees) * 100))
        self.fees.setText(self.tr("Fees owed: %1").replace("%1", format_money(cents)) if cents else self.tr("No fees owed."))
        self.fees.setObjectName("warn" if cents else "title")
        self.fees.style().unpolish(self.fees)
        self.fees.style().polish(self.fees)
        self.loans_title.setText(self.tr("On loan (%n)", "", len(loans)))
        self.loans.retain(loan.item_id for loan in loans)
        renewable = 0
        for loan in loans:
            row, _ = self.loans.row(loan.item_id)
            due = self.tr("due %1").replace("%1", self.view.fmt_date(loan.due_date))
            if loan.overdue:
                row.set(title=loan.title or loan.item_id, detail=self.tr("Overdue") + " · " + due, tone="error", mark="!")
            else:
                row.set(title=loan.title or loan.item_id, detail=due, tone="ok", mark="✓")
            if loan.renewable:
                renewable += 1
                row.set_action(self.tr("Renew"), lambda i=loan.item_id: self.submit(cmd.RenewItems(item_ids=(i,))))
            else:
                row.set_action(None)
                # no button without a word why: the reason the core passed on
                row.detail.setText(row.detail.text() + " · " + self._why_not(loan.reason))
        ready = [h for h in holds if h.ready]
        self.holds_title.setText(self.tr("Reserved items ready (%n)", "", len(ready)))
        self.holds.retain(h.item_id or f"hold-{i}" for i, h in enumerate(holds))
        for i, hold in enumerate(holds):
            row, _ = self.holds.row(hold.item_id or f"hold-{i}")
            if hold.ready:
                detail = self.tr("Ready at %1").replace("%1", self.view.branch(hold.pickup_branch))
                if hold.expires:
                    detail += " · " + self.tr("until %1").replace("%1", self.view.fmt_date(hold.expires))
                row.set(title=hold.title or hold.item_id or "", detail=detail, tone="ok", mark="✓")
            else:
                row.set(title=hold.title or hold.item_id or "", detail=self.tr("Waiting"), tone="muted", mark="…")
        self.renew_all.setText(self.tr("Renew all"))
        self.renew_all.setEnabled(renewable > 0)
        if m.station is ev.StationType.HOLDS_PICKUP:
            self.main.setText(self.tr("Collect reserved items"))
        elif m.station is ev.StationType.SELF_RETURN:
            self.main.setText(self.tr("Return items"))
        elif m.station is ev.StationType.FASTBOOK:
            self.main.setText(self.tr("FastBook: choose your books"))
        else:
            self.main.setText(self.tr("Borrow"))
        self.finish.setText(self.tr("Finish"))


    def _why_not(self, reason: str | None) -> str:
        """Why a loan has no Renew button (the ILS's code, or the core's "not_extended")."""
        if reason == "renewal_limit":
            return self.tr("No renewals left")
        if reason == "hold_for_other":
            return self.tr("Reserved by another reader: cannot be renewed")
        if reason == "not_extended":
            return self.tr("Just borrowed: renewing now would not change the due date")
        return self.tr("Cannot be renewed: please ask at the desk")


class HoldsScreen(Screen):
    """The patron's ready holds at this branch; pick one, or all, to collect (lent on the spot).

    Holds ready at another branch are listed (the patron may be looking for them) but never
    offered: the book is on that branch's shelf. "Here" is the station's ``[device] branch``.
    """

    name = "holds"

    def __init__(self, view) -> None:
        super().__init__(view)
        self.sub = label("", "title")
        self.body.addWidget(self.sub)
        self.list = RowList()
        self.body.addWidget(self.list, 1)
        self.back = self.button(on_click=lambda: self.submit(cmd.Back()))
        self.all = self.button(primary=True, on_click=self._collect_all)

    def _here(self, hold: ev.HoldRow) -> bool:
        branch = self.view.options.branch
        return not hold.elsewhere and (not branch or hold.pickup_branch == branch)

    def _ready(self, m: ViewModel) -> list[ev.HoldRow]:
        """The holds this station may lend now: ready, trapped, and waiting at this branch."""
        return [h for h in (m.holds.holds if m.holds else ()) if h.ready and h.item_id and self._here(h)]

    def _collect_all(self) -> None:
        ids = tuple(h.item_id for h in self._ready(self.view.model))
        if ids:
            self.submit(cmd.SelectHolds(item_ids=ids))

    def render(self, m: ViewModel) -> None:
        ready = self._ready(m)
        self.heading.setText(self.tr("Collect your reserved items"))
        text = self.tr("%n item(s) waiting for you.", "", len(ready)) if ready else self.tr("Nothing is waiting for you yet.")
        if m.holds is not None and m.holds.quota_left is not None:
            text += " " + self.tr("You can take %n more here today.", "", m.holds.quota_left)
        self.sub.setText(text)
        holds = m.holds.holds if m.holds else ()
        keyed = [(h.item_id or f"hold-{i}", h) for i, h in enumerate(holds)]
        # collectable here first, then ready elsewhere, then still waiting (rows keep the order
        # they were first drawn in)
        keyed.sort(key=lambda kh: 0 if kh[1] in ready else 1 if kh[1].ready else 2)
        self.list.retain(key for key, _ in keyed)
        for key, hold in keyed:
            row, _ = self.list.row(key)
            title = hold.title or hold.item_id or ""
            if hold in ready:
                row.set(title=title, detail=self._place(hold), tone="ok", mark="✓")
                row.set_action(self.tr("Collect"), lambda i=hold.item_id: self.submit(cmd.SelectHolds(item_ids=(i,))))
            elif hold.ready:
                row.set_action(None)
                row.set(title=title, detail=self.tr("Waiting for you at %1: collect it there").replace(
                    "%1", self.view.branch(hold.pickup_branch)), tone="muted", mark="→")
            else:
                row.set_action(None)
                row.set(title=hold.title or "", detail=self.tr("Waiting"), tone="muted", mark="…")
        self.back.setText(self.tr("Back"))
        self.all.setText(self.tr("Collect all"))
        self.all.setEnabled(bool(ready))

    def _place(self, hold: ev.HoldRow) -> str:
        where = hold.location or ""
        if where.startswith("fastbook:"):
            return self.tr("In FastBook slot %1").replace("%1", where.split(":", 1)[1])
        if where == "hold_shelf":
            return self.tr("On the holds shelf: place it on the pad")
        return self.tr("Ready at %1").replace("%1", self.view.branch(hold.pickup_branch))

    def prompt(self, m: ViewModel) -> str:
        return self.sub.text()
