"""FastBook returns into a slot: a book put into the bay is checked in, re-armed and verified
over the pad, then taken into a free slot that the catalogue lists; a delivery waiting in the
bay is never taken for a return; a full station or a set is sent to the desk untouched."""

from __future__ import annotations

import time

from kiosk.core import commands as C
from kiosk.core import events as E
from tests.kiosk.conftest import AFI_IN, AFI_OUT, check_invariant_2, outcome_for, state_is


def _a_loan(st, index: int = 0) -> tuple[str, str]:
    """A single-part loan no hold waits on."""
    patron_id, item, _ = sorted((p, i, d) for p, i, d in st.data.loans
                                if st.data.item(i).parts == 1
                                and not st.ils.item_info(i).on_hold_for_other)[index]
    return patron_id, item


def test_returned_book_goes_into_a_slot_and_can_be_lent_again(make_station):
    st = make_station("fastbook")
    _, item = _a_loan(st)
    tag = st.tag(item)
    assert tag.afi == AFI_OUT
    st.place(item)  # into the bay, nobody identified
    st.wait_for(state_is(E.State.RETURN))
    stored = st.wait_for(lambda e: isinstance(e, E.FastBookStored))
    out = st.wait_for(outcome_for(item))
    assert (out.action, out.result, out.security_ok) == (E.ItemAction.CHECKIN, "done", True)
    assert stored.item_id == item and tag.afi == AFI_IN
    slots = {s.slot: s for s in st.fastbook.slots()}
    assert slots[stored.slot].item_id == item and slots[stored.slot].uid == tag.uid_hex
    assert st.pad_sim.field.get(tag.uid_hex) is None  # out of the bay, in the slot
    st.core.submit(C.EndSession())
    st.wait_for(lambda e: isinstance(e, E.SessionEnded))
    check_invariant_2(st)
    assert st.on_loan_to(item) is None

    borrower = st.patron(index=3)
    st.events.clear()
    st.cards.present(borrower.patron_id)
    cat = st.wait_for(lambda e: isinstance(e, E.FastBookCatalogue))
    assert next(t for t in cat.titles if t.item_id == item).available
    st.core.submit(C.FastBookSelect(item_ids=(item,)))
    assert st.wait_for(outcome_for(item)).result == E.ItemResult.DONE
    st.core.submit(C.EndSession())  # the book still lies in the bay: no return
    st.wait_for(lambda e: isinstance(e, E.SessionEnded))
    check_invariant_2(st)
    assert st.on_loan_to(item) == borrower.patron_id and tag.afi == AFI_OUT
    assert not any(isinstance(e, E.ItemOutcome) and e.action == E.ItemAction.CHECKIN
                   for e in st.events)


def test_delivery_left_in_the_bay_is_not_returned(make_station):
    st = make_station("fastbook")
    book = st.free_items(1)[0].item_id
    st.fastbook.load(4, st.tag(book), book)
    patron = st.patron()
    st.cards.present(patron.patron_id)
    st.wait_for(lambda e: isinstance(e, E.FastBookCatalogue))
    st.core.submit(C.FastBookSelect(item_ids=(book,)))
    st.wait_for(state_is(E.State.DONE))
    st.core.submit(C.EndSession())
    st.wait_for(lambda e: isinstance(e, E.SessionEnded))
    st.core.wait_idle()
    st.core.submit(C.Touch())
    st.core.wait_idle()
    assert st.core.state is E.State.IDLE
    check_invariant_2(st)
    assert st.on_loan_to(book) == patron.patron_id
    uid = st.tags[f"{book}#1"].uid_hex
    deadline = time.monotonic() + 10
    while uid not in st.pad.scanner.present:  # the pad has seen it lie in the bay
        assert time.monotonic() < deadline
        time.sleep(0.01)
    st.core.wait_idle()
    assert st.core.state is E.State.IDLE and st.on_loan_to(book) == patron.patron_id
    # taken, read at home, brought back: now it is a return
    assert st.fastbook.take(uid) is not None
    st.wait_for(lambda e: isinstance(e, E.StackRowRemoved))
    st.place(book)
    stored = st.wait_for(lambda e: isinstance(e, E.FastBookStored))
    assert stored.item_id == book
    check_invariant_2(st)
    assert st.on_loan_to(book) is None


def test_full_station_and_sets_are_sent_to_the_desk_untouched(make_station):
    st = make_station("fastbook")
    fill = st.free_items(12)
    for n, it in enumerate(fill, start=1):
        st.fastbook.load(n, st.tag(it.item_id), it.item_id)
    _, item = _a_loan(st, 1)
    st.place(item)
    out = st.wait_for(outcome_for(item))
    assert (out.result, out.reason) == (E.ItemResult.REFUSED, "station_full") and out.message
    check_invariant_2(st)
    assert st.on_loan_to(item) is not None and st.tags[f"{item}#1"].afi == AFI_OUT


def test_patron_returns_from_the_catalogue_screen(make_station):
    st = make_station("fastbook")
    patron_id, item = _a_loan(st, 2)
    st.cards.present(patron_id)
    st.wait_for(lambda e: isinstance(e, E.FastBookCatalogue))
    st.core.submit(C.ChooseMode(mode=C.Mode.RETURN))
    st.wait_for(state_is(E.State.RETURN))
    st.place(item)
    stored = st.wait_for(lambda e: isinstance(e, E.FastBookStored))
    st.core.submit(C.ChooseMode(mode=C.Mode.FASTBOOK))
    cat = st.wait_for(lambda e: isinstance(e, E.FastBookCatalogue) and any(
        t.item_id == item for t in e.titles))
    assert next(t.slot for t in cat.titles if t.item_id == item) == stored.slot
    st.core.submit(C.ChooseMode(mode=C.Mode.RETURN))
    st.wait_for(lambda e: isinstance(e, E.StateChanged) and e.state is E.State.RETURN
                and e.previous is E.State.FASTBOOK_BROWSE)
    st.core.submit(C.EndSession())  # the return receipt is printed as the session ends
    st.wait_for(lambda e: isinstance(e, E.SessionEnded))
    receipt = next(e for e in st.events if isinstance(e, E.Receipt))
    assert receipt.lines[0].sort_bin == f"fastbook:{stored.slot}"
    check_invariant_2(st)
    assert st.on_loan_to(item) is None
