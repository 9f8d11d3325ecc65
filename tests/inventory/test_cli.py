"""`rfid-edge inventory sort|reconcile` through the real entry point (issue 14, acceptance
interface in DESIGN.md): JSON on stdout, one-line reasons on stderr, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pymarc

ROOT = Path(__file__).resolve().parents[2]


def cli_env() -> dict[str, str]:
    """This checkout's code first (a worktree's, not the venv's editable install), no config."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), str(ROOT / "hardware-sim"),
                                                      os.environ.get("PYTHONPATH", "")]))
    env.pop("RFID_EDGE_CONFIG", None)
    return env


def cli(*args: str, stdin: str = "", cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "rfid_edge", "inventory", *args], input=stdin,
                          capture_output=True, text=True, env=cli_env(), cwd=cwd or ROOT, timeout=120)


def no_traceback(result: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in result.stderr, result.stderr


def test_sort_prints_call_numbers_in_shelf_order():
    given = "863.57 835\nJ 863.57 8345\n\n待編目\n８６３．５７　８３４５ Ｖ．２\n863.57 8345\n"
    result = cli("sort", "--scheme", "ccl", stdin=given)
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [x["call_number"] for x in lines] == [
        "863.57 8345", "８６３．５７　８３４５ Ｖ．２", "863.57 835", "J 863.57 8345", "待編目"]
    assert [x["parsed"] for x in lines] == [True, True, True, True, False]
    assert all(isinstance(x["sort_key"], str) for x in lines)
    assert "not fully parsed" in result.stderr


def test_sort_author_numbers_as_integers_and_from_a_file(tmp_path):
    (tmp_path / "numbers.txt").write_text("863.57 835\n863.57 8345\n", encoding="utf-8")
    result = cli("sort", "--scheme", "ccl", "--author-number", "integer", str(tmp_path / "numbers.txt"))
    assert [json.loads(x)["call_number"] for x in result.stdout.splitlines()] == ["863.57 835", "863.57 8345"]


def test_sort_dewey_and_lc():
    dewey = cli("sort", "--scheme", "dewey", "-", stdin="813.4 W435\n813.4 W4343\n813.4 W43\n")
    assert [json.loads(x)["call_number"] for x in dewey.stdout.splitlines()] == [
        "813.4 W43", "813.4 W4343", "813.4 W435"]
    lc = cli("sort", "--scheme", "lc", stdin="QA76.73.P98 L88\nQA9 .A1\nQ1 .B2\n")
    assert [json.loads(x)["call_number"] for x in lc.stdout.splitlines()] == [
        "Q1 .B2", "QA9 .A1", "QA76.73.P98 L88"]


def test_sort_a_missing_file_is_one_line():
    result = cli("sort", "--scheme", "lc", "/nonexistent/numbers.txt")
    assert result.returncode == 1 and result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1 and "numbers.txt" in result.stderr
    no_traceback(result)


SHELF = """item_id,call_number,title,status,uid,location,hold,weed
A1,863.57 8345,臺北人,available,E004010000000001,2F,,
A2,863.57 835,家變,available,E004010000000002,2F,1,
A3,494.35 8564,管理學,available,E004010000000003,2F,,
A4,857.7 8564,射鵰英雄傳,on_loan,E004010000000004,2F,,
A5,733.9/101.4 4463,臺北市志,available,E004010000000005,3F,,
,863.57 836,no item id,available,,2F,,
"""
READS = [
    {"t": 0.5, "uid": "E004010000000004", "item_id": None, "afi": 0x07},   # on loan, armed
    {"t": 1.0, "uid": "E004010000000002", "item_id": None, "afi": 0xC2},   # ahead of A1: a move
    {"t": 1.2, "uid": "E004010000000002", "item_id": None, "afi": 0xC2},
    {"t": 2.0, "uid": "E004010000000001", "item_id": "A1", "afi": 0x07},
    {"t": 2.5, "uid": "E004010000000005", "item_id": None, "afi": 0x07},   # belongs to 3F
    {"t": 3.0, "uid": "E0040100000000FF", "item_id": None, "afi": None},   # unknown
]


def test_reconcile_a_sweep(tmp_path):
    (tmp_path / "2F.csv").write_text(SHELF, encoding="utf-8")
    reads = "\n".join(json.dumps(r) for r in READS) + "\n{not json\n"
    (tmp_path / "sweep.jsonl").write_text(reads, encoding="utf-8")
    result = cli("reconcile", "--shelf-list", "2F.csv", "--reads", "sweep.jsonl", "--scheme", "ccl",
                 "--report-html", "2F.html", "--report-csv", "2F.csv.out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    no_traceback(result)
    (report,) = [json.loads(line) for line in result.stdout.splitlines()]
    for key in ("expected", "seen", "found", "missing", "misplaced", "moves", "on_loan_on_shelf",
                "security_mismatch", "unknown_tags", "pull", "kpi"):
        assert key in report, key
    assert report["expected"] == ["A3", "A1", "A2"] and report["found"] == ["A1", "A2"]
    assert report["seen"] == ["A5", "A4", "A1", "A2"]     # shelf-list items seen, in shelf order
    assert (report["kpi"]["expected"], report["kpi"]["seen"]) == (3, 4)
    assert [m["item_id"] for m in report["missing"]] == ["A3"]
    assert [m["item_id"] for m in report["misplaced"]] == ["A5"]
    assert len(report["moves"]) == 1 and report["moves"][0]["item_id"] in ("A1", "A2")
    assert [m["item_id"] for m in report["on_loan_on_shelf"]] == ["A4"]
    assert {(m["item_id"], m["problem"]) for m in report["security_mismatch"]} == {
        ("A2", "no_alarm"), ("A4", "alarm_armed")}
    assert [u["uid"] for u in report["unknown_tags"]] == ["E0040100000000FF"]
    assert [p["item_id"] for p in report["pull"]] == ["A2"]
    assert report["kpi"]["completion"] == round(2 / 3, 4)
    # the malformed row and read line: named on stderr by line, counted in the report
    assert "2F.csv: line 7: item_id is empty (skipped)" in result.stderr
    assert "sweep.jsonl: line 7: not JSON" in result.stderr
    assert report["shelf_list"]["skipped"] == 1 and report["skipped_reads"]["skipped"] == 1
    html = (tmp_path / "2F.html").read_text(encoding="utf-8")
    assert "館藏盤點報告" in html and "<svg" in html
    assert "missing,A3" in (tmp_path / "2F.csv.out").read_text(encoding="utf-8")


def test_reconcile_takes_afi_values_from_security_and_reads_from_stdin(tmp_path):
    (tmp_path / "2F.csv").write_text(SHELF, encoding="utf-8")
    (tmp_path / "3m.toml").write_text("[security]\nafi_in_library = 0xD7\nafi_on_loan = 0xDA\n"
                                      "[inventory]\nlanguage = \"en\"\n", encoding="utf-8")
    reads = json.dumps({"t": 1, "uid": "E004010000000001", "item_id": None, "afi": 0xD7}) + "\n"
    reads += json.dumps({"t": 2, "uid": "E004010000000002", "item_id": None, "afi": 0xDA}) + "\n"
    result = cli("reconcile", "--shelf-list", "2F.csv", "--config", "3m.toml", "--location", "2F",
                 "--report-html", "r.html", stdin=reads, cwd=tmp_path)
    report = json.loads(result.stdout)
    assert [(m["item_id"], m["problem"]) for m in report["security_mismatch"]] == [("A2", "no_alarm")]
    assert "Shelf inventory report" in (tmp_path / "r.html").read_text(encoding="utf-8")


def test_reconcile_refuses_unreadable_input_in_one_line(tmp_path):
    (tmp_path / "bad.csv").write_text("barcode;title\n1;x\n", encoding="utf-8")
    (tmp_path / "bad.toml").write_text("[inventory]\nscheme = \"udc\"\n", encoding="utf-8")
    (tmp_path / "ok.csv").write_text(SHELF, encoding="utf-8")
    for args, reason, code in (
            (["--shelf-list", "bad.csv"], "bad.csv: line 1: the header has no", 1),
            (["--shelf-list", "missing.csv"], "missing.csv: No such file", 1),
            (["--shelf-list", "ok.csv", "--config", "bad.toml"], "[inventory] scheme", 2),
            (["--shelf-list", "ok.csv", "--range", "863"], "--range", 1)):
        result = cli("reconcile", *args, stdin="", cwd=tmp_path)
        assert result.returncode == code and result.stdout == "", args
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert reason in result.stderr, (args, result.stderr)
        no_traceback(result)


def test_reconcile_a_koha_marc_shelf_list(tmp_path):
    record = pymarc.Record(force_utf8=True)
    record.add_field(pymarc.Field("245", pymarc.Indicators("1", "0"), [pymarc.Subfield("a", "臺北人")]))
    for barcode, call in (("31001", "863.57 8345"), ("31002", "863.57 8345 c.2")):
        record.add_field(pymarc.Field("952", pymarc.Indicators(" ", " "), [
            pymarc.Subfield("p", barcode), pymarc.Subfield("o", call), pymarc.Subfield("a", "TPML-BT")]))
    (tmp_path / "bt.mrc").write_bytes(record.as_marc())
    reads = json.dumps({"t": 1, "uid": "E004010000000009", "item_id": "31002", "afi": 7})
    result = cli("reconcile", "--shelf-list", "bt.mrc", stdin=reads, cwd=tmp_path)
    report = json.loads(result.stdout)
    assert report["found"] == ["31002"] and [m["item_id"] for m in report["missing"]] == ["31001"]
