"""The sweep screen: live counts and a progress bar per range, a line (and a beep) for each
problem saying where the book belongs, find mode's announcements, and the finished report.

A thin view: the work (a :class:`~inventory_scanner.sweep.shell.SweepShell` on a reader) runs
on a worker thread through ``work(emit)``, which returns the report; every event arrives as
the same JSON object the headless mode prints, through a Qt signal, so the view never touches
the reader or the session.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, Signal
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from inventory_scanner.sweep.ui import i18n

Emit = Callable[[dict[str, Any]], None]
Work = Callable[[Emit], dict[str, Any]]

SIZES: dict[str, tuple[int, int]] = {"handheld": (800, 480), "tablet": (1280, 800)}


def tr(text: str) -> str:
    return QCoreApplication.translate("SweepWindow", text)


class SweepWindow(QWidget):
    """One sweep (or find session): ``start(work)`` runs it, events update the screen."""

    event = Signal(dict)  # a sweep event or the report, from the worker thread
    _installed: Any = None  # the sweep translator installed on the application

    def __init__(self, *, title: str = "", language: str = i18n.DEFAULT_LANGUAGE, find: bool = False,
                 large: bool = False) -> None:
        super().__init__()
        self._find = find
        self._translator: Any = None
        self._events: list[dict[str, Any]] = []
        self.report: dict[str, Any] | None = None
        self.error: str | None = None
        self._bars: dict[str, tuple[QLabel, QProgressBar]] = {}
        self._thread: threading.Thread | None = None
        self.picker: Any = None  # a ListPicker shown until start()
        self.what = QLabel(title)
        self.heading = QLabel()
        self.language = QComboBox()
        for code, name in i18n.LANGUAGES.items():
            self.language.addItem(name, code)
        self.large = QCheckBox()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.ranges = QGridLayout()
        self.problems = QListWidget()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addWidget(self.what, 1)
        top.addWidget(self.large)
        top.addWidget(self.language)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addLayout(self.ranges)
        layout.addWidget(self.problems, 1)
        layout.addWidget(self.summary)
        self.event.connect(self._on_event)
        self.language.currentIndexChanged.connect(lambda _: self.set_language(self.language.currentData()))
        self.large.toggled.connect(self.set_large)
        self.set_large(large)
        self.set_language(language)

    # -- running -----------------------------------------------------------------------
    def offer(self, picker: QWidget) -> None:
        """Show ``picker`` (:class:`~.picker.ListPicker`: a range or a pull list) until
        :meth:`start`."""
        self.picker = picker
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(1, picker, 1)
        self.problems.hide()
        self.retranslate()

    def set_find(self, find: bool) -> None:
        """Find mode (a pull list) or a sweep, as the picker chose."""
        self._find = find
        self.retranslate()

    def start(self, work: Work) -> None:
        """Run ``work`` on a worker thread; its events and its report come back as signals."""
        if self.picker is not None:
            self.picker.hide()
            self.problems.show()
        def run() -> None:
            try:
                report = work(self.event.emit)
            except Exception as exc:  # the one line the screen shows
                self.event.emit({"event": "error", "message": str(exc)})
                return
            self.event.emit({"event": "report", **report} if "event" not in report else report)

        self.status.setText(tr("Walk the wand along the shelf"))
        self._thread = threading.Thread(target=run, name="sweep-reader", daemon=True)
        self._thread.start()

    @property
    def done(self) -> bool:
        return self.report is not None or self.error is not None

    # -- events ------------------------------------------------------------------------
    def _on_event(self, event: dict[str, Any]) -> None:
        self._events.append(event)
        kind = event.get("event")
        if kind == "range":
            self.status.setText(tr("Range %1 (pass %2)").replace("%1", str(event["range"]))
                                .replace("%2", str(event.get("pass", 1))))
            self._bar(str(event["range"]))
        elif kind == "progress":
            self._progress(str(event["range"]), event.get("expected"), int(event.get("seen", 0)))
        elif kind in ("problem", "found"):
            self.problems.addItem(self._line(event))
            self.problems.scrollToBottom()
            QApplication.beep()
        elif kind == "marker_fixed":
            self.problems.addItem(self._line(event))
        elif kind in ("report", "summary"):
            self.report = event
            self._show_report(event)
        elif kind == "error":
            self.error = str(event.get("message"))
            self.status.setText(tr("Stopped: %1").replace("%1", self.error))

    def _bar(self, label: str) -> tuple[QLabel, QProgressBar]:
        if label not in self._bars:
            name, bar = QLabel(label), QProgressBar()
            bar.setFormat("%v / %m")
            row = len(self._bars)
            self.ranges.addWidget(name, row, 0)
            self.ranges.addWidget(bar, row, 1)
            self._bars[label] = (name, bar)
        return self._bars[label]

    def _progress(self, label: str, expected: int | None, seen: int) -> None:
        _, bar = self._bar(label)
        bar.setRange(0, max(expected or 0, seen, 1))
        bar.setValue(seen)

    def _line(self, e: dict[str, Any]) -> str:
        """One problem in words: what, which book, and where it belongs."""
        book = " ".join(str(x) for x in (e.get("call_number"), e.get("item_id")) if x) or str(e.get("uid"))
        kind = e.get("problem") or e.get("event")
        if kind == "misplaced":
            belongs = e.get("belongs") or {}
            where = " ".join(str(v) for v in (belongs.get("branch"), belongs.get("location"),
                                              belongs.get("range")) if v) or "?"
            return tr("Misplaced: %1 belongs in %2").replace("%1", book).replace("%2", where)
        texts = {"on_loan_on_shelf": tr("On loan but on the shelf: %1"),
                 "found_again": tr("Found again (was lost or missing): %1"),
                 "withdrawn_on_shelf": tr("Withdrawn but on the shelf: %1"),
                 "in_transit_on_shelf": tr("In transit but on the shelf: %1"),
                 "security_mismatch": tr("Security marker wrong: %1"),
                 "unknown_tag": tr("Unknown tag: %1"),
                 "marker_fixed": tr("Security marker fixed: %1"),
                 "found": tr("Found: %1")}
        return texts.get(str(kind), str(kind) + ": %1").replace("%1", book)

    def _show_report(self, report: dict[str, Any]) -> None:
        if self._find:
            self.status.setText(tr("Find finished"))
            return
        sweep = report.get("sweep", {})
        for entry in sweep.get("ranges", []):
            self._progress(str(entry["range"]), entry.get("expected"), int(entry.get("found", 0)))
        counts = self.counts()
        self.status.setText(tr("Sweep finished"))
        self.summary.setText(
            tr("Seen %1 · missing %2 · misplaced %3 · problems %4 · passes %5")
            .replace("%1", str(counts["seen"])).replace("%2", str(counts["missing"]))
            .replace("%3", str(counts["misplaced"])).replace("%4", str(counts["problems"]))
            .replace("%5", str(counts["passes"])))

    def counts(self) -> dict[str, int]:
        """The finished report's counts, as the summary line shows them."""
        r = self.report or {}
        sweep = r.get("sweep", {})
        return {"seen": len(r.get("seen", [])), "missing": len(r.get("missing", [])),
                "misplaced": len(r.get("misplaced", [])), "problems": int(sweep.get("problems", 0)),
                "passes": int(sweep.get("passes", 0))}

    def problem_lines(self) -> list[str]:
        return [self.problems.item(i).text() for i in range(self.problems.count())]

    # -- language, size, screenshots ---------------------------------------------------
    def set_language(self, lang: str) -> None:
        """Install ``lang``'s translator and re-say every text, the problem lines too."""
        app = QCoreApplication.instance()
        installed = SweepWindow._installed  # one per application: a closed window's may linger
        if installed is not None and app is not None:
            app.removeTranslator(installed)
        self._translator = SweepWindow._installed = i18n.translator(lang)
        if self._translator is not None and app is not None:
            app.installTranslator(self._translator)
        index = self.language.findData(lang)
        if index >= 0 and index != self.language.currentIndex():
            self.language.blockSignals(True)
            self.language.setCurrentIndex(index)
            self.language.blockSignals(False)
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(tr("Find") if self._find else tr("Shelf sweep"))
        self.large.setText(tr("Large type"))
        if self.picker is not None:
            self.picker.retranslate()
        if self.status.text() == "" and not self.done:
            self.status.setText(tr("Ready"))
        self.problems.clear()
        for event in self._events:
            if event.get("event") in ("problem", "found", "marker_fixed"):
                self.problems.addItem(self._line(event))
        if self.error is not None:
            self.status.setText(tr("Stopped: %1").replace("%1", self.error))
        elif self.report is not None:
            self._show_report(self.report)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def set_large(self, large: bool) -> None:
        font = self.font()
        font.setPointSize(20 if large else 11)
        self.setFont(font)
        if self.large.isChecked() != large:
            self.large.setChecked(large)

    def screenshot(self, path: str | Path, size: str | tuple[int, int] = "handheld") -> Path:
        """Render at ``size`` (800×480 handheld, 1280×800 tablet) into a PNG."""
        width, height = SIZES[size] if isinstance(size, str) else size
        self.resize(width, height)
        QApplication.processEvents()
        out = Path(path)
        out.parent.mkdir(parents=True, exist_ok=True)
        if not self.grab().save(str(out), "PNG"):
            raise OSError(f"cannot write {out}")
        return out
