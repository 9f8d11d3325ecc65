"""What every screen shares: a title, a body, a row of actions, and a way to ask the core."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.core import commands as cmd
from kiosk.ui.model import ViewModel
from kiosk.ui.names import patron_label
from kiosk.ui.widgets import ButtonRow, TouchButton, label

if TYPE_CHECKING:  # pragma: no cover
    from kiosk.ui.app import KioskWindow


class Screen(QWidget):
    """One screen. Subclasses build widgets in ``__init__`` and set every text in :meth:`render`.

    ``render`` is called whenever the screen is shown, the model changes, or the language,
    theme or window size changes, so screens keep no text of their own between calls.
    """

    #: a stable name (screenshots, tests, logs)
    name = "screen"

    def __init__(self, view: KioskWindow) -> None:
        super().__init__()
        self.view = view
        self.outer = QVBoxLayout(self)
        self.outer.setContentsMargins(32, 16, 32, 16)
        self.outer.setSpacing(12)
        self.heading = label("", "headline")
        self.outer.addWidget(self.heading)
        self.body = QVBoxLayout()
        self.body.setSpacing(14)
        self.outer.addLayout(self.body, 1)
        self.actions = ButtonRow()
        self.outer.addWidget(self.actions)

    def button(self, *, primary: bool = False, on_click=None) -> TouchButton:
        b = TouchButton(primary=primary)
        if on_click is not None:
            b.clicked.connect(on_click)
        self.actions.add(b)
        return b

    def submit(self, command: cmd.Command) -> None:
        self.view.submit(command)

    def render(self, m: ViewModel) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def redraw(self, m: ViewModel) -> None:
        """Render, then let the action buttons wrap if their new texts no longer fit."""
        self.render(m)
        self.actions.reflow()

    def prompt(self, m: ViewModel) -> str:
        """What is spoken when the screen appears (defaults to its heading)."""
        return self.heading.text()

    def greeting(self, m: ViewModel) -> str:
        """"Hello, 王○明" — the name as ``[kiosk.ui] show_patron_name`` allows; "" when the
        setting is "none" (the screen then shows its own heading)."""
        p = m.patron
        if p is None:
            return ""
        who = patron_label(p.name, p.patron, self.view.options.show_patron_name)
        return self.tr("Hello, %1").replace("%1", who) if who else ""
