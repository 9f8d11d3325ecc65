"""A shelf list never stalls circulation (issue 14): the centre builds a snapshot on a
connection of its own, on one bounded worker, so while a branch's list is being read —
held here on an Event — checkouts and the other online requests through the same bridge keep
being answered, on SQLite and on PostgreSQL; the snapshot is one moment of the catalogue; and
requests beyond the bound are answered "busy" at once instead of queueing."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sync import schema, topics
from sync.broker import Broker
from sync.centre import shelf_list
from sync.centre.bridge import Bridge, Ledger
from sync.edge.client import OnlineClient
from sync.errors import Offline
from sync.ils import seed
from sync.ils.reference import ReferenceILS, inventory
from sync.shelf_pages import ShelfListPage, ShelfListQuery
from tests.sync.conftest import TODAY, RawClient, tx_message, wait_until

pytestmark = pytest.mark.backends

BRANCH = "TPML-MAIN"


class Gate:
    """``inventory.shelf_rows`` that, once it has read (inside the snapshot's transaction),
    waits for :attr:`release`; records the thread it ran on."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.built, self.release = threading.Event(), threading.Event()
        self.threads: list[str] = []
        real = inventory.shelf_rows

        def rows(ils: Any, branch: str | None = None) -> list[dict[str, Any]]:
            out = real(ils, branch)
            self.threads.append(threading.current_thread().name)
            self.built.set()
            assert self.release.wait(60), "the test never released the build"
            return out

        monkeypatch.setattr(inventory, "shelf_rows", rows)


@pytest.fixture
def broker() -> Iterator[Broker]:
    with Broker() as b:
        yield b


@pytest.fixture
def running(ils_path: Path, centre_db: Any, broker: Broker,
            monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Bridge, Gate]]:
    monkeypatch.setattr(shelf_list, "SNAPSHOTS",  # the bridge's, fresh
                        shelf_list.ShelfSnapshots(reuse_s=shelf_list.SNAPSHOTS.reuse_s))
    gate = Gate(monkeypatch)
    with ReferenceILS(ils_path, today=lambda: TODAY) as ils:
        bridge = Bridge(ils, Ledger(centre_db.target("ledger")), port=broker.port).start()
        try:
            assert bridge.connected.wait(10)
            yield bridge, gate
        finally:
            gate.release.set()
            bridge.stop()


def _ask_page(port: int, device: str, out: list[Any], order: list[str]) -> threading.Thread:
    def run() -> None:
        with OnlineClient(device_id=device, branch=BRANCH, port=port, timeout_s=60) as online:
            try:
                out.append(online.shelf_list_page(ShelfListQuery(branch=BRANCH, limit=1000)))
            except Offline as exc:
                out.append(exc)
        order.append(f"shelf {device}")

    t = threading.Thread(target=run)
    t.start()
    return t


def test_checkouts_are_answered_while_a_shelf_list_is_built(
        running: tuple[Bridge, Gate], broker: Broker, demo: seed.DemoData) -> None:
    bridge, gate = running
    patron = demo.good_patrons()[0].patron_id
    first, second = (i.item_id for i in demo.available_items(BRANCH)[:2])
    order: list[str] = []
    pages: list[Any] = []
    asking = _ask_page(broker.port, "hh-01", pages, order)
    assert gate.built.wait(30)  # the snapshot is read and its build held: circulation now

    kiosk = RawClient(broker.port)
    try:
        msg = tx_message("checkout", {"patron_id": patron, "item_id": first})
        kiosk.publish(topics.tx("kiosk-01"), schema.encode(msg), correlation=b"co-1")
        (_, reply), = kiosk.wait_replies(1, timeout=30)
        assert (reply["txn_id"], reply["status"]) == (msg["txn_id"], "applied")
        order.append("checkout")
        with OnlineClient(device_id="kiosk-02", branch=BRANCH, port=broker.port,
                          timeout_s=30) as online:
            assert online.item_info(first).status.value == "on_loan"
            assert online.authorise_checkout(patron, second).outcome.value == "applied"
        order.append("online requests")
    finally:
        kiosk.close()
    assert not pages and asking.is_alive()  # the shelf list is still being built
    gate.release.set()
    asking.join(60)
    assert order == ["checkout", "online requests", "shelf hh-01"]
    page, = pages
    assert isinstance(page, ShelfListPage) and page.total == len(
        [i for i in demo.items if i.home_branch == BRANCH])
    # one moment of the catalogue: the snapshot was read before the checkout committed
    assert {r["item_id"]: r["status"] for r in page.rows}[first] == "available"
    assert gate.threads == ["bridge-heavy-reads"]
    twin = bridge.reads.reader.twin
    assert twin is not None and twin is not bridge.ils  # read on a connection of its own
    assert bridge.stats["applied"] == 1 and bridge.stats["requests"] == 3


def test_shelf_lists_beyond_the_bound_are_answered_busy_at_once(
        running: tuple[Bridge, Gate], broker: Broker) -> None:
    bridge, gate = running
    order: list[str] = []
    answers: dict[str, list[Any]] = {}
    threads = {"hh-01": _ask_page(broker.port, "hh-01", answers.setdefault("hh-01", []), order)}
    assert gate.built.wait(30)
    # the same device again (a retry while its first is built), then more devices than the
    # queue holds: one waits per device, four in all; the rest are told "busy" at once
    for device in ("hh-01", "hh-02", "hh-03", "hh-04", "hh-05", "hh-06"):
        name = device if device not in threads else f"{device}-again"
        threads[name] = _ask_page(broker.port, device, answers.setdefault(name, []), order)
    wait_until(lambda: bridge.reads.stats["refused"] == 3, what="three refusals")
    wait_until(lambda: len(order) == 3, what="the refusals delivered")
    busy = {name for name, got in answers.items() if got and isinstance(got[0], Offline)}
    assert len(busy) == 3 and "hh-01-again" in busy and "hh-01" not in busy
    assert all("busy" in str(answers[name][0]) for name in busy)
    assert not answers["hh-01"]  # still being built
    gate.release.set()
    for t in threads.values():
        t.join(60)
    served = {name for name, got in answers.items() if isinstance(got[0], ShelfListPage)}
    assert served == set(answers) - busy and len(served) == 4
    assert len({answers[name][0].digest for name in served}) == 1
    # the first build is reused by the first pages asked for within seconds of it
    assert gate.threads == ["bridge-heavy-reads"]
    assert json.loads(json.dumps(bridge.reads.stats)) == {"answered": 4, "refused": 3}


def test_the_offline_cache_is_built_on_the_read_connection_not_under_the_ils_lock(
        ils_path: Path, centre_db: Any, broker: Broker) -> None:
    from sync.edge import offline_cache

    with ReferenceILS(ils_path, today=lambda: TODAY) as ils:
        bridge = Bridge(ils, Ledger(centre_db.target("ledger")), port=broker.port,
                        cache_interval_s=3600).start()
        try:
            assert bridge.connected.wait(10)
            cache = bridge.cache
            assert cache is not None and bridge.cache_builder is not None
            wait_until(lambda: cache.published == 1, what="the cache published at start")
            with bridge._ils_lock:  # circulation holds the lock: the cache is built meanwhile
                t = threading.Thread(target=cache.publish, args=(bridge.client,))
                t.start()
                t.join(30)
                assert not t.is_alive() and cache.published == 2
            built = [bridge.cache_builder()]
            whole = offline_cache.build(ils)
        finally:
            bridge.stop()
    assert len(built[0]["blocked"]["hashes"]) == len(whole["blocked"]["hashes"]) > 0
    assert built[0]["holds"]["items"] == whole["holds"]["items"]
