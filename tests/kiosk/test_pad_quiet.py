"""The pad silences tags it already reported (ISO 15693 stay quiet), so a round costs only the
new tags' air time (``bench ui``: tag → row p95 108 → ~35 ms with ten books on the pad), and
still notices a book lifted or a tag that woke up again. FEIG emulator behind a pty, real driver."""

from __future__ import annotations

from hwsim.iso15693.tag import TagState
from kiosk.core import events as E
from tests.kiosk.conftest import row_is, state_is, until


def _settled(st, uids: set[str]) -> bool:
    return set(st.pad.inventories.quiet) == uids and st.pad.inventories.settled


def _settled_stack(make_station, n: int):
    """A patron's stack of ``n`` books, all read and all silenced by the pad."""
    st = make_station()
    st.cards.present(st.patron().patron_id)
    st.wait_for(state_is(E.State.STACK))
    books = [i.item_id for i in st.free_items(n)]
    for b in books:
        st.place(b)
    for b in books:
        st.wait_for(row_is(b, E.RowStatus.OK))
    uids = {st.tags[f"{b}#1"].uid_hex for b in books}
    until(lambda: _settled(st, uids))
    return st, books, uids



def test_reported_tags_are_silenced_and_lifts_still_seen(make_station):
    st, books, uids = _settled_stack(make_station, 6)
    # the books on the pad no longer answer inventories: only a new one would
    assert all(st.tags[f"{b}#1"].state is TagState.QUIET for b in books)
    assert st.pad.reads == len(books)  # each read once, by the pad's prefetch or the core
    lifted = st.tags[f"{books[2]}#1"]
    st.lift(books[2])
    st.wait_for(lambda e: isinstance(e, E.StackRowRemoved) and e.uid == lifted.uid_hex)
    st.place(books[2])  # back on the pad: a new row, read afresh
    st.wait_for(lambda e: isinstance(e, E.StackRow) and e.uid == lifted.uid_hex
                and e.status == E.RowStatus.OK and st.pad.reads == len(books) + 1)
    until(lambda: _settled(st, uids))
    assert {e.uid for e in st.events if isinstance(e, E.StackRowRemoved)} == {lifted.uid_hex}


def test_a_tag_that_wakes_up_is_silenced_again_without_events(make_station):
    st, books, uids = _settled_stack(make_station, 3)
    woken = st.tags[f"{books[0]}#1"]
    rounds = st.pad.rounds
    woken.power_cycle()  # a dip in the field: the tag is READY again and answers inventories
    assert woken.state is TagState.READY
    until(lambda: st.pad.rounds >= rounds + 3 and woken.state is TagState.QUIET)
    st.core.wait_idle()
    assert not any(isinstance(e, E.StackRowRemoved) for e in st.events)
    assert st.pad.reads == len(books)


def test_a_stack_placed_at_once_shows_every_row_before_filling_them_in(make_station):
    st = make_station()
    st.cards.present(st.patron().patron_id)
    st.wait_for(state_is(E.State.STACK))
    books = [i.item_id for i in st.free_items(5)]
    with st.pad.turns.operation():  # no inventory meanwhile: one round finds all five
        for b in books:
            st.place(b)
    for b in books:
        st.wait_for(row_is(b, E.RowStatus.OK))
    uids = {st.tags[f"{b}#1"].uid_hex for b in books}
    rows = [e for e in st.events if isinstance(e, E.StackRow) and e.uid in uids]
    first_filled = next(i for i, e in enumerate(rows) if e.status != E.RowStatus.CHECKING)
    assert {e.uid for e in rows[:first_filled]} == uids  # all shown before any was read
