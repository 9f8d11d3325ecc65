"""Holds pickup through the UI: the patron's ready holds listed, one collected and lent."""

from __future__ import annotations

from kiosk.core import commands as C
from kiosk.core import events as E
from tests.ui.conftest import patron_with_ready_hold


def test_holds_pickup(make_ui) -> None:
    ui = make_ui("holds_pickup")
    win, sim = ui.win, ui.sim
    ui.wait_screen("idle")
    ui.shot("holds-01-idle")
    pid, ready = patron_with_ready_hold(sim)
    sim.cards.present(pid)
    ui.wait_state(E.State.HOLDS)
    ui.wait(lambda: ui.model.holds is not None)
    screen = win.screens["holds"]
    ui.wait(lambda: ready[0] in screen.list.rows)
    ui.shot("holds-02-list")

    sim.place(ready[0])  # taken from the hold shelf and put on the pad
    ui.wait(lambda: any(r.item_id == ready[0] and r.status == E.RowStatus.OK for r in ui.model.rows.values()))
    ui.tap(screen.list.rows[ready[0]].action)
    assert C.SelectHolds(item_ids=(ready[0],)) in win.sent
    ui.wait_state(E.State.DONE)
    ui.wait(lambda: any(o.item_id == ready[0] for o in ui.model.outcomes))
    outcome = next(o for o in ui.model.outcomes if o.item_id == ready[0])
    assert outcome.result == E.ItemResult.DONE
    ui.shot("holds-03-done")
    sim.core.wait_idle()
    sim.drain()
    assert sim.on_loan_to(ready[0]) == pid

    sim.cards.remove()  # card removed: the session ends
    ui.wait_state(E.State.IDLE)
    ui.wait(lambda: ui.model.ended is not None and ui.model.ended.reason == E.EndReason.CARD_REMOVED)
