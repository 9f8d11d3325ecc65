"""Find mode through the FEIG pty: each wanted item announced as it answers, where the wand is,
with a proximity cue; an item not on the shelf is never announced."""

from __future__ import annotations

import io
import json
import subprocess
import sys

from drivers.registry import open_reader
from hwsim.shelf import start_shelf_reader
from inventory_scanner.shelflist import ShelfList, read_csv
from inventory_scanner.sweep import SweepShell
from inventory_scanner.sweep.find import FindSession, cue


def test_find_mode_announces_wanted_items_where_the_wand_is() -> None:
    reader = start_shelf_reader({"name": "hh", "walks": 0, "shelf": {"ranges": 2, "items_per_range": 30, "seed": 6,
                                                                      "hard_share": 0.0}}, realistic=False)
    try:
        assert reader.layout is not None and reader.walker is not None and reader.clock is not None
        layout, walker, clock = reader.layout, reader.walker, reader.clock
        rows = {r["item_id"]: r for r in layout.rows}
        on_shelf = [b for b in layout.books if b.kind == "item" and b.problem is None]
        known = on_shelf[5]  # the pull list knows its UID
        unknown = on_shelf[-5]  # ...not this one's: its memory is read
        gone = layout.planted["missing"][0]
        text = "item_id,call_number,uid\n" + "".join(
            f"{i},{rows[i]['call_number']},{uid}\n"
            for i, uid in ((known.item_id, known.tag.uid_hex), (unknown.item_id, ""), (gone, "")))
        pull = ShelfList.from_rows(read_csv(io.StringIO(text)))
        session = FindSession(pull)
        events: list[dict] = []
        where: dict[str, float | None] = {}

        def emit(event: dict) -> None:
            events.append(event)
            if event["event"] == "found":
                where[event["item_id"]] = walker.position()

        with open_reader(reader.describe()["url"]) as driver:
            shell = SweepShell(driver, session, emit=emit, clock=clock.now)
            reader.walk_all()
            shell.run_pass(idle_s=1.0)
            summary = shell.finish()
        assert [e["item_id"] for e in events if e["event"] == "found"] == [known.item_id, unknown.item_id]
        half = layout.settings.field_width_m / 2
        for book in (known, unknown):
            x = where[book.item_id]
            assert x is not None and abs(x - book.x) <= half + 0.01  # announced while in the field
        cues = {e["item_id"]: e["cue"] for e in events if e["event"] == "proximity" and e["cue"] == "here"}
        assert set(cues) == {known.item_id, unknown.item_id}
        assert [m["item_id"] for m in summary["not_found"]] == [gone]
    finally:
        reader.stop()


def test_the_cue_follows_the_answer_rate() -> None:
    assert [cue(r) for r in (1.0, 0.75, 0.5, 0.2)] == ["here", "here", "near", "far"]


def test_find_through_the_command_stops_when_all_are_found(tmp_path) -> None:
    # instant: the shelf's clock (and so the walk's head start) is the air time the command has
    # spent reading, so the walk cannot begin before the command reads
    reader = start_shelf_reader({"name": "hh", "walks": 1, "start_s": 1.0, "port": str(tmp_path / "ttyHH"),
                                 "shelf": {"ranges": 1, "items_per_range": 12, "seed": 7, "hard_share": 0.0}},
                                realistic=False)
    try:
        assert reader.layout is not None
        wanted = next(b for b in reader.layout.books if b.kind == "item" and b.problem is None)
        pull = tmp_path / "pull.csv"
        pull.write_text(f"item_id,call_number\n{wanted.item_id},x\n", encoding="utf-8")
        done = subprocess.run([sys.executable, "-m", "rfid_edge", "inventory", "find", "--reader",
                               reader.describe()["url"], "--pull-list", str(pull), "--duration", "30"],
                              capture_output=True, text=True, timeout=90)
        assert done.returncode == 0, done.stderr
        lines = [json.loads(line) for line in done.stdout.splitlines()]
        assert lines[0]["event"] == "found" and lines[0]["item_id"] == wanted.item_id
        assert lines[-1]["event"] == "summary" and lines[-1]["not_found"] == []
    finally:
        reader.stop()
