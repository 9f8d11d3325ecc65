"""The owner ISIL on a tag is the item's owner, as the centre's item lookup names it: in a
borrow-anywhere consortium a branch tags items other libraries own. Without an owner from the
centre (no lookup, the centre unreachable, an ILS that does not say) the station's own library
is written, as before."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from drivers.tags import decode
from hwsim.runner import RunningReader
from inventory_scanner.programming.station import Station
from sync.broker import Broker
from sync.centre.bridge import Bridge
from sync.edge.outbox import Outbox
from sync.ils import seed
from sync.results import ItemInfo, ItemStatus, Outcome
from tests.programming.conftest import blank
from tests.sync.conftest import TODAY, bridge, broker, ils, ils_path, ledger  # noqa: F401

OTHER = "TW-NTL"  # the National Taiwan Library: another consortium member


@pytest.fixture
def demo() -> seed.DemoData:
    """The demo collection with its first shelf item owned by another library."""
    data = seed.demo_data(items=300, patrons=40, today=TODAY)
    first = _singles(data)[0]
    items = tuple(dataclasses.replace(i, owner=OTHER) if i.item_id == first.item_id else i
                  for i in data.items)
    return dataclasses.replace(data, items=items)


def _singles(data: seed.DemoData) -> list[seed.DemoItem]:
    """Shelf items of one part (one tag each)."""
    return [i for i in data.available_items() if i.parts == 1]


def _info(owner: str | None) -> Callable[[str], ItemInfo]:
    def lookup(item_id: str) -> ItemInfo:
        return ItemInfo(outcome=Outcome.APPLIED, item_id=item_id, status=ItemStatus.AVAILABLE,
                        owner=owner)
    return lookup


@pytest.mark.parametrize(("looked_up", "written"), [
    (OTHER, OTHER),  # the item's owner wins over the station's library
    (None, "TW-TPML"),  # the centre does not say: the station's library
])
def test_owner_from_the_lookup_else_the_station(
        sim: RunningReader, make_station: Callable[..., Station], tmp_path: Path,
        looked_up: str | None, written: str) -> None:
    sim.place(tag := blank(1))
    with Outbox(tmp_path / "outbox.db", device_id="tagprog-01", branch="TPML-MAIN") as outbox:
        outcome = make_station(lookup=_info(looked_up), outbox=outbox).program("31234000123456")
        assert outcome.status == "done", outcome
        sent = [json.loads(r.message)["payload"] for r in outbox.unanswered()]
    assert decode(tag.read_memory()).owner_library == written
    assert [p.get("owner") for p in sent] == [written]


def test_3m_tags_carry_no_owner_whatever_the_lookup_says(
        sim: RunningReader, make_station: Callable[..., Station]) -> None:
    sim.place(tag := blank(1))
    outcome = make_station(model="3m", lookup=_info(OTHER)).program("31234000123456")
    assert outcome.status == "done", outcome
    assert decode(tag.read_memory()).owner_library is None


def test_owner_through_the_centre(
        sim: RunningReader, make_station: Callable[..., Station], broker: Broker,  # noqa: F811
        bridge: Bridge, demo: seed.DemoData) -> None:  # noqa: F811
    """The reference ILS's items table says who owns each item; the station asks the centre
    over MQTT and writes that owner, and the station's library for an item of its own."""
    from sync.edge.client import OnlineClient

    theirs, ours = _singles(demo)[:2]
    assert (theirs.owner, ours.owner) == (OTHER, seed.ISIL)
    with OnlineClient(device_id="tagprog-01", branch="TPML-MAIN", port=broker.port,
                      timeout_s=5.0) as online:
        station = make_station(lookup=online.item_info, owner="TW-XXXX")
        for item, owner in ((theirs, OTHER), (ours, seed.ISIL)):
            assert sim.field is not None
            sim.field.clear()
            sim.place(tag := blank(1))
            outcome = station.program(item.item_id)
            assert outcome.status == "done", outcome
            assert decode(tag.read_memory()).owner_library == owner

