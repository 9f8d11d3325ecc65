"""Errors, out-of-order, and staff mode (login with staff card/id and PIN, diagnostics)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.core import commands as cmd
from kiosk.core import events as ev
from kiosk.ui import texts
from kiosk.ui.model import ViewModel
from kiosk.ui.screens.base import Screen
from kiosk.ui.screens.stack import MARK
from kiosk.ui.widgets import OnScreenKeyboard, PinPad, ResponsiveBox, RowList, label

# refusals whose ILS message carries facts the code does not (shown under the view's words)
_ILS_SAYS_MORE = frozenset({ev.Refusal.FEES, ev.Refusal.OTHER})


class ErrorScreen(Screen):
    """A refusal or failure the patron must read: the reason in words, then OK."""

    name = "error"

    def __init__(self, view) -> None:
        super().__init__(view)
        self.heading.setObjectName("error")
        self.reason = label("", "title")
        self.detail = label("", "muted")
        self.body.addStretch(1)
        self.body.addWidget(self.reason)
        self.body.addWidget(self.detail)
        self.body.addStretch(1)
        self.ok = self.button(primary=True, on_click=lambda: self.view.show_local(None))

    def render(self, m: ViewModel) -> None:
        self.heading.setText(self.tr("Sorry"))
        r = m.refusal
        self.reason.setText(texts.words(texts.REFUSAL, r.reason if r else None, r.message if r else None))
        # the ILS's own words too, only where they can say more than the code (the amount of
        # fees, the ILS's reason behind "other"): elsewhere they repeat ours in other wording,
        # often another language (借閱證/借書證, 櫃台/服務台 on one screen)
        said_more = r is not None and r.reason in _ILS_SAYS_MORE
        self.detail.setText(r.message if r and r.message and said_more else "")
        self.ok.setText(self.tr("OK"))

    def prompt(self, m: ViewModel) -> str:
        return self.reason.text()


class OutOfOrderScreen(Screen):
    name = "out_of_order"

    def __init__(self, view) -> None:
        super().__init__(view)
        self.heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.reason = label("", "title")
        self.reason.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint = label("", "muted")
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body.addStretch(1)
        self.body.addWidget(self.reason)
        self.body.addWidget(self.hint)
        self.body.addStretch(1)

    def render(self, m: ViewModel) -> None:
        self.heading.setText(self.tr("Out of order"))
        o = m.out_of_order
        self.reason.setText(texts.words(texts.OUT_OF_ORDER, o.reason if o else None, o.message if o else None))
        self.hint.setText(self.tr("Sorry for the trouble. Please use another station or ask at the desk."))


class StaffLoginScreen(Screen):
    """Staff id (card number on the keyboard) and PIN. The only way out of the kiosk."""

    name = "staff_login"

    def __init__(self, view) -> None:
        super().__init__(view)
        self.staff_id: str | None = None
        self.card = False  # a staff card was presented: the core holds the id, we send the PIN
        self.step = label("", "title")
        self.body.addWidget(self.step)
        box = ResponsiveBox()
        self.keyboard = OnScreenKeyboard(echo_password=True)
        self.keyboard.submitted.connect(self._got_id)
        self.pad = PinPad()
        self.pad.submitted.connect(self._got_pin)
        box.add(self.keyboard, 3)
        box.add(self.pad, 2)
        self.body.addWidget(box, 1)
        self.cancel = self.button(on_click=self._cancel)

    def _got_id(self, staff_id: str) -> None:
        self.staff_id = staff_id
        self.render(self.view.model)

    def staff_card(self) -> None:
        """A staff card was read: only the PIN is asked."""
        self.card = True
        self.staff_id = None

    def _got_pin(self, pin: str) -> None:
        if self.card:
            self.card = False
            self.submit(cmd.EnterPin(pin=pin))
        elif self.staff_id:
            staff_id, self.staff_id = self.staff_id, None
            self.submit(cmd.StaffLogin(staff_id=staff_id, pin=pin))
        else:
            return
        self.view.show_local(None)

    def _cancel(self) -> None:
        self.staff_id = None
        self.card = False
        self.view.show_local(None)

    def render(self, m: ViewModel) -> None:
        self.heading.setText(self.tr("Staff sign-in"))
        has_id = self.staff_id is not None or self.card
        self.step.setText(self.tr("Enter your staff PIN.") if has_id else self.tr("Place your staff card on the reader or type your staff number."))
        self.keyboard.setVisible(not has_id)
        self.pad.setVisible(has_id)
        self.keyboard.retranslate()
        self.pad.retranslate()
        self.cancel.setText(self.tr("Cancel"))

    def hideEvent(self, event) -> None:  # noqa: N802 - Qt API
        self.pad.clear()
        self.keyboard.clear()
        super().hideEvent(event)


def _age(screen: Screen, seconds: float | None) -> str:
    if seconds is None:
        return QCoreApplication.translate("Staff", "never")
    if seconds < 120:
        return QCoreApplication.translate("Staff", "%n second(s) ago", "", int(seconds))
    return QCoreApplication.translate("Staff", "%n minute(s) ago", "", int(seconds // 60))


class StaffScreen(Screen):
    name = "staff"

    def __init__(self, view) -> None:
        super().__init__(view)
        box = ResponsiveBox()
        left = QWidget()
        col = QVBoxLayout(left)
        self.sync = label("", "title")
        self.queue = label("")
        self.session = label("")
        col.addWidget(self.sync)
        col.addWidget(self.queue)
        col.addWidget(self.session)
        col.addStretch(1)
        self.readers = RowList(follow=True)
        box.add(left, 1)
        box.add(self.readers, 1)
        self.body.addWidget(box, 1)
        self.quit = self.button(on_click=self.view.leave_kiosk)
        self.refresh = self.button(on_click=lambda: self.submit(cmd.StaffDiagnose()))
        self.force = self.button(on_click=lambda: self.submit(cmd.StaffForceSync()))
        self.clear = self.button(on_click=lambda: self.submit(cmd.StaffClearSession()))
        self.exit = self.button(primary=True, on_click=lambda: self.submit(cmd.StaffExit()))

    def render(self, m: ViewModel) -> None:
        d = m.diagnostics
        self.heading.setText(self.tr("Staff mode"))
        online = d.online if d else m.online
        self.sync.setText((self.tr("Online") if online else self.tr("Offline")) + " · " +
                          self.tr("last sync %1").replace("%1", _age(self, d.last_sync_age_s if d else None)))
        self.sync.setObjectName("ok" if online else "warn")
        self.sync.style().unpolish(self.sync)
        self.sync.style().polish(self.sync)
        depth = d.queue_depth if d else 0
        queue = self.tr("%n transaction(s) waiting to be sent", "", depth)
        if d and d.oldest_pending_age_s is not None:
            queue += " · " + self.tr("oldest %1").replace("%1", _age(self, d.oldest_pending_age_s))
        self.queue.setText(queue)
        self.session.setText(self.tr("A patron session is open.") if d and d.session_active else self.tr("No patron session."))
        readers = d.readers if d else ()
        self.readers.retain(r.name for r in readers)
        for r in readers:
            row, _ = self.readers.row(r.name)
            tone = "ok" if r.ok else "error"
            row.set(title=f"{r.name} — {r.url}", detail=(self.tr("Working") if r.ok else self.tr("Not working"))
                    + (f" · {r.detail}" if r.detail else ""), tone=tone, mark=MARK[tone])
        self.refresh.setText(self.tr("Refresh"))
        self.force.setText(self.tr("Force sync"))
        self.clear.setText(self.tr("Clear session"))
        self.clear.setEnabled(bool(d and d.session_active))
        self.quit.setText(self.tr("Exit to desktop"))
        self.exit.setText(self.tr("Leave staff mode"))
