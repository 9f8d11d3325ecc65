"""The public contract a view codes against: events and commands are checked when built."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.core import commands as C
from kiosk.core import events as E


def test_stack_row_rejects_unknown_status_and_bad_parts():
    with pytest.raises(ValueError):
        E.StackRow(uid="E0", status="fine")
    with pytest.raises(ValueError):
        E.StackRow(uid="E0", status=E.RowStatus.SET_INCOMPLETE, parts=2, parts_present=3)
    row = E.StackRow(uid="E0", status=E.RowStatus.SET_INCOMPLETE, parts=3, parts_present=2)
    assert row.to_json() == {"event": "stack_row", "uid": "E0", "status": "set_incomplete",
                             "item_id": None, "title": None, "due_date": None, "parts": 3,
                             "parts_present": 2, "message": None}


def test_patron_identifiers_only_masked():
    with pytest.raises(ValueError):
        E.PatronIdentified(patron="2300000042")
    with pytest.raises(ValueError):
        E.Receipt(library="x", branch="b", station="s", patron="2300000042",
                  when=dt.datetime(2026, 1, 1))
    assert E.PatronIdentified(patron="2300****0042").to_json()["patron"] == "2300****0042"


def test_outcome_other_than_done_needs_reason():
    with pytest.raises(ValueError):
        E.ItemOutcome(item_id="1", action=E.ItemAction.CHECKOUT, result=E.ItemResult.REFUSED)
    ok = E.ItemOutcome(item_id="1", action="checkout", result="done",
                       due_date=dt.date(2026, 2, 1))
    assert ok.to_json()["due_date"] == "2026-02-01"


def test_pin_never_in_repr_or_json():
    cmd = C.EnterPin(pin="4711")
    assert "4711" not in repr(cmd) and "4711" not in str(cmd.to_json())
    staff = C.StaffLogin(staff_id="S1", pin="9999")
    assert "9999" not in repr(staff) and "S1" not in repr(staff)
    with pytest.raises(ValueError):
        C.EnterPin(pin="12a4")


def test_commands_from_json_round_trip_and_errors():
    cmd = C.from_json({"command": "select_holds", "item_ids": ["a", "b"]})
    assert cmd == C.SelectHolds(item_ids=("a", "b"))
    assert C.from_json(cmd.to_json()) == cmd
    with pytest.raises(ValueError):
        C.from_json({"command": "fly"})
    with pytest.raises(ValueError):
        C.from_json({"command": "rate", "score": 9})
    with pytest.raises(ValueError):
        C.from_json({"command": "rate", "stars": 3})
    with pytest.raises(ValueError, match="at least one hold"):
        C.from_json({"command": "select_holds", "item_ids": []})
    with pytest.raises(ValueError):  # one id as a bare string is not a tuple of its characters
        C.RenewItems(item_ids="3100000001")
    assert C.RenewItems().item_ids == ()
    assert C.IdentifyBarcode(barcode="  2300000001 ").barcode == "2300000001"
