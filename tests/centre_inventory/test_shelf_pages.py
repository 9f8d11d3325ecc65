"""The shelf list published to handhelds over the link (issue 14): typed pages checked when
built, the centre's snapshot pages bounded in items and bytes, the edge verifying it got the
whole list, and a 50,000-item range through a real mosquitto whose packet limit the whole
list would break."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sync import schema
from sync.broker import Broker, BrokerConfig
from sync.centre import shelf_list
from sync.centre.bridge import Bridge, Ledger
from sync.edge.client import OnlineClient
from sync.edge.shelf_fetch import ShelfListError, fetch
from sync.errors import Offline, SchemaError
from sync.ils.reference import ReferenceILS, catalogue
from sync.ils.sip2_adapter import SIP2Adapter
from sync.shelf_pages import PAGE_BYTES, ShelfListPage, ShelfListQuery, digest, verify
from tests.sync.conftest import TODAY

BIG = 50_000


def _load(path: Path, count: int, *, branch: str = "BIG", start: int = 0, title: int = 30) -> None:
    with ReferenceILS(path, today=lambda: TODAY) as ils:
        if branch not in catalogue.branch_names(ils):
            catalogue.load_branches(ils, [{"code": branch, "name": "書庫"}])
        report = catalogue.load_items(ils, (
            {"id": f"35{i:08d}", "title": f"題名 {i} " + "長" * title, "home_branch": branch,
             "call_number": f"{800 + i // 1000}.{i % 1000:03d} {1000 + i % 97}"}
            for i in range(start, start + count)))
        assert report.loaded == count, report.rejected[:3]


def test_queries_and_pages_are_checked_when_built() -> None:
    q = ShelfListQuery(branch="TPML-MAIN", range_from="800", range_to="900")
    assert q.to_wire() == {"branch": "TPML-MAIN", "range_from": "800", "range_to": "900",
                           "scheme": "ccl", "limit": 500}
    assert ShelfListQuery.from_wire(q.to_wire()) == q
    schema.validate("request", {"v": 1, "request_id": "00000000-0000-4000-8000-000000000000",
                                "device_id": "hh-01", "op": "shelf_list", "args": q.to_wire(),
                                "sent_time": "2026-03-02T10:00:00.000Z"})
    for bad, field in (({"scheme": "udc"}, "args.scheme"), ({"limit": 0}, "args.limit"),
                       ({"limit": 1001}, "args.limit"), ({"cursor": "x:1"}, "args.cursor"),
                       ({"branch": ""}, "args.branch"), ({"range_to": "9" * 65}, "args.range_to")):
        with pytest.raises(SchemaError, match=field):
            ShelfListQuery(**{"branch": "B", **bad})
    with pytest.raises(SchemaError, match="args.shelf: not a field"):
        ShelfListQuery.from_wire({"branch": "B", "shelf": "3F"})
    rows = ({"item_id": "1", "call_number": "800 1"},)
    with pytest.raises(SchemaError, match="run past the total"):
        ShelfListPage(rows=rows, offset=1, total=1, digest=digest(rows))
    with pytest.raises(SchemaError, match=r"result.rows.0.price: not a shelf-list column"):
        ShelfListPage(rows=({"item_id": "1", "price": "3"},), offset=0, total=1, digest="0" * 64)
    with pytest.raises(SchemaError, match=r"result.rows.0.item_id"):
        ShelfListPage(rows=({"call_number": "800"},), offset=0, total=1, digest="0" * 64)
    with pytest.raises(SchemaError, match="result.digest: missing"):
        ShelfListPage.from_wire({"rows": [], "offset": 0, "total": 0})


def test_verify_refuses_anything_but_the_whole_list() -> None:
    rows = [{"item_id": str(i), "call_number": f"800 {i}"} for i in range(5)]
    name = digest(rows)
    a = ShelfListPage(rows=tuple(rows[:3]), offset=0, total=5, digest=name, next=f"{name}:3")
    b = ShelfListPage(rows=tuple(rows[3:]), offset=3, total=5, digest=name)
    assert verify([a, b]) == rows
    with pytest.raises(SchemaError, match="page at item 0, expected 3"):
        verify([a, dataclasses.replace(b, offset=0, rows=tuple(rows[:2]))])
    with pytest.raises(SchemaError, match="names a next one"):
        verify([a])
    with pytest.raises(SchemaError, match="3 items of 5"):
        verify([dataclasses.replace(a, next=None)])
    swapped = ShelfListPage(rows=(rows[4], rows[3]), offset=3, total=5, digest=name)
    with pytest.raises(SchemaError, match="digest"):
        verify([a, swapped])
    twice = ShelfListPage(rows=(rows[2], rows[4]), offset=3, total=5, digest=name)
    with pytest.raises(SchemaError, match="an item twice"):
        verify([a, twice])


def test_pages_hold_a_bounded_number_of_items_and_bytes(ils_path: Path) -> None:
    _load(ils_path, 3000, title=120)
    snapshots = shelf_list.ShelfSnapshots()
    with ReferenceILS(ils_path) as ils:
        query = ShelfListQuery(branch="BIG", range_from="801", range_to="803", limit=1000)
        pages = [shelf_list.answer(ils, query, snapshots)]
        while pages[-1].next:
            pages.append(shelf_list.answer(
                ils, dataclasses.replace(query, cursor=pages[-1].next), snapshots))
    rows = verify(pages)
    assert len(rows) == 2000 and {r["call_number"][:3] for r in rows} == {"801", "802"}
    sizes = [sum(len(schema.encode(r)) + 1 for r in p.rows) for p in pages]
    assert len(pages) > 2 and max(sizes) <= PAGE_BYTES  # ~450 B a row: the byte bound cuts first
    assert all(len(p.rows) <= 1000 for p in pages)


def test_a_change_between_pages_keeps_the_snapshot_or_starts_again(ils_path: Path) -> None:
    _load(ils_path, 300)
    query = ShelfListQuery(branch="BIG", limit=100)
    with ReferenceILS(ils_path) as ils:
        kept = shelf_list.ShelfSnapshots()
        first = shelf_list.answer(ils, query, kept)
        _load(ils_path, 1, start=5000)  # a new item while the handheld pages
        second = shelf_list.answer(ils, dataclasses.replace(query, cursor=first.next), kept)
        assert (second.digest, second.total, second.offset) == (first.digest, 300, 100)
        forgetful = shelf_list.ShelfSnapshots(keep=1)
        shelf_list.answer(ils, query, forgetful)
        shelf_list.answer(ils, dataclasses.replace(query, branch="TPML-MAIN"), forgetful)
        with pytest.raises(SchemaError, match="changed since the first page"):
            shelf_list.answer(ils, dataclasses.replace(query, cursor=first.next), forgetful)

        class Moving:  # the catalogue changes between every first and second page, twice
            def __init__(self) -> None:
                self.calls = 0

            def shelf_list_page(self, q: ShelfListQuery, *, timeout_s: float | None = None
                                ) -> ShelfListPage:
                self.calls += 1
                if q.cursor is not None and self.calls < 5:
                    raise Offline("shelf_list: the centre could not answer: SchemaError: shelf "
                                  "list changed since the first page: start again")
                return shelf_list.answer(ils, q, kept)

        moving = Moving()
        rows, name = fetch(moving, query)
        assert len(rows) == 301 and name == digest(rows) and moving.calls == 2 + 2 + 4
        with pytest.raises(ShelfListError, match="kept changing"):
            fetch(Moving(), query, attempts=2)


def test_a_50000_item_range_travels_in_pages_under_the_brokers_packet_limit(
        ils_path: Path, tmp_path: Path) -> None:
    _load(ils_path, BIG)
    limit = 1024 * 1024
    with ReferenceILS(ils_path) as ils:
        whole = list(shelf_list.select(
            __import__("sync.ils.reference.inventory", fromlist=["x"]).shelf_rows(ils, "BIG")))
    assert len(whole) == BIG
    assert len(schema.encode({"rows": whole})) > 5 * limit  # one message could never carry it
    with Broker(BrokerConfig(max_packet_size=limit)) as broker, \
            ReferenceILS(ils_path, today=lambda: TODAY) as ils:
        bridge = Bridge(ils, Ledger(tmp_path / "ledger.db"), port=broker.port).start()
        try:
            assert bridge.connected.wait(10)
            sizes: list[int] = []
            with OnlineClient(device_id="hh-01", branch="BIG", port=broker.port,
                              timeout_s=10) as online:
                rows, name = fetch(online, ShelfListQuery(branch="BIG", limit=1000),
                                   on_page=lambda p: sizes.append(len(schema.encode(p.to_wire()))))
        finally:
            bridge.stop()
    assert len(rows) == BIG and rows == whole and name == digest(whole)
    assert len(sizes) >= BIG // 1000 and max(sizes) < limit
    assert bridge.stats["requests"] == len(sizes)


def test_a_sip2_centre_says_it_cannot_list_shelves(ils_path: Path) -> None:
    sip2 = SIP2Adapter()  # never connects: the port's flag answers before any read
    try:
        assert not sip2.supports_shelf_list and ReferenceILS.supports_shelf_list
        with pytest.raises(SchemaError, match="cannot list shelves"):
            shelf_list.answer(sip2, ShelfListQuery(branch="TPML-MAIN"))
    finally:
        sip2.close()


def test_the_export_and_the_pages_select_the_same_rows(ils_path: Path, tmp_path: Path) -> None:
    conf = tmp_path / "centre.toml"
    conf.write_text(f'[device]\nid = "centre-1"\ndata_dir = "{ils_path.parent.parent}"\n')
    out = subprocess.run([sys.executable, "-m", "rfid_edge", "central", "shelf-list", "--branch",
                          "TPML-MAIN", "--range", "300..700"], capture_output=True, text=True,
                         env=dict(os.environ, RFID_EDGE_CONFIG=str(conf)), check=True,
                         timeout=120).stdout
    exported = [json.loads(line) for line in out.splitlines()]
    with ReferenceILS(ils_path) as ils:
        page = shelf_list.answer(ils, ShelfListQuery(branch="TPML-MAIN", range_from="300",
                                                     range_to="700", limit=1000))
    assert exported and list(page.rows) == exported and page.next is None
