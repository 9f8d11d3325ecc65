"""A cart through the real pty: the journalled batch, its report, a crash mid-batch resumed
without writing any tag twice, and the ``tag_programmed`` transactions in the outbox."""

from __future__ import annotations

import collections
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from drivers.tags import decode, encode, make_item
from hwsim.iso15693.tag import Iso15693Tag
from hwsim.runner import RunningReader
from inventory_scanner.programming.journal import BatchJournal
from inventory_scanner.programming.station import Station
from sync.edge.outbox import Outbox
from tests.programming.conftest import blank

CART = [("31234000000001", 1), ("31234000000002", 2), ("31234000000003", 1)]


class Cart:
    """Plays the staff member: on each ``place`` event, lifts what lies on the pad and places
    the next item's tags (blank, unless told otherwise)."""

    def __init__(self, sim: RunningReader, tags: dict[str, list[Iso15693Tag]]) -> None:
        self.sim, self.tags = sim, tags
        self.events: list[dict[str, Any]] = []

    def __call__(self, event: dict[str, Any]) -> None:
        self.events.append(event)
        if event["event"] == "place":
            assert self.sim.field is not None
            self.sim.field.clear()
            for tag in self.tags[event["item_id"]]:
                self.sim.place(tag)


def _cart_tags() -> dict[str, list[Iso15693Tag]]:
    n = iter(range(1, 100))
    return {item_id: [blank(next(n)) for _ in range(parts)] for item_id, parts in CART}


def _count_writes(station: Station, crash_after: int | None = None) -> collections.Counter[str]:
    """Count image writes per UID on the station's reader; optionally crash right after the
    ``crash_after``-th write reached the tag (before the station hears of it)."""
    writes: collections.Counter[str] = collections.Counter()
    original = type(station.reader).write_blocks.__get__(station.reader)  # unwrapped

    def counting(uid: str, first: int, data: bytes, **kw: Any) -> None:
        original(uid, first, data, **kw)
        writes[uid] += 1
        if crash_after is not None and sum(writes.values()) == crash_after:
            raise KeyboardInterrupt("power cut")

    station.reader.write_blocks = counting  # type: ignore[method-assign]
    return writes


def test_batch_report_done_skipped(sim: RunningReader, make_station: Callable[..., Station],
                                   tmp_path: Path) -> None:
    tags = _cart_tags()
    foreign = encode(make_item("39999000000001", owner_library="TW-NTL"))
    tags["31234000000003"] = [Iso15693Tag("E004010030000001", memory=foreign)]
    cart = Cart(sim, tags)
    with BatchJournal(tmp_path / "cart.sqlite") as journal:
        report = make_station(emit=cart).run_batch(journal, CART)
    assert [i["item_id"] for i in report["done"]] == ["31234000000001", "31234000000002"]
    assert [(i["item_id"], i["reason"]) for i in report["skipped"]] == \
        [("31234000000003", "foreign_tag")]
    assert report["failed"] == [] and report["pending"] == []
    assert decode(tags["31234000000003"][0].read_memory()).primary_item_id == "39999000000001"
    assert cart.events[-1]["event"] == "report"


def test_crash_mid_batch_resumed_without_double_writes(
        sim: RunningReader, make_station: Callable[..., Station], tmp_path: Path) -> None:
    tags = _cart_tags()
    cart = Cart(sim, tags)
    path = tmp_path / "cart.sqlite"
    outbox = Outbox(tmp_path / "outbox.sqlite", device_id="tagprog-01", branch="TPML-MAIN")
    station = make_station(emit=cart, outbox=outbox)
    # the 2nd write is part 1 of the two-part item: the power goes right after it reached the tag
    writes = _count_writes(station, crash_after=2)
    with BatchJournal(path) as journal, pytest.raises(KeyboardInterrupt):
        station.run_batch(journal, CART)
    assert sum(writes.values()) == 2
    # restart: a new station and journal on the same file; the set still lies on the pad
    restarted = make_station(emit=cart, outbox=outbox)
    later = _count_writes(restarted)
    with BatchJournal(path) as journal:
        report = restarted.run_batch(journal, CART)  # the same cart queued again: not re-added
    assert [i["item_id"] for i in report["done"]] == [i for i, _ in CART]
    both = writes + later
    every = [t.uid_hex for ts in tags.values() for t in ts]
    assert sorted(both) == sorted(every)
    assert set(both.values()) == {1}, f"a tag was written twice: {both}"
    resumed = [e for e in cart.events if e["event"] == "resumed"]
    assert [e["uid"] for e in resumed] == [tags["31234000000002"][0].uid_hex]
    for item_id, ts in tags.items():
        for t in ts:
            assert decode(t.read_memory()).primary_item_id == item_id
    # one tag_programmed per tag in the outbox, with UID, item and model
    rows = [r for r in outbox.unanswered() if r.type == "tag_programmed"]
    import json
    got = sorted((json.loads(r.message)["payload"]["uid"], json.loads(r.message)["payload"]["item_id"])
                 for r in rows)
    assert got == sorted((t.uid_hex, i) for i, ts in tags.items() for t in ts)
    assert {json.loads(r.message)["payload"]["model"] for r in rows} == {"iso28560-3"}
    outbox.close()


def test_skipped_items_tried_again_once_confirmed(
        sim: RunningReader, make_station: Callable[..., Station], tmp_path: Path) -> None:
    foreign = encode(make_item("39999000000001", owner_library="TW-NTL"))
    tag = Iso15693Tag("E004010030000001", memory=foreign)
    cart = Cart(sim, {"31234000000009": [tag]})
    with BatchJournal(tmp_path / "cart.sqlite") as journal:
        first = make_station(emit=cart).run_batch(journal, [("31234000000009", 1)])
        assert [i["reason"] for i in first["skipped"]] == ["foreign_tag"]
        assert journal.requeue() == 1
        again = make_station(emit=cart).run_batch(journal, confirm_retag=True)
    assert [i["item_id"] for i in again["done"]] == ["31234000000009"]
    assert decode(tag.read_memory()).primary_item_id == "31234000000009"
