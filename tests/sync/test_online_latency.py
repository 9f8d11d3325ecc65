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

from sync.broker import Broker, BrokerConfig
from sync.centre.bridge import Bridge
from sync.edge.cache_feed import CacheFeed
from sync.edge.client import OnlineClient
from sync.edge.offline_cache import OfflineCache
from sync.edge.outbox import Outbox
from sync.edge.uplink import Uplink
from sync.mqtt import low_latency


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
    feed = CacheFeed(OfflineCache(tmp_path / "cache.db"), port=broker.port,
                     client_id="edge-kiosk-01-cache")
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
