"""Return, combined, holds pickup and FastBook stations end to end (pty pad, reference ILS)."""

from __future__ import annotations

from kiosk.core import commands as C
from kiosk.core import events as E
from tests.kiosk.conftest import AFI_IN, AFI_OUT, check_invariant_2, outcome_for, row_is, state_is


def test_anonymous_return_arms_the_marker_and_sorts(make_station):
    st = make_station("self_return")
    patron_id, item, _ = st.data.loans[0]  # wanted by someone else: hold shelf or transit
    patron2, item2, _ = st.data.loans[20]
    st.place(item)
    st.wait_for(state_is(E.State.RETURN))
    sort = st.wait_for(lambda e: isinstance(e, E.SortInstruction) and e.item_id == item)
    assert sort.bin in (E.SortBin.HOLD_SHELF, E.SortBin.TRANSIT)
    st.place(item2)
    sort2 = st.wait_for(lambda e: isinstance(e, E.SortInstruction) and e.item_id == item2)
    home = st.data.item(item2).home_branch
    assert sort2.bin == (E.SortBin.RESHELVE if home == "TPML-MAIN" else E.SortBin.TRANSIT)
    st.core.submit(C.EndSession())
    st.wait_for(lambda e: isinstance(e, E.SessionEnded))
    check_invariant_2(st)
    assert st.on_loan_to(item) is None and st.on_loan_to(item2) is None
    assert st.tags[f"{item}#1"].afi == AFI_IN
    assert "歸還 Return" in st.printer_fw.printed_text()


def test_combined_return_then_checkout(make_station):
    st = make_station("combined")
    good = {p.patron_id for p in st.data.good_patrons()}
    patron_id, loaned, _ = next(x for x in st.data.loans[20:] if x[0] in good)
    st.cards.present(patron_id)
    st.wait_for(state_is(E.State.STACK))
    st.core.submit(C.ChooseMode(mode="return"))
    st.wait_for(state_is(E.State.RETURN))
    st.place(loaned)
    st.wait_for(lambda e: isinstance(e, E.SortInstruction) and e.item_id == loaned)
    st.clear_pad()
    st.core.submit(C.ChooseMode(mode="checkout"))
    st.wait_for(state_is(E.State.STACK))
    new = st.free_items(1)[0].item_id
    st.place(new)
    st.wait_for(row_is(new, E.RowStatus.OK))
    st.core.submit(C.ConfirmCheckout())
    assert st.wait_for(outcome_for(new)).result == E.ItemResult.DONE
    check_invariant_2(st)
    assert st.on_loan_to(loaned) is None and st.on_loan_to(new) == patron_id


def test_holds_pickup_lends_the_ready_hold_only(make_station):
    st = make_station("holds_pickup")
    good = {p.patron_id for p in st.data.good_patrons()}
    patron_id, item, _, _ = next(h for h in st.data.holds if h[3] == "ready"
                                 and h[2] == "TPML-MAIN" and h[0] in good)
    other = st.free_items(1)[0].item_id
    st.cards.present(patron_id)
    holds = st.wait_for(lambda e: isinstance(e, E.HoldsShown))
    assert item in {h.item_id for h in holds.holds}
    st.place(item)
    st.place(other)
    st.wait_for(row_is(item, E.RowStatus.OK))
    st.wait_for(row_is(other, E.RowStatus.REFUSED))
    st.core.submit(C.SelectHolds(item_ids=(item,)))
    out = st.wait_for(outcome_for(item))
    assert (out.action, out.result) == (E.ItemAction.HOLD_PICKUP, E.ItemResult.DONE)
    check_invariant_2(st)
    assert st.on_loan_to(item) == patron_id and st.on_loan_to(other) is None
    assert st.ils._one("SELECT status FROM holds WHERE item_id=? AND patron_id=?",
                       item, patron_id)["status"] != "ready"


def test_fastbook_dispenses_verifies_and_lends_within_quota(make_station):
    st = make_station("fastbook", overrides={"kiosk": {"fastbook": {"station_quota": 1}}})
    a, b = (i.item_id for i in st.free_items(2))
    st.fastbook.load(1, st.tag(a), a)
    st.fastbook.load(2, st.tag(b), b)
    patron = st.patron()
    st.cards.present(patron.patron_id)
    cat = st.wait_for(lambda e: isinstance(e, E.FastBookCatalogue))
    assert {t.item_id for t in cat.titles} == {a, b} and cat.quota_left == 1
    st.core.submit(C.FastBookSelect(item_ids=(b, a)))
    st.wait_for(state_is(E.State.DONE))
    assert st.wait_for(outcome_for(b)).result == E.ItemResult.DONE
    refused = st.wait_for(outcome_for(a))
    assert (refused.result, refused.reason) == (E.ItemResult.REFUSED, "station_quota")
    stages = [e.stage for e in st.events if isinstance(e, E.DispenseProgress)]
    assert stages == ["moving", "delivered", "verified"]
    check_invariant_2(st)
    assert st.on_loan_to(b) == patron.patron_id and st.tags[f"{b}#1"].afi == AFI_OUT
    assert st.on_loan_to(a) is None and [s.item_id for s in st.fastbook.slots() if s.uid] == [a]


def test_fastbook_jam_lends_nothing(make_station):
    st = make_station("fastbook")
    a = st.free_items(1)[0].item_id
    st.fastbook.load(3, st.tag(a), a)
    st.fastbook.jammed.add(3)
    st.cards.present(st.patron().patron_id)
    st.wait_for(lambda e: isinstance(e, E.FastBookCatalogue))
    st.core.submit(C.FastBookSelect(item_ids=(a,)))
    out = st.wait_for(outcome_for(a))
    assert (out.result, out.reason) == (E.ItemResult.REFUSED, "dispense_failed")
    check_invariant_2(st)
    assert st.on_loan_to(a) is None
