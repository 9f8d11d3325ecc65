"""A sighting's one-statement path (an item already on a shelf) and its full path (lost,
missing, on loan, unknown) say and store the same things, and under the undo log both are
undone exactly — on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sync.ils import seed
from sync.ils.reference import ReferenceILS
from tests.sync.conftest import TODAY

SHELF = "TPML-MAIN-3F-A12"
WHEN = dt.datetime(2026, 3, 2, 10, 30, 0, 250000, tzinfo=dt.UTC)

pytestmark = pytest.mark.backends


def _row(ils: ReferenceILS, item_id: str) -> dict:
    return dict(ils.store.one("SELECT * FROM items WHERE id=?", item_id))


def _set_status(ils: ReferenceILS, item_id: str, status: str) -> None:
    with ils.batch():
        ils.db.execute("UPDATE items SET status=? WHERE id=?", (status, item_id))


@pytest.mark.parametrize(("status", "did", "after"), [
    ("available", "seen", "available"), ("on_hold_shelf", "seen", "on_hold_shelf"),
    ("in_transit", "seen", "in_transit"), ("lost", "found", "available"),
    ("missing", "found", "available")])
def test_a_sighting_says_what_it_did_and_keeps_the_status_of_a_shelved_item(
        ils_path: Path, demo: seed.DemoData, status: str, did: str, after: str) -> None:
    item = demo.available_items()[5].item_id
    with ReferenceILS(ils_path, today=lambda: TODAY) as ils:
        _set_status(ils, item, status)
        with ils.batch(), ils.all_or_nothing():  # as the sequencer applies it
            assert ils.inventory_seen(item, location=SHELF, branch="TPML-MAIN",
                                      event_time=WHEN, txn_id="t1") == did
        row = _row(ils, item)
    assert (row["status"], row["last_seen"], row["last_seen_location"]) == (
        after, "2026-03-02T10:30:00.250Z", SHELF)


def test_an_unknown_item_is_said_unknown_and_changes_nothing(ils_path: Path) -> None:
    with ReferenceILS(ils_path, today=lambda: TODAY) as ils:
        with ils.batch(), ils.all_or_nothing():
            assert ils.inventory_seen("no-such-item", location=SHELF, branch="TPML-MAIN",
                                      event_time=WHEN) == "unknown_item"
        assert ils.store.one("SELECT count(*) AS n FROM items WHERE last_seen IS NOT NULL")[
            "n"] == 0


@pytest.mark.parametrize("status", ["available", "on_hold_shelf", "lost", "on_loan"])
def test_a_sighting_recorded_in_the_undo_log_is_undone_exactly(
        ils_path: Path, demo: seed.DemoData, status: str) -> None:
    item = demo.available_items()[6].item_id
    with ReferenceILS(ils_path, today=lambda: TODAY) as ils:
        if status == "on_loan":
            patron = demo.good_patrons()[0].patron_id
            assert ils.checkout(patron, item, branch="TPML-MAIN", event_time=WHEN).ok
        else:
            _set_status(ils, item, status)
        ils.inventory_seen(item, location="TPML-MAIN-1F-B01", branch="TPML-MAIN",
                           event_time=WHEN - dt.timedelta(days=3))
        before = _row(ils, item)
        notes = ils.store.one("SELECT count(*) AS n FROM inventory_notes")["n"]
        with ils.batch(), ils.all_or_nothing():
            with ils.recording_undo() as inverse:
                ils.inventory_seen(item, location=SHELF, branch="TPML-MAIN", event_time=WHEN,
                                   txn_id="t2")
            assert _row(ils, item)["last_seen_location"] == SHELF
            assert inverse  # every change logged
            ils.undo(reversed(inverse))
        assert _row(ils, item) == before
        assert ils.store.one("SELECT count(*) AS n FROM inventory_notes")["n"] == notes
