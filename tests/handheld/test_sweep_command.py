"""`rfid-edge inventory sweep` through the entry point, on the handheld emulator's pty in real
time: JSON lines while the wand walks, then the report, the markers fixed and the items seen in
the outbox; a busy reader is one line."""

from __future__ import annotations

import json
import subprocess
import sys

from hwsim.shelf import start_shelf_reader
from sync.edge.outbox import Outbox


def test_a_headless_sweep_prints_ranges_problems_and_the_report(tmp_path) -> None:
    reader = start_shelf_reader({"name": "hh", "walks": 1, "start_s": 4.0, "port": str(tmp_path / "ttyHH"),
                                 "shelf": {"ranges": 2, "items_per_range": 12, "seed": 5, "hard_share": 0.0}},
                                realistic=True)
    try:
        assert reader.layout is not None
        config = tmp_path / "handheld.toml"
        config.write_text(f'[device]\nid = "hh-01"\nbranch = "MAIN"\nlibrary_isil = "TW-TPML"\n'
                          f'data_dir = "{tmp_path}"\n', encoding="utf-8")
        done = subprocess.run(
            [sys.executable, "-m", "rfid_edge", "inventory", "--config", str(config), "sweep",
             "--reader", reader.describe()["url"], "--shelf-list", reader.shelf_list_path, "--headless",
             "--passes", "1", "--idle", "1.0", "--wait", "20", "--fix-markers", "--outbox"],
            capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        lines = [json.loads(line) for line in done.stdout.splitlines()]
        assert [e["range"] for e in lines if e.get("event") == "range"] == ["R01", "R02"]
        report, outbox_line = lines[-2], lines[-1]
        assert report["event"] == "report"
        planted = reader.layout.planted
        assert {m["item_id"] for m in report["missing"]} == set(planted["missing"])
        assert {m["item_id"] for m in report["misplaced"]} == set(planted["misplaced"])
        assert any(e.get("problem") == "security_mismatch" for e in lines)
        fixed = [e for e in lines if e.get("event") == "marker_fixed"]
        assert {e["item_id"] for e in fixed} == set(planted["wrong_afi"])
        assert all(e["verdict"] == "ok" for e in fixed)
        # every item seen waits in the durable outbox as one inventory_seen transaction
        with Outbox(tmp_path / "outbox.db", device_id="hh-01", branch="MAIN") as outbox:
            rows = [json.loads(r.message)["payload"] for r in outbox.unanswered() if r.type == "inventory_seen"]
        assert outbox_line == {"event": "outbox", "enqueued": len(rows)}
        assert {r["item_id"] for r in rows} == set(report["seen"])
        moved = {m["item_id"] for m in report["moves"]} | set(planted["misplaced"])
        assert {r["item_id"] for r in rows if r["shelf_order_ok"] is False} == moved
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
