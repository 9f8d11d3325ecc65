"""Which inventory pass each item seen counts in (issue 15): one pass per range the markers
opened, bounded by the next marker and the sweep's own upper end; without markers the target
range; with neither, no pass (a pass without bounds would count the whole branch)."""

from __future__ import annotations

import itertools

from inventory_scanner.messages import pass_plan, seen_messages

NUMBERS = {"A": "100 1000", "B": "100 1900", "C": "100 2080", "D": "100 3070", "E": "150 1000",
           "F": "099 5000"}


def _report(*ranges: tuple[str, str | None]) -> dict:
    return {"moves": [], "misplaced": [{"item_id": "E"}],
            "sweep": {"ranges": [{"range": label, "start": start} for label, start in ranges]}}


def _ids() -> itertools.count:
    return itertools.count(1)


def test_each_marker_range_is_a_pass_up_to_the_next_marker_and_the_sweeps_end() -> None:
    ids = _ids()
    # the second marker was met first on the walk: ranges are ordered by call number
    plan = pass_plan(_report(("R02", "100 2080"), ("R01", "100 1000")), NUMBERS.get,
                     range_from="100", range_to="101", new_id=lambda: f"p{next(ids)}")
    assert [(r.label, r.range_from, r.range_to) for r in plan.ranges] == [
        ("R01", "100 1000", "100 2080"), ("R02", "100 2080", "101")]
    assert {i: (p.pass_id if (p := plan(i)) else None) for i in NUMBERS} == {
        "A": "p1", "B": "p1", "C": "p2", "D": "p2", "E": None, "F": None}
    seen = {i: ("A1", None) for i in ("A", "C", "E")}
    wire = {m.item_id: m.to_wire() for m in seen_messages(_report(), seen, "MAIN", plan)}
    assert wire["C"] == {"item_id": "C", "location": "A1", "shelf_order_ok": True, "pass_id": "p2",
                         "range_from": "100 2080", "range_to": "101", "scheme": "ccl",
                         "author_number": "decimal"}
    assert wire["E"] == {"item_id": "E", "location": "A1", "shelf_order_ok": False}


def test_books_before_the_first_marker_count_in_its_pass_and_the_last_range_may_stay_open() -> None:
    plan = pass_plan(_report(("R01", "100 1900")), NUMBERS.get, range_from="099")
    assert [(r.range_from, r.range_to) for r in plan.ranges] == [("100 1900", None)]
    assert plan("F") is plan("E") is plan("A") is plan.ranges[0]


def test_without_markers_the_target_range_is_the_pass_and_without_either_none() -> None:
    plan = pass_plan(_report(), NUMBERS.get, range_from="100 1900", range_to="100 3070")
    assert [(r.range_from, r.range_to) for r in plan.ranges] == [("100 1900", "100 3070")]
    assert [i for i in NUMBERS if plan(i)] == ["B", "C"]
    nothing = pass_plan(_report(), NUMBERS.get)
    assert nothing.ranges == [] and nothing("A") is None
    assert all(m.pass_id is None for m in seen_messages(_report(), {"A": ("", None)}, "MAIN", nothing))
