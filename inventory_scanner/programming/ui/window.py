"""The staff screen of the programming station: a thin PySide6 view over the Qt-free station.

The barcode field takes a keyboard-wedge scanner's input (it types the code and Enter) or
typing; the work runs on a worker thread through ``program(item_id, parts, confirm_retag,
lock)`` (a :meth:`~inventory_scanner.programming.station.Station.program` bound by the
caller), and the station's events come back through a Qt signal. The lock box says that locks
are permanent; a refused tag that needs staff confirmation shows a "Confirm re-tag" button.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from inventory_scanner.programming.station import Outcome
from inventory_scanner.programming.ui import i18n

ProgramFn = Callable[[str, int, bool, bool], Outcome]


class ProgrammingWindow(QWidget):
    """One item at a time: scan, (confirm), see the outcome and the station's progress."""

    finished = Signal(object)  # an Outcome, from the worker thread
    event = Signal(dict)  # a station event, from any thread

    def __init__(self, program: ProgramFn, *, language: str = i18n.DEFAULT_LANGUAGE,
                 lock: bool = False) -> None:
        super().__init__()
        self._program = program
        self._translator: Any = None
        self._last: Outcome | None = None
        self._busy = False
        self.barcode = QLineEdit()
        self.parts = QSpinBox()
        self.parts.setRange(1, 99)
        self.lock = QCheckBox()
        self.lock.setChecked(lock)
        self.lock_warning = QLabel()
        self.go = QPushButton()
        self.confirm = QPushButton()
        self.confirm.hide()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.log = QListWidget()
        self.language = QComboBox()
        for code, name in i18n.LANGUAGES.items():
            self.language.addItem(name, code)
        self.title = QLabel()
        self.barcode_label = QLabel()
        self.parts_label = QLabel()
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.language)
        row = QHBoxLayout()
        row.addWidget(self.barcode_label)
        row.addWidget(self.barcode, 1)
        row.addWidget(self.parts_label)
        row.addWidget(self.parts)
        row.addWidget(self.go)
        layout = QVBoxLayout(self)
        for part in (top, row):
            layout.addLayout(part)
        for widget in (self.lock, self.lock_warning, self.status, self.confirm, self.log):
            layout.addWidget(widget)
        self.barcode.returnPressed.connect(self.start)
        self.go.clicked.connect(self.start)
        self.confirm.clicked.connect(lambda: self.start(confirm_retag=True))
        self.language.currentIndexChanged.connect(
            lambda _: self.set_language(self.language.currentData()))
        self.finished.connect(self._show_outcome)
        self.event.connect(self._show_event)
        self.set_language(language)

    # -- language -------------------------------------------------------------------------------
    def set_language(self, lang: str) -> None:
        app = QCoreApplication.instance()
        if self._translator is not None and app is not None:
            app.removeTranslator(self._translator)
        self._translator = i18n.translator(lang)
        if self._translator is not None and app is not None:
            app.installTranslator(self._translator)
        index = self.language.findData(lang)
        if index != self.language.currentIndex():
            self.language.blockSignals(True)
            self.language.setCurrentIndex(index)
            self.language.blockSignals(False)
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Tag programming"))
        self.title.setText(self.tr("Tag programming"))
        self.barcode_label.setText(self.tr("Barcode"))
        self.barcode.setPlaceholderText(self.tr("Scan or type the item's barcode, then Enter"))
        self.parts_label.setText(self.tr("Parts"))
        self.go.setText(self.tr("Program"))
        self.lock.setText(self.tr("Lock the tags"))
        self.lock_warning.setText(self.tr("Locks are permanent: a locked tag can never be "
                                          "rewritten."))
        self.confirm.setText(self.tr("Confirm re-tag"))
        if self._last is not None:
            self._show_outcome(self._last)
        elif not self._busy:
            self.status.setText(self.tr("Place the item's blank tag on the pad and scan its "
                                        "barcode."))

    # -- work -----------------------------------------------------------------------------------
    def start(self, *, confirm_retag: bool = False) -> None:
        item_id = self.barcode.text().strip()
        if not item_id or self._busy:
            return
        self._busy, self._last = True, None
        self.confirm.hide()
        self.go.setEnabled(False)
        self.status.setText(self.tr("Programming %1…").replace("%1", item_id))
        args = (item_id, self.parts.value(), confirm_retag, self.lock.isChecked())
        threading.Thread(target=self._work, args=args, daemon=True, name="tagprog-ui").start()

    def _work(self, item_id: str, parts: int, confirm_retag: bool, lock: bool) -> None:
        try:
            outcome = self._program(item_id, parts, confirm_retag, lock)
        except Exception as exc:  # the reader failed: shown, not swallowed silently
            outcome = Outcome(item_id=item_id, status="failed", reason="error", message=str(exc))
        self.finished.emit(outcome)

    def _show_outcome(self, outcome: Outcome) -> None:
        self._busy, self._last = False, outcome
        self.go.setEnabled(True)
        if outcome.status == "done":
            text = self.tr("Done: %1 programmed (%2 tags).").replace("%1", outcome.item_id) \
                .replace("%2", str(len(outcome.tags)))
            self.barcode.clear()
        elif outcome.needs_confirmation:
            text = self.tr("This tag holds another item's data. Overwrite it?")
        elif outcome.status == "skipped":
            text = self.tr("Not programmed: %1").replace("%1", outcome.message or "")
        else:
            text = self.tr("Failed: %1").replace("%1", outcome.message or "")
        self.confirm.setVisible(outcome.needs_confirmation)
        self.status.setText(text)

    def _show_event(self, event: dict[str, Any]) -> None:
        if event.get("event") in ("item", "report"):
            return
        detail = " ".join(str(event[k]) for k in ("item_id", "uid", "part", "detail", "title",
                                                  "message") if event.get(k) is not None)
        self.log.addItem(f"{event['event']}: {detail}")
        self.log.scrollToBottom()
