"""Self-return through the UI: no card, items checked in as placed, a sorting instruction each."""

from __future__ import annotations

from kiosk.core import events as E
from kiosk.ui import texts
from kiosk.ui.screens.stack import MARK
from tests.ui.conftest import patron_with_loans


def test_return_shows_sorting_instruction_per_item(make_ui) -> None:
    ui = make_ui("self_return")
    win, sim = ui.win, ui.sim
    ui.wait_screen("idle")
    assert not win.screens["idle"].type_card.isVisible()  # a return station needs no card
    ui.shot("return-01-idle")

    _, loans = patron_with_loans(sim)
    for item in loans[:2]:
        sim.place(item)
    ui.wait_state(E.State.RETURN)
    ui.wait(lambda: len(ui.model.sorts) == 2)
    screen = win.screens["return"]
    ui.wait(lambda: len(screen.list.rows) == 2)
    words = {texts.words(texts.SORT, s.bin) for s in ui.model.sorts.values()}
    shown = {w.detail.text().split(" (")[0] for w in screen.list.rows.values()}
    assert shown == words
    for w in screen.list.rows.values():
        assert w.mark.text() in (MARK["ok"], MARK["warn"])
    ui.shot("return-02-sorting")

    sim.core.wait_idle()
    sim.drain()
    for item in loans[:2]:
        assert sim.on_loan_to(item) is None
        assert sim.tags[f"{item}#1"].afi == sim.config["security"]["afi_in_library"]

    ui.tap(screen.finish)
    ui.wait_state(E.State.IDLE)
    assert not ui.model.sorts
