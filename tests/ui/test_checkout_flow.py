"""Self-checkout through the touch UI: card number typed, stack live, confirm, done, account."""

from __future__ import annotations

from kiosk.core import commands as C
from kiosk.core import events as E
from kiosk.ui.screens.stack import MARK
from tests.ui.conftest import patron_with_loans


def test_checkout_session_every_screen(make_ui) -> None:
    ui = make_ui("self_checkout")
    win, sim = ui.win, ui.sim
    ui.wait_screen("idle")
    ui.shot("checkout-01-idle")

    # identify: the card number on the on-screen keyboard
    ui.tap(win.screens["idle"].type_card)
    assert win.screen_name() == "identify"
    pid, _ = patron_with_loans(sim)  # loans from before today too: one of them is renewed
    patron = sim.data.patron(pid)
    kb = win.screens["identify"].keyboard
    for ch in patron.patron_id:
        ui.tap(kb.keys[ch.upper()]) if ch.upper() in kb.keys else kb.press(ch)
    ui.shot("checkout-02-identify")
    ui.tap(kb.ok)
    ui.wait_state(E.State.STACK)
    assert ui.model.patron is not None and "****" in ui.model.patron.patron

    # the stack: items appear as they are placed, with their problem when they have one
    stack = win.screens["stack"]
    free = sim.free_items(2)
    for item in free:
        sim.place(item.item_id)
    set_item = sim.free_items(1, parts=2)[0]
    sim.place(set_item.item_id, part=1)
    ui.wait(lambda: len(stack.list.rows) == 3 and all(
        r.status != E.RowStatus.CHECKING for r in ui.model.rows.values()))
    statuses = sorted(r.status for r in ui.model.rows.values())
    assert statuses == [E.RowStatus.OK, E.RowStatus.OK, E.RowStatus.SET_INCOMPLETE]
    incomplete = next(w for uid, w in stack.list.rows.items()
                      if ui.model.rows[uid].status == E.RowStatus.SET_INCOMPLETE)
    assert incomplete.mark.text() == MARK["warn"]
    assert "1" in incomplete.title.text() and "2" in incomplete.title.text()
    ui.shot("checkout-03-stack")

    # lifting an item takes its row away
    sim.lift(set_item.item_id, part=1)
    ui.wait(lambda: len(stack.list.rows) == 2)
    assert stack.confirm.isEnabled()

    # confirm (the view's own step), then processing and done with the receipt
    ui.tap(stack.confirm)
    assert win.screen_name() == "confirm"
    ui.shot("checkout-04-confirm")
    ui.tap(win.screens["confirm"].confirm)
    ui.wait_state(E.State.DONE)
    ui.wait(lambda: ui.model.receipt is not None)
    done = win.screens["done"]
    assert len(done.receipt.rows) == 2
    assert all(w.mark.text() == MARK["ok"] for w in done.receipt.rows.values())
    sim.core.wait_idle()
    sim.drain()  # the outbox applied at the centre, as the bridge does
    for item in free:
        assert sim.on_loan_to(item.item_id) == patron.patron_id
    ui.wait(lambda: ui.model.receipt_printed is not None)  # printed at the end of the batch
    assert ui.model.receipt_printed.ok
    assert done.printed.isVisible() and not done.print.isVisible()  # not offered again under "printed"
    assert done.take.isVisible() and done.take.text() == "請取走您的資料和借書證。"
    ui.shot("checkout-05-done")

    # account: loans with due dates, renew one
    ui.tap(done.more)
    ui.wait_state(E.State.STACK)
    ui.tap(stack.account)
    ui.wait_state(E.State.ACCOUNT)
    ui.wait(lambda: ui.model.account is not None)
    account = win.screens["account"]
    assert len(account.loans.rows) == len(ui.model.account.loans) >= 2
    ui.shot("checkout-06-account")
    # just borrowed: no Renew (it would not move the due date), and the row says why (the
    # ILS's own reason first, for a type it never renews)
    for item in free:
        just = account.loans.rows[item.item_id]
        why = ("續借次數已滿" if next(lo.reason for lo in ui.model.account.loans
                                     if lo.item_id == item.item_id) == "renewal_limit"
               else "剛借出，現在續借不會延後到期日")
        assert just.action is None and just.detail.text().endswith(" · " + why)
    earlier = next(lo.item_id for lo in ui.model.account.loans if lo.renewable)
    ui.tap(account.loans.rows[earlier].action)
    assert any(isinstance(c, C.RenewItems) and c.item_ids == (earlier,) for c in win.sent)
    ui.wait_state(E.State.DONE)
    ui.wait(lambda: any(o.action == E.ItemAction.RENEW for o in ui.model.outcomes))
    renewed = next(o for o in ui.model.outcomes if o.action == E.ItemAction.RENEW)
    assert renewed.item_id == earlier and renewed.result == E.ItemResult.DONE
    ui.wait(lambda: any(x.action == E.ItemAction.RENEW for x in ui.model.receipt.lines))
    listed = [x.item_id for x in ui.model.receipt.lines]
    assert sorted(listed) == sorted([*(i.item_id for i in free), earlier])  # each item once
    ui.shot("checkout-07-renewed")

    ui.tap(done.finish)
    ui.wait_state(E.State.IDLE)
    assert ui.model.patron is None and not ui.model.rows
    ui.wait(lambda: ui.model.ended is not None)
    win.set_language("en", tell_core=False)  # the banner is re-worded, not left in Chinese
    assert win.notice.text() and not any("\u4e00" <= ch <= "\u9fff" for ch in win.notice.text())
