"""Identification, staff mode and the idle clock on in-memory ports (issue 13)."""

from __future__ import annotations

from kiosk.core import commands as C
from kiosk.core import events as E
from kiosk.core.flows.staff import hash_pin
from kiosk.core.machine import Tick
from kiosk.core.ports import CardEvent
from sync.results import Outcome, PatronStatus
from sync.schema import mask
from tests.kiosk.flows.fakes import PATRON, Harness, plain, state

S = E.State


def test_a_blocked_patron_is_told_why_and_the_session_ends() -> None:
    h = Harness()
    h.centre.patrons["2300000002"] = PatronStatus(
        outcome=Outcome.APPLIED, patron_id="2300000002", valid=True, blocks=("fees",),
        block_messages=("Please pay your fees.",))
    assert plain(h.card("2300000002")) == [
        state(S.IDENTIFYING, S.IDLE),
        E.SessionStarted(session_id="S", channel="kiosk"),
        E.ConnectivityChanged(online=True, cache_age_s=60.0),
        E.PatronRefused(reason=E.Refusal.FEES, message="Please pay your fees."),
        state(S.IDLE, S.IDENTIFYING),
        E.SessionEnded(reason=E.EndReason.PATRON),
        E.StackCleared(),
    ]
    assert h.outbox.types() == ["session_start", "failure", "session_end"]
    assert h.outbox.rows[1][1]["reason"] == E.Refusal.FEES and h.ctx.session is None


def test_offline_a_fresh_cache_lets_the_patron_in_a_stale_one_does_not() -> None:
    h = Harness()
    h.centre.online = False
    events = h.card()
    assert events[2:5] == [
        E.ConnectivityChanged(online=False, cache_age_s=60.0),
        E.PatronIdentified(patron=mask(PATRON), offline=True, loan_limit=5),
        E.Notice(code=E.NoticeCode.OFFLINE_MODE),
    ]
    assert h.machine.state is S.STACK
    h.submit(C.EndSession())
    h.offline.age = None  # never fed
    refused = h.card()
    assert E.PatronRefused(reason=E.Refusal.OFFLINE_RULES_STALE,
                           message="The library system cannot be reached. Please see the staff."
                           ) in refused
    assert h.machine.state is S.IDLE


def test_a_pin_is_asked_and_a_wrong_one_counts_down() -> None:
    h = Harness(pin_required=True, pin_attempts=2)
    h.centre.patrons[PATRON] = PatronStatus(outcome=Outcome.APPLIED, patron_id=PATRON,
                                            valid=True, pin_ok=False)
    assert h.card()[-2:] == [state(S.PIN, S.IDENTIFYING), E.PinRequested(attempts_left=2)]
    assert h.submit(C.EnterPin(pin="1111"))[-3:] == [
        E.PatronRefused(reason=E.Refusal.WRONG_PIN, message="Wrong PIN."),
        state(S.PIN, S.IDENTIFYING), E.PinRequested(attempts_left=1)]
    last = h.submit(C.EnterPin(pin="2222"))
    assert E.PatronRefused(reason=E.Refusal.PIN_ATTEMPTS,
                           message="Too many wrong PINs. Please see the staff.") in last
    assert h.machine.state is S.IDLE


def test_a_command_out_of_place_is_a_bad_command_notice() -> None:
    h = Harness()
    assert h.submit(C.ConfirmCheckout()) == [E.Notice(
        code=E.NoticeCode.BAD_COMMAND,
        message="self_checkout: confirmation is not accepted in IDLE")]


def test_the_idle_clock_warns_then_ends_the_session() -> None:
    h = Harness(idle_timeout_s=30, idle_warning_s=10)
    h.card()
    h.clock.now += 25
    assert h.feed(Tick()) == [E.IdleWarning(seconds_left=5)]
    assert h.feed(Tick()) == []  # the same second is not told twice
    assert h.feed(C.Touch()) == [E.IdleWarning(seconds_left=0)]
    h.clock.now += 31
    assert h.feed(Tick()) == [state(S.IDLE, S.STACK), E.SessionEnded(reason=E.EndReason.TIMEOUT),
                              E.StackCleared()]


def test_a_staff_card_asks_for_the_staff_pin_and_opens_staff_mode() -> None:
    h = Harness(staff={"STAFF-1": hash_pin("2468", "salt")})
    assert h.feed(CardEvent(present=True, patron_id="STAFF-1")) == [
        E.PinRequested(purpose="staff")]
    events = h.submit(C.EnterPin(pin="2468"))
    assert events[0] == state(S.STAFF, S.IDLE)
    assert events[1] == E.StaffDiagnostics(
        readers=(E.ReaderStatus(name="pad", url="fake://pad", ok=True, detail="fake"),),
        queue_depth=0, online=False, cache_age_s=60.0)
    assert h.submit(C.StaffExit()) == [state(S.IDLE, S.STAFF)]
    wrong = h.submit(C.StaffLogin(staff_id="STAFF-1", pin="1357"))
    assert wrong == [E.PatronRefused(reason=E.Refusal.NOT_STAFF,
                                     message="Not a staff card or wrong PIN.")]
