"""Self-checkout end to end: FEIG emulator behind a pty, the real driver, reference ILS, outbox;
the patron's library card on a vpcd reader behind the real pcscd where it says ``cards="pcsc"``.

Each test ends by applying the outbox at the centre and checking invariant 2 on every tag."""

from __future__ import annotations

from kiosk.core import commands as C
from kiosk.core import events as E
from tests.kiosk.conftest import AFI_IN, AFI_OUT, check_invariant_2, outcome_for, row_is, state_is


def _identify(st, patron_id):
    st.cards.present(patron_id)
    st.wait_for(state_is(E.State.STACK))


def test_stack_with_a_set_checked_out_security_cleared(make_station):
    st = make_station(cards="pcsc")
    patron = st.patron()
    book = st.free_items(1)[0].item_id
    kit = st.free_items(1, parts=2)[0].item_id
    _identify(st, patron.patron_id)
    st.place(book)
    st.place(kit, part=1)
    st.wait_for(row_is(kit, E.RowStatus.SET_INCOMPLETE))
    st.place(kit, part=2)
    st.wait_for(row_is(kit, E.RowStatus.OK))
    st.wait_for(row_is(book, E.RowStatus.OK))
    st.core.submit(C.ConfirmCheckout())
    st.wait_for(state_is(E.State.DONE))
    outcomes = [e for e in st.events if isinstance(e, E.ItemOutcome)]
    assert {(o.item_id, o.result, o.security_ok) for o in outcomes} == {
        (book, "done", True), (kit, "done", True)}
    check_invariant_2(st)
    assert st.on_loan_to(book) == patron.patron_id and st.on_loan_to(kit) == patron.patron_id
    assert st.tags[f"{kit}#1"].afi == st.tags[f"{kit}#2"].afi == AFI_OUT
    receipt = next(e for e in st.events if isinstance(e, E.Receipt))
    assert {x.item_id for x in receipt.lines} == {book, kit}
    assert book in st.printer_fw.printed_text()
    st.cards.remove()  # the card leaves the reader: pcscd → PatronWatcher → the session ends
    assert st.wait_for(lambda e: isinstance(e, E.SessionEnded)).reason == E.EndReason.CARD_REMOVED


def test_incomplete_set_is_not_lent(make_station):
    st = make_station()
    kit = st.free_items(1, parts=2)[0].item_id
    _identify(st, st.patron().patron_id)
    st.place(kit, part=1)
    row = st.wait_for(row_is(kit, E.RowStatus.SET_INCOMPLETE))
    assert (row.parts, row.parts_present) == (2, 1)
    st.core.submit(C.ConfirmCheckout())
    st.wait_for(lambda e: isinstance(e, E.Notice) and e.code == E.NoticeCode.NOTHING_TO_DO)
    check_invariant_2(st)
    assert st.on_loan_to(kit) is None and st.tags[f"{kit}#1"].afi == AFI_IN


def test_problem_rows_each_get_their_code(make_station):
    st = make_station()
    _identify(st, st.patron().patron_id)
    other = st.place("9900000001", owner="TW-NTL", parts=1)
    blank = st.place("blank-1", blank=True)
    ref = next(i.item_id for i in st.data.items if i.item_type == "REF")
    st.place(ref)
    lent = next(item for p, item, _ in st.data.loans if p != st.patron().patron_id)
    st.place(lent)
    rows = {}
    for uid, status in ((other.uid_hex, "other_library"), (blank.uid_hex, "blank")):
        rows[uid] = st.wait_for(lambda e, u=uid, s=status: isinstance(e, E.StackRow)
                                and e.uid == u and e.status == s)
    st.wait_for(row_is(ref, E.RowStatus.NOT_CIRCULATING))
    st.wait_for(row_is(lent, E.RowStatus.ON_LOAN_TO_OTHER))
    st.core.submit(C.ConfirmCheckout())
    st.wait_for(lambda e: isinstance(e, E.Notice) and e.code == E.NoticeCode.NOTHING_TO_DO)
    check_invariant_2(st)


def test_book_lifted_mid_write_keeps_invariant_2(make_station):
    st = make_station()
    patron = st.patron()
    a, b = (i.item_id for i in st.free_items(2))
    _identify(st, patron.patron_id)
    st.place(a)
    tag_b = st.place(b)
    st.wait_for(row_is(a, E.RowStatus.OK))
    st.wait_for(row_is(b, E.RowStatus.OK))
    st.pad_sim.field.leave_after(tag_b.uid_hex, 0)  # gone before its AFI write
    st.core.submit(C.ConfirmCheckout())
    out_b = st.wait_for(outcome_for(b))
    assert out_b.result == E.ItemResult.LIFTED and out_b.security_ok is False
    assert st.wait_for(outcome_for(a)).result == E.ItemResult.DONE
    check_invariant_2(st)
    # the patron puts it back: the marker is written and verified after all
    st.pad_sim.field.place(tag_b)
    done = st.wait_for(lambda e: isinstance(e, E.ItemOutcome) and e.item_id == b
                       and e.result == E.ItemResult.DONE)
    assert done.security_ok is True
    st.core.wait_idle()
    st.drain()
    assert st.on_loan_to(b) == patron.patron_id and tag_b.afi == AFI_OUT


def test_locked_afi_is_compensated(make_station):
    st = make_station()
    item = st.free_items(1)[0].item_id
    _identify(st, st.patron().patron_id)
    tag = st.place(item)
    tag.afi_locked = True  # the marker cannot change: the loan must be undone
    st.wait_for(row_is(item, E.RowStatus.OK))
    st.core.submit(C.ConfirmCheckout())
    out = st.wait_for(outcome_for(item))
    assert out.result == E.ItemResult.COMPENSATED
    check_invariant_2(st)
    assert st.on_loan_to(item) is None and tag.afi == AFI_IN


def test_renew_on_rescan(make_station):
    st = make_station()
    good = {x.patron_id for x in st.data.good_patrons()}
    patron_id, item = next((p, i) for p, i, _ in st.data.loans
                           if p in good and st.ils.account(p).loans[0].renewable
                           and any(x.item_id == i and x.renewable for x in st.ils.account(p).loans))
    before = st.ils._one("SELECT due, renewals FROM loans WHERE item_id=? AND returned IS NULL", item)
    _identify(st, patron_id)
    st.place(item)
    st.wait_for(row_is(item, E.RowStatus.RENEW))
    st.core.submit(C.ConfirmCheckout())
    out = st.wait_for(outcome_for(item))
    assert (out.action, out.result) == (E.ItemAction.RENEW, E.ItemResult.DONE)
    check_invariant_2(st)
    after = st.ils._one("SELECT due, renewals FROM loans WHERE item_id=? AND returned IS NULL", item)
    assert after["renewals"] == before["renewals"] + 1


def test_refused_patron_is_told_why(make_station):
    st = make_station(cards="pcsc")
    bad = st.patron(good=False)
    st.cards.present(bad.patron_id)
    refused = st.wait_for(lambda e: isinstance(e, E.PatronRefused))
    assert refused.reason.startswith("patron_") and refused.message
    st.wait_for(lambda e: isinstance(e, E.SessionEnded))
    assert st.core.state is E.State.IDLE
    assert bad.patron_id not in str([e.to_json() for e in st.events])


def test_pin_wrong_then_right(make_station):
    st = make_station(overrides={"kiosk": {"pin_required": True}})
    p = st.patron()
    st.core.submit(C.IdentifyBarcode(barcode=p.patron_id))
    st.wait_for(state_is(E.State.PIN))
    wrong = "0000" if p.pin != "0000" else "1111"
    st.core.submit(C.EnterPin(pin=wrong))
    st.wait_for(lambda e: isinstance(e, E.PatronRefused) and e.reason == E.Refusal.WRONG_PIN)
    st.wait_for(lambda e: isinstance(e, E.PinRequested) and e.attempts_left == 2)
    st.core.submit(C.EnterPin(pin=p.pin))
    st.wait_for(state_is(E.State.STACK))
    assert p.pin not in str([e.to_json() for e in st.events])


def test_loan_wanted_by_another_is_not_renewed(make_station):
    st = make_station()
    good = {x.patron_id for x in st.data.good_patrons()}
    patron_id, item = next((p, loan.item_id) for p in sorted(good)
                           for loan in st.ils.account(p).loans if not loan.renewable)
    _identify(st, patron_id)
    st.place(item)
    st.wait_for(row_is(item, E.RowStatus.REFUSED))
    st.core.submit(C.ShowAccount())
    account = st.wait_for(lambda e: isinstance(e, E.AccountShown))
    assert any(x.item_id == item and not x.renewable for x in account.loans)
    # the ILS's reason reaches the screen (issue 17: "a loan without Renew gives no reason")
    assert {x.reason for x in account.loans if x.item_id == item} <= {"hold_for_other",
                                                                   "renewal_limit"}
    assert all(x.reason for x in account.loans if not x.renewable)
    st.core.submit(C.RenewItems(item_ids=(item,)))
    out = st.wait_for(outcome_for(item))
    assert (out.result, out.reason) == (E.ItemResult.REFUSED, "not_renewable")
    check_invariant_2(st)
