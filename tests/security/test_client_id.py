"""A client id belongs to the identity that authenticated (issue 19 finding 7): against the real
mosquitto with the generated config, a device connecting with another device's client id is
refused and the holder stays connected; a device's own three connections (uplink, online
client, cache feed) coexist.

Both modes: in certificate mode the identity a client names must also be its certificate's CN."""

from __future__ import annotations

import dataclasses
import time

import pytest

from sync.security import Fleet, SecurityError
from tests.security.conftest import Probe, wait_for
from tests.security.test_broker_hardening import Subscriber


def _ok(rc: object) -> bool:
    return rc is not None and not isinstance(rc, Exception) and not rc.is_failure


def test_device_cannot_take_another_devices_client_id(secure_broker, fleet: Fleet) -> None:
    broker, mode = secure_broker
    victim = Subscriber(broker, fleet.credentials("kiosk-a"), mode, client_id="edge-kiosk-a")
    bridge = Probe(broker, fleet.credentials("central"), mode, client_id="bridge-cid")
    thieves = [Probe(broker, fleet.credentials("kiosk-b"), mode, client_id=cid)
               for cid in ("edge-kiosk-a", "edge-kiosk-a-cache", "bridge-cid")]
    # kiosk-b's own certificate (or password) naming kiosk-a as its identity
    posing = dataclasses.replace(fleet.credentials("kiosk-b"), username="kiosk-a")
    thieves.append(Probe(broker, posing, mode, client_id="edge-kiosk-a"))
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
