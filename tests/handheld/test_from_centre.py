"""A sweep against the centre's shelf list, end to end (issues 14, 15): `rfid-edge inventory
sweep --from-centre` fetches the range over a real mosquitto from `rfid-edge central run`,
caches it, sweeps the simulated shelf through the FEIG pty, and its items go through the
outbox and `rfid-edge sync run` to the centre as passes: `central inventory passes` lists one
per range, and after `inventory_missing_after_passes` passes without an item it is recorded
missing. Offline, the cached copy is used and stderr says so; with none, one line, exit 1.
The shelf runs instant: its clock is the reader's air time, so a walk starts only once read."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from hwsim.shelf import start_shelf_reader
from sync.broker import Broker
from sync.ils import seed
from sync.ils.reference import ReferenceILS, catalogue

RANGE = "100..101"  # the simulated shelf's call numbers are "100 1000" … "100 3070"
SHELF = {"ranges": 2, "items_per_range": 12, "seed": 5, "hard_share": 0.0}


def _cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "rfid_edge", *args], capture_output=True,
                          text=True, timeout=timeout)


def _centre(tmp: Path, port: int, layout: Any) -> Path:
    """The centre's config and its reference ILS holding the simulated shelf's items (in
    branch MAIN, with the tag UIDs the shelf list knows)."""
    conf = tmp / "centre.toml"
    conf.write_text(f'[device]\nid = "centre"\ndata_dir = "{tmp / "centre"}"\n'
                    f'[central]\nbroker_port = {port}\ncache_interval_s = 0\n'
                    'inventory_missing_after_passes = 1\n', encoding="utf-8")
    with ReferenceILS(tmp / "centre" / "central" / "ils.db") as ils:
        seed.ensure_rules(ils)  # item types for the library's own items
        catalogue.load_branches(ils, [{"code": "MAIN", "name": "總館"}])
        rows = [r for r in layout.rows if r["call_number"].startswith("100 ")]
        loaded = catalogue.load_items(ils, ({"id": r["item_id"], "title": r["title"],
                                             "home_branch": "MAIN", "call_number": r["call_number"]}
                                            for r in layout.rows))
        assert loaded.loaded == len(layout.rows)
        for r in rows:
            if r["uid"]:
                ils.tag_programmed(r["item_id"], r["uid"], model="iso28560-3",
                                   event_time=dt.datetime(2026, 3, 1, tzinfo=dt.UTC))
    return conf


def _drained(device_conf: Path, want: int, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        status = json.loads(_cli("sync", "--config", str(device_conf), "status").stdout)
        if status["queue_depth"] == 0 and status["applied"] >= want:
            return
        assert time.monotonic() < deadline, status
        time.sleep(0.5)


def _sweep(reader: Any, device_conf: Path, *extra: str, walk: bool = True
           ) -> subprocess.CompletedProcess:
    """The README's sweep on the simulated shelf; the wand walks once the command said where
    its shelf list came from (so no walk starts before the sweep reads)."""
    command = [sys.executable, "-m", "rfid_edge", "inventory", "--config", str(device_conf), "sweep",
               "--reader", reader.describe()["url"], "--from-centre", RANGE, "--headless", "--passes", "1",
               "--idle", "1.0", "--wait", "30" if walk else "1", *extra]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stderr is not None
    said = proc.stderr.readline()  # "shelf list of … from the centre" or "offline (…): using …"
    if walk:
        reader.walk_all(delay_s=2.0)
    out, err = proc.communicate(timeout=180)
    return subprocess.CompletedProcess(command, proc.returncode, out, said + err)


def test_sweeps_from_the_centre_make_passes_and_record_missing_items(tmp_path: Path) -> None:
    reader = start_shelf_reader({"name": "fc", "walks": 0, "port": str(tmp_path / "ttyFC"),
                                 "shelf": SHELF}, realistic=False)
    broker = Broker().start()
    procs: list[subprocess.Popen] = []
    try:
        layout = reader.layout
        assert layout is not None
        centre_conf = _centre(tmp_path, broker.port, layout)
        device_conf = tmp_path / "handheld.toml"
        device_conf.write_text(f'[device]\nid = "hh-01"\nbranch = "MAIN"\nlibrary_isil = "TW-TPML"\n'
                               f'data_dir = "{tmp_path / "hh"}"\n'
                               f'[sync]\nbroker_port = {broker.port}\nrequest_timeout_s = 5\n',
                               encoding="utf-8")
        central = subprocess.Popen([sys.executable, "-m", "rfid_edge", "central", "--config",
                                    str(centre_conf), "run"], stdout=subprocess.PIPE,
                                   stderr=subprocess.DEVNULL, text=True)
        procs.append(central)
        assert central.stdout is not None
        assert json.loads(central.stdout.readline())["event"] == "running"
        procs.append(subprocess.Popen([sys.executable, "-m", "rfid_edge", "sync", "--config",
                                       str(device_conf), "run"], stdout=subprocess.DEVNULL,
                                      stderr=subprocess.DEVNULL))
        planted = layout.planted
        in_range = [r["item_id"] for r in layout.rows if r["call_number"].startswith("100 ")]

        first = _sweep(reader, device_conf, "--outbox")
        assert first.returncode == 0, first.stderr
        assert f"shelf list of {RANGE} from the centre: {len(in_range)} items, cached in" in first.stderr
        lines = [json.loads(line) for line in first.stdout.splitlines()]
        report = next(e for e in lines if e.get("event") == "report")
        assert {m["item_id"] for m in report["missing"]} == set(planted["missing"])
        # books of another class shelved here are not in the range's list: the centre was asked
        # about them, so they are misplaced (belonging in 150), not unknown tags
        strays = set(planted["misplaced"])
        assert {m["item_id"] for m in report["misplaced"]} == strays
        assert {e["belongs"]["range"] for e in lines if e.get("problem") == "misplaced"} == {"150"}
        assert not strays & {u["item_id"] for u in report["unknown_tags"]}
        assert [e["range"] for e in lines if e.get("event") == "range"] == ["R01", "R02"]
        enqueued = lines[-1]["enqueued"]
        with sqlite3.connect(tmp_path / "hh" / "outbox.db") as db:  # sent or not (the uplink runs)
            payloads = [json.loads(m)["payload"] for (m,) in db.execute("SELECT message FROM outbox")]
        assert len(payloads) == enqueued
        starts = {m["range"]: m["start"] for m in planted["markers"]}
        in_pass = [p for p in payloads if "pass_id" in p]
        bounds = {(p["range_from"], p["range_to"]) for p in in_pass}
        assert bounds == {(starts["R01"], starts["R02"]), (starts["R02"], "101")}
        assert len({p["pass_id"] for p in in_pass}) == 2
        assert {p["item_id"] for p in payloads if "pass_id" not in p} == strays  # seen, in no pass
        _drained(device_conf, enqueued)

        def passes() -> list[dict]:
            out = _cli("central", "--config", str(centre_conf), "inventory", "passes",
                       "--branch", "MAIN")
            assert out.returncode == 0, out.stderr
            return [json.loads(line) for line in out.stdout.splitlines()]

        listed = passes()
        assert [(p["range_from"], p["range_to"]) for p in listed] == [
            (starts["R01"], starts["R02"]), (starts["R02"], "101")]
        assert sum(p["seen"] for p in listed) == enqueued - len(strays) and all(p["marked_missing"] == 0
                                                                  for p in listed)
        with ReferenceILS(tmp_path / "centre" / "central" / "ils.db") as ils:
            assert {ils.item_info(i).status.value for i in planted["missing"]} == {"available"}

        second = _sweep(reader, device_conf, "--outbox")  # the second pass of each range
        assert second.returncode == 0, second.stderr
        report2 = json.loads(second.stdout.splitlines()[-2])
        _drained(device_conf, enqueued + json.loads(second.stdout.splitlines()[-1])["enqueued"])
        listed = passes()
        assert len(listed) == 4 and len({p["pass_id"] for p in listed}) == 4
        unseen = {m["item_id"] for m in report["missing"]}
        assert sum(p["marked_missing"] for p in listed[2:]) == len(unseen)
        with ReferenceILS(tmp_path / "centre" / "central" / "ils.db") as ils:
            status = {i: ils.item_info(i).status.value for i in in_range}
        assert {i for i, s in status.items() if s == "missing"} == unseen - set(report2["seen"])
        assert set(planted["missing"]) <= unseen

        # offline: the centre's broker is gone; the cached range is swept, and stderr says so
        # (no broker to wait for: a second's request timeout is as offline as five)
        broker.stop()
        device_conf.write_text(device_conf.read_text(encoding="utf-8").replace(
            "request_timeout_s = 5", "request_timeout_s = 1"), encoding="utf-8")
        offline = _sweep(reader, device_conf, walk=False)
        assert offline.returncode == 0, offline.stderr
        assert "offline" in offline.stderr and "cached" in offline.stderr
        assert json.loads(offline.stdout.splitlines()[-1])["event"] == "report"
        uncached = _cli("inventory", "--config", str(device_conf), "sweep", "--reader",
                        reader.describe()["url"], "--from-centre", "200..300", "--headless")
        assert uncached.returncode == 1 and uncached.stdout == ""
        assert len(uncached.stderr.strip().splitlines()) == 1
        assert "no copy of this range is cached" in uncached.stderr
    finally:
        for proc in procs:
            proc.terminate()
            proc.wait(20)
        broker.stop()
        reader.stop()


def test_find_from_the_centre_announces_the_ranges_held_item(tmp_path: Path) -> None:
    reader = start_shelf_reader({"name": "ff", "walks": 0, "port": str(tmp_path / "ttyFF"),
                                 "shelf": {**SHELF, "ranges": 1}}, realistic=False)
    broker = Broker().start()
    central = None
    try:
        layout = reader.layout
        assert layout is not None
        centre_conf = _centre(tmp_path, broker.port, layout)
        wanted = next(b for b in layout.books if b.kind == "item" and b.problem is None)
        with ReferenceILS(tmp_path / "centre" / "central" / "ils.db") as ils:
            catalogue.load_patrons(ils, [{"id": "2300000001", "name": "讀者", "home_branch": "MAIN",
                                          "expires": "2030-01-01"}])
            with ils.store.operation():  # a hold waits for the item: the centre's list says hold
                ils.store.insert("holds", {"patron_id": "2300000001", "item_id": wanted.item_id,
                                           "pickup_branch": "MAIN", "placed": "2026-03-01T00:00:00Z"})
        device_conf = tmp_path / "handheld.toml"
        device_conf.write_text(f'[device]\nid = "hh-02"\nbranch = "MAIN"\ndata_dir = "{tmp_path / "hh"}"\n'
                               f'[sync]\nbroker_port = {broker.port}\n', encoding="utf-8")
        central = subprocess.Popen([sys.executable, "-m", "rfid_edge", "central", "--config",
                                    str(centre_conf), "run"], stdout=subprocess.PIPE,
                                   stderr=subprocess.DEVNULL, text=True)
        assert central.stdout is not None
        assert json.loads(central.stdout.readline())["event"] == "running"
        command = [sys.executable, "-m", "rfid_edge", "inventory", "--config", str(device_conf), "find",
                   "--reader", reader.describe()["url"], "--from-centre", RANGE, "--duration", "40"]
        proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert proc.stderr is not None
        assert "from the centre: 12 items" in proc.stderr.readline()  # then the wand walks
        reader.walk_all(delay_s=2.0)
        out, err = proc.communicate(timeout=120)
        done = subprocess.CompletedProcess(command, proc.returncode, out, err)
        assert done.returncode == 0, done.stderr
        lines = [json.loads(line) for line in done.stdout.splitlines()]
        assert [e["item_id"] for e in lines if e["event"] == "found"] == [wanted.item_id]
        assert lines[-1]["event"] == "summary" and lines[-1]["not_found"] == []
        empty = _cli("inventory", "--config", str(device_conf), "find", "--reader", reader.describe()["url"],
                     "--from-centre", "200..300")
        assert empty.returncode == 1 and "no item is on a pull list" in empty.stderr
    finally:
        if central is not None:
            central.terminate()
            central.wait(20)
        broker.stop()
        reader.stop()
