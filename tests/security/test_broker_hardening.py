"""The broker config the project generates, against a real mosquitto (issue 19 findings 2, 3):
a device cannot subscribe to the bridges' shared group or to anyone's transactions — so one
device cannot black-hole a share of the fleet's transactions — and a 10 MB publish is refused."""

from __future__ import annotations

import threading
from typing import Any

from sync.mqtt import MAX_PACKET_SIZE, largest_batch_bytes
from sync.security import Fleet
from tests.security.conftest import Probe, wait_for

SHARE = "$share/central/rfid/v1/tx/+"


class Subscriber(Probe):
    """A probe that keeps the SUBACK reason codes and counts its disconnects."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.codes: dict[str, list[Any]] = {}
        self.disconnects = 0
        self._by_mid: dict[int, list[Any]] = {}
        self.client.on_subscribe = self._record
        self.client.on_disconnect = self._gone

    def _record(self, client, userdata, mid, rcs, properties=None) -> None:
        # may run before subscribe() has its mid back: keyed by mid, named by subscribe()
        self._by_mid[mid] = list(rcs)
        self.suback.setdefault(mid, threading.Event()).set()

    def _gone(self, *args: Any, **kwargs: Any) -> None:
        self.disconnects += 1
        self.done.set()

    def subscribe(self, *topics: str, timeout: float = 5.0) -> None:
        for topic in topics:
            _, mid = self.client.subscribe(topic, 1)
            if not self.suback.setdefault(mid, threading.Event()).wait(timeout):
                raise AssertionError(f"no SUBACK for {topic}")
            self.codes[topic] = self._by_mid[mid]


def _connected(probe: Probe) -> bool:
    rc = probe.connect()
    return not isinstance(rc, Exception) and rc is not None and not rc.is_failure


def test_device_cannot_join_the_bridges_share_nor_read_transactions(secure_broker,
                                                                    fleet: Fleet) -> None:
    broker, mode = secure_broker
    bridge = Subscriber(broker, fleet.credentials("central"), mode, client_id="bridge-h")
    rogue = Subscriber(broker, fleet.credentials("kiosk-b"), mode, client_id="edge-kiosk-b-online-rogue")
    a = Probe(broker, fleet.credentials("kiosk-a"), mode, client_id="edge-kiosk-a-online-h")
    try:
        assert _connected(bridge) and _connected(rogue) and _connected(a)
        bridge.subscribe(SHARE)
        assert not bridge.codes[SHARE][0].is_failure
        rogue.subscribe(SHARE, "$share/other/rfid/v1/tx/+", "rfid/v1/tx/+", "rfid/v1/tx/kiosk-a",
                        "rfid/v1/reply/kiosk-a", "#")
        assert all(codes[0].is_failure for codes in rogue.codes.values()), rogue.codes
        rogue.subscribe("rfid/v1/reply/kiosk-b", "rfid/v1/cache/#")  # its own: still allowed
        assert not rogue.codes["rfid/v1/reply/kiosk-b"][0].is_failure
        n = 40
        for i in range(n):
            a.client.publish("rfid/v1/tx/kiosk-a", f"txn {i}".encode(), qos=1)
        assert wait_for(lambda: len(bridge.messages) >= n, timeout=10), len(bridge.messages)
        assert sorted(bridge.messages) == sorted(("rfid/v1/tx/kiosk-a", f"txn {i}".encode())
                                                 for i in range(n))
        assert rogue.messages == []
    finally:
        for p in (bridge, rogue, a):
            p.close()


def test_max_packet_size_fits_the_largest_batch_and_refuses_10_mb(secure_broker,
                                                                   fleet: Fleet) -> None:
    assert largest_batch_bytes() * 1.25 < MAX_PACKET_SIZE < 10_000_000
    broker, mode = secure_broker
    assert f"max_packet_size {MAX_PACKET_SIZE}" in broker.conf_path.read_text()
    bridge = Subscriber(broker, fleet.credentials("central"), mode, client_id="bridge-big")
    a = Subscriber(broker, fleet.credentials("kiosk-a"), mode, client_id="edge-kiosk-a-online-big")
    try:
        assert _connected(bridge) and _connected(a)
        bridge.subscribe(SHARE)
        a.client.publish("rfid/v1/tx/kiosk-a", b"x" * largest_batch_bytes(), qos=1)
        assert wait_for(lambda: len(bridge.messages) == 1, timeout=20)  # the largest legal one
        a.client.publish("rfid/v1/tx/kiosk-a", b"x" * 10_000_000, qos=1)
        assert wait_for(lambda: a.disconnects >= 1, timeout=20)  # the broker hung up on it
        a.close()  # (paho would resend the 10 MB message on every reconnect)
        again = Probe(broker, fleet.credentials("kiosk-a"), mode, client_id="edge-kiosk-a-online-big2")
        assert _connected(again)  # the broker is still serving
        again.client.publish("rfid/v1/tx/kiosk-a", b"fence", qos=1)
        assert wait_for(lambda: (("rfid/v1/tx/kiosk-a", b"fence") in bridge.messages), 20)
        assert [len(m[1]) for m in bridge.messages] == [largest_batch_bytes(), 5]
        again.close()
    finally:
        bridge.close()
        a.close()
