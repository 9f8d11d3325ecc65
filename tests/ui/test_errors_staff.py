"""Refusals, the PIN pad, the idle warning, out-of-order, and staff mode — on real sessions."""

from __future__ import annotations

from PySide6.QtCore import Qt

from kiosk.core import commands as C
from kiosk.core import events as E
from kiosk.ui import texts
from tests.ui.conftest import STAFF_ID, STAFF_PIN


def test_blocked_patron_is_told_why(make_ui) -> None:
    ui = make_ui("self_checkout")
    win, sim = ui.win, ui.sim
    blocked = sim.patron(good=False)
    sim.cards.present(blocked.patron_id)
    ui.wait_screen("error")
    reason = ui.model.refusal.reason
    assert reason != E.Refusal.OTHER
    assert win.screens["error"].reason.text() == texts.words(texts.REFUSAL, reason)
    ui.shot("error-01-refused")
    ui.tap(win.screens["error"].ok)
    assert win.screen_name() == "idle"


def test_pin_pad_wrong_then_right(make_ui) -> None:
    ui = make_ui("self_checkout", kiosk={"pin_required": True})
    win, sim = ui.win, ui.sim
    patron = sim.patron()
    sim.cards.present(patron.patron_id)
    ui.wait_state(E.State.PIN)
    pin = win.screens["pin"]
    ui.shot("pin-01-enter")
    wrong = "0000" if patron.pin != "0000" else "1111"
    for d in wrong:
        ui.tap(pin.pad.keys[d])
    assert pin.pad.display.text() == "●" * 4  # digits never shown
    ui.tap(pin.pad.ok)
    assert C.EnterPin in win.sent  # asked once, and the view keeps no PIN-carrying object
    assert not any(isinstance(c, C.EnterPin) for c in win.sent)
    ui.wait(lambda: ui.model.refusal is not None and ui.model.refusal.reason == E.Refusal.WRONG_PIN)
    ui.wait(lambda: pin.attempts.text() != "")
    assert win.screen_name() == "pin"
    ui.shot("pin-02-wrong")
    for d in patron.pin:
        ui.tap(pin.pad.keys[d])
    ui.tap(pin.pad.ok)
    ui.wait_state(E.State.STACK)
    assert pin.pad.display.text() == "—"


def test_idle_warning_counts_down_and_touch_keeps_session(make_ui) -> None:
    ui = make_ui("self_checkout", kiosk={"idle_timeout_s": 4, "idle_warning_s": 3})
    win, sim = ui.win, ui.sim
    sim.cards.present(sim.patron().patron_id)
    ui.wait_state(E.State.STACK)
    ui.wait(lambda: win.overlay.isVisible(), 8000)
    assert win.overlay.seconds > 0
    assert str(win.overlay.seconds) in win.overlay.count.text()
    ui.shot("idle-warning", langs=("zh_TW", "en"))
    ui.tap(win.overlay.button)
    assert C.Touch() in win.sent
    ui.wait(lambda: not win.overlay.isVisible() or ui.model.idle_seconds_left == 0, 5000)
    # left alone, the session ends by timeout and nothing of the patron stays
    ui.wait(lambda: ui.model.ended is not None, 15000)
    assert ui.model.ended.reason == E.EndReason.TIMEOUT
    assert ui.model.patron is None and not win.overlay.isVisible()


def test_out_of_order_when_the_outbox_fails(make_ui) -> None:
    ui = make_ui("self_checkout")
    win, sim = ui.win, ui.sim
    sim.cards.present(sim.patron().patron_id)
    ui.wait_state(E.State.STACK)
    sim.outbox.close()  # the disk is gone: nothing may be lent without the durable record
    sim.place(sim.free_items(1)[0].item_id)
    ui.wait(lambda: any(r.status == E.RowStatus.OK for r in ui.model.rows.values()))
    win.submit(C.ConfirmCheckout())
    ui.wait_state(E.State.OUT_OF_ORDER)
    ui.wait_screen("out_of_order")
    assert win.screens["out_of_order"].reason.text() == texts.words(texts.OUT_OF_ORDER, "outbox")
    assert not win.screens["out_of_order"].findChildren(type(win.screens["idle"].type_card))
    ui.shot("out-of-order")


def test_staff_mode_only_with_credentials(make_ui) -> None:
    ui = make_ui("self_checkout")
    win = ui.win
    win.close()
    assert win.isVisible()  # no way out to the desktop: close is refused
    win.leave_kiosk()
    assert win.isVisible()  # not in staff mode: refused too
    for _ in range(5):  # the hidden gesture: five taps on the title
        ui.qtbot.mouseClick(win.title, Qt.MouseButton.LeftButton)
    assert win.screen_name() == "staff_login"
    login = win.screens["staff_login"]
    ui.shot("staff-01-login")
    login.keyboard.field.setText(STAFF_ID)
    ui.tap(login.keyboard.ok)
    assert login.pad.isVisible()
    for d in "9999":
        ui.tap(login.pad.keys[d])
    ui.tap(login.pad.ok)
    ui.wait_screen("error")
    assert ui.model.refusal.reason == E.Refusal.NOT_STAFF
    ui.tap(win.screens["error"].ok)

    win.show_local("staff_login")
    login.keyboard.field.setText(STAFF_ID)
    ui.tap(login.keyboard.ok)
    for d in STAFF_PIN:
        ui.tap(login.pad.keys[d])
    ui.tap(login.pad.ok)
    ui.wait_state(E.State.STAFF)
    ui.wait(lambda: ui.model.diagnostics is not None)
    staff = win.screens["staff"]
    assert "pad" in staff.readers.rows
    ui.shot("staff-02-diagnostics")
    ui.tap(staff.exit)
    ui.wait_state(E.State.IDLE)
