"""FastBook through the UI: browse the stock, select a title, watch it dispensed and lent."""

from __future__ import annotations

from kiosk.core import events as E


def test_fastbook_browse_select_dispense(make_ui) -> None:
    ui = make_ui("fastbook")
    win, sim = ui.win, ui.sim
    items = [i.item_id for i in sim.free_items(3)]
    for slot, item in enumerate(items, start=1):
        sim.fastbook.load(slot, sim.tag(item), item)
    sim.fastbook.move_s = 0.6  # slow enough to see the dispense screen
    ui.wait_screen("idle")
    ui.shot("fastbook-01-idle")
    patron = sim.patron(index=2)
    sim.cards.present(patron.patron_id)
    ui.wait_state(E.State.FASTBOOK_BROWSE)
    screen = win.screens["fastbook"]
    ui.wait(lambda: len(screen.tiles) == 3)
    assert not screen.dispense.isEnabled()  # nothing selected yet
    ui.tap(screen.tiles[items[1]])
    assert screen.selected == {items[1]} and screen.dispense.isEnabled()
    ui.shot("fastbook-02-browse")

    ui.tap(screen.dispense)
    ui.wait_state(E.State.FASTBOOK_DISPENSE)
    ui.wait(lambda: bool(ui.model.dispense))
    ui.shot("fastbook-03-dispense")
    ui.wait_state(E.State.DONE, timeout_ms=20000)
    ui.wait(lambda: any(o.item_id == items[1] for o in ui.model.outcomes))
    assert next(o for o in ui.model.outcomes if o.item_id == items[1]).result == E.ItemResult.DONE
    ui.shot("fastbook-04-done")
    sim.core.wait_idle()
    sim.drain()
    assert sim.on_loan_to(items[1]) == patron.patron_id
    assert sim.on_loan_to(items[0]) is None
