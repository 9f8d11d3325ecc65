"""`rfid-edge demo`'s inventory part: a headless sweep of the simulated shelf on the sweep
screen prints its summary as JSON lines (the planted problems found) and saves the screen's
screenshots, at both sizes and in both languages, into the demo's folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtGui import QImage

from rfid_edge.commands import demo


def test_the_demo_inventory_part_prints_the_summary_and_saves_the_screenshots(qapp: Any, tmp_path: Path,
                                                                           monkeypatch: Any) -> None:
    lines: list[dict] = []
    monkeypatch.setattr(demo, "emit", lines.append)
    summary = demo._inventory(tmp_path)
    assert lines[-1] == summary and summary["inventory"] == "summary"
    ranges = [line for line in lines if line.get("inventory") == "range"]
    assert [r["range"] for r in ranges] == ["R01", "R02"]
    # the shelf's planted problems (seed 5): two missing, two misplaced, each said in a line
    assert len(summary["missing_items"]) == 2 and len(summary["misplaced_items"]) == 2
    assert sorted(i for r in ranges for i in r["missing"]) == summary["missing_items"]
    problems = [line["line"] for line in lines if line.get("inventory") == "problem"]
    for item in summary["misplaced_items"]:
        assert any(item in p and "belongs in" in p for p in problems)
    assert summary["marker_fixes"] >= 1
    names = sorted(Path(p).name for p in summary["screenshots"])
    assert names == sorted(f"inventory-sweep-{lang}-{size}.png" for lang in ("zh_TW", "en")
                           for size in ("handheld", "tablet"))
    images = {name: QImage(str(tmp_path / name)) for name in names}
    for image in images.values():  # not blank: text, bars and frames
        assert len({image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}) > 3
    assert images["inventory-sweep-zh_TW-handheld.png"] != images["inventory-sweep-en-handheld.png"]
    assert (images["inventory-sweep-en-tablet.png"].width(), images["inventory-sweep-en-tablet.png"].height()) \
        == (1280, 800)
