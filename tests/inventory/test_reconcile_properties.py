"""Invariants of any sweep over any small shelf (issue 14): the findings partition what was
expected and seen, and the moves are as few as a brute-force oracle finds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from inventory_scanner.callnumbers import parse
from inventory_scanner.reconcile import Reconciler, Target
from inventory_scanner.shelflist import ShelfList, make_item
from tests.inventory.test_order import oracle

CALLS = ["494.35 8564", "857.7 8564 v.1", "857.7 8564 v.2", "863.57 8345", "863.57 835",
         "863.57 835 c.2", "J 859.6 8734", "待編目"]

books = st.lists(st.tuples(st.sampled_from(CALLS), st.sampled_from(["2F", "2F", "3F"]),
                           st.sampled_from(["available", "available", "on_loan", "lost"])),
                 min_size=1, max_size=7)


@settings(max_examples=150, deadline=None)
@given(books=books, data=st.data())
def test_findings_partition_the_sweep_and_moves_are_minimal(books, data):
    shelf = ShelfList.from_rows(
        make_item(f"B{i}", call, location=loc, status=status, uid=f"E00401{i:010X}")
        for i, (call, loc, status) in enumerate(books))
    seen = data.draw(st.lists(st.sampled_from(range(len(books))), unique=True))
    times = data.draw(st.lists(st.floats(0, 100), min_size=len(seen), max_size=len(seen)))
    rec = Reconciler(shelf, target=Target(location="2F"))
    for i, t in zip(seen, times, strict=True):
        rec.feed(t, f"E00401{i:010X}")
        rec.feed(t + 0.5, f"E00401{i:010X}")
    report = rec.report()
    ids = {f"B{i}" for i in seen}
    expected = {f"B{i}" for i, (_, loc, status) in enumerate(books) if loc == "2F" and status == "available"}
    missing = {m["item_id"] for m in report["missing"]}
    misplaced = {m["item_id"] for m in report["misplaced"]}
    assert set(report["expected"]) == expected and set(report["seen"]) == ids
    assert set(report["found"]) == expected & ids and missing == expected - ids
    assert misplaced == {f"B{i}" for i in seen if books[i][1] != "2F"}
    assert {m["item_id"] for m in report["on_loan_on_shelf"]} == {f"B{i}" for i in seen if books[i][2] == "on_loan"}
    # the oracle: among the seen 2F books with a readable class, in the order they stood
    # (each tag read at t and t + 0.5: its place is the mean, ties go to shelf order)
    placed = sorted(((t + (t + 0.5)) / 2, parse(books[i][0]).title_key, i) for i, t in zip(seen, times, strict=True)
                    if books[i][1] == "2F" and parse(books[i][0]).class_read)
    titles = sorted({title for _, title, _ in placed})
    assert len(report["moves"]) == oracle([titles.index(title) for _, title, _ in placed])
    assert {m["item_id"] for m in report["moves"]} <= ids - misplaced
    assert 0.0 <= report["kpi"]["completion"] <= 1.0 and 0.0 <= report["kpi"]["misshelf_rate"] <= 1.0
