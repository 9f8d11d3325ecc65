"""`rfid-edge central shelf-list` writes the edge's JSON lines, and `rfid-edge inventory
reconcile --shelf-list` reads them back (both through the real entry point)."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

from sync.ils.reference import ReferenceILS

UID = "E004010012345678"


def _cli(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "rfid_edge", *args], capture_output=True,
                          text=True, env=env, check=True, timeout=120)


def test_shelf_list_round_trip_through_reconcile(tmp_path: Path) -> None:
    conf = tmp_path / "device.toml"
    conf.write_text(f'[device]\nid = "centre-1"\ndata_dir = "{tmp_path / "var"}"\n')
    env = dict(os.environ, RFID_EDGE_CONFIG=str(conf))
    _cli("central", "seed", "--items", "300", "--patrons", "10", env=env)
    with ReferenceILS(tmp_path / "var" / "central" / "ils.db") as ils:
        whole = ils.shelf_list("TPML-MAIN")
        tagged = next(r["item_id"] for r in whole if r["status"] == "available"
                      and r["call_number"].startswith("8"))
        ils.tag_programmed(tagged, UID, model="iso28560-3",
                           event_time=dt.datetime(2026, 3, 1, tzinfo=dt.UTC))
    out = _cli("central", "shelf-list", "--branch", "TPML-MAIN", "--range", "800:900",
               env=env).stdout
    rows = [json.loads(line) for line in out.splitlines()]
    assert rows and all(r["branch"] == "TPML-MAIN" and r["call_number"] >= "8"
                        and r["call_number"] < "9" for r in rows)
    assert len(rows) < len(whole)
    assert {r["item_id"]: r.get("uid") for r in rows}[tagged] == UID
    shelf = tmp_path / "shelf.jsonl"
    shelf.write_text(out, encoding="utf-8")
    reads = tmp_path / "reads.jsonl"
    reads.write_text(json.dumps({"t": 1.0, "uid": UID}) + "\n", encoding="utf-8")
    report = json.loads(_cli("inventory", "reconcile", "--shelf-list", str(shelf), "--reads",
                             str(reads), "--range", "800..900", env=env).stdout)
    assert report["shelf_list"] == {"rows": len(rows), "skipped": 0, "errors": []}
    assert report["expected"] and set(report["expected"]) <= {r["item_id"] for r in rows}
    assert tagged in report["seen"]
    assert tagged not in {m["item_id"] for m in report["missing"]}
    assert _cli("central", "inventory", "passes", env=env).stdout == ""  # none yet
    with ReferenceILS(tmp_path / "var" / "central" / "ils.db") as ils:
        ils.inventory_seen(tagged, location="TPML-MAIN-3F-A12", branch="TPML-MAIN",
                           event_time=dt.datetime(2026, 3, 2, tzinfo=dt.UTC), pass_id="p1",
                           range_from="800", range_to="900")
    listed = _cli("central", "inventory", "passes", "--branch", "TPML-MAIN", env=env).stdout
    assert [json.loads(line) for line in listed.splitlines()] == [{
        "pass_id": "p1", "branch": "TPML-MAIN", "location": "TPML-MAIN-3F-A12",
        "range_from": "800", "range_to": "900", "started": "2026-03-02T00:00:00.000Z",
        "seen": 1, "marked_missing": 0}]
