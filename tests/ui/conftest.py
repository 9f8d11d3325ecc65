"""UI test fixtures: a real station on the simulator (kiosk.sim.station) with the touch UI on top.

Screens are driven through real sessions: the FEIG emulator behind a pty is the item pad, the
reference ILS answers, the outbox is SQLite on disk. Screenshots of every screen go to
``build/screenshots/<lang>/`` and are checked (not blank, every glyph in Noto Sans CJK TC).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton

from kiosk.core import events as E
from kiosk.core.core import hash_pin
from kiosk.sim.station import SimStation
from kiosk.ui import i18n, shots
from kiosk.ui.app import KioskWindow, UiOptions
from rfid_edge import config as configuration

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "build" / "screenshots"
STAFF_ID = "S0001"
STAFF_PIN = "2468"


@pytest.fixture(scope="session", autouse=True)
def _translations() -> None:
    i18n.build()  # the .qm files are build products: compile them the way the launcher does


class Ui:
    """A station, its window and helpers to act like a patron and to take checked screenshots."""

    def __init__(self, qtbot: Any, sim: SimStation, win: KioskWindow) -> None:
        self.qtbot, self.sim, self.win = qtbot, sim, win
        self.reports: list[shots.ShotReport] = []

    @property
    def model(self):
        return self.win.model

    def wait(self, predicate: Callable[[], bool], timeout_ms: int = 15000) -> None:
        self.qtbot.waitUntil(predicate, timeout=timeout_ms)

    def wait_state(self, state: E.State, timeout_ms: int = 15000) -> None:
        self.wait(lambda: self.win.model.state is state, timeout_ms)

    def wait_screen(self, name: str, timeout_ms: int = 15000) -> None:
        self.wait(lambda: self.win.screen_name() == name, timeout_ms)

    def tap(self, button: QAbstractButton) -> None:
        self.wait(lambda: button.isVisible(), 2000)  # a widget added to a shown layout appears on the next loop turn
        assert button.isEnabled(), f"{button.text()!r} is not tappable"
        self.qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    def shot(self, name: str, langs: tuple[str, ...] = ("zh_TW", "en")) -> None:
        """Screenshot the current screen in each language, check it, restore the language."""
        before = self.win.lang
        for lang in langs:
            self.win.set_language(lang, tell_core=False)
            self.qtbot.wait(20)
            self.wait(lambda: not _clipped_buttons(self.win), 3000)  # the new words laid out
            report = shots.capture(self.win, SHOTS / lang / f"{name}.png")
            assert not report.blank, f"{name} [{lang}] is blank"
            assert not report.missing, f"{name} [{lang}] missing glyphs: {report.missing}"
            assert not report.wrong_family, f"{name} [{lang}] drawn with {report.wrong_family}"
            self.reports.append(report)
        self.win.set_language(before, tell_core=False)


def _clipped_buttons(win: KioskWindow) -> list[str]:
    """Visible one-line buttons whose text is wider than the button."""
    return [b.text() for b in win.findChildren(QAbstractButton) if b.isVisibleTo(win) and b.text()
            and "\n" not in b.text() and b.fontMetrics().horizontalAdvance(b.text()) > b.width()]


@pytest.fixture
def make_ui(qtbot: Any, tmp_path: Path) -> Iterator[Callable[..., Ui]]:
    stack: list[SimStation] = []

    def make(station: str = "self_checkout", *, size: tuple[int, int] = (1920, 1080),
             kiosk: dict[str, Any] | None = None, **options: Any) -> Ui:
        overrides = {"kiosk": {"staff": {STAFF_ID: hash_pin(STAFF_PIN, "uitest")}, **(kiosk or {})}}
        sim = SimStation(config=configuration.load(None), station=station,
                         workdir=tmp_path / f"st{len(stack)}", items=120, patrons=30,
                         overrides=overrides).__enter__()
        stack.append(sim)
        opts = UiOptions.from_config(sim.config)
        opts.speech, opts.sound = options.pop("speech", False), options.pop("sound", False)
        for key, value in options.items():
            setattr(opts, key, value)
        win = KioskWindow(sim.core, opts)
        qtbot.addWidget(win)
        win.resize(*size)
        win.show()
        qtbot.waitExposed(win)
        return Ui(qtbot, sim, win)

    yield make
    for sim in stack:
        sim.close()


def patron_with_loans(sim: SimStation) -> tuple[str, list[str]]:
    """A patron who may borrow and has loans, and those loans' item ids (seeded demo data)."""
    good = {p.patron_id for p in sim.data.good_patrons()}
    for pid in sorted({p for p, _, _ in sim.data.loans} & good):
        return pid, sorted(item for p, item, _ in sim.data.loans if p == pid)
    raise LookupError("no patron with loans in the demo data")


def patron_with_ready_hold(sim: SimStation) -> tuple[str, list[str]]:
    branch = sim.config["device"]["branch"]
    good = {p.patron_id for p in sim.data.good_patrons()}
    ready: dict[str, list[str]] = {}
    for pid, item, pickup, status in sim.data.holds:
        if status == "ready" and pickup == branch and pid in good:
            ready.setdefault(pid, []).append(item)
    pid = sorted(ready)[0]
    return pid, sorted(ready[pid])
