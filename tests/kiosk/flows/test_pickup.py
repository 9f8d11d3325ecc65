"""Holds pickup and FastBook on in-memory ports: ready holds lent from the pad, dispense and
verify by RFID, the station quota, returns into a slot (issue 13)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from kiosk.core import commands as C
from kiosk.core import events as E
from sync.results import Hold
from tests.kiosk.flows.fakes import AFI_IN, AFI_OUT, BRANCH, DUE, PATRON, TODAY, Harness, state

S, R, A, X = E.State, E.RowStatus, E.ItemAction, E.ItemResult
FB = E.StationType.FASTBOOK


def test_holds_pickup_lends_a_ready_hold_on_the_pad() -> None:
    h = Harness("holds_pickup")
    hold = Hold(item_id="3100000005", title="Moon", pickup_branch=BRANCH, ready=True,
                expires=TODAY + dt.timedelta(days=3))
    h.centre.holds[PATRON] = [hold]
    h.centre.item("3100000005", title="Moon", on_hold_for_other=True)  # for this patron
    h.pad.add("U5", "3100000005")
    events = h.card()
    assert events[-2:] == [
        state(S.HOLDS, S.IDENTIFYING, E.StationType.HOLDS_PICKUP),
        E.HoldsShown(holds=(E.HoldRow(item_id="3100000005", title="Moon", pickup_branch=BRANCH,
                                      ready=True, expires=hold.expires,
                                      location="hold_shelf"),)),
    ]
    assert h.place("U5")[-1] == E.StackRow(uid="U5", status=R.OK, item_id="3100000005",
                                           title="Moon")
    events = h.submit(C.SelectHolds(item_ids=("3100000005", "3100000099")))
    outcomes = [e for e in events if isinstance(e, E.ItemOutcome)]
    assert outcomes == [
        E.ItemOutcome(item_id="3100000005", action=A.HOLD_PICKUP, result=X.DONE, uid="U5",
                      title="Moon", due_date=DUE, security_ok=True),
        E.ItemOutcome(item_id="3100000099", action=A.HOLD_PICKUP, result=X.REFUSED,
                      reason="not_ready_for_patron"),
    ]
    assert h.outbox.rows[-1] == ("hold_pickup", {"patron_id": PATRON, "item_id": "3100000005",
                                                 "due_date": DUE.isoformat()}, False)
    assert h.pad.afi["U5"] == AFI_OUT


def fastbook(quota: int | None = 1) -> Harness:
    h = Harness("fastbook", dispenser=True, fastbook={"station_quota": quota})
    assert h.dispenser is not None
    h.dispenser.load(1, "F1", "3100000007")
    h.dispenser.load(2, "F2", "3100000008")
    h.centre.item("3100000007", title="Stars")
    h.centre.item("3100000008", title="Seas")
    return h


def test_fastbook_dispenses_verifies_lends_and_keeps_the_quota() -> None:
    h = fastbook(quota=1)
    events = h.card()
    assert events[-1] == E.FastBookCatalogue(titles=(
        E.FastBookTitle(slot=1, item_id="3100000007", title="Stars"),
        E.FastBookTitle(slot=2, item_id="3100000008", title="Seas")), quota_left=1)
    events = h.submit(C.FastBookSelect(item_ids=("3100000007", "3100000008")))
    assert [e for e in events if not isinstance(e, E.Receipt)] == [
        state(S.FASTBOOK_DISPENSE, S.FASTBOOK_BROWSE, FB),
        E.DispenseProgress(slot=1, item_id="3100000007", stage="moving"),
        E.DispenseProgress(slot=1, item_id="3100000007", stage="delivered"),
        E.DispenseProgress(slot=1, item_id="3100000007", stage="verified"),
        E.StackRow(uid="F1", status=R.DONE, item_id="3100000007", title="Stars", due_date=DUE),
        E.ItemOutcome(item_id="3100000007", action=A.CHECKOUT, result=X.DONE, uid="F1",
                      title="Stars", due_date=DUE, security_ok=True),
        E.Notice(code=E.NoticeCode.STATION_QUOTA),
        E.ItemOutcome(item_id="3100000008", action=A.DISPENSE, result=X.REFUSED,
                      reason="station_quota"),
        state(S.PROCESSING, S.FASTBOOK_DISPENSE, FB),
        state(S.DONE, S.PROCESSING, FB),
    ]
    # the title the stock list gave is the receipt's too (issue 17 item 9)
    assert h.ctx.session.lines == [E.ReceiptLine(action=A.CHECKOUT, item_id="3100000007",
                                                 title="Stars", due_date=DUE)]
    # the delivered book is in the bay (the pad's field) and never taken for a return
    assert h.place("F1") == [] and h.pad.afi["F1"] == AFI_OUT
    # the quota is the patron's for the day, across sessions, not kept by patron id
    h.submit(C.EndSession())
    assert h.card()[-1].quota_left == 0  # type: ignore[attr-defined]
    assert PATRON not in repr(h.ctx.fastbook)


def test_fastbook_a_jam_or_a_wrong_book_in_the_bay_is_refused() -> None:
    h = fastbook(quota=None)
    assert h.dispenser is not None
    h.card()
    h.dispenser.jam = True
    events = h.submit(C.FastBookSelect(item_ids=("3100000007",)))
    assert events[1:4] == [
        E.DispenseProgress(slot=1, item_id="3100000007", stage="moving"),
        E.DispenseProgress(slot=1, item_id="3100000007", stage="failed", reason="jam"),
        E.ItemOutcome(item_id="3100000007", action=A.DISPENSE, result=X.REFUSED,
                      reason="dispense_failed", message="jam"),
    ]
    assert h.outbox.types() == ["session_start"]


def test_fastbook_return_goes_into_a_free_slot() -> None:
    h = fastbook(quota=None)
    h.pad.add("B1", "3100000009", afi=AFI_OUT)
    h.centre.item("3100000009", title="Hills")
    events = h.place("B1")
    assert events[-3:] == [
        E.StackRow(uid="B1", status=R.DONE, item_id="3100000009", title="Hills"),
        E.ItemOutcome(item_id="3100000009", action=A.CHECKIN, result=X.DONE, uid="B1",
                      title="Hills", security_ok=True),
        E.FastBookStored(slot=3, item_id="3100000009", title="Hills"),
    ]
    assert h.pad.afi["B1"] == AFI_IN
    assert h.ctx.session.lines[-1] == E.ReceiptLine(action=A.CHECKIN, item_id="3100000009",
                                                    title="Hills", sort_bin="fastbook:3")


def test_fastbook_an_expired_hold_is_outside_the_pickup_window() -> None:
    h = fastbook(quota=None)
    h.centre.holds[PATRON] = [Hold(item_id="3100000007", title="Stars", pickup_branch=BRANCH,
                                   ready=True, expires=TODAY - dt.timedelta(days=1))]
    h.card()
    events = h.submit(C.FastBookSelect(item_ids=("3100000007",)))
    assert events[1:3] == [
        E.Notice(code=E.NoticeCode.PICKUP_WINDOW),
        E.ItemOutcome(item_id="3100000007", action=A.HOLD_PICKUP, result=X.REFUSED,
                      reason="pickup_window"),
    ]
    assert dataclasses.replace(h.dispenser.slots()[0]).uid == "F1"  # type: ignore[union-attr]


def test_holds_ready_at_another_branch_are_listed_but_never_lent_here() -> None:
    """Issue 17 item 8: the station at TPML-MAIN lists a hold waiting at TPML-BT (flagged
    elsewhere, as the holds screen shows it) and refuses to lend it."""
    h = Harness("holds_pickup")
    here = Hold(item_id="3100000005", title="Moon", pickup_branch=BRANCH, ready=True)
    there = Hold(item_id="3100000006", title="Sun", pickup_branch="TPML-BT", ready=True)
    waiting = Hold(item_id=None, title="Rain", pickup_branch=BRANCH, ready=False)
    h.centre.holds[PATRON] = [there, waiting, here]
    h.centre.item("3100000006", title="Sun", on_hold_for_other=True)
    h.pad.add("U6", "3100000006")
    assert h.card()[-1] == E.HoldsShown(holds=(
        E.HoldRow(item_id="3100000005", title="Moon", pickup_branch=BRANCH, ready=True,
                  location="hold_shelf"),
        E.HoldRow(item_id="3100000006", title="Sun", pickup_branch="TPML-BT", ready=True,
                  location="hold_shelf", elsewhere=True),
    ))
    assert h.place("U6")[-1] == E.StackRow(uid="U6", status=R.REFUSED, item_id="3100000006",
                                           title="Sun",
                                           message="Waiting at TPML-BT: collect it there.")
    events = h.submit(C.SelectHolds(item_ids=("3100000006",)))
    assert [e for e in events if isinstance(e, E.ItemOutcome)] == [
        E.ItemOutcome(item_id="3100000006", action=A.HOLD_PICKUP, result=X.REFUSED,
                      title="Sun", reason="pickup_elsewhere",
                      message="Waiting at TPML-BT: collect it there."),
    ]
    assert h.outbox.types() == ["session_start"]
    # the account lists every hold, the ready ones with where they wait
    account = h.submit(C.ShowAccount())[-1]
    assert account.holds == (  # type: ignore[attr-defined]
        E.HoldRow(item_id="3100000006", title="Sun", pickup_branch="TPML-BT", ready=True,
                  location="hold_shelf", elsewhere=True),
        E.HoldRow(item_id=None, title="Rain", pickup_branch=BRANCH, ready=False),
        E.HoldRow(item_id="3100000005", title="Moon", pickup_branch=BRANCH, ready=True,
                  location="hold_shelf"),
    )


def test_fastbook_a_hold_waiting_in_a_slot_says_which() -> None:
    h = fastbook(quota=None)
    h.centre.holds[PATRON] = [Hold(item_id="3100000008", title="Seas", pickup_branch=BRANCH,
                                   ready=True)]
    h.card()
    account = h.submit(C.ShowAccount())[-1]
    assert account.holds == (E.HoldRow(  # type: ignore[attr-defined]
        item_id="3100000008", title="Seas", pickup_branch=BRANCH, ready=True,
        location="fastbook:2"),)
