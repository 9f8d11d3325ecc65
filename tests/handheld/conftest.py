"""Fixtures for the handheld tests: the sweep screen run over a simulated shelf."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from drivers.registry import open_reader
from hwsim.shelf import ShelfReader, start_shelf_reader
from inventory_scanner.sweep.ui.window import SweepWindow


class ShelfScreen:
    """A simulated shelf's handheld reader, its FEIG driver through the real pty, and a
    :class:`SweepWindow` run over them: the whole shelf is walked, then the work runs."""

    def __init__(self, qtbot: Any, name: str, shelf: dict[str, Any]) -> None:
        self.qtbot = qtbot
        self.reader: ShelfReader = start_shelf_reader({"name": name, "walks": 0, "shelf": shelf},
                                                      realistic=False)
        assert self.reader.layout is not None and self.reader.clock is not None
        self.driver = open_reader(self.reader.describe()["url"])

    def run(self, work: Callable[[Any], dict[str, Any]], *, show: bool = False,
            **window: Any) -> SweepWindow:
        """Walk the shelf and run ``work`` on a new window (``window``: its arguments) until it
        is done; then the driver and the reader are closed."""

        def walk_then_work(emit: Any) -> dict[str, Any]:
            self.reader.walk_all()
            return work(emit)

        screen = SweepWindow(**window)
        self.qtbot.addWidget(screen)
        if show:
            screen.show()
        try:
            screen.start(walk_then_work)
            self.qtbot.waitUntil(lambda: screen.done, timeout=120_000)
        finally:
            if screen._thread is not None:
                screen._thread.join(10.0)
            self.close()
        return screen

    def close(self) -> None:
        driver, self.driver = self.driver, None
        if driver is not None:
            driver.close()
            self.reader.stop()


@pytest.fixture
def shelf_screen(qtbot: Any) -> Iterator[Callable[[str, dict[str, Any]], ShelfScreen]]:
    """``shelf_screen(name, shelf)``: a :class:`ShelfScreen` on a new simulated shelf
    (``shelf``: :class:`hwsim.shelf.ShelfSettings` keys); closed at the end if not before."""
    opened: list[ShelfScreen] = []

    def make(name: str, shelf: dict[str, Any]) -> ShelfScreen:
        opened.append(ShelfScreen(qtbot, name, shelf))
        return opened[-1]

    yield make
    for screen in opened:
        screen.close()
