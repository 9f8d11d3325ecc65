"""Ids the kiosk takes from cards, codes and tags: one with a control character (card data
written badly, a code percent-encoding a NUL or CR, a damaged tag) is refused where it enters
the core — an unreadable card, an unreadable row — and never reaches a transaction, where the
wire's rule (:func:`sync.fields.identifier`) would refuse it and fail the session."""

from __future__ import annotations

import pytest

from kiosk.core import commands as C
from kiosk.core import events as E
from kiosk.core.ports import CardEvent
from sync.results import Hold, Loan
from tests.kiosk.flows.fakes import DUE, PATRON, Harness

R = E.RowStatus
S = E.State

BAD_IDS = ("2300\x00000042", "2300000042\r\n", "\x9b2300000042", "2300\u2028000042",
           "2" * 65)


@pytest.mark.parametrize("bad", BAD_IDS)
def test_a_card_whose_id_cannot_go_on_the_wire_is_unreadable(bad: str) -> None:
    h = Harness()
    for source in ("card", "barcode"):
        events = h.feed(CardEvent(present=True, patron_id=bad, source=source))
        assert events == [E.PatronRefused(reason=E.Refusal.CARD_UNREADABLE,
                                          message="The card could not be read.")]
    assert h.machine.state is S.IDLE and h.ctx.session is None
    assert h.outbox.rows == []  # no session was started for it
    assert E.PatronIdentified in {type(e) for e in h.card(PATRON)}  # the next card is read


@pytest.mark.parametrize("bad", ["3100\x00000001", "3100000001\r", "\x853100000001",
                                 "3" * 65])
def test_a_tag_whose_item_id_cannot_go_on_the_wire_is_an_unreadable_row(bad: str) -> None:
    h = Harness()
    h.pad.add("B1", bad)
    h.pad.add("G1", "3100000001")
    h.centre.item("3100000001", title="Atlas")
    h.card()
    rows = {e.uid: e for e in h.place("B1", "G1") if isinstance(e, E.StackRow)}
    assert rows["B1"].status == R.UNREADABLE and rows["B1"].item_id is None
    assert rows["B1"].message.startswith("the tag's item id: ")
    assert rows["G1"].status == R.OK
    h.submit(C.ConfirmCheckout())
    lent = [p["item_id"] for t, p, _ in h.outbox.rows if t == "checkout"]
    assert lent == ["3100000001"]
    assert h.machine.state is not S.OUT_OF_ORDER


def test_a_returned_tag_with_a_control_character_is_not_checked_in() -> None:
    h = Harness("self_return")
    h.pad.add("B1", "3100000001\n")
    h.pad.add("G1", "3100000002")
    h.centre.item("3100000002", title="Tea")
    events = h.place("B1", "G1")
    assert E.StackRow(uid="B1", status=R.UNREADABLE,
                      message="the tag's item id: must hold no control character, not "
                              "'3100000001\\n' (U+000A at 10)") in events
    assert [p["item_id"] for t, p, _ in h.outbox.rows if t == "checkin"] == ["3100000002"]


def test_an_ils_loan_or_hold_whose_id_cannot_go_on_the_wire_is_shown_never_acted_on() -> None:
    """An ILS answering with an item id holding a control character (its own data, or a SIP2
    field it filled badly): the account still shows the loan, and renewing it is refused as a
    loan that cannot be renewed instead of failing the session on the Renew it would build."""
    h = Harness()
    h.centre.loans[PATRON] = [Loan(item_id="3100\x000009", title="Rain", due_date=DUE),
                              Loan(item_id="3100000010", title="Sun", due_date=DUE)]
    h.centre.holds[PATRON] = [Hold(item_id="3100\t0011", title="Snow", pickup_branch="",
                                   ready=True)]
    h.card()
    shown = h.submit(C.ShowAccount())
    assert [r.item_id for e in shown if isinstance(e, E.AccountShown) for r in e.loans] == [
        "3100\x000009", "3100000010"]
    outcomes = [e for e in h.submit(C.RenewItems()) if isinstance(e, E.ItemOutcome)]
    assert [(o.item_id, o.result, o.reason) for o in outcomes] == [
        ("3100\x000009", E.ItemResult.REFUSED, "not_renewable"),
        ("3100000010", E.ItemResult.DONE, None)]
    assert [p["item_id"] for t, p, _ in h.outbox.rows if t == "renew"] == ["3100000010"]
    assert h.ctx.session is None or "3100\t0011" not in h.ctx.session.holds_ready
    assert h.machine.state is not S.OUT_OF_ORDER


def test_a_fastbook_slot_whose_id_cannot_go_on_the_wire_is_not_offered_nor_dispensed() -> None:
    """The dispenser's own record of a slot (loaded by staff from a damaged tag, say): the
    catalogue leaves it out and a selection naming it is refused as not in the station."""
    from tests.kiosk.flows.test_pickup import fastbook

    h = fastbook(quota=None)
    assert h.dispenser is not None
    h.dispenser.load(2, "F2", "3100\x000008")
    catalogue = h.card()[-1]
    assert isinstance(catalogue, E.FastBookCatalogue)
    assert [t.item_id for t in catalogue.titles] == ["3100000007"]
    events = h.submit(C.FastBookSelect(item_ids=("3100\x000008",)))
    assert E.ItemOutcome(item_id="3100\x000008", action=E.ItemAction.DISPENSE,
                         result=E.ItemResult.REFUSED, reason="not_in_station") in events
    assert "checkout" not in h.outbox.types() and h.machine.state is not S.OUT_OF_ORDER
