"""Why an online request took ~90 ms on an idle localhost, and what keeps it from coming back.

paho writes every MQTT packet with its own ``send``. A QoS 1 PUBACK followed by a PUBLISH (the
bridge acknowledging a request, then answering it; the broker acknowledging a kiosk's request,
then forwarding it) are two small writes, and with Nagle's algorithm the second waited for the
peer's delayed ACK of the first: 40 ms on each leg. Every link client and the broker turn Nagle
off (TCP_NODELAY); these tests check the sockets and the broker's configuration, not times.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from sync.broker import Broker, BrokerConfig
from sync.centre.bridge import Bridge, Ledger
from sync.edge.cache_feed import CacheFeed
from sync.edge.client import OnlineClient
from sync.edge.offline_cache import OfflineCache
from sync.edge.outbox import Outbox
from sync.edge.uplink import Uplink
from sync.errors import Offline
from sync.ils import seed
from sync.ils.reference import ReferenceILS
from sync.mqtt import low_latency
from sync.results import ItemStatus
from tests.sync.conftest import TODAY, event_time


def _no_delay(client: object) -> bool:
    sock = client.socket()  # type: ignore[attr-defined]
    assert sock is not None, "not connected"
    return bool(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))


def _wait(pred: Callable[[], bool], timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while not pred():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def test_every_link_client_turns_nagle_off(bridge: Bridge, broker: Broker, outbox: Outbox,
                                           tmp_path: Path) -> None:
    outbox.enqueue("rating", {"score": 4})
    uplink = Uplink(outbox, port=broker.port)
    feed = CacheFeed(OfflineCache(tmp_path / "cache.db"), device_id="kiosk-01", port=broker.port)
    try:
        with OnlineClient(device_id="kiosk-01", branch="TPML-MAIN", port=broker.port,
                          timeout_s=5) as online:
            assert online.item_info("3100000001").item_id == "3100000001"
            uplink.start()
            feed.start()
            assert _wait(lambda: outbox.depth() == 0)  # the uplink connected and was answered
            assert _wait(lambda: feed.client.is_connected())
            assert _no_delay(online.client)
            assert _no_delay(bridge.client)
            assert _no_delay(uplink.client)
            assert _no_delay(feed.client)
    finally:
        uplink.stop()
        feed.close()


def test_a_reconnected_socket_has_nagle_off_too(broker: Broker, bridge: Bridge) -> None:
    with OnlineClient(device_id="kiosk-01", branch="TPML-MAIN", port=broker.port,
                      timeout_s=5) as online:
        first = online.client.socket()
        broker.restart()
        # paho reconnects by itself (backoff 1 s); the bridge too
        assert _wait(lambda: online.online and online.client.socket() is not first, 30)
        assert _no_delay(online.client)
        assert _wait(lambda: bridge.connected.is_set(), 30)
        assert _no_delay(bridge.client)
        assert online.item_info("3100000001").item_id == "3100000001"


def test_low_latency_ignores_a_socket_without_tcp() -> None:
    import paho.mqtt.client as mqtt

    client = low_latency(mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id="x"))
    left, right = socket.socketpair()  # a Unix socket: no Nagle to turn off, no error
    try:
        client.on_socket_open(client, None, left)
        client.on_socket_open(client, None, object())  # neither a socket at all
    finally:
        left.close()
        right.close()


def test_the_brokers_the_project_starts_turn_nagle_off(tmp_path: Path) -> None:
    assert "set_tcp_nodelay true" in BrokerConfig().render(1883, tmp_path).splitlines()
    assert "set_tcp_nodelay false" in BrokerConfig(tcp_nodelay=False).render(1883, tmp_path)


# --- a drain's batch holds the ILS lock for up to a few hundred milliseconds; requests do not
# wait for it: they are answered on a read-only twin of their own, from what was committed ----

def test_a_request_is_answered_while_a_batch_holds_the_ils_lock(
        bridge: Bridge, broker: Broker, demo: seed.DemoData) -> None:
    item = demo.available_items()[0]
    with OnlineClient(device_id="kiosk-01", branch="TPML-MAIN", port=broker.port,
                      timeout_s=5) as online, bridge._ils_lock:  # a batch is being applied
        assert online.item_info(item.item_id).status is ItemStatus.AVAILABLE
        assert online.patron_status(demo.good_patrons()[0].patron_id).valid
    assert bridge.request_reader.twin is not None
    assert bridge.stats["requests"] == 2


def test_a_request_sees_what_was_committed_not_a_batch_in_progress(
        bridge: Bridge, broker: Broker, ils: ReferenceILS, demo: seed.DemoData) -> None:
    patron, item = demo.good_patrons()[0], demo.available_items()[0]
    with OnlineClient(device_id="kiosk-01", branch="TPML-MAIN", port=broker.port,
                      timeout_s=5) as online:
        with bridge._ils_lock, ils.batch():  # applied inside the batch, not yet committed
            ils.checkout(patron.patron_id, item.item_id, branch="TPML-MAIN",
                         event_time=event_time())
            assert online.item_info(item.item_id).status is ItemStatus.AVAILABLE
        # committed (the batch's replies go out only after this): every later request sees it
        info = online.item_info(item.item_id)
        assert info.status is ItemStatus.ON_LOAN and info.due_date is not None
        assert any(loan.item_id == item.item_id
                   for loan in online.account(patron.patron_id).loans)


def test_an_ils_without_a_twin_is_asked_under_its_lock(broker: Broker, tmp_path: Path,
                                                       demo: seed.DemoData) -> None:
    with ReferenceILS(":memory:", today=lambda: TODAY) as memory:
        seed.seed(memory, demo, pin_cost=2**4)
        bridge = Bridge(memory, Ledger(tmp_path / "ledger.db"), port=broker.port).start()
        try:
            assert bridge.connected.wait(10)
            item = demo.available_items()[0]
            with OnlineClient(device_id="kiosk-01", branch="TPML-MAIN", port=broker.port,
                              timeout_s=5) as online:
                assert online.item_info(item.item_id).title == item.title
                # nothing else reaches that database: the request waits for the lock
                with bridge._ils_lock, pytest.raises(Offline, match="no answer"):
                    online.request("item_info", {"item_id": item.item_id}, timeout_s=0.5)
                assert online.item_info(item.item_id).title == item.title
        finally:
            bridge.stop()
    assert bridge.request_reader.twin is None


def test_a_twin_that_cannot_be_opened_is_a_refusal_and_asked_again(
        bridge: Bridge, broker: Broker, ils: ReferenceILS, demo: seed.DemoData,
        monkeypatch: pytest.MonkeyPatch) -> None:
    item = demo.available_items()[0]
    opened = ils.read_only_twin
    failures = iter([OSError("database unreachable")])

    def twin() -> ReferenceILS | None:
        for exc in failures:
            raise exc
        return opened()

    monkeypatch.setattr(ils, "read_only_twin", twin)
    with OnlineClient(device_id="kiosk-01", branch="TPML-MAIN", port=broker.port,
                      timeout_s=5) as online:
        with pytest.raises(Offline, match="could not answer: OSError: database unreachable"):
            online.item_info(item.item_id)
        assert online.item_info(item.item_id).title == item.title  # opened at the next one
    assert bridge.request_reader.twin is not None
