"""The centre applies ``inventory_seen`` exactly once through the bridge over the reference
ILS: last seen stored, lost items found, loans on the shelf noted (or checked in if told),
passes closed and the unseen recorded missing — on SQLite and on PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sync import topics
from sync.centre.bridge import Bridge, Incoming, Ledger
from sync.centre.conflicts import ConflictStore
from sync.centre.ordering import sequencer_for
from sync.centre.settings import CentralSettings
from sync.ils import seed
from sync.ils.reference import ReferenceILS, inventory
from tests.sync.conftest import TODAY, tx_message

SHELF = "TPML-MAIN-3F-A12"

pytestmark = pytest.mark.backends


def _process(path: Path, *msgs: dict, checkin_on_shelf: bool = False) -> list[dict]:
    ref = ReferenceILS(path, today=lambda: TODAY, inventory_checkin_on_shelf=checkin_on_shelf)
    ils = sequencer_for(ref, conflicts=ConflictStore(ref.db))
    try:
        bridge = Bridge(ils, Ledger.inside(ils.adapter))
        bridge._publish_bytes = lambda *a: None  # no broker: replies are returned
        body = json.dumps({"v": 1, "batch": list(msgs)}).encode()
        (_, envelope), = bridge.process([Incoming(topic=topics.tx("kiosk-01"), body=body,
                                                  response_topic="r", correlation=b"c")])
        return envelope["replies"]
    finally:
        ils.close()


def _seen(item_id: str, seq: int = 1) -> dict:
    return tx_message("inventory_seen", {"item_id": item_id, "location": SHELF}, seq=seq)


def _item(path: Path, item_id: str) -> dict:
    with ReferenceILS(path, today=lambda: TODAY) as ils:
        return dict(ils.store.one("SELECT * FROM items WHERE id=?", item_id))


def test_seen_stores_last_seen_and_a_duplicate_changes_nothing(
        ils_path: Path, demo: seed.DemoData) -> None:
    item = demo.available_items()[0].item_id
    msg = _seen(item)
    assert [r["status"] for r in _process(ils_path, msg)] == ["applied"]
    after = _item(ils_path, item)
    assert after["last_seen_location"] == SHELF and after["last_seen"] == msg["wall_time"]
    assert after["status"] == "available"
    again = _process(ils_path, msg)
    assert [r.get("duplicate") for r in again] == [True]
    assert _item(ils_path, item) == after


def test_a_lost_item_seen_is_found(ils_path: Path, demo: seed.DemoData) -> None:
    item = demo.available_items()[1].item_id
    with ReferenceILS(ils_path) as ils, ils.batch():
        ils.db.conn.execute("UPDATE items SET status='lost' WHERE id=?", (item,))
    _process(ils_path, _seen(item))
    assert _item(ils_path, item)["status"] == "available"


def _lend(path: Path, demo: seed.DemoData, item: str) -> None:
    patron = demo.good_patrons()[0].patron_id
    replies = _process(path, tx_message("checkout", {"patron_id": patron, "item_id": item}))
    assert replies[0]["outcome"] == "applied"


def test_a_loan_on_the_shelf_is_noted_for_staff_by_default(ils_path: Path,
                                                           demo: seed.DemoData) -> None:
    item = demo.available_items()[2].item_id
    _lend(ils_path, demo, item)
    msg = _seen(item, seq=2)
    _process(ils_path, msg)
    assert _item(ils_path, item)["status"] == "on_loan"
    with ReferenceILS(ils_path) as ils:
        assert ils.borrower(item) is not None
        assert [(n["item_id"], n["txn_id"], n["note"]) for n in inventory.notes(ils)] == [
            (item, msg["txn_id"], "on_loan_found_on_shelf")]
    _process(ils_path, msg)  # a duplicate: no second note
    with ReferenceILS(ils_path) as ils:
        assert len(inventory.notes(ils, "TPML-MAIN")) == 1


def test_a_loan_on_the_shelf_is_checked_in_when_configured(ils_path: Path,
                                                           demo: seed.DemoData) -> None:
    item = demo.available_items()[3].item_id
    _lend(ils_path, demo, item)
    _process(ils_path, _seen(item, seq=2), checkin_on_shelf=True)
    with ReferenceILS(ils_path) as ils:
        assert ils.borrower(item) is None
        assert inventory.notes(ils) == []
    assert _item(ils_path, item)["last_seen_location"] == SHELF


def test_the_setting_defaults_to_noting() -> None:
    assert CentralSettings.from_section({}).inventory_checkin_on_shelf is False
    assert CentralSettings.from_section(
        {"inventory_checkin_on_shelf": True}).inventory_checkin_on_shelf is True


def _pass_msg(item_id: str, pass_id: str, seq: int) -> dict:
    return tx_message("inventory_seen", {"item_id": item_id, "location": SHELF,
                                         "pass_id": pass_id, "range_from": "800",
                                         "range_to": "900"}, seq=seq)


def test_an_item_no_pass_saw_is_missing_after_two_passes(ils_path: Path,
                                                        demo: seed.DemoData) -> None:
    with ReferenceILS(ils_path) as ils:
        rows = [r for r in ils.shelf_list("TPML-MAIN") if r["status"] == "available"
                and r["call_number"][:1] == "8"]
    assert len(rows) >= 2
    keep, gone = rows[0]["item_id"], rows[1]["item_id"]
    _process(ils_path, _pass_msg(keep, "p1", 1), _pass_msg(keep, "p1", 2))
    _process(ils_path, _pass_msg(keep, "p2", 3))
    assert _item(ils_path, gone)["status"] == "available"  # two passes, neither closed yet
    third = _pass_msg(keep, "p3", 4)
    _process(ils_path, third)
    assert _item(ils_path, gone)["status"] == "missing"
    assert _item(ils_path, keep)["status"] == "available"
    _process(ils_path, third)  # a duplicate changes nothing
    with ReferenceILS(ils_path) as ils:
        got = inventory.passes(ils, "TPML-MAIN")
    assert [(p["pass_id"], p["seen"]) for p in got] == [("p1", 1), ("p2", 1), ("p3", 1)]
    assert got[2]["marked_missing"] >= 1 and got[0]["marked_missing"] == 0
    _process(ils_path, _pass_msg(gone, "p4", 5))  # found by a later pass
    assert _item(ils_path, gone)["status"] == "available"
