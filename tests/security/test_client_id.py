"""A client id belongs to the identity that authenticated (issue 19 finding 7): against the real
mosquitto with the generated config, a device connecting with another device's client id is
refused and the holder stays connected; a device's own three connections (uplink, online
client, cache feed) coexist; two kiosks' offline-cache feeds coexist.

Both modes: in certificate mode the identity a client names must also be its certificate's CN."""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path

import pytest

from sync import schema
from sync.edge.cache_feed import CacheFeed
from sync.edge.offline_cache import PARTS, OfflineCache, publish
from sync.security import Fleet, SecurityError, configure_client
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


def test_two_kiosks_cache_feeds_stay_connected_together(secure_broker, fleet: Fleet,
                                                         tmp_path: Path) -> None:
    """Each kiosk's offline-cache feed names itself after its device (``edge-<id>-cache``, the
    form the client-id plugin lets a device use): two kiosks' feeds connected at once both
    stay connected and both get the centre's cache. The shared ``kiosk-cache`` they had is
    refused by the plugin; without it, each feed would knock the other off."""
    broker, mode = secure_broker
    devices = ("kiosk-a", "kiosk-b")
    caches = {d: OfflineCache(tmp_path / f"{d}.db") for d in devices}
    feeds: dict[str, CacheFeed] = {}
    connects = {d: 0 for d in devices}
    drops = {d: 0 for d in devices}
    for d in devices:
        creds = fleet.credentials(d)
        feed = CacheFeed(caches[d], device_id=d, host=broker.host, port=broker.port,
                         configure=lambda c, creds=creds: configure_client(c, creds, mode=mode))
        on_connect, on_disconnect = feed.client.on_connect, feed.client.on_disconnect
        feed.client.on_connect = lambda *a, d=d, f=on_connect, **k: (
            connects.__setitem__(d, connects[d] + 1), f(*a, **k))
        feed.client.on_disconnect = lambda *a, d=d, f=on_disconnect, **k: (
            drops.__setitem__(d, drops[d] + 1), f(*a, **k))
        feeds[d] = feed
    centre = Probe(broker, fleet.credentials("central"), mode, client_id="bridge-cache-ids")
    try:
        assert [f.client_id for f in feeds.values()] == ["edge-kiosk-a-cache",
                                                         "edge-kiosk-b-cache"]
        for feed in feeds.values():
            feed.start()
        assert wait_for(lambda: all(f.client.is_connected() for f in feeds.values()), 10)
        assert _ok(centre.connect())
        body = {"generated": schema.format_time(schema.utc_now())}
        for info in publish(centre.client, {p: body for p in PARTS}):
            info.wait_for_publish(5)
        assert wait_for(lambda: all(c.part("calendar") for c in caches.values()), 10)
        time.sleep(1.0)  # a clash would have knocked one off by now
        assert connects == {"kiosk-a": 1, "kiosk-b": 1} and drops == {"kiosk-a": 0, "kiosk-b": 0}
        assert all(f.client.is_connected() for f in feeds.values())
    finally:
        for feed in feeds.values():
            feed.close()
        if centre.client.is_connected():  # the retained parts do not outlive the test
            for p in PARTS:
                centre.client.publish(f"rfid/v1/cache/{p}", b"", qos=1,
                                      retain=True).wait_for_publish(5)
        centre.close()
        for cache in caches.values():
            cache.close()
