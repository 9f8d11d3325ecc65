"""EAS as well as AFI (``security.use_eas``): both markers written and both read back — the EAS
bit through the NXP EAS Alarm command over the FEIG emulator's pty — so invariant 2 holds for
EAS too: a lent item is never left armed unnoticed, a returned one never left disarmed."""

from __future__ import annotations

from kiosk.core import commands as C
from kiosk.core import events as E
from tests.kiosk.conftest import (
    AFI_IN,
    AFI_OUT,
    check_invariant_2,
    lend,
    outcome_for,
    row_is,
    state_is,
)

EAS = {"security": {"use_eas": True}}


def test_checkout_disarms_and_return_rearms_both_markers(make_station):
    st = make_station("combined", overrides=EAS)
    p = st.patron()
    item = st.free_items(1)[0].item_id
    tag = st.tag(item)
    assert tag.eas is True and tag.afi == AFI_IN  # in the library: armed
    out = lend(st, p.patron_id, item)
    assert (out.result, out.security_ok) == (E.ItemResult.DONE, True)
    assert tag.eas is False and tag.afi == AFI_OUT
    check_invariant_2(st)

    st.lift(item)
    st.wait_for(lambda e: isinstance(e, E.StackRowRemoved) and e.uid == tag.uid_hex)
    st.core.submit(C.ChooseMode(mode=C.Mode.RETURN))
    st.wait_for(state_is(E.State.RETURN))
    st.place(item)  # brought back another day
    back = st.wait_for(lambda e: isinstance(e, E.ItemOutcome) and e.item_id == item
                       and e.action == E.ItemAction.CHECKIN)
    assert (back.result, back.security_ok) == (E.ItemResult.DONE, True)
    assert tag.eas is True and tag.afi == AFI_IN
    check_invariant_2(st)
    assert st.on_loan_to(item) is None


def test_eas_that_will_not_reset_undoes_the_loan(make_station):
    st = make_station(overrides=EAS)
    item = st.free_items(1)[0].item_id
    st.cards.present(st.patron().patron_id)
    st.wait_for(state_is(E.State.STACK))
    tag = st.place(item)
    tag.eas_locked = True  # the AFI changes, the EAS bit cannot: half a marker is no loan
    st.wait_for(row_is(item, E.RowStatus.OK))
    st.core.submit(C.ConfirmCheckout())
    out = st.wait_for(outcome_for(item))
    assert (out.result, out.reason) == (E.ItemResult.COMPENSATED, "security_write")
    check_invariant_2(st)
    assert st.on_loan_to(item) is None and tag.afi == AFI_IN and tag.eas is True


def test_return_of_a_tag_whose_eas_will_not_set_goes_to_staff(make_station):
    st = make_station("self_return", overrides=EAS)
    _, item, _ = st.data.loans[0]
    tag = st.tag(item)
    assert tag.eas is False and tag.afi == AFI_OUT
    tag.eas_locked = True
    st.place(item)
    out = st.wait_for(outcome_for(item))
    assert (out.result, out.security_ok) == (E.ItemResult.SECURITY_FAILED, False)
    sort = st.wait_for(lambda e: isinstance(e, E.SortInstruction) and e.item_id == item)
    assert sort.bin == E.SortBin.STAFF  # the patron and staff are told: invariant 2 holds
    check_invariant_2(st)


def test_without_use_eas_the_eas_bit_is_left_alone(make_station):
    st = make_station()
    item = st.free_items(1)[0].item_id
    st.cards.present(st.patron().patron_id)
    st.wait_for(state_is(E.State.STACK))
    tag = st.place(item)
    tag.eas = True
    st.wait_for(row_is(item, E.RowStatus.OK))
    st.core.submit(C.ConfirmCheckout())
    assert st.wait_for(outcome_for(item)).result == E.ItemResult.DONE
    assert tag.eas is True and tag.afi == AFI_OUT
