"""Holds pickup through the UI: the patron's ready holds listed, one collected and lent."""

from __future__ import annotations

from kiosk.core import commands as C
from kiosk.core import events as E
from sync.ils.seed import BRANCHES


def _patron_with_holds_here_and_elsewhere(sim) -> tuple[str, list[str]]:
    """A patron who may borrow, with holds ready here and another ready elsewhere (demo data),
    and the items of the holds ready here."""
    here = sim.config["device"]["branch"]
    good = {p.patron_id for p in sim.data.good_patrons()}
    at: dict[str, set[str]] = {}
    for pid, _, pickup, status in sim.data.holds:
        if status == "ready" and pid in good:
            at.setdefault(pid, set()).add(pickup)
    pid = sorted(p for p, where in at.items() if here in where and len(where) > 1)[0]
    return pid, sorted(i for p, i, pick, st in sim.data.holds if p == pid and st == "ready" and pick == here)


def test_holds_pickup(make_ui) -> None:
    ui = make_ui("holds_pickup")  # the simulated station names the seed's branches itself
    assert ui.win.options.branch_names == dict(BRANCHES)
    win, sim = ui.win, ui.sim
    ui.wait_screen("idle")
    ui.shot("holds-01-idle")
    pid, ready = _patron_with_holds_here_and_elsewhere(sim)
    sim.cards.present(pid)
    ui.wait_state(E.State.HOLDS)
    ui.wait(lambda: ui.model.holds is not None)
    screen = win.screens["holds"]
    ui.wait(lambda: ready[0] in screen.list.rows)
    # holds waiting at other branches: listed by the branch's name, never offered here
    here = sim.config["device"]["branch"]
    elsewhere = [h for h in ui.model.holds.holds if h.ready and h.pickup_branch != here]
    assert elsewhere, "the demo patron should have a hold ready at another branch"
    # the core flags them (the screen and the core agree on what is offered here)
    assert all(h.elsewhere for h in elsewhere)
    assert {h.location for h in ui.model.holds.holds if h.ready} == {"hold_shelf"}
    for hold in elsewhere:
        row = screen.list.rows[hold.item_id]
        assert row.action is None
        assert dict(BRANCHES)[hold.pickup_branch] in row.detail.text() and "TPML" not in row.detail.text()
    assert all(screen.list.rows[i].action is not None for i in ready)
    assert screen.list.verticalScrollBar().value() == 0  # the first row is not scrolled away
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
