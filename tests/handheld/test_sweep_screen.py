"""The sweep screen driven through the real pty and FEIG driver over the simulated shelf: the
planted problems as lines saying where each book belongs, the final counts, in zh-TW and en;
screenshots at 800×480 and 1280×800, non-blank and different by language."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QImage

from inventory_scanner.shelflist import ShelfList, read_csv
from inventory_scanner.sweep import SweepSession
from inventory_scanner.sweep.ui.window import SweepWindow
from inventory_scanner.sweep.ui.work import sweep_work

SHELF = {"ranges": 2, "items_per_range": 16, "seed": 5, "hard_share": 0.0}


def _sweep_on_screen(shelf_screen: Any, language: str) -> tuple[SweepWindow, Any]:
    screen = shelf_screen(f"screen-{language}", SHELF)
    layout = screen.reader.layout
    shelf = ShelfList.from_rows(read_csv(io.StringIO(layout.shelf_list_csv())))
    session = SweepSession(shelf, library_isil=layout.settings.library_isil)
    work = sweep_work(screen.driver, session, passes=1, idle_s=1.5, wait_s=30.0,
                      clock=screen.reader.clock.now)
    window = screen.run(work, show=True, title="2F", language=language)
    assert window.error is None, window.error
    return window, layout


@pytest.mark.parametrize("language", ["zh_TW", "en"])
def test_the_screen_shows_the_planted_problems_and_the_final_counts(shelf_screen: Any,
                                                                    tmp_path: Path,
                                                                    language: str) -> None:
    window, layout = _sweep_on_screen(shelf_screen, language)
    planted = layout.planted
    lines = window.problem_lines()
    word = {"zh_TW": "錯架", "en": "Misplaced"}[language]
    belongs = {"zh_TW": "應放在", "en": "belongs in"}[language]
    for item in planted["misplaced"]:
        assert any(item in line and word in line and belongs in line for line in lines), (item, lines)
    counts = window.counts()
    assert counts["missing"] == len(planted["missing"]) and counts["misplaced"] == len(planted["misplaced"])
    assert counts["passes"] == 1 and counts["seen"] > 0
    assert str(counts["seen"]) in window.summary.text()
    assert window.status.text() == {"zh_TW": "盤點完成", "en": "Sweep finished"}[language]
    # each range's bar ends at found / expected
    for entry in window.report["sweep"]["ranges"]:  # type: ignore[index]
        bar = window._bars[entry["range"]][1]
        assert (bar.value(), bar.maximum()) == (entry["found"], max(entry["expected"], entry["found"], 1))


def test_screenshots_at_both_sizes_differ_by_language(shelf_screen: Any, tmp_path: Path) -> None:
    window, _ = _sweep_on_screen(shelf_screen, "zh_TW")
    shots: dict[tuple[str, str], QImage] = {}
    for language in ("zh_TW", "en"):
        window.set_language(language)
        for size, dims in (("handheld", (800, 480)), ("tablet", (1280, 800))):
            path = window.screenshot(tmp_path / f"sweep-{language}-{size}.png", size)
            image = QImage(str(path))
            assert (image.width(), image.height()) == dims
            colours = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
            assert len(colours) > 3, "blank screenshot"
            shots[(language, size)] = image
    for size in ("handheld", "tablet"):
        assert shots[("zh_TW", size)] != shots[("en", size)]
    window.set_large(True)
    large = QImage(str(window.screenshot(tmp_path / "sweep-en-large.png", "handheld")))
    assert large != shots[("en", "handheld")]
