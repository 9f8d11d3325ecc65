"""A client id belongs to the identity that authenticated (issue 19 finding 7): against the real
mosquitto with the generated config, a device connecting with another device's client id is
refused and the holder stays connected; a device's own three connections (uplink, online
client, cache feed) coexist.

Password mode only: mosquitto 2.0 asks no plugin about a connection authenticated by a client
certificate (``use_identity_as_username``), so in certificate mode the binding is not enforced
(docs/broker.md says so)."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from sync.broker import Broker
from sync.security import Fleet, SecurityError
from tests.security.conftest import RUN_AS, Probe, wait_for
from tests.security.test_broker_hardening import Subscriber


def _ok(rc: object) -> bool:
    return rc is not None and not isinstance(rc, Exception) and not rc.is_failure


@pytest.fixture(scope="module")
def password_broker(fleet: Fleet) -> Iterator[tuple[Broker, str]]:
    with Broker(fleet.broker_config(mode="password", run_as=RUN_AS)) as broker:
        yield broker, "password"


def test_device_cannot_take_another_devices_client_id(password_broker, fleet: Fleet) -> None:
    broker, mode = password_broker
    victim = Subscriber(broker, fleet.credentials("kiosk-a"), mode, client_id="edge-kiosk-a")
    bridge = Probe(broker, fleet.credentials("central"), mode, client_id="bridge-cid")
    thieves = [Probe(broker, fleet.credentials("kiosk-b"), mode, client_id=cid)
               for cid in ("edge-kiosk-a", "edge-kiosk-a-cache", "bridge-cid")]
    try:
        assert _ok(victim.connect()) and _ok(bridge.connect())
        victim.subscribe("rfid/v1/reply/kiosk-a")
        for thief in thieves:
            rc = thief.connect(timeout=3)
            assert not _ok(rc), f"{thief.client._client_id!r} was let in"
            thief.close()
        time.sleep(1.0)  # a takeover would have disconnected the victim by now
        assert victim.disconnects == 0 and victim.client.is_connected()
        assert bridge.client.is_connected()
        bridge.client.publish("rfid/v1/reply/kiosk-a", b"still here", qos=1)
        assert wait_for(lambda: ("rfid/v1/reply/kiosk-a", b"still here") in victim.messages)
    finally:
        victim.close()
        bridge.close()


def test_a_devices_own_connections_coexist(secure_broker, fleet: Fleet) -> None:
    broker, mode = secure_broker
    probes = [Subscriber(broker, fleet.credentials("kiosk-b"), mode, client_id=cid)
              for cid in ("edge-kiosk-b", "edge-kiosk-b-cache", "edge-kiosk-b-online-1a2b3c")]
    try:
        assert all(_ok(p.connect()) for p in probes)
        time.sleep(0.5)
        assert [p.disconnects for p in probes] == [0, 0, 0]
    finally:
        for p in probes:
            p.close()


def test_device_ids_that_would_overlap_client_id_forms_are_refused(fleet: Fleet) -> None:
    for name in ("kiosk-online-7", "kiosk-cache"):
        with pytest.raises(SecurityError):
            fleet.provision(name)
