"""Lending flows on in-memory ports: checkout online and offline, refusals, the security marker
(invariant 2) and a port's bug, renewals (issue 13: the core without pseudo-terminals)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from drivers.tags.item import Element
from kiosk.core import commands as C
from kiosk.core import events as E
from sync import schema
from sync.results import Account, ItemStatus, Loan, Outcome
from sync.schema import mask
from tests.kiosk.flows.fakes import (
    AFI_IN,
    AFI_OUT,
    DUE,
    PATRON,
    TODAY,
    Harness,
    plain,
    state,
)

S, R, A, X = E.State, E.RowStatus, E.ItemAction, E.ItemResult


def stacked(h: Harness, uid: str = "U1", item_id: str = "3100000001", title: str = "Tea") -> None:
    """The patron identified and one item on the pad, ready to lend."""
    h.pad.add(uid, item_id)
    h.centre.item(item_id, title=title)
    h.card()
    h.place(uid)


def test_checkout_online_emits_exactly_this() -> None:
    h = Harness()
    h.pad.add("U1", "3100000001")
    h.centre.item("3100000001", title="Tea")
    assert plain(h.card()) == [
        state(S.IDENTIFYING, S.IDLE),
        E.SessionStarted(session_id="S", channel="kiosk"),
        E.ConnectivityChanged(online=True, cache_age_s=60.0),
        E.PatronIdentified(patron=mask(PATRON), name="Lin", loans_count=1, loan_limit=10),
        state(S.STACK, S.IDENTIFYING),
        E.Notice(code=E.NoticeCode.PLACE_ITEMS),
    ]
    assert h.place("U1") == [
        E.StackRow(uid="U1", status=R.CHECKING),
        E.StackRow(uid="U1", status=R.OK, item_id="3100000001", title="Tea"),
    ]
    assert plain(h.submit(C.ConfirmCheckout())) == [
        state(S.PROCESSING, S.STACK),
        E.StackRow(uid="U1", status=R.DONE, item_id="3100000001", title="Tea", due_date=DUE),
        E.ItemOutcome(item_id="3100000001", action=A.CHECKOUT, result=X.DONE, uid="U1",
                      title="Tea", due_date=DUE, security_ok=True),
        state(S.DONE, S.PROCESSING),
        E.Receipt(library="TW-TPML", branch="TPML-MAIN", station="kiosk-01",
                  patron=mask(PATRON), when=dt.datetime(2026, 1, 1),
                  lines=(E.ReceiptLine(action=A.CHECKOUT, item_id="3100000001", title="Tea",
                                       due_date=DUE),), loans_count=2, fees_owed=0),
    ]
    assert h.pad.afi["U1"] == AFI_OUT
    assert h.outbox.rows[1:] == [("checkout", {"patron_id": PATRON, "item_id": "3100000001",
                                               "due_date": DUE.isoformat()}, False)]


def test_checkout_offline_lends_under_the_cached_rules() -> None:
    h = Harness()
    stacked(h)
    h.centre.online = False
    h.clock.now += 1
    events = h.submit(C.ConfirmCheckout())
    offline_due = TODAY + dt.timedelta(days=21)
    assert events[:3] == [
        state(S.PROCESSING, S.STACK),
        E.ConnectivityChanged(online=False, cache_age_s=60.0),
        E.StackRow(uid="U1", status=R.DONE, item_id="3100000001", title="Tea",
                   due_date=offline_due),
    ]
    assert events[3] == E.ItemOutcome(item_id="3100000001", action=A.CHECKOUT, result=X.DONE,
                                      uid="U1", title="Tea", due_date=offline_due, offline=True,
                                      security_ok=True)
    assert h.outbox.rows[-1] == ("checkout", {"patron_id": PATRON, "item_id": "3100000001",
                                              "due_date": offline_due.isoformat()}, True)


def test_offline_with_a_stale_cache_refuses_and_records_nothing() -> None:
    h = Harness()
    stacked(h)
    h.centre.online, h.offline.age = False, 10 * 86400
    rows_before = list(h.outbox.rows)
    events = h.submit(C.ConfirmCheckout())
    assert E.ItemOutcome(item_id="3100000001", action=A.CHECKOUT, result=X.REFUSED, uid="U1",
                         title="Tea", reason=E.Refusal.OFFLINE_RULES_STALE,
                         message="The library system cannot be reached. Please see the staff.") \
        in events
    assert h.outbox.rows == rows_before and h.pad.afi["U1"] == AFI_IN


def test_a_refusal_is_told_on_the_row_and_nothing_changes() -> None:
    h = Harness()
    stacked(h)
    h.centre.refuse["3100000001"] = "hold_for_other"
    events = h.submit(C.ConfirmCheckout())
    assert events[1:3] == [
        E.StackRow(uid="U1", status=R.FAILED, item_id="3100000001", title="Tea",
                   message="Not for you."),
        E.ItemOutcome(item_id="3100000001", action=A.CHECKOUT, result=X.REFUSED, uid="U1",
                      title="Tea", reason="hold_for_other", message="Not for you."),
    ]
    assert h.outbox.types() == ["session_start"] and h.pad.afi["U1"] == AFI_IN


def test_a_marker_write_refused_is_compensated_by_a_checkin() -> None:
    h = Harness()
    stacked(h)
    h.pad.refuse_write.add("U1")  # the tag answers but keeps "in library"
    events = h.submit(C.ConfirmCheckout())
    assert events[1:3] == [
        E.StackRow(uid="U1", status=R.FAILED, item_id="3100000001", title="Tea",
                   due_date=None, message="The item could not be lent."),
        E.ItemOutcome(item_id="3100000001", action=A.CHECKOUT, result=X.COMPENSATED, uid="U1",
                      title="Tea", reason="security_write", message="The item could not be lent."),
    ]
    assert h.outbox.types() == ["session_start", "checkout", "checkin"]
    assert h.pad.afi["U1"] == AFI_IN and h.ctx.session.loans_count == 1


def test_a_tag_that_left_keeps_the_loan_and_is_written_again_when_back() -> None:
    h = Harness()
    stacked(h)
    h.pad.gone.add("U1")  # lifted before the marker could be verified
    events = h.submit(C.ConfirmCheckout())
    put_back = "Put the item back on the pad, or see the staff."
    assert events[1:3] == [
        E.StackRow(uid="U1", status=R.FAILED, item_id="3100000001", title="Tea", due_date=DUE,
                   message=put_back),
        E.ItemOutcome(item_id="3100000001", action=A.CHECKOUT, result=X.LIFTED, uid="U1",
                      title="Tea", due_date=DUE, security_ok=False, reason="lifted",
                      message=put_back),
    ]
    assert h.outbox.types() == ["session_start", "checkout", "failure"]
    h.pad.gone.discard("U1")
    h.lift("U1")
    assert h.place("U1") == [
        E.StackRow(uid="U1", status=R.DONE, item_id="3100000001", due_date=DUE),
        E.ItemOutcome(item_id="3100000001", action=A.CHECKOUT, result=X.DONE, uid="U1",
                      due_date=DUE, security_ok=True),
    ]
    assert h.pad.afi["U1"] == AFI_OUT and not h.ctx.session.unverified


@pytest.mark.parametrize("bug", [TypeError("bad argument"), AttributeError("no such thing")])
def test_a_bug_in_a_port_propagates_instead_of_becoming_a_verdict(bug: Exception) -> None:
    h = Harness()
    stacked(h)
    h.pad.bug = bug
    with pytest.raises(type(bug)):
        h.submit(C.ConfirmCheckout())
    assert not any(isinstance(e, E.ItemOutcome) for e in h.events)


def test_the_outbox_refusing_puts_the_station_out_of_order() -> None:
    h = Harness()
    stacked(h)
    h.outbox.refuse = True
    events = h.submit(C.ConfirmCheckout())
    kinds = [e.kind for e in events]
    assert E.ItemOutcome(item_id="3100000001", action=A.CHECKOUT, result=X.ERROR, uid="U1",
                         title="Tea", reason="outbox",
                         message="Not stored; please see the staff.") in events
    # the row fails, the session ends (its end not stored either), then out of order
    assert kinds == ["state", "notice", "stack_row", "item_outcome", "notice", "session_ended",
                     "stack_cleared", "state", "out_of_order", "state"]
    assert events[5] == E.SessionEnded(reason=E.EndReason.ERROR)
    assert events[8] == E.OutOfOrder(reason="outbox", message="the outbox refused a transaction")
    assert h.machine.state is S.OUT_OF_ORDER and h.pad.afi["U1"] == AFI_IN


def test_an_own_loan_placed_again_is_renewed_and_stays_on_loan() -> None:
    h = Harness()
    h.pad.add("U1", "3100000001", afi=AFI_OUT)
    h.centre.item("3100000001", title="Tea", status=ItemStatus.ON_LOAN)
    h.centre.loans[PATRON] = [Loan(item_id="3100000001", title="Tea", due_date=DUE)]
    h.card()
    assert h.place("U1")[-1] == E.StackRow(uid="U1", status=R.RENEW, item_id="3100000001",
                                           title="Tea", due_date=DUE)
    events = h.submit(C.ConfirmCheckout())
    renewed = DUE + dt.timedelta(days=14)
    assert events[1:3] == [
        E.StackRow(uid="U1", status=R.DONE, item_id="3100000001", title="Tea", due_date=renewed),
        E.ItemOutcome(item_id="3100000001", action=A.RENEW, result=X.DONE, uid="U1", title="Tea",
                      due_date=renewed, security_ok=True),
    ]
    assert h.outbox.rows[-1] == ("renew", {"patron_id": PATRON, "item_id": "3100000001",
                                           "due_date": renewed.isoformat()}, False)
    assert h.pad.afi["U1"] == AFI_OUT


def test_renew_from_the_account_view() -> None:
    h = Harness()
    h.centre.loans[PATRON] = [Loan(item_id="3100000009", title="Rain", due_date=DUE),
                              Loan(item_id="3100000010", title="Sun", due_date=DUE,
                                   renewable=False)]
    h.card()
    h.submit(C.ShowAccount())
    events = h.submit(C.RenewItems())
    renewed = DUE + dt.timedelta(days=14)
    outcomes = [e for e in events if isinstance(e, E.ItemOutcome)]
    assert outcomes == [
        E.ItemOutcome(item_id="3100000009", action=A.RENEW, result=X.DONE, title="Rain",
                      due_date=renewed),
        E.ItemOutcome(item_id="3100000010", action=A.RENEW, result=X.REFUSED,
                      reason="not_renewable", message="This loan cannot be renewed."),
    ]
    assert [e.state for e in events if isinstance(e, E.StateChanged)] == [S.PROCESSING, S.DONE]
    assert dataclasses.replace(events[-1], when=None).lines == (  # type: ignore[arg-type]
        E.ReceiptLine(action=A.RENEW, item_id="3100000009", title="Rain", due_date=renewed),)


def test_a_book_lent_minutes_ago_is_not_renewed_nor_listed_twice() -> None:
    """Issue 17 item 9: placed again, or renewed from the account, a book lent this session is
    not "renewed" to the due date it already has; the receipt lists it once."""
    h = Harness()
    stacked(h)
    h.submit(C.ConfirmCheckout())
    h.centre.renew_due = DUE  # the ILS would give today's loan period again: the same date
    h.centre.loans[PATRON] = [Loan(item_id="3100000001", title="Tea", due_date=DUE)]
    h.lift("U1")
    assert h.place("U1") == [
        state(S.STACK, S.DONE),
        E.StackRow(uid="U1", status=R.CHECKING),
        E.StackRow(uid="U1", status=R.DONE, item_id="3100000001", title="Tea", due_date=DUE),
    ]
    assert h.submit(C.ShowAccount())[-1] == E.AccountShown(loans=(
        E.LoanRow(item_id="3100000001", title="Tea", due_date=DUE, renewable=False,
                  reason="not_extended"),))
    events = plain(h.submit(C.RenewItems(item_ids=("3100000001",))))
    line = E.ReceiptLine(action=A.CHECKOUT, item_id="3100000001", title="Tea", due_date=DUE)
    assert events == [
        state(S.PROCESSING, S.ACCOUNT),
        E.ItemOutcome(item_id="3100000001", action=A.RENEW, result=X.REFUSED, title="Tea",
                      due_date=DUE, reason="not_extended",
                      message=f"Already due {DUE.isoformat()}: renewing now would not extend"
                              " the loan."),
        state(S.DONE, S.PROCESSING),
        E.Receipt(library="TW-TPML", branch="TPML-MAIN", station="kiosk-01",
                  patron=mask(PATRON), when=dt.datetime(2026, 1, 1), lines=(line,),
                  loans_count=2, fees_owed=0),
    ]
    assert h.outbox.types() == ["session_start", "checkout"]
    h.submit(C.ShowAccount())
    # "renew all" leaves it out (it is not offered): nothing asked, nothing refused
    assert [e for e in h.submit(C.RenewItems()) if isinstance(e, E.ItemOutcome)] == []
    assert h.outbox.types() == ["session_start", "checkout"]


def test_a_renewal_to_the_same_date_on_the_pad_is_refused_with_a_reason() -> None:
    h = Harness()
    h.pad.add("U1", "3100000001", afi=AFI_OUT)
    h.centre.item("3100000001", title="Tea", status=ItemStatus.ON_LOAN)
    h.centre.loans[PATRON] = [Loan(item_id="3100000001", title="Tea", due_date=DUE)]
    h.centre.renew_due = DUE
    h.card()
    h.place("U1")
    words = f"Already due {DUE.isoformat()}: renewing now would not extend the loan."
    assert h.submit(C.ConfirmCheckout())[1:3] == [
        E.StackRow(uid="U1", status=R.FAILED, item_id="3100000001", title="Tea", due_date=DUE,
                   message=words),
        E.ItemOutcome(item_id="3100000001", action=A.RENEW, result=X.REFUSED, uid="U1",
                      title="Tea", reason="not_extended", message=words),
    ]
    assert h.outbox.types() == ["session_start"] and h.pad.afi["U1"] == AFI_OUT


def test_a_renewal_that_extends_a_loan_of_this_session_updates_its_one_line() -> None:
    h = Harness()
    stacked(h)
    h.submit(C.ConfirmCheckout())
    h.centre.loans[PATRON] = [Loan(item_id="3100000001", title="Tea", due_date=DUE)]
    h.submit(C.ShowAccount())
    renewed = DUE + dt.timedelta(days=14)
    events = h.submit(C.RenewItems(item_ids=("3100000001",)))
    assert events[-1].lines == (  # type: ignore[attr-defined]
        E.ReceiptLine(action=A.CHECKOUT, item_id="3100000001", title="Tea", due_date=renewed),)


def test_a_loan_that_will_not_renew_says_why() -> None:
    # the reason travels in the online client's answer (sync.schema, as over MQTT)
    sent = Account(outcome=Outcome.APPLIED, patron_id=PATRON, loans=(
        Loan(item_id="3100000009", title="Rain", due_date=DUE, renewable=False,
             reason="renewal_limit"),))
    assert schema.from_json(Account, schema.loads(schema.encode(schema.to_json(sent)))) == sent
    h = Harness()
    h.centre.loans[PATRON] = [
        Loan(item_id="3100000009", title="Rain", due_date=DUE, renewable=False,
             reason="renewal_limit"),
        Loan(item_id="3100000010", title="Sun", due_date=DUE, renewable=False,
             reason="hold_for_other"),
        Loan(item_id="3100000011", title="Sea", due_date=DUE, renewable=False)]
    h.card()
    assert h.submit(C.ShowAccount())[-1] == E.AccountShown(loans=(
        E.LoanRow(item_id="3100000009", title="Rain", due_date=DUE, renewable=False,
                  reason="renewal_limit"),
        E.LoanRow(item_id="3100000010", title="Sun", due_date=DUE, renewable=False,
                  reason="hold_for_other"),
        E.LoanRow(item_id="3100000011", title="Sea", due_date=DUE, renewable=False)))


def test_offline_the_title_comes_from_the_tag() -> None:
    """Issue 17 item 9: offline the centre names no title; the tag's own title element does
    (and without one, the outcome has no title rather than "None")."""
    h = Harness()
    h.pad.add("U1", "3100000001")
    h.pad.add("U2", "3100000002")
    h.pad.items["U1"] = dataclasses.replace(h.pad.items["U1"],
                                            elements=(Element(key=17, value="Tea leaves"),))
    h.centre.online = False
    h.card()
    h.place("U1", "U2")
    events = h.submit(C.ConfirmCheckout())
    due = TODAY + dt.timedelta(days=21)
    assert [e for e in events if isinstance(e, E.ItemOutcome)] == [
        E.ItemOutcome(item_id="3100000001", action=A.CHECKOUT, result=X.DONE, uid="U1",
                      title="Tea leaves", due_date=due, offline=True, security_ok=True),
        E.ItemOutcome(item_id="3100000002", action=A.CHECKOUT, result=X.DONE, uid="U2",
                      due_date=due, offline=True, security_ok=True),
    ]
    assert [x.title for x in h.ctx.session.lines] == ["Tea leaves", None]
