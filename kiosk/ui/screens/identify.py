"""Idle/attract, identify (card, barcode on the on-screen keyboard) and the PIN pad."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressBar

from kiosk.core import commands as cmd
from kiosk.core import events as ev
from kiosk.ui.model import ViewModel
from kiosk.ui.screens.base import Screen
from kiosk.ui.widgets import OnScreenKeyboard, PinPad, ResponsiveBox, label


class IdleScreen(Screen):
    """Attract screen: what to do first at this kind of station."""

    name = "idle"

    def __init__(self, view) -> None:
        super().__init__(view)
        self.heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.instruction = label("", "title")
        self.instruction.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint = label("", "muted")
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body.addStretch(1)
        self.body.addWidget(self.instruction)
        self.body.addWidget(self.hint)
        self.body.addStretch(1)
        self.type_card = self.button(on_click=lambda: self.view.show_local("identify"))
        self.returns = self.button(on_click=lambda: self.submit(cmd.ChooseMode(mode=cmd.Mode.RETURN)))

    def render(self, m: ViewModel) -> None:
        self.heading.setText(self.tr("Welcome to the library"))
        returning = m.station is ev.StationType.SELF_RETURN
        if returning:
            self.instruction.setText(self.tr("Place the items you are returning on the pad"))
            self.hint.setText(self.tr("One pile at a time. No card needed."))
        elif m.station is ev.StationType.FASTBOOK:
            self.instruction.setText(self.tr("Place your library card on the reader to borrow from FastBook"))
            self.hint.setText(self.tr("Or type your card number."))
        elif m.station is ev.StationType.HOLDS_PICKUP:
            self.instruction.setText(self.tr("Place your library card on the reader to collect your reserved items"))
            self.hint.setText(self.tr("Or type your card number."))
        else:
            self.instruction.setText(self.tr("Place your library card on the reader, or scan its barcode"))
            self.hint.setText(self.tr("Then place your items on the pad."))
        self.type_card.setText(self.tr("Type card number"))
        self.type_card.setVisible(not returning)
        self.returns.setText(self.tr("Return items"))
        self.returns.setVisible(m.station is ev.StationType.COMBINED)

    def prompt(self, m: ViewModel) -> str:
        return self.instruction.text()


class IdentifyScreen(Screen):
    """Card number on the on-screen keyboard (or a HID scanner), then 'checking your card'."""

    name = "identify"

    def __init__(self, view) -> None:
        super().__init__(view)
        self.status = label("", "title")
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)  # indeterminate: the core works off the UI thread
        self.keyboard = OnScreenKeyboard()
        self.keyboard.submitted.connect(self._identify)
        self.body.addWidget(self.status)
        self.body.addWidget(self.busy)
        self.body.addWidget(self.keyboard, 1)
        self.cancel = self.button(on_click=self._cancel)

    def _identify(self, barcode: str) -> None:
        try:
            command = cmd.IdentifyBarcode(barcode=barcode)
        except ValueError:
            self.status.setText(self.tr("That is not a card number. Please try again."))
            return
        self.submit(command)

    def _cancel(self) -> None:
        self.keyboard.clear()
        if self.view.model.state is ev.State.IDLE:
            self.view.show_local(None)
        else:
            self.submit(cmd.EndSession())

    def render(self, m: ViewModel) -> None:
        checking = m.state is ev.State.IDENTIFYING
        self.heading.setText(self.tr("Checking your card…") if checking else self.tr("Type your card number"))
        self.status.setText(self.tr("One moment, please.") if checking else self.tr("The number is on the back of your card."))
        self.busy.setVisible(checking)
        self.keyboard.setVisible(not checking)
        self.keyboard.retranslate()
        self.cancel.setText(self.tr("Cancel"))
        self.cancel.setVisible(not checking)


class PinScreen(Screen):
    name = "pin"

    def __init__(self, view) -> None:
        super().__init__(view)
        box = ResponsiveBox()
        self.explain = label("", "title")
        self.attempts = label("", "warn")
        left = label("")
        left.hide()
        from PySide6.QtWidgets import QVBoxLayout, QWidget

        info = QWidget()
        col = QVBoxLayout(info)
        col.addWidget(self.explain)
        col.addWidget(self.attempts)
        col.addStretch(1)
        self.pad = PinPad()
        self.pad.submitted.connect(lambda pin: self.submit(cmd.EnterPin(pin=pin)))
        box.add(info, 1)
        box.add(self.pad, 1)
        self.body.addWidget(box, 1)
        self.cancel = self.button(on_click=lambda: self.submit(cmd.EndSession()))

    def render(self, m: ViewModel) -> None:
        self.heading.setText(self.tr("Enter your PIN"))
        self.explain.setText(self.tr("Your PIN is 4 to 12 digits. Shield the keypad with your hand."))
        left = m.pin_attempts_left
        if m.refusal is not None and m.refusal.reason == ev.Refusal.WRONG_PIN:
            self.attempts.setText(self.tr("The PIN is not correct. %n attempt(s) left.", "", left or 0))
        elif left is not None and left < 3:
            self.attempts.setText(self.tr("%n attempt(s) left.", "", left))
        else:
            self.attempts.setText("")
        self.pad.retranslate()
        self.cancel.setText(self.tr("Cancel"))

    def hideEvent(self, event) -> None:  # noqa: N802 - Qt API
        self.pad.clear()  # never leave digits behind for the next patron
        super().hideEvent(event)
