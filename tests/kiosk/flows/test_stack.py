"""The stack flow on in-memory ports: rows for sets, unreadable tags, other libraries' items,
patron cards on the pad, and rows following tags that leave (issue 13)."""

from __future__ import annotations

from drivers.tags.item import Item
from kiosk.core import commands as C
from kiosk.core import events as E
from tests.kiosk.flows.fakes import Harness

R = E.RowStatus


def test_a_set_is_incomplete_until_every_part_lies_on_the_pad() -> None:
    h = Harness()
    h.pad.add("P1", "3100000002", parts=2, part=1)
    h.pad.add("P2", "3100000002", parts=2, part=2)
    h.centre.item("3100000002", title="Atlas", parts=2)
    h.card()
    assert h.place("P1") == [
        E.StackRow(uid="P1", status=R.CHECKING),
        E.StackRow(uid="P1", status=R.SET_INCOMPLETE, item_id="3100000002", parts=2,
                   parts_present=1, message="1 of 2"),
    ]
    assert h.place("P2")[-2:] == [
        E.StackRow(uid="P1", status=R.OK, item_id="3100000002", title="Atlas", parts=2,
                   parts_present=2),
        E.StackRow(uid="P2", status=R.OK, item_id="3100000002", title="Atlas", parts=2,
                   parts_present=2),
    ]
    assert h.lift("P2") == [
        E.StackRowRemoved(uid="P2"),
        E.StackRow(uid="P1", status=R.SET_INCOMPLETE, item_id="3100000002", title="Atlas",
                   parts=2, parts_present=1, message="1 of 2"),
    ]
    assert h.submit(C.ConfirmCheckout())[1] == E.Notice(code=E.NoticeCode.NOTHING_TO_DO)


def test_what_the_tag_says_of_itself_settles_its_row() -> None:
    h = Harness()
    h.pad.add("C1", "2300000042", usage=8)  # a patron card on the item pad
    h.pad.add("R1", "3100000003", usage=2)  # a reference copy
    h.pad.items["O1"] = Item(model="iso28560-3", primary_item_id="9000001",
                             owner_library="TW-NTL", type_of_usage=1)
    h.pad.items["B1"] = Item(model="blank")
    h.pad.afi.update({"O1": 0x07, "B1": 0x07})
    h.pad.gone.add("X1")
    h.card()
    settled = [e for e in h.place("C1", "R1", "O1", "B1", "X1")
               if isinstance(e, E.StackRow) and e.status != R.CHECKING]
    assert settled == [
        E.StackRow(uid="C1", status=R.PATRON_CARD),
        E.StackRow(uid="R1", status=R.NOT_CIRCULATING, item_id="3100000003"),
        E.StackRow(uid="O1", status=R.OTHER_LIBRARY, item_id="9000001"),
        E.StackRow(uid="B1", status=R.BLANK),
        E.StackRow(uid="X1", status=R.UNREADABLE, message="no answer"),
    ]
    assert h.centre.calls.count("item_info") == 0  # nothing of that needs the centre


def test_rows_appear_first_and_are_read_after_the_queued_events() -> None:
    h = Harness()
    for n in (1, 2):
        h.pad.add(f"U{n}", f"310000000{n}")
        h.centre.item(f"310000000{n}")
    h.card()
    events = h.place("U1", "U2")
    assert [(e.uid, e.status) for e in events if isinstance(e, E.StackRow)] == [
        ("U1", R.CHECKING), ("U2", R.CHECKING), ("U1", R.OK), ("U2", R.OK)]
