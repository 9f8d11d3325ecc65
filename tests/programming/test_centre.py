"""The centre holds each tag's UID afterwards: the station's ``tag_programmed`` transactions go
from the outbox through the uplink, a real mosquitto and the bridge into the reference ILS, which
stores the UIDs on the items and lists them in its shelf lists."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from hwsim.runner import RunningReader
from inventory_scanner.programming.station import Station
from inventory_scanner.shelflist.item import ShelfItem
from inventory_scanner.shelflist.jsonl_source import read_jsonl
from sync import schema
from sync.broker import Broker
from sync.centre.bridge import Bridge
from sync.centre.inorder import InOrderApplier
from sync.edge.outbox import Outbox
from sync.edge.uplink import Uplink
from sync.ils import seed
from sync.ils.reference import ReferenceILS
from tests.programming.conftest import blank
from tests.sync.conftest import (  # noqa: F401  (fixtures used below)
    bridge,
    broker,
    demo,
    ils,
    ils_path,
    ledger,
    tx_message,
    wait_until,
)


def test_centre_holds_the_uids_through_the_bridge(
        sim: RunningReader, make_station: Callable[..., Station], tmp_path: Path,
        broker: Broker, bridge: Bridge, ils: ReferenceILS,  # noqa: F811
        demo: seed.DemoData) -> None:  # noqa: F811
    one, two = (i.item_id for i in demo.available_items()[:2])
    with Outbox(tmp_path / "edge" / "outbox.db", device_id="tagprog-01",
                branch="TPML-MAIN") as outbox:
        station = make_station(outbox=outbox)
        placed = {one: [blank(1)], two: [blank(2), blank(3)]}
        for item_id, tags in placed.items():
            assert sim.field is not None
            sim.field.clear()
            for t in tags:
                sim.place(t)
            assert station.program(item_id, parts=len(tags)).status == "done"
        assert outbox.counts()["pending"] == 3
        with Uplink(outbox, port=broker.port, reply_timeout_s=1.0, backoff_min_s=0.05,
                    backoff_max_s=0.5):
            wait_until(lambda: outbox.counts()["applied"] == 3, what="tag_programmed applied")
    for item_id, tags in placed.items():
        assert ils.tag_uids(item_id) == sorted(t.uid_hex for t in tags)
    rows = {r["item_id"]: r for r in ils.shelf_list()}
    assert rows[one]["uid"] == placed[one][0].uid_hex
    assert rows[two]["uids"] == sorted(t.uid_hex for t in placed[two])
    # the shelf list a handheld takes along finds the items by UID alone
    import json
    items = [i for i in read_jsonl(json.dumps(r) for r in rows.values())
             if isinstance(i, ShelfItem)]
    by_uid = {i.uid: i.item_id for i in items if i.uid}
    assert by_uid[placed[one][0].uid_hex] == one


def test_in_order_applier_stores_the_uid(ils: ReferenceILS,  # noqa: F811
                                         demo: seed.DemoData) -> None:  # noqa: F811
    item_id = demo.available_items()[0].item_id
    msg = tx_message("tag_programmed", {"item_id": item_id, "uid": "E004010012345678",
                                        "model": "iso28560-3"})
    schema.validate("transaction", msg)
    applier = InOrderApplier(ils)
    assert applier.apply([msg]).failed == {}
    assert ils.tag_uids(item_id) == ["E004010012345678"]
    # re-tagged for another item: the UID moves with the tag
    other = demo.available_items()[1].item_id
    again = tx_message("tag_programmed", {"item_id": other, "uid": "E004010012345678",
                                          "model": "iso28560-3"}, seq=2)
    assert applier.apply([again]).failed == {}
    assert ils.tag_uids(item_id) == [] and ils.tag_uids(other) == ["E004010012345678"]


def test_item_identified_by_the_centre_first(
        sim: RunningReader, make_station: Callable[..., Station], tmp_path: Path,
        broker: Broker, bridge: Bridge, demo: seed.DemoData) -> None:  # noqa: F811
    from sync.edge.client import OnlineClient

    sets = [i for i in demo.items if i.parts > 1]
    item = sets[0] if sets else demo.available_items()[0]
    tags = [blank(n) for n in range(1, item.parts + 1)]
    for t in tags:
        sim.place(t)
    events: list[dict] = []
    with OnlineClient(device_id="tagprog-01", branch="TPML-MAIN", port=broker.port,
                      timeout_s=5.0) as online:
        station = make_station(events=events, lookup=online.item_info)
        outcome = station.program(item.item_id)  # parts: as the centre says
        assert outcome.status == "done", outcome
        assert len(outcome.tags) == item.parts
        known = next(e for e in events if e["event"] == "identified")
        assert (known["title"], known["call_number"]) == (item.title, item.call_number)
        # an item the centre does not know is not programmed
        sim.field.clear()  # type: ignore[union-attr]
        other = blank(9)
        sim.place(other)
        refused = station.program("NO-SUCH-ITEM")
        assert (refused.status, refused.reason) == ("skipped", "unknown_item")
        assert not any(other.read_memory())


def test_without_the_link_the_tag_is_programmed_and_its_record_queued(
        sim: RunningReader, make_station: Callable[..., Station], tmp_path: Path) -> None:
    from sync.edge.client import OnlineClient

    sim.place(tag := blank(1))
    events: list[dict] = []
    with Outbox(tmp_path / "outbox.db", device_id="tagprog-01", branch="TPML-MAIN") as outbox, \
            OnlineClient(device_id="tagprog-01", branch="TPML-MAIN", port=9,
                         timeout_s=0.2) as online:
        outcome = make_station(events=events, lookup=online.item_info,
                               outbox=outbox).program("31234000123456")
        assert outcome.status == "done"
        offline = [e for e in events if e["event"] == "offline"]
        assert offline and "outbox" in offline[0]["message"]
        assert [r.type for r in outbox.unanswered()] == ["tag_programmed"]
    assert tag.afi == 0x07


def test_batch_takes_each_items_parts_from_the_centre(
        sim: RunningReader, make_station: Callable[..., Station], tmp_path: Path,
        broker: Broker, bridge: Bridge, demo: seed.DemoData) -> None:  # noqa: F811
    from inventory_scanner.programming.journal import BatchJournal
    from sync.edge.client import OnlineClient
    from tests.programming.test_batch_pty import Cart

    two = next(i for i in demo.items if i.parts == 2)
    one = demo.available_items()[0]
    cart = Cart(sim, {two.item_id: [blank(1), blank(2)], one.item_id: [blank(3)],
                      "NO-SUCH-ITEM": [blank(4)]})
    with OnlineClient(device_id="tagprog-01", branch="TPML-MAIN", port=broker.port,
                      timeout_s=5.0) as online, \
            BatchJournal(tmp_path / "cart.sqlite") as journal:
        report = make_station(emit=cart, lookup=online.item_info).run_batch(
            journal, [(two.item_id, None), (one.item_id, None), ("NO-SUCH-ITEM", None)])
    assert [i["item_id"] for i in report["done"]] == [two.item_id, one.item_id]
    assert [(i["item_id"], i["reason"]) for i in report["skipped"]] == \
        [("NO-SUCH-ITEM", "unknown_item")]
    places = [e for e in cart.events if e["event"] == "place"]
    assert [(e["item_id"], e["parts"]) for e in places] == [(two.item_id, 2), (one.item_id, 1)]
