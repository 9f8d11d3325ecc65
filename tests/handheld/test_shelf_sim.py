"""The simulated shelf: the layout's truth, its shelf list in the core's format, and the handheld
on a real pty answering the FEIG driver as the wand passes."""

from __future__ import annotations

import io
import json

from drivers.registry import open_reader
from hwsim import scenario as sc
from hwsim.shelf import ShelfSettings, build_layout, start_shelf_reader
from inventory_scanner.shelflist import ShelfList, read_csv


def test_layout_plants_every_problem_and_exports_the_shelf_list() -> None:
    layout = build_layout(ShelfSettings(ranges=3, items_per_range=30, seed=4))
    planted = layout.planted
    for name in ("missing", "misplaced", "on_loan", "wrong_afi", "blank", "foreign"):
        assert len(planted[name]) == 3, name
    assert all(len(v) == 1 for v in planted["out_of_order"].values())
    assert [m["range"] for m in planted["markers"]] == ["R01", "R02", "R03"]
    shelf = ShelfList.from_rows(read_csv(io.StringIO(layout.shelf_list_csv())))
    assert shelf.summary.skipped == 0
    assert len(shelf.items) == 3 * 30 + 3  # the ranges' items and the misplaced books' own rows
    on_shelf = {b.item_id for b in layout.books if b.kind == "item"}
    assert not on_shelf & set(planted["missing"])
    xs = [b.x for b in layout.books]
    assert xs == sorted(xs)
    truth = json.loads(layout.truth_json())
    assert truth["planted"] == json.loads(json.dumps(planted))
    assert build_layout(ShelfSettings(ranges=3, items_per_range=30, seed=4)).truth() == layout.truth()


def test_the_handheld_sees_tags_enter_and_leave_as_it_walks() -> None:
    reader = start_shelf_reader({"name": "hh", "walks": 0, "shelf": {"ranges": 1, "items_per_range": 30,
                                                                      "miss_rate": 0.0, "edge_miss": 0.0,
                                                                      "hard_share": 0.0}}, realistic=False)
    try:
        assert reader.layout is not None and reader.walker is not None and reader.clock is not None
        with open_reader(reader.describe()["url"]) as drv:
            assert drv.inventory() == []  # the wand is lifted
            reader.walk_all()
            seen_first: dict[str, float] = {}
            while not reader.walker.done():
                for tag in drv.inventory():
                    seen_first.setdefault(tag.uid, reader.clock.now())
        books = {b.tag.uid_hex: b for b in reader.layout.books}
        assert set(seen_first) == set(books)
        order = sorted(seen_first, key=lambda u: seen_first[u])
        xs = [books[u].x for u in order]
        # tags enter in shelf order, give or take one round's worth of books
        assert sum(1 for a, b in zip(xs, xs[1:], strict=False) if b < a - 0.06) == 0
        # the walk took walking time on the simulated clock, not the host's
        assert reader.clock.now() >= reader.layout.length_m / reader.layout.settings.speed_m_s
    finally:
        reader.stop()


def test_a_scenario_names_the_shelf_reader_with_its_truth_and_shelf_list(tmp_path) -> None:
    scenario = sc.parse({"scenario": {"name": "s"}, "readers": [{
        "name": "hh", "protocol": "shelf", "walks": 0, "truth": str(tmp_path / "t.json"),
        "shelf_list": str(tmp_path / "s.csv"), "shelf": {"ranges": 2, "items_per_range": 20}}]})
    run = sc.start(scenario, realistic=False)
    try:
        described = run.reader("hh").describe()
        assert described["protocol"] == "feig" and described["url"].startswith("feig://")
        assert json.loads((tmp_path / "t.json").read_text())["ranges"][1]["range"] == "R02"
        assert (tmp_path / "s.csv").read_text().startswith("item_id,call_number")
    finally:
        run.stop()
