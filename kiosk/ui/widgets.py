"""Touch widgets: big buttons, a PIN pad, an on-screen keyboard, live item rows.

No hover-only affordances anywhere: every action is a button with a visible label and a
pressed state. Minimum sizes come from :mod:`kiosk.ui.theme` (millimetres → pixels).
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.ui.theme import MIN_TARGET_MM, mm_to_px


def logical_dpi(widget: QWidget | None = None) -> float:
    screen = (widget.screen() if widget is not None else None) or QGuiApplication.primaryScreen()
    return screen.logicalDotsPerInch() if screen is not None else 96.0


def min_target_px(widget: QWidget | None = None) -> int:
    return mm_to_px(MIN_TARGET_MM, logical_dpi(widget))


class TouchButton(QPushButton):
    """A push button never smaller than the minimum touch target, whatever the style sheet says."""

    def __init__(self, text: str = "", parent: QWidget | None = None, *, primary: bool = False) -> None:
        super().__init__(text, parent)
        if primary:
            self.setObjectName("primary")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a touch kiosk has no focus ring to chase
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._apply_min()

    def _apply_min(self) -> None:
        px = min_target_px(self)
        self.setMinimumSize(px, px)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.StyleChange:
            self._apply_min()
        super().changeEvent(event)


def label(text: str = "", name: str | None = None, *, wrap: bool = True) -> QLabel:
    lab = QLabel(text)
    if name:
        lab.setObjectName(name)
    lab.setWordWrap(wrap)
    lab.setTextFormat(Qt.TextFormat.PlainText)  # titles come from tags and the ILS: never rich text
    return lab


class ResponsiveBox(QWidget):
    """Lays its children side by side in landscape and stacked in portrait."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.box = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.box.setContentsMargins(0, 0, 0, 0)
        self.box.setSpacing(24)

    def add(self, widget: QWidget, stretch: int = 1) -> None:
        self.box.addWidget(widget, stretch)

    def orient(self, portrait: bool) -> None:
        """Called by the window on every resize, for shown and hidden screens alike (a hidden
        screen's minimum size still bounds the window)."""
        want = QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight
        if self.box.direction() != want:
            self.box.setDirection(want)


class ButtonRow(QWidget):
    """Buttons on one line when they fit, else wrapped onto more lines (portrait, large type).

    Stretch is kept per button, so a primary action stays wider than the others.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(16)
        self.buttons: list[QPushButton] = []
        self._shape: tuple[int, ...] = ()
        self.reserve = 80  # window width taken by margins around the row

    def add(self, button: QPushButton) -> None:
        button.setParent(self)  # a child: hidden only when a screen hides it on purpose
        self.buttons.append(button)
        self.reflow(force=True)

    def reflow(self, *, force: bool = False) -> None:
        visible = [b for b in self.buttons if not b.isHidden()]
        # the room the window gives, not our own width: a one-line layout would hold the window
        # at that width through our minimum size
        room = self.window().width() - self.reserve
        lines: list[list[QPushButton]] = [[]]
        used = 0
        for b in visible:
            need = b.sizeHint().width() + self.grid.spacing()
            if lines[-1] and used + need > room:
                lines.append([])
                used = 0
            lines[-1].append(b)
            used += need
        shape = tuple(id(b) for line in lines for b in line) + tuple(len(line) for line in lines)
        if shape == self._shape and not force:
            return
        self._shape = shape
        for b in self.buttons:
            self.grid.removeWidget(b)
        width = max((len(line) for line in lines), default=1)
        for r, line in enumerate(lines):
            for c, b in enumerate(line):
                span = width - c if c == len(line) - 1 else 1  # the last one takes the rest
                self.grid.addWidget(b, r, c, 1, span)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self.reflow()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        self.reflow(force=True)


class PinPad(QWidget):
    """Digits, backspace, clear and OK; shows dots only. The PIN leaves the pad once, on OK."""

    submitted = Signal(str)
    MAX_DIGITS = 12

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._digits: list[str] = []
        outer = QVBoxLayout(self)
        self.display = label("", "headline", wrap=False)
        self.display.setAlignment(Qt.AlignmentFlag.AlignCenter)
        outer.addWidget(self.display)
        grid = QGridLayout()
        grid.setSpacing(12)
        self.keys: dict[str, TouchButton] = {}
        for i, key in enumerate("123456789"):
            self._key(grid, key, i // 3, i % 3)
        self.back = self._key(grid, "←", 3, 0)
        self._key(grid, "0", 3, 1)
        self.clear_button = self._key(grid, "C", 3, 2)
        outer.addLayout(grid)
        self.ok = TouchButton(primary=True)
        self.ok.clicked.connect(self._submit)
        outer.addWidget(self.ok)
        self.retranslate()
        self._refresh()

    def _key(self, grid: QGridLayout, key: str, row: int, col: int) -> TouchButton:
        button = TouchButton(key)
        button.setObjectName("key")
        button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        button.clicked.connect(lambda _=False, k=key: self.press(k))
        grid.addWidget(button, row, col)
        self.keys[key] = button
        return button

    def retranslate(self) -> None:
        self.ok.setText(self.tr("OK"))

    def press(self, key: str) -> None:
        if key == "←":
            if self._digits:
                self._digits.pop()
        elif key == "C":
            self._digits.clear()
        elif key.isdigit() and len(self._digits) < self.MAX_DIGITS:
            self._digits.append(key)
        self._refresh()

    def _refresh(self) -> None:
        self.display.setText("●" * len(self._digits) if self._digits else "—")
        self.ok.setEnabled(len(self._digits) >= 4)

    def _submit(self) -> None:
        pin = "".join(self._digits)
        self.clear()
        if len(pin) >= 4:
            self.submitted.emit(pin)

    def clear(self) -> None:
        self._digits.clear()
        self._refresh()


class OnScreenKeyboard(QWidget):
    """Letters and digits for a card number or a staff id (no physical keyboard on a kiosk)."""

    submitted = Signal(str)
    ROWS = ("1234567890", "QWERTYUIOP", "ASDFGHJKL-", "ZXCVBNM")

    def __init__(self, parent: QWidget | None = None, *, echo_password: bool = False) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        self.field = QLineEdit()
        self.field.setMaxLength(64)
        if echo_password:
            self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.returnPressed.connect(self._submit)  # HID barcode scanners end with Enter
        outer.addWidget(self.field)
        self.keys: dict[str, TouchButton] = {}
        for row in self.ROWS:
            line = QHBoxLayout()
            line.setSpacing(8)
            for key in row:
                button = TouchButton(key)
                button.setObjectName("key")
                button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
                button.clicked.connect(lambda _=False, k=key: self.press(k))
                self.keys[key] = button
                line.addWidget(button)
            outer.addLayout(line)
        bottom = QHBoxLayout()
        self.back = TouchButton("←")
        self.back.clicked.connect(lambda: self.press("←"))
        self.ok = TouchButton()  # keyboard height matters more than emphasis here (1280×800)
        self.ok.clicked.connect(self._submit)
        bottom.addWidget(self.back, 1)
        bottom.addWidget(self.ok, 3)
        outer.addLayout(bottom)
        self.retranslate()

    def retranslate(self) -> None:
        self.ok.setText(self.tr("OK"))

    def press(self, key: str) -> None:
        if key == "←":
            self.field.backspace()
        else:
            self.field.insert(key)

    def _submit(self) -> None:
        text = self.field.text().strip()
        self.field.clear()
        if text:
            self.submitted.emit(text)

    def clear(self) -> None:
        self.field.clear()


class ItemRow(QFrame):
    """One item of the stack: title, then the due date or the problem, in words.

    ``first_painted`` reports (once) the monotonic time of the row's first paint; the UI
    benchmark measures tag-in-field → row-on-screen with it.
    """

    first_painted = Signal(str, float)
    painted = Signal(str, float)  # every paint: (uid, monotonic time)

    def __init__(self, uid: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.uid = uid
        self.setObjectName("card")
        self._painted = False
        self.tone = "muted"
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        self.mark = label("", wrap=False)
        self.mark.setMinimumWidth(min_target_px(self))
        self.mark.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text = QVBoxLayout()
        self.title = label("", "title")
        self.detail = label("")
        text.addWidget(self.title)
        text.addWidget(self.detail)
        layout.addWidget(self.mark)
        layout.addLayout(text, 1)
        self.action: TouchButton | None = None
        self._callback = None
        self._layout = layout

    def set_action(self, text: str | None, callback=None) -> TouchButton | None:
        """A button at the end of the row (renew this loan, collect this hold); None removes it.

        The button is kept across redraws (only its text and callback change), so a redraw
        while a finger is on it does not swallow the tap.
        """
        self._callback = callback
        if text is None:
            if self.action is not None:
                self._layout.removeWidget(self.action)
                self.action.deleteLater()
                self.action = None
            return None
        if self.action is None:
            self.action = TouchButton(text)
            self.action.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
            self.action.clicked.connect(self._act)
            self._layout.addWidget(self.action)
        self.action.setText(text)
        return self.action

    def _act(self) -> None:
        if self._callback is not None:
            self._callback()

    def set(self, *, title: str, detail: str, tone: str, mark: str) -> None:
        """``tone`` is ok/warn/error/muted (a style-sheet object name)."""
        self.title.setText(title)
        self.detail.setText(detail)
        self.tone = tone
        self.detail.setObjectName(tone)
        self.mark.setText(mark)
        self.mark.setObjectName(tone)
        for w in (self.detail, self.mark):
            w.style().unpolish(w)
            w.style().polish(w)
        self.update()  # the whole row: its tone (border, mark) changed with the text

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().paintEvent(event)
        now = time.monotonic()
        self.painted.emit(self.uid, now)
        if not self._painted:
            self._painted = True
            self.first_painted.emit(self.uid, now)


class RowList(QScrollArea):
    """A vertical list of :class:`ItemRow` keyed by uid (touch-scrollable).

    ``follow`` scrolls to each new row: right for the live stack, where the item just placed
    must be seen. Lists drawn whole at once (holds, loans, the receipt) keep ``follow=False``
    and start at their first row — following there left the list scrolled to its end, the
    first row cut off under the heading.
    """

    def __init__(self, parent: QWidget | None = None, *, follow: bool = False) -> None:
        super().__init__(parent)
        self.follow = follow
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self._inner = QWidget()
        self._layout = QVBoxLayout(self._inner)
        self._layout.setSpacing(10)
        self._layout.addStretch(1)
        self.setWidget(self._inner)
        self.rows: dict[str, ItemRow] = {}
        self._follow = False
        self.verticalScrollBar().rangeChanged.connect(self._range_changed)

    def row(self, uid: str) -> tuple[ItemRow, bool]:
        """The row for ``uid``, creating it at the end; returns (row, created)."""
        existing = self.rows.get(uid)
        if existing is not None:
            return existing, False
        row = ItemRow(uid)
        self.rows[uid] = row
        self._layout.insertWidget(self._layout.count() - 1, row)
        self._follow = self.follow  # a new item must be seen: scroll to it once the layout has grown
        return row, True

    def _range_changed(self, _low: int, high: int) -> None:
        if self._follow:
            self._follow = False
            self.verticalScrollBar().setValue(high)

    def remove(self, uid: str) -> None:
        row = self.rows.pop(uid, None)
        if row is not None:
            self._layout.removeWidget(row)
            row.deleteLater()

    def retain(self, keys) -> None:
        """Drop every row whose key is not in ``keys``."""
        keep = set(keys)
        for uid in list(self.rows):
            if uid not in keep:
                self.remove(uid)

    def clear(self) -> None:
        self.retain(())
