"""The transition table (pure): rules 1 and 2 hold for every station type."""

from __future__ import annotations

import pytest

from kiosk.core.events import State, StationType
from kiosk.core.session import (
    MAIN_STATE,
    SESSION_STATES,
    TRANSITIONS,
    TransitionError,
    Trigger,
    accepts,
    transition,
)


@pytest.mark.parametrize("station", list(StationType))
def test_every_session_state_ends_in_idle_and_can_fault(station):
    for state in SESSION_STATES:
        assert transition(station, state, Trigger.SESSION_END) is State.IDLE
        assert transition(station, state, Trigger.FAULT) is State.OUT_OF_ORDER


@pytest.mark.parametrize("station", list(StationType))
def test_patron_lands_in_the_main_state(station):
    state = transition(station, State.IDLE, Trigger.CARD_PRESENTATION)
    assert state is State.IDENTIFYING
    assert transition(station, state, Trigger.ACCEPTANCE) is MAIN_STATE[station]
    assert transition(station, state, Trigger.REFUSAL) is State.IDLE


@pytest.mark.parametrize("station", list(StationType))
def test_every_target_is_a_state_and_staff_reaches_everywhere(station):
    for state, moves in TRANSITIONS[station].items():
        assert all(isinstance(t, State) for t in moves.values())
        if state is not State.STAFF:
            assert moves[Trigger.STAFF_LOGIN] is State.STAFF


def test_illegal_transitions_are_refused():
    with pytest.raises(TransitionError) as info:
        transition(StationType.SELF_CHECKOUT, State.IDLE, Trigger.CONFIRMATION)
    assert info.value.trigger is Trigger.CONFIRMATION
    assert not accepts(StationType.SELF_CHECKOUT, State.STACK, Trigger.MODE_RETURN)
    assert accepts(StationType.COMBINED, State.STACK, Trigger.MODE_RETURN)
    # only return stations start a session from a book on the pad
    assert accepts(StationType.SELF_RETURN, State.IDLE, Trigger.ITEM_PLACEMENT)
    assert not accepts(StationType.SELF_CHECKOUT, State.IDLE, Trigger.ITEM_PLACEMENT)
    assert not accepts(StationType.SELF_CHECKOUT, State.OUT_OF_ORDER, Trigger.SESSION_END)
