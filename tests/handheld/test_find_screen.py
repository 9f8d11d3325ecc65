"""The sweep screen in find mode, through the FEIG pty over the simulated shelf: a wanted item
on the shelf is announced as a line, in en and zh-TW, and the session ends when all is found."""

from __future__ import annotations

import io
from typing import Any

from inventory_scanner.shelflist import ShelfList, read_csv
from inventory_scanner.sweep.find import FindSession
from inventory_scanner.sweep.ui.work import find_work


def test_find_mode_on_the_screen_announces_the_wanted_item(shelf_screen: Any) -> None:
    screen = shelf_screen("find-screen", {"ranges": 1, "items_per_range": 16, "seed": 6,
                                          "hard_share": 0.0})
    reader = screen.reader
    rows = {r["item_id"]: r for r in reader.layout.rows}
    wanted = [b for b in reader.layout.books if b.kind == "item" and b.problem is None][4]
    pull = ShelfList.from_rows(read_csv(io.StringIO(
        f"item_id,call_number,uid\n{wanted.item_id},{rows[wanted.item_id]['call_number']},{wanted.tag.uid_hex}\n")))
    work = find_work(screen.driver, FindSession(pull), duration_s=60.0, clock=reader.clock.now)
    window = screen.run(work, title="holds", language="en", find=True)
    assert window.error is None and window.report is not None and window.report["event"] == "summary"
    assert any(line.startswith("Found: ") and wanted.item_id in line for line in window.problem_lines())
    assert window.status.text() == "Find finished"
    window.set_language("zh_TW")
    assert any(line.startswith("找到：") and wanted.item_id in line for line in window.problem_lines())
    assert window.heading.text() == "尋書"
