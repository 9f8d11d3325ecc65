"""The station's session state machine, as a transition table (pure: no I/O, no clock).

Theory of operation
-------------------
A station is always in one :class:`~kiosk.core.events.State`. Things that happen are
*triggers* (nouns: a card presentation, a PIN entry, a confirmation); the table below says which
state each trigger leads to from each state, per station type — the station type plays the part
h11's "role" plays. A trigger that is not in the table for the current state is refused with
:class:`TransitionError`, and the core turns that into a ``bad_command`` notice: the view never
decides a transition itself.

Rule 1: every patron session starts in IDLE and ends in IDLE (``SESSION_END``, whatever ended it:
the patron, the idle timeout, the card removed, staff). Nothing of the patron survives IDLE.

Rule 2: ``FAULT`` (a reader or the outbox is gone) leads from any state to OUT_OF_ORDER, and only
``RECOVERY`` or staff leave it. ``STAFF_LOGIN`` is accepted from every state: a staff card with
its PIN in the middle of a patron's session ends that session first (clearing a stuck session),
and ``STAFF_EXIT`` / ``STAFF_CLEAR`` lead back to IDLE.

Each station type has a *main* state a patron lands in once accepted: STACK (self-checkout and
combined), RETURN (self-return: returns need no patron), HOLDS (holds pickup) and
FASTBOOK_BROWSE (FastBook, whose RETURN takes books from the bay into free slots). CONFIRM is
reserved for a view's own confirmation step; the core goes from STACK to PROCESSING on
``CONFIRMATION``.
"""

from __future__ import annotations

import enum

from kiosk.core.events import State, StationType

__all__ = ["MAIN_STATE", "SESSION_STATES", "TRANSITIONS", "TransitionError", "Trigger",
           "transition"]


class Trigger(enum.Enum):
    CARD_PRESENTATION = "card_presentation"  # card or barcode: identify the patron
    ITEM_PLACEMENT = "item_placement"  # an item on the pad with no session (return stations)
    PIN_REQUEST = "pin_request"
    PIN_ENTRY = "pin_entry"
    ACCEPTANCE = "acceptance"  # the patron may go on
    REFUSAL = "refusal"  # the patron may not (told why); back to IDLE
    MODE_CHECKOUT = "mode_checkout"
    MODE_RETURN = "mode_return"
    MODE_ACCOUNT = "mode_account"
    MODE_HOLDS = "mode_holds"
    MODE_FASTBOOK = "mode_fastbook"
    CONFIRMATION = "confirmation"  # lend the stack
    RENEWAL = "renewal"  # renew from the account view
    SELECTION = "selection"  # holds or FastBook titles chosen
    DISPENSE_END = "dispense_end"  # the mechanism delivered (or failed)
    COMPLETION = "completion"  # every transaction of the batch is settled
    CONTINUATION = "continuation"  # back to the main state (more items, back button)
    SESSION_END = "session_end"
    FAULT = "fault"
    RECOVERY = "recovery"
    STAFF_LOGIN = "staff_login"
    STAFF_EXIT = "staff_exit"
    STAFF_CLEAR = "staff_clear"


MAIN_STATE: dict[StationType, State] = {
    StationType.SELF_CHECKOUT: State.STACK,
    StationType.COMBINED: State.STACK,
    StationType.SELF_RETURN: State.RETURN,
    StationType.HOLDS_PICKUP: State.HOLDS,
    StationType.FASTBOOK: State.FASTBOOK_BROWSE,
}

#: states in which a patron session is open
SESSION_STATES = frozenset({
    State.IDENTIFYING, State.PIN, State.ACCOUNT, State.STACK, State.CONFIRM, State.PROCESSING,
    State.DONE, State.RETURN, State.HOLDS, State.FASTBOOK_BROWSE, State.FASTBOOK_DISPENSE,
})

T = Trigger
S = State


def _table(station: StationType) -> dict[State, dict[Trigger, State]]:
    main = MAIN_STATE[station]
    table: dict[State, dict[Trigger, State]] = {
        S.IDLE: {T.CARD_PRESENTATION: S.IDENTIFYING},
        S.IDENTIFYING: {T.PIN_REQUEST: S.PIN, T.ACCEPTANCE: main, T.REFUSAL: S.IDLE},
        S.PIN: {T.PIN_ENTRY: S.IDENTIFYING, T.REFUSAL: S.IDLE},
        S.ACCOUNT: {T.RENEWAL: S.PROCESSING, T.CONTINUATION: main},
        S.PROCESSING: {T.COMPLETION: S.DONE},
        S.DONE: {T.CONTINUATION: main, T.MODE_ACCOUNT: S.ACCOUNT},
        S.OUT_OF_ORDER: {T.RECOVERY: S.IDLE, T.STAFF_LOGIN: S.STAFF},
        S.STAFF: {T.STAFF_EXIT: S.IDLE, T.STAFF_CLEAR: S.IDLE},
    }
    if station in (StationType.SELF_CHECKOUT, StationType.COMBINED):
        table[S.STACK] = {T.CONFIRMATION: S.PROCESSING, T.MODE_ACCOUNT: S.ACCOUNT}
        table[S.DONE][T.CONFIRMATION] = S.PROCESSING  # more items placed after a batch
    if station in (StationType.SELF_RETURN, StationType.COMBINED):
        table[S.IDLE][T.ITEM_PLACEMENT] = S.RETURN
        table[S.RETURN] = {T.CONTINUATION: main, T.CARD_PRESENTATION: S.IDENTIFYING}
        if station is StationType.COMBINED:
            table[S.STACK][T.MODE_RETURN] = S.RETURN
            table[S.DONE][T.MODE_RETURN] = S.RETURN
            table[S.ACCOUNT][T.MODE_RETURN] = S.RETURN
            table[S.RETURN] = {T.MODE_CHECKOUT: S.STACK, T.CONTINUATION: S.STACK,
                               T.CARD_PRESENTATION: S.IDENTIFYING}
    if station is StationType.SELF_RETURN:
        table[S.ACCOUNT][T.MODE_RETURN] = S.RETURN
        table[S.RETURN][T.MODE_ACCOUNT] = S.ACCOUNT
    if station is StationType.HOLDS_PICKUP:
        table[S.HOLDS] = {T.SELECTION: S.PROCESSING, T.MODE_ACCOUNT: S.ACCOUNT}
    if station is StationType.FASTBOOK:
        table[S.FASTBOOK_BROWSE] = {T.SELECTION: S.FASTBOOK_DISPENSE, T.MODE_ACCOUNT: S.ACCOUNT,
                                    T.MODE_HOLDS: S.FASTBOOK_BROWSE, T.MODE_RETURN: S.RETURN}
        table[S.FASTBOOK_DISPENSE] = {T.DISPENSE_END: S.PROCESSING}
        # returns into a slot: a book in the bay at IDLE, or "return" from the catalogue
        table[S.IDLE][T.ITEM_PLACEMENT] = S.RETURN
        table[S.RETURN] = {T.MODE_FASTBOOK: S.FASTBOOK_BROWSE, T.CONTINUATION: S.FASTBOOK_BROWSE,
                           T.CARD_PRESENTATION: S.IDENTIFYING}
        table[S.DONE][T.MODE_RETURN] = S.RETURN
    for state in SESSION_STATES:
        table.setdefault(state, {})
    # Rule 1: every session state can end; Rule 2: every state can fault
    for state in list(table):
        if state in SESSION_STATES:
            table[state][T.SESSION_END] = S.IDLE
        if state is not S.OUT_OF_ORDER:
            table[state][T.FAULT] = S.OUT_OF_ORDER
    for state in table:
        if state is not S.STAFF:
            table[state][T.STAFF_LOGIN] = S.STAFF
    return table


#: TRANSITIONS[station][state][trigger] -> next state (docs and tests read this table)
TRANSITIONS: dict[StationType, dict[State, dict[Trigger, State]]] = {
    station: _table(station) for station in StationType
}


class TransitionError(Exception):
    """A trigger that the current state does not accept (the caller's fault: nothing changed)."""

    def __init__(self, station: StationType, state: State, trigger: Trigger) -> None:
        super().__init__(f"{station.value}: {trigger.value} is not accepted in {state.value}")
        self.station = station
        self.state = state
        self.trigger = trigger


def transition(station: StationType, state: State, trigger: Trigger) -> State:
    """The state ``trigger`` leads to from ``state`` at a ``station``.

    :raises TransitionError: the table has no such transition.
    """
    try:
        return TRANSITIONS[station][state][trigger]
    except KeyError:
        raise TransitionError(station, state, trigger) from None


def accepts(station: StationType, state: State, trigger: Trigger) -> bool:
    return trigger in TRANSITIONS[station].get(state, {})


__all__.append("accepts")
