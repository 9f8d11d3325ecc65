"""Returns on in-memory ports: checkin, the marker back to "in library", and the sorting
instruction the centre's (or the cache's) answer leads to (issue 13)."""

from __future__ import annotations

from typing import Any

import pytest

from kiosk.core import commands as C
from kiosk.core import events as E
from kiosk.core.machine import Tick
from tests.kiosk.flows.fakes import AFI_IN, AFI_OUT, BRANCH, Harness, plain, state

S, R, A, X = E.State, E.RowStatus, E.ItemAction, E.ItemResult
RET = E.StationType.SELF_RETURN
OTHER = "TPML-XINYI"


def test_a_book_placed_at_a_return_station_is_checked_in_and_sorted() -> None:
    h = Harness("self_return")
    h.pad.add("U1", "3100000001", afi=AFI_OUT)
    h.centre.item("3100000001", title="Tea", home_branch=OTHER)
    assert plain(h.place("U1")) == [
        state(S.RETURN, S.IDLE, RET),
        E.SessionStarted(session_id="S", channel="kiosk"),
        E.StackRow(uid="U1", status=R.CHECKING),
        E.ConnectivityChanged(online=True, cache_age_s=60.0),
        E.StackRow(uid="U1", status=R.OK, item_id="3100000001", title="Tea"),
        E.StackRow(uid="U1", status=R.DONE, item_id="3100000001", title="Tea"),
        E.ItemOutcome(item_id="3100000001", action=A.CHECKIN, result=X.DONE, uid="U1",
                      title="Tea", security_ok=True),
        E.SortInstruction(item_id="3100000001", bin=E.SortBin.TRANSIT, destination_branch=OTHER,
                          title="Tea"),
    ]
    assert h.pad.afi["U1"] == AFI_IN
    assert h.outbox.rows[1:] == [("checkin", {"item_id": "3100000001", "sort_bin": "transit"},
                                  False)]


@pytest.mark.parametrize("info, bin_, branch", [
    ({}, E.SortBin.RESHELVE, None),
    ({"on_hold_for_other": True, "hold_pickup_branch": BRANCH}, E.SortBin.HOLD_SHELF, None),
    ({"on_hold_for_other": True, "hold_pickup_branch": OTHER}, E.SortBin.TRANSIT, OTHER),
])
def test_sorting_follows_the_centre(info: dict[str, Any], bin_: str, branch: str | None) -> None:
    h = Harness("self_return")
    h.pad.add("U1", "3100000001", afi=AFI_OUT)
    h.centre.item("3100000001", **info)
    assert h.place("U1")[-1] == E.SortInstruction(item_id="3100000001", bin=bin_,
                                                  destination_branch=branch, title="A book")


def test_offline_a_hold_in_the_cache_goes_to_the_hold_shelf() -> None:
    h = Harness("self_return")
    h.pad.add("U1", "3100000001", afi=AFI_OUT)
    h.centre.online = False
    h.offline.on_hold.add("3100000001")
    events = h.place("U1")
    assert events[-2:] == [
        E.ItemOutcome(item_id="3100000001", action=A.CHECKIN, result=X.DONE, uid="U1",
                      offline=True, security_ok=True),
        E.SortInstruction(item_id="3100000001", bin=E.SortBin.HOLD_SHELF),
    ]
    assert h.outbox.rows[-1] == ("checkin", {"item_id": "3100000001", "sort_bin": "hold_shelf"},
                                 True)


def test_a_marker_that_will_not_rearm_sends_the_item_to_staff() -> None:
    h = Harness("self_return")
    h.pad.add("U1", "3100000001", afi=AFI_OUT)
    h.pad.refuse_write.add("U1")
    h.centre.item("3100000001")
    events = h.place("U1")
    assert events[-3:] == [
        E.StackRow(uid="U1", status=R.FAILED, item_id="3100000001", title="A book"),
        E.ItemOutcome(item_id="3100000001", action=A.CHECKIN, result=X.SECURITY_FAILED,
                      uid="U1", title="A book", security_ok=False, reason="security_write"),
        E.SortInstruction(item_id="3100000001", bin=E.SortBin.STAFF, title="A book"),
    ]
    assert h.ctx.session.unverified == {"U1": "3100000001"}
    # once the tag takes the marker, the next try on the pad verifies it
    h.pad.refuse_write.clear()
    h.clock.now += 1
    assert h.feed(Tick())[-1] == E.ItemOutcome(
        item_id="3100000001", action=A.CHECKIN, result=X.DONE, uid="U1", security_ok=True)
    assert h.pad.afi["U1"] == AFI_IN


def test_ending_a_return_session_prints_its_receipt() -> None:
    h = Harness("self_return", printer=True)
    h.pad.add("U1", "3100000001", afi=AFI_OUT)
    h.centre.item("3100000001")
    h.place("U1")
    events = h.submit(C.EndSession())
    assert [e.kind for e in events] == ["receipt", "receipt_printed", "state", "session_ended",
                                        "stack_cleared"]
    assert events[0].lines == (E.ReceiptLine(action=A.CHECKIN, item_id="3100000001",  # type: ignore[attr-defined]
                                             title="A book", sort_bin="reshelve"),)
    assert h.outbox.types()[-1] == "session_end" and len(h.printer.printed) == 1  # type: ignore[union-attr]


def test_a_transit_return_prints_where_it_goes_in_words_and_the_branch_by_name() -> None:
    """Issue 17 item 9: the return receipt said "Bin: transit"; it names the bin in words and
    the branch the book travels to (by ``[kiosk.ui] branch_names``)."""
    h = Harness("self_return", printer=True, ui={"branch_names": {OTHER: "信義分館"}})
    h.pad.add("U1", "3100000001", afi=AFI_OUT)
    h.centre.item("3100000001", title="Tea", home_branch=OTHER)
    h.place("U1")
    events = h.submit(C.EndSession())
    assert events[0].lines == (E.ReceiptLine(  # type: ignore[attr-defined]
        action=A.CHECKIN, item_id="3100000001", title="Tea", sort_bin="transit",
        destination_branch=OTHER),)
    printed = h.printer.printed[0].decode("big5")  # type: ignore[union-attr]
    assert "  轉送 To: 信義分館\n" in printed and "transit" not in printed
