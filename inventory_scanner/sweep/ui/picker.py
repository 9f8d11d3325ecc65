"""The sweep screen's first page: choose what to sweep — a range of a shelf-list file or a range
the centre sends — or find a pull list, before the wand moves.

A file is read at once (it is on the device): its call-number divisions in shelf order, each a
line to tap ("860 (120 items)") that fills the range, and how many of its items are on a pull
list (a hold waiting, weeding, a transfer). The centre's list is fetched by whoever starts the
work (:mod:`rfid_edge.commands.inventory`), not here: the view does no network I/O. Start
emits :attr:`ListPicker.chosen` with the choice as a plain dict::

    {"source": "file" | "centre", "path": "2F.csv" | None, "mode": "sweep" | "find",
     "range": "860..870" | None}
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inventory_scanner.callnumbers import AuthorNumber, Scheme, parse
from inventory_scanner.shelflist import HeaderError, ShelfItem, ShelfList, open_rows

__all__ = ["ListPicker", "divisions"]


def tr(text: str) -> str:
    return QCoreApplication.translate("ListPicker", text)


def divisions(items: Iterable[ShelfItem], scheme: Scheme = "ccl",
              author_number: AuthorNumber = "decimal") -> list[tuple[str, str | None, int]]:
    """The list's call-number divisions in shelf order: (division, the next one or None, items)."""
    counts: dict[str, tuple[str, int]] = {}
    for item in items:
        division = parse(item.call_number, scheme, author_number).division
        key, n = counts.get(division, (parse(division, scheme, author_number).key, 0))
        counts[division] = (key, n + 1)
    ordered = sorted(counts.items(), key=lambda kv: kv[1][0])
    return [(name, ordered[i + 1][0] if i + 1 < len(ordered) else None, n)
            for i, (name, (_, n)) in enumerate(ordered)]


class ListPicker(QWidget):
    """Choose a file or the centre, a range, sweep or find; :attr:`chosen` on Start."""

    chosen = Signal(dict)

    def __init__(self, *, path: str | None = None, scheme: Scheme = "ccl",
                 author_number: AuthorNumber = "decimal", centre: bool = True) -> None:
        super().__init__()
        self.scheme, self.author_number = scheme, author_number
        self.shelf: ShelfList | None = None
        self._loaded: str | None = None
        self._pull = 0
        self._divisions: list[tuple[str, str | None, int]] = []
        self.heading = QLabel()
        self.source = QComboBox()
        self.source.addItem("", "file")
        if centre:
            self.source.addItem("", "centre")
        self.path = QLineEdit(path or "")
        self.browse = QPushButton()
        self.ranges = QListWidget()
        self.low, self.high = QLineEdit(), QLineEdit()
        self.mode = QComboBox()
        self.mode.addItem("", "sweep")
        self.mode.addItem("", "find")
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.start = QPushButton()
        self.form = QFormLayout()
        file_row = QHBoxLayout()
        file_row.addWidget(self.path, 1)
        file_row.addWidget(self.browse)
        self._labels = {name: QLabel() for name in ("file", "low", "high")}
        self.form.addRow(self.source)
        self.form.addRow(self._labels["file"], file_row)
        self.form.addRow(self._labels["low"], self.low)
        self.form.addRow(self._labels["high"], self.high)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(self.form)
        layout.addWidget(self.ranges, 1)
        layout.addWidget(self.mode)
        layout.addWidget(self.note)
        layout.addWidget(self.start)
        self.browse.clicked.connect(self._browse)
        self.path.editingFinished.connect(lambda: self.load(self.path.text()))
        self.source.currentIndexChanged.connect(lambda _: self._source_changed())
        self.ranges.currentRowChanged.connect(self._range_chosen)
        self.start.clicked.connect(self._start)
        self.retranslate()
        if path:
            self.load(path)

    # -- the file --------------------------------------------------------------------------
    def load(self, path: str) -> bool:
        """Read the shelf-list file ``path``: its divisions and its pull list."""
        path = path.strip()
        if not path or path == self._loaded:
            return self.shelf is not None
        self.path.setText(path)
        try:
            self.shelf = ShelfList.from_rows(open_rows(path))
        except (OSError, HeaderError) as exc:
            self.shelf, self._loaded = None, None
            self._divisions, self._pull = [], 0
            self.note.setText(tr("Cannot read %1: %2").replace("%1", Path(path).name)
                              .replace("%2", str(getattr(exc, "strerror", None) or exc)))
            self._fill()
            return False
        self._loaded = path
        self._divisions = divisions(self.shelf.items, self.scheme, self.author_number)
        self._pull = sum(1 for i in self.shelf.items if i.hold or i.weed or i.transfer_to)
        self.note.setText("")
        self._fill()
        return True

    def _browse(self) -> None:
        found, _ = QFileDialog.getOpenFileName(self, tr("Shelf-list file"), self.path.text())
        if found:
            self.load(found)

    def _fill(self) -> None:
        row = self.ranges.currentRow()
        self.ranges.blockSignals(True)
        self.ranges.clear()
        for name, _, count in self._divisions:
            self.ranges.addItem(QListWidgetItem(tr("%1 (%2 items)").replace("%1", name)
                                                .replace("%2", str(count))))
        if 0 <= row < self.ranges.count():
            self.ranges.setCurrentRow(row)
        self.ranges.blockSignals(False)
        self.mode.setItemText(1, tr("Find the pull list") + (
            " · " + tr("Pull list: %1 items").replace("%1", str(self._pull)) if self.shelf else ""))

    def _range_chosen(self, row: int) -> None:
        if 0 <= row < len(self._divisions):
            low, high, _ = self._divisions[row]
            self.low.setText(low)
            self.high.setText(high or "")

    def _source_changed(self) -> None:
        from_file = self.source.currentData() == "file"
        for widget in (self.path, self.browse, self.ranges, self._labels["file"]):
            widget.setVisible(from_file)

    # -- the choice ------------------------------------------------------------------------
    def choice(self) -> dict[str, Any] | None:
        """What Start would send (None: nothing to sweep yet, and the note says so)."""
        source, mode = self.source.currentData(), self.mode.currentData()
        low, high = self.low.text().strip(), self.high.text().strip()
        span = f"{low}..{high}" if low or high else None
        if source == "file" and not self.load(self.path.text()):
            self.note.setText(self.note.text() or tr("Choose a file or a range"))
            return None
        if source == "centre" and span is None:
            self.note.setText(tr("Choose a file or a range"))
            return None
        return {"source": source, "path": self._loaded if source == "file" else None,
                "mode": mode, "range": span}

    def _start(self) -> None:
        choice = self.choice()
        if choice is not None:
            self.chosen.emit(choice)

    # -- language --------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.heading.setText(tr("Choose a range or a pull list"))
        self.source.setItemText(0, tr("Shelf-list file"))
        if self.source.count() > 1:
            self.source.setItemText(1, tr("From the centre"))
        self._labels["file"].setText(tr("File"))
        self._labels["low"].setText(tr("From call number"))
        self._labels["high"].setText(tr("To call number"))
        self.browse.setText(tr("Browse…"))
        self.mode.setItemText(0, tr("Sweep the range"))
        self.start.setText(tr("Start"))
        self._fill()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
