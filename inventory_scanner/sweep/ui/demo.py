"""The demo's inventory part (headless): a sweep of a simulated shelf range with problems
planted, shown on the sweep screen; its report summary as JSON lines and the screen's
screenshots (zh-TW and en, 800×480 and 1280×800).

The simulated shelf is passed in started (``rfid_edge`` starts it from ``hwsim``): anything
with ``describe()["url"]``, ``layout`` (its ``shelf_list_csv()``, ``settings.library_isil``),
``clock.now`` and ``walk_all()``.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication

from drivers.registry import open_reader
from inventory_scanner.shelflist import ShelfList, read_csv
from inventory_scanner.sweep.session import SweepSession
from inventory_scanner.sweep.ui.window import SIZES, SweepWindow
from inventory_scanner.sweep.ui.work import sweep_work

Emit = Callable[[dict[str, Any]], None]


def run_inventory_demo(shelf: Any, out_dir: Path, emit: Emit, *, timeout_s: float = 120.0) -> dict[str, Any]:
    """One pass over the shelf on the screen; returns the summary (also emitted)."""
    items = ShelfList.from_rows(read_csv(io.StringIO(shelf.layout.shelf_list_csv())))
    session = SweepSession(items, library_isil=shelf.layout.settings.library_isil, fix_markers=True)
    window = SweepWindow(title="demo shelf", language="en")  # the JSON lines in English
    window.show()
    with open_reader(shelf.describe()["url"]) as driver:
        work = sweep_work(driver, session, passes=1, idle_s=1.5, wait_s=30.0, clock=shelf.clock.now)

        def walk_then_sweep(out: Emit) -> dict[str, Any]:
            shelf.walk_all()
            return work(out)

        window.start(walk_then_sweep)
        deadline = time.monotonic() + timeout_s
        while not window.done and time.monotonic() < deadline:
            QCoreApplication.processEvents()
            time.sleep(0.02)
        if window._thread is not None:
            window._thread.join(10.0)
        QCoreApplication.processEvents()
    if window.report is None:
        window.close()
        raise RuntimeError(f"inventory demo: {window.error or 'the sweep did not finish'}")
    report = window.report
    for entry in report["sweep"]["ranges"]:
        emit({"inventory": "range", "range": entry["range"], "expected": entry["expected"],
              "found": entry["found"], "missing": entry["missing"]})
    for line in window.problem_lines():
        emit({"inventory": "problem", "line": line})
    shots = []
    for lang in ("zh_TW", "en"):
        window.set_language(lang)
        for size in SIZES:
            path = window.screenshot(out_dir / f"inventory-sweep-{lang}-{size}.png", size)
            shots.append(str(path))
    window.close()
    summary = {"inventory": "summary", **window.counts(),
               "misplaced_items": sorted(m["item_id"] for m in report["misplaced"]),
               "missing_items": sorted(m["item_id"] for m in report["missing"]),
               "marker_fixes": len(report["sweep"].get("marker_fixes") or []), "screenshots": shots}
    emit(summary)
    return summary
