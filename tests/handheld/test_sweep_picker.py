"""The sweep screen's picker (issue 15): a range or a pull list chosen from a shelf-list file or
the centre, in every language through Qt's translations (vi and id compiled from their .ts
here, into a cache of this test's own); and a range picked on the screen swept through the
real pty and FEIG driver by the same wiring `rfid-edge inventory screen` uses."""

from __future__ import annotations

import argparse
import json
import sqlite3
import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from drivers.registry import open_reader
from drivers.tags.marker import MarkerSettings
from hwsim.shelf import start_shelf_reader
from inventory_scanner.settings import InventorySettings
from inventory_scanner.sweep.ui.picker import ListPicker
from inventory_scanner.sweep.ui.window import SweepWindow
from rfid_edge.commands.inventory import _picked, _screen_work, _to_outbox
from sync.device import DeviceSettings

CSV = """item_id,call_number,title,status,hold
A1,863.57 835,一,available,
A2,863.57 8345,二,available,yes
A3,861.6 4432,三,on_loan,
B1,857.7 4421,四,available,
B2,857.63 1234,五,available,
"""

SAID = {
    "vi": {"start": "Bắt đầu", "heading": "Chọn dãy kệ hoặc danh sách cần lấy",
           "ranges": ["850 (2 cuốn)", "860 (3 cuốn)"], "pull": "Danh sách cần lấy: 1 cuốn",
           "centre": "Lấy từ trung tâm", "low": "Từ ký hiệu xếp giá"},
    "id": {"start": "Mulai", "heading": "Pilih rentang rak atau daftar tarik",
           "ranges": ["850 (2 eksemplar)", "860 (3 eksemplar)"], "pull": "Daftar tarik: 1 eksemplar",
           "centre": "Ambil dari pusat", "low": "Dari nomor panggil"},
    "zh_TW": {"start": "開始", "heading": "選擇書架區段或調閱清單", "ranges": ["850（2 冊）", "860（3 冊）"],
              "pull": "調閱清單：1 冊", "centre": "從中心取得", "low": "起始索書號"},
    "en": {"start": "Start", "heading": "Choose a range or a pull list", "ranges": ["850 (2 items)", "860 (3 items)"],
           "pull": "Pull list: 1 items", "centre": "From the centre", "low": "From call number"},
}


@pytest.fixture(autouse=True)
def _own_translation_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Compile this worktree's .ts files afresh (the shared cache keys on file times only)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def test_the_picker_speaks_vi_and_id_and_chooses_a_range_of_a_file(qtbot: Any, tmp_path: Path) -> None:
    shelf = tmp_path / "3F.csv"
    shelf.write_text(CSV, encoding="utf-8")
    window = SweepWindow(title="3F", language="vi")
    qtbot.addWidget(window)
    picker = ListPicker(path=str(shelf))
    window.offer(picker)
    window.show()
    for language in ("vi", "id", "zh_TW", "en"):
        window.set_language(language)
        said = SAID[language]
        assert picker.start.text() == said["start"], language
        assert picker.heading.text() == said["heading"]
        assert [picker.ranges.item(i).text() for i in range(picker.ranges.count())] == said["ranges"]
        assert said["pull"] in picker.mode.itemText(1)
        assert picker.source.itemText(1) == said["centre"]
        assert picker._labels["low"].text() == said["low"]
        assert picker.isVisible() and not window.problems.isVisible()
    window.set_language("id")
    picker.ranges.setCurrentRow(0)
    assert (picker.low.text(), picker.high.text()) == ("850", "860")
    with qtbot.waitSignal(picker.chosen, timeout=5000) as chosen:
        qtbot.mouseClick(picker.start, Qt.MouseButton.LeftButton)
    assert chosen.args == [{"source": "file", "path": str(shelf), "mode": "sweep", "range": "850..860"}]
    picker.source.setCurrentIndex(1)  # the centre: a range is needed, no file
    picker.low.setText("")
    picker.high.setText("")
    assert picker.choice() is None and picker.note.text() == "Pilih berkas atau rentang"
    picker.low.setText("863")
    picker.mode.setCurrentIndex(1)
    assert picker.choice() == {"source": "centre", "path": None, "mode": "find", "range": "863.."}
    picker.source.setCurrentIndex(0)
    picker.load(str(tmp_path / "none.csv"))
    assert picker.note.text().startswith("Tidak dapat membaca none.csv") and picker.ranges.count() == 0


def test_a_range_picked_on_the_screen_is_swept_through_the_pty(qtbot: Any, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    reader = start_shelf_reader({"name": "picker", "walks": 0, "shelf": {"ranges": 2, "items_per_range": 12,
                                                                         "seed": 5, "hard_share": 0.0}},
                                realistic=False)
    assert reader.layout is not None and reader.clock is not None
    driver = open_reader(reader.describe()["url"])
    stop = threading.Event()
    window = SweepWindow(title="", language="vi")
    qtbot.addWidget(window)
    picker = ListPicker(path=reader.shelf_list_path)
    window.offer(picker)
    window.show()
    args = argparse.Namespace(shelf_list=None, pull_list=None, from_centre=None, range=None, format="auto",
                              fix_markers=False, passes=1, idle=1.5, wait=30.0, branch=None, location=None)
    device = DeviceSettings(library_isil=reader.layout.settings.library_isil, data_dir=str(tmp_path))

    kept: dict[str, Any] = {}

    def start(choice: dict[str, Any]) -> None:  # as `inventory screen` connects it
        make = _screen_work(_picked(args, choice), InventorySettings(), MarkerSettings(), device, stop,
                            find=choice["mode"] == "find", keep=kept)

        def work(emit: Any) -> dict[str, Any]:
            reader.walk_all()
            return make(driver)(emit)

        window.start(work)

    picker.chosen.connect(start)
    try:
        texts = [picker.ranges.item(i).text() for i in range(picker.ranges.count())]
        assert texts == ["100 (24 cuốn)", "150 (2 cuốn)"]  # the shelf's two ranges; the strays' class
        picker.ranges.setCurrentRow(0)
        qtbot.mouseClick(picker.start, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: window.done, timeout=120_000)
    finally:
        stop.set()
        if window._thread is not None:
            window._thread.join(10.0)
        driver.close()
        reader.stop()
    assert window.error is None, window.error
    assert not picker.isVisible() and window.problems.isVisible()
    planted = reader.layout.planted
    report = window.report or {}
    assert {m["item_id"] for m in report["missing"]} == set(planted["missing"])
    # the strays of class 150 are outside the range picked: misplaced, said so in Vietnamese
    assert {m["item_id"] for m in report["misplaced"]} == set(planted["misplaced"])
    assert any("Đặt sai chỗ" in line for line in window.problem_lines())
    assert window.status.text() != "" and window.counts()["passes"] == 1
    # `screen --outbox`: the items seen, each in the pass of its range (bounded by the pick)
    conf = tmp_path / "hh.toml"
    conf.write_text(f'[device]\nid = "hh-01"\nbranch = "MAIN"\ndata_dir = "{tmp_path}"\n', encoding="utf-8")
    monkeypatch.setenv("RFID_EDGE_CONFIG", str(conf))
    settings = DeviceSettings(id="hh-01", branch="MAIN", data_dir=str(tmp_path))
    enqueued = _to_outbox(argparse.Namespace(config=None), report, kept["session"], InventorySettings(), settings)
    with sqlite3.connect(tmp_path / "outbox.db") as db:
        payloads = [json.loads(m)["payload"] for (m,) in db.execute("SELECT message FROM outbox")]
    assert enqueued == len(payloads) == len(report["seen"])
    starts = {m["range"]: m["start"] for m in planted["markers"]}
    in_pass = [p for p in payloads if "pass_id" in p]
    assert {(p["range_from"], p["range_to"]) for p in in_pass} == {(starts["R01"], starts["R02"]),
                                                                   (starts["R02"], "150")}
    assert {p["item_id"] for p in payloads if "pass_id" not in p} == set(planted["misplaced"])
