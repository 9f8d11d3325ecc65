"""`rfid-edge inventory sweep` through the entry point, on the handheld emulator's pty in real
time: JSON lines while the wand walks, then the report; a busy reader is one line."""

from __future__ import annotations

import json
import subprocess
import sys

from hwsim.shelf import start_shelf_reader


def test_a_headless_sweep_prints_ranges_problems_and_the_report(tmp_path) -> None:
    reader = start_shelf_reader({"name": "hh", "walks": 1, "start_s": 4.0, "port": str(tmp_path / "ttyHH"),
                                 "shelf": {"ranges": 2, "items_per_range": 12, "seed": 5, "hard_share": 0.0}},
                                realistic=True)
    try:
        assert reader.layout is not None
        done = subprocess.run(
            [sys.executable, "-m", "rfid_edge", "inventory", "sweep", "--reader", reader.describe()["url"],
             "--shelf-list", reader.shelf_list_path, "--headless", "--passes", "1", "--idle", "1.0",
             "--wait", "20"], capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        lines = [json.loads(line) for line in done.stdout.splitlines()]
        assert [e["range"] for e in lines if e.get("event") == "range"] == ["R01", "R02"]
        report = lines[-1]
        assert report["event"] == "report"
        planted = reader.layout.planted
        assert {m["item_id"] for m in report["missing"]} == set(planted["missing"])
        assert {m["item_id"] for m in report["misplaced"]} == set(planted["misplaced"])
        assert any(e.get("problem") == "security_mismatch" for e in lines)
        # the reader is still held by nobody; held by us, a second sweep is told so in one line
        from drivers.registry import open_reader

        with open_reader(reader.describe()["url"]):
            busy = subprocess.run(
                [sys.executable, "-m", "rfid_edge", "inventory", "sweep", "--reader", reader.describe()["url"],
                 "--shelf-list", reader.shelf_list_path], capture_output=True, text=True, timeout=60)
        assert busy.returncode == 1 and busy.stdout == ""
        assert len(busy.stderr.strip().splitlines()) == 1
    finally:
        reader.stop()
