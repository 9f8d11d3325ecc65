"""`rfid-edge central import` and the demo data the simulator's tags carry (issue 17 item 5)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pymarc
import pytest

from drivers.tags.detect import decode
from hwsim import scenario as sc
from sync.broker import Broker
from sync.ils import seed
from sync.ils.reference import ReferenceILS, catalogue


def _cli(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "rfid_edge", *args], capture_output=True,
                          text=True, env=env, timeout=120)


@pytest.fixture
def env(tmp_path: Path) -> dict:
    conf = tmp_path / "central.toml"
    conf.write_text(f'[device]\nid = "central"\ndata_dir = "{tmp_path / "var"}"\n')
    return dict(os.environ, RFID_EDGE_CONFIG=str(conf))


def test_every_item_and_card_of_the_simulator_demo_is_in_the_seeded_ils(tmp_path: Path) -> None:
    demo = sc.load_builtin("demo")
    ids = {decode(t.memory).primary_item_id for r in demo.readers for t in r.tags}
    cards = {c["patron_id"] for r in demo.readers for c in r.raw.get("cards", [])}
    assert len(ids) == 8 and all(i.startswith("31234000") for i in ids) and cards
    with ReferenceILS(tmp_path / "ils.db") as ils:
        seed.seed(ils, seed.demo_data(items=50, patrons=10), pin_cost=2**4)
        for item_id in ids:
            assert ils.item_info(item_id).title, item_id
            assert ils.authorise_checkout(seed.SIM_PATRON_ID, item_id, branch="TPML-MAIN").ok
        for patron_id in cards:
            assert ils.patron_status(patron_id).valid


def _marc(path: Path) -> None:
    def record(title: str, tag: str, subfields: list[pymarc.Subfield]) -> pymarc.Record:
        r = pymarc.Record(force_utf8=True)
        r.add_field(pymarc.Field(tag="245", indicators=["0", "0"],
                                 subfields=[pymarc.Subfield("a", title)]))
        r.add_field(pymarc.Field(tag=tag, indicators=[" ", " "], subfields=subfields))
        return r

    S = pymarc.Subfield
    out = io.BytesIO()
    for r in (record("小王子 /", "952", [S("a", "MAIN"), S("o", "876.57 8345"), S("p", "K001")]),
              record("臺灣史", "095", [S("a", "EAST"), S("d", "733.21 4411"), S("p", "T001")]),
              record("無條碼", "952", [S("a", "MAIN"), S("o", "000")]),
              record("外館", "952", [S("a", "NOWHERE"), S("p", "K002")])):
        out.write(r.as_marc())
    path.write_bytes(out.getvalue())


def test_import_branches_items_patrons_from_csv_and_marc(tmp_path: Path, env: dict) -> None:
    (tmp_path / "b.csv").write_text("code,name\nMAIN,總館\nEAST,東區分館\n,無代碼\n",
                                    encoding="utf-8")
    (tmp_path / "i.csv").write_text(
        "barcode,title,branch,call_number,type\n"
        "C001,書一,MAIN,001,BOOK\nC002,,MAIN,002,BOOK\nC003,書三,MARS,003,BOOK\n"
        "C004,書四,EAST,004,SPACESHIP\nC001,重複,MAIN,005,BOOK\n", encoding="utf-8")
    (tmp_path / "p.csv").write_text(
        "id,name,home_branch,expires,pin\nP1,王小明,MAIN,2030-01-01,1234\n"
        "P2,李小華,MAIN,someday,\n", encoding="utf-8")
    _marc(tmp_path / "h.mrc")

    dry = _cli("central", "import", "--branches", str(tmp_path / "b.csv"), "--dry-run", env=env)
    assert dry.returncode == 0, dry.stderr
    report = json.loads(dry.stdout)
    assert report["dry_run"] and report["loaded"] == 2
    assert [(r["line"], "no branch code" in r["reason"]) for r in report["rejected"]] == [(4, True)]
    ils_db = Path(report["ils_db"])
    with ReferenceILS(ils_db) as ils:
        assert catalogue.counts(ils) == {"branches": 0, "items": 0, "patrons": 0}

    assert json.loads(_cli("central", "import", "--config", env["RFID_EDGE_CONFIG"],
                           "--branches", str(tmp_path / "b.csv"), env=env).stdout)["loaded"] == 2
    items = json.loads(_cli("central", "import", "--items", str(tmp_path / "i.csv"),
                            env=env).stdout)
    assert items["format"] == "csv" and items["loaded"] == 1
    reasons = {r["line"]: r["reason"] for r in items["rejected"]}
    assert "no title" in reasons[3] and "unknown branch 'MARS'" in reasons[4]
    assert "SPACESHIP" in reasons[5] and "BOOK" in reasons[5] and "already exists" in reasons[6]

    marc = json.loads(_cli("central", "import", "--items", str(tmp_path / "h.mrc"),
                           env=env).stdout)
    assert marc["format"] == "marc" and marc["loaded"] == 2
    assert len(marc["rejected"]) == 2
    assert any("NOWHERE" in r["reason"] for r in marc["rejected"])

    patrons = json.loads(_cli("central", "import", "--patrons", str(tmp_path / "p.csv"),
                              env=env).stdout)
    assert patrons["loaded"] == 1 and "someday" in patrons["rejected"][0]["reason"]

    with ReferenceILS(ils_db) as ils:
        assert catalogue.branch_names(ils) == {"MAIN": "總館", "EAST": "東區分館"}
        koha, local = ils.item_info("K001"), ils.item_info("T001")
        assert koha.title == "小王子" and local.title == "臺灣史"
        assert ils.patron_status("P1", pin="1234").valid
        assert ils.authorise_checkout("P1", "C001", branch="MAIN").ok


def test_import_reports_a_bad_file_in_one_line(tmp_path: Path, env: dict) -> None:
    (tmp_path / "x.csv").write_bytes(b"code,name\n\xff\xfe\n")
    done = _cli("central", "import", "--branches", str(tmp_path / "x.csv"), env=env)
    assert done.returncode == 1 and "not UTF-8" in done.stderr
    assert "Traceback" not in done.stderr and len(done.stderr.splitlines()) == 1
    missing = _cli("central", "import", "--patrons", str(tmp_path / "none.csv"), env=env)
    assert missing.returncode == 1 and "no such file" in missing.stderr


def test_central_run_on_an_empty_ils_says_to_seed_or_import(env: dict, broker: Broker) -> None:
    proc = subprocess.Popen([sys.executable, "-m", "rfid_edge", "central", "run", "--port",
                             str(broker.port)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env)
    try:
        assert json.loads(proc.stdout.readline())["event"] == "running"
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=30)
    line = next((x for x in err.splitlines() if "WARNING" in x), "")
    assert "no items and no patrons" in line
    assert "central seed" in line and "central import" in line


def test_a_branch_code_the_sync_wire_refuses_is_refused_at_import(tmp_path: Path) -> None:
    """Every transaction carries its branch code, and the wire takes 1–64 characters without a
    control character (``sync.fields.identifier``): a code it refuses is a rejected row, named
    by line and field, and the valid rows of the file are loaded all the same."""
    longest = "B" * 64
    rows = [{"line": 2, "code": "MAIN", "name": "總館"},
            {"line": 3, "code": "EA\x00ST", "name": "東區"},
            {"line": 4, "code": "B" * 65, "name": "太長"},
            {"line": 5, "code": "WE\u009bST", "name": "西區"},  # a terminal's CSI (C1)
            {"line": 6, "code": longest, "name": "最長"}]
    with ReferenceILS(tmp_path / "ils.db") as ils:
        report = catalogue.load_branches(ils, rows)
        assert report.loaded == 2
        assert [(r.line, r.id) for r in report.rejected] == [
            (3, "EA\x00ST"), (4, "B" * 65), (5, "WE\u009bST")]
        assert all(r.reason.startswith("branch code ") and "1–64" in r.reason
                   for r in report.rejected)
        assert "\x00" not in report.rejected[0].reason  # shown escaped, as the item ids are
        assert catalogue.branch_names(ils) == {"MAIN": "總館", longest: "最長"}


def test_an_isil_or_owner_the_sync_wire_refuses_is_refused_at_import(tmp_path: Path) -> None:
    """Item-info answers send an item's ``owner`` as a wire id (``sync.fields.identifier``), and
    an item's owner defaults to its branch's ISIL (which defaults to the code): an ISIL or owner
    the wire refuses is a rejected row naming its line and field, the valid rows load all the
    same — instead of loading and failing every item-info answer for that item."""
    branches = [{"line": 2, "code": "MAIN", "name": "總館", "isil": "TW-TPML"},
                {"line": 3, "code": "EAST", "name": "東區", "isil": "TW\x00EAST"},
                {"line": 4, "code": "WEST", "name": "西區", "isil": "I" * 65},
                {"line": 5, "code": "NORTH", "name": "北區", "isil": "NO\u009bRTH"},
                {"line": 6, "code": "SOUTH", "name": "南區"},  # the ISIL defaults to the code
                {"line": 7, "code": "ISLE", "name": "離島", "isil": "I" * 64}]
    items = [{"line": 2, "id": "A1", "title": "一", "home_branch": "MAIN"},
             {"line": 3, "id": "A2", "title": "二", "home_branch": "MAIN", "owner": "OW\x07N"},
             {"line": 4, "id": "A3", "title": "三", "home_branch": "MAIN", "owner": "O" * 65},
             {"line": 5, "id": "A4", "title": "四", "home_branch": "MAIN", "owner": "O" * 64},
             {"line": 6, "id": "A5", "title": "五", "home_branch": "OLD"},  # ISIL of an older db
             {"line": 7, "id": "A6", "title": "六", "home_branch": "OLD", "owner": "TW-OLD"}]
    with ReferenceILS(tmp_path / "ils.db") as ils:
        report = catalogue.load_branches(ils, branches)
        assert report.loaded == 3
        assert [(r.line, r.id) for r in report.rejected] == [(3, "EAST"), (4, "WEST"), (5, "NORTH")]
        assert all(r.reason.startswith(f"branch {r.id!r}: isil ") and "1–64" in r.reason
                   for r in report.rejected)
        assert "\x00" not in report.rejected[0].reason  # shown escaped
        isils = {r["code"]: r["isil"] for r in ils.store.all("SELECT code, isil FROM branches")}
        assert isils == {"MAIN": "TW-TPML", "SOUTH": "SOUTH", "ISLE": "I" * 64}

        with ils.store.write() as db:  # a branch loaded before its ISIL was checked
            db.execute("INSERT INTO branches (code, name, isil) VALUES ('OLD', '舊', 'TW\tOLD')")
            db.execute("INSERT INTO item_types (code, name) VALUES ('BOOK', '圖書')")
        report = catalogue.load_items(ils, items)
        assert report.loaded == 3
        assert [(r.line, r.id) for r in report.rejected] == [(3, "A2"), (4, "A3"), (6, "A5")]
        assert all(r.reason.startswith("owner ") and "1–64" in r.reason for r in report.rejected)
        assert "\x07" not in report.rejected[0].reason
        assert "ISIL of branch 'OLD'" in report.rejected[2].reason
        owners = {r["id"]: r["owner"] for r in ils.store.all("SELECT id, owner FROM items")}
        assert owners == {"A1": "TW-TPML", "A4": "O" * 64, "A6": "TW-OLD"}
