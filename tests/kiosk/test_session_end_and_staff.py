"""Session end (explicit, idle timeout after a warning, card removed) and staff mode."""

from __future__ import annotations

from kiosk.core import commands as C
from kiosk.core import events as E
from kiosk.core.flows.staff import hash_pin
from tests.kiosk.conftest import state_is


def test_idle_timeout_warns_then_ends(make_station):
    st = make_station(overrides={"kiosk": {"idle_timeout_s": 1.5, "idle_warning_s": 1}})
    st.cards.present(st.patron().patron_id)
    st.wait_for(state_is(E.State.STACK))
    warning = st.wait_for(lambda e: isinstance(e, E.IdleWarning) and e.seconds_left > 0)
    assert warning.seconds_left == 1
    ended = st.wait_for(lambda e: isinstance(e, E.SessionEnded))
    assert ended.reason == E.EndReason.TIMEOUT and st.core.state is E.State.IDLE


def test_touch_cancels_the_warning(make_station):
    st = make_station(overrides={"kiosk": {"idle_timeout_s": 2, "idle_warning_s": 1.5}})
    st.cards.present(st.patron().patron_id)
    st.wait_for(lambda e: isinstance(e, E.IdleWarning) and e.seconds_left > 0)
    st.core.submit(C.Touch())
    st.wait_for(lambda e: isinstance(e, E.IdleWarning) and e.seconds_left == 0)
    assert st.core.state is E.State.STACK


def test_card_removed_ends_the_session_and_forgets_the_patron(make_station):
    st = make_station()
    p = st.patron()
    st.cards.present(p.patron_id)
    st.wait_for(state_is(E.State.STACK))
    st.cards.remove()
    ended = st.wait_for(lambda e: isinstance(e, E.SessionEnded))
    assert ended.reason == E.EndReason.CARD_REMOVED
    st.core.wait_idle()
    assert st.core.context.session is None and st.core.context.last_receipt is None
    st.core.wait_idle()
    st.drain()
    kinds = [r["type"] for r in st.outbox.db.query("SELECT type FROM outbox ORDER BY seq")]
    assert kinds == ["session_start", "session_end"]


def test_staff_card_pin_diagnostics_force_sync_and_exit(make_station):
    pin_hash = hash_pin("2468", "salt1")
    st = make_station(overrides={"kiosk": {"staff": {"STAFF-01": pin_hash}}})
    st.cards.present(st.patron().patron_id)
    st.wait_for(state_is(E.State.STACK))
    st.cards.present("STAFF-01")
    st.wait_for(lambda e: isinstance(e, E.PinRequested) and e.purpose == "staff")
    st.core.submit(C.EnterPin(pin="1357"))
    st.wait_for(lambda e: isinstance(e, E.PatronRefused) and e.reason == E.Refusal.NOT_STAFF)
    st.core.submit(C.StaffLogin(staff_id="STAFF-01", pin="2468"))
    st.wait_for(state_is(E.State.STAFF))
    ended = st.wait_for(lambda e: isinstance(e, E.SessionEnded))
    assert ended.reason == E.EndReason.STAFF  # a stuck session is cleared by logging in
    diag = st.wait_for(lambda e: isinstance(e, E.StaffDiagnostics))
    assert [r.name for r in diag.readers] == ["pad", "card"] and diag.readers[0].ok
    assert diag.queue_depth >= 2
    st.core.submit(C.StaffForceSync())
    st.wait_for(lambda e: isinstance(e, E.Notice) and e.code == E.NoticeCode.SYNC_FORCED)
    st.core.submit(C.StaffExit())
    st.wait_for(lambda e: isinstance(e, E.StateChanged) and e.previous is E.State.STAFF)
    assert st.core.state is E.State.IDLE


def test_pad_unplugged_goes_out_of_order_and_recovers(make_station):
    st = make_station()
    st.pad_sim.unplug()
    ooo = st.wait_for(lambda e: isinstance(e, E.OutOfOrder), timeout=20)
    assert ooo.reason == "item_reader"
    st.pad_sim.replug()
    st.wait_for(lambda e: isinstance(e, E.StateChanged) and e.previous is E.State.OUT_OF_ORDER,
                timeout=20)
    assert st.core.state is E.State.IDLE


def test_command_in_the_wrong_state_is_a_notice_not_a_crash(make_station):
    st = make_station()
    st.core.submit(C.ConfirmCheckout())
    notice = st.wait_for(lambda e: isinstance(e, E.Notice))
    assert notice.code == E.NoticeCode.BAD_COMMAND and st.core.state is E.State.IDLE
