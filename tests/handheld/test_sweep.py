"""The sweep through the real pty and FEIG driver over the simulated shelf, scored against its
ground truth; the session's own rules (sans-I/O); the command's one-line errors."""

from __future__ import annotations

import io

import pytest

from drivers.tags import Item
from inventory_scanner.shelflist import ShelfList, read_csv
from inventory_scanner.sweep import CheckAfi, Gaps, Problem, RangeEntered, ReadTag, SweepSession
from inventory_scanner.sweep.align import TimeMap
from rfid_edge.bench.sweep import simulate


def test_a_sweep_finds_every_planted_problem() -> None:
    events: list[dict] = []
    result = simulate({"ranges": 3, "items_per_range": 40, "seed": 2}, events=events)
    score, planted = result["score"], result["truth"]["planted"]
    assert all(not left for left in score["not_found"].values()), score["not_found"]
    assert score["false_missing"] == [] and score["false_moves"] == [] and score["false_security"] == []
    assert (score["missing_precision"], score["misplaced_precision"], score["moves_exact"]) == (1.0, 1.0, 1.0)
    # ...and staff heard of each while walking, not only in the report
    problems = {(e["problem"], e["item_id"] if e["problem"] != "unknown_tag" else e["uid"])
                for e in events if e.get("event") == "problem"}
    assert {("misplaced", i) for i in planted["misplaced"]} <= problems
    assert {("on_loan_on_shelf", i) for i in planted["on_loan"]} <= problems
    assert {("security_mismatch", i) for i in planted["wrong_afi"]} <= problems
    assert {("unknown_tag", u) for u in planted["blank"] + planted["foreign"]} <= problems
    assert [e["range"] for e in events if e.get("event") == "range" and e["pass"] == 1] == ["R01", "R02", "R03"]
    progress = [e for e in events if e.get("event") == "progress" and e["range"] == "R01"]
    assert progress and progress[-1]["expected"] == 39 and progress[-1]["seen"] == 38  # one planted missing
    # the shelf list's UIDs spared memory reads: only unknown UIDs were read
    unknown = len(planted["unknown_uid_rows"]) + len(planted["blank"]) + len(planted["foreign"]) + 3 + 3
    assert result["report"]["sweep"]["tag_reads"] <= unknown + 5


def test_a_second_pass_recovers_items_missed_in_the_first() -> None:
    result = simulate({"ranges": 2, "items_per_range": 40, "seed": 3, "hard_share": 0.3, "hard_miss": 0.85})
    planted = set(result["truth"]["planted"]["missing"])
    after_first = {m["item_id"] for m in result["pass_reports"][0]["missing"]}
    recovered = after_first - planted
    assert recovered, "the first pass missed nothing: the test proves nothing"
    final = {m["item_id"] for m in result["report"]["missing"]}
    assert final == planted
    # put on the first pass's time line, the recovered books stand where they belong
    assert not recovered & {m["item_id"] for m in result["report"]["moves"]}


def _shelf() -> ShelfList:
    text = ("item_id,call_number,location,status,uid\n"
            "A1,100 1000,A1,available,E004010000000001\n"
            "A2,100 1090,A1,available,E004010000000002\n"
            "A3,100 1180,A1,on_loan,E004010000000003\n"
            "A4,100 1270,A1,available,\n")
    return ShelfList.from_rows(read_csv(io.StringIO(text)))


def test_the_session_reads_only_unknown_uids_and_takes_ranges_from_markers() -> None:
    s = SweepSession(_shelf(), library_isil="TW-TPML", afi_every=3)
    out = s.round(0.1, ["E004010000000001", "E0040100000000FF", "E0040100000000EE"])
    assert [e for e in out if isinstance(e, ReadTag)] == [ReadTag("E0040100000000FF"), ReadTag("E0040100000000EE")]
    marker = Item(model="iso28560-2", primary_item_id="SHELF-R07", type_of_usage=9, shelf_location="100 1000")
    entered = s.tag_data(0.12, "E0040100000000FF", marker)
    assert entered == [RangeEntered("R07", "100 1000", 0.1, 1)]
    found = s.tag_data(0.13, "E0040100000000EE", Item(model="iso28560-3", primary_item_id="A4",
                                                       owner_library="TW-TPML"))
    assert found == []  # A4 is known by its id; nothing wrong with it
    out = s.round(0.2, ["E004010000000003"])
    assert [e.problem for e in out if isinstance(e, Problem)] == ["on_loan_on_shelf"]
    gaps = next(e for e in s.end_pass() if isinstance(e, Gaps))
    assert [m["item_id"] for m in gaps.ranges[0]["missing"]] == ["A2"]


def test_a_tag_silent_in_the_in_library_rounds_is_asked_its_afi() -> None:
    s = SweepSession(_shelf(), afi_every=2)
    asked = []
    for k in range(8):
        afi = s.round_afi()
        uids = ["E004010000000002"] if afi is None else []  # A2 never answers AFI 0x07 rounds
        asked += [e for e in s.round(k * 0.05, uids, afi) if isinstance(e, CheckAfi)]
    assert asked == [CheckAfi("E004010000000002")]
    problems = s.afi_read(0.5, "E004010000000002", 0xC2)
    assert [(p.problem, p.detail["afi"]) for p in problems if isinstance(p, Problem)] == [("security_mismatch", 0xC2)]
    report = s.finish()
    assert [m["item_id"] for m in report["security_mismatch"]] == ["A2"]


def test_later_pass_times_land_between_their_first_pass_neighbours() -> None:
    to_first = TimeMap([(100.0, 10.0), (102.0, 11.0), (104.0, 12.0)])
    assert to_first(101.0) == pytest.approx(10.5)
    assert to_first(99.0) == pytest.approx(9.0)
    assert to_first(105.0) == pytest.approx(13.0)
    assert TimeMap([])(7.0) == 7.0


def test_the_command_names_a_missing_reader_in_one_line(tmp_path) -> None:
    import subprocess
    import sys

    shelf = tmp_path / "shelf.csv"
    shelf.write_text("item_id,call_number\n1,100 1000\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "rfid_edge", "inventory", "sweep", "--reader",
                           f"feig://{tmp_path}/ttyNONE", "--shelf-list", str(shelf), "--headless"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1 and "ttyNONE" in done.stderr


def test_the_marker_fix_writes_the_right_afi_and_verifies_it() -> None:
    events: list[dict] = []
    result = simulate({"ranges": 2, "items_per_range": 40, "seed": 4}, events=events, fix_markers=True)
    planted = set(result["truth"]["planted"]["wrong_afi"])
    fixes = result["report"]["sweep"]["marker_fixes"]
    assert {f["item_id"] for f in fixes} == planted
    assert all(f["verdict"] == "ok" and f["afi_before"] == 0xC2 and f["afi"] == 0x07 for f in fixes)
    assert [e for e in events if e.get("event") == "marker_fixed"] == fixes
    # the tags on the shelf say "in library" now, and the report has nothing left to fix
    tags = {b.item_id: b.tag for b in result["layout"].books if b.item_id}
    assert {tags[i].afi for i in planted} == {0x07}
    assert not planted & {m["item_id"] for m in result["report"]["security_mismatch"]}
    # an on-loan book on the shelf keeps its on-loan AFI: its marker agrees with its status
    assert {tags[i].afi for i in result["truth"]["planted"]["on_loan"]} == {0xC2}


def test_a_marker_learnt_in_a_later_pass_reaches_the_report() -> None:
    s = SweepSession(_shelf(), afi_every=100)  # no in-library rounds: nothing learnt in pass 1
    for k in range(3):
        s.round(k * 0.1, ["E004010000000001", "E004010000000002"])
    s.end_pass()
    s.round(50.0, ["E004010000000001", "E004010000000002"])
    s.afi_read(50.01, "E004010000000002", 0xC2)
    report = s.finish()
    assert [m["item_id"] for m in report["security_mismatch"]] == ["A2"]
    assert report["moves"] == []  # the late read landed on the first pass's time line
    assert report["sweep"]["passes"] == 2
