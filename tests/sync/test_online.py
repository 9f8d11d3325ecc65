"""Online requests for the kiosk (issue 5): answers from the centre, or a clear Offline in time."""

from __future__ import annotations

import time

import pytest

from sync.broker import Broker, free_port
from sync.centre.bridge import Bridge
from sync.edge.client import OnlineClient
from sync.errors import Offline
from sync.ils import seed
from sync.results import ItemStatus, Outcome


def test_requests_answered_by_the_centre(bridge: Bridge, broker: Broker,
                                         demo: seed.DemoData) -> None:
    patron = demo.good_patrons()[0]
    item = demo.available_items()[0]
    with OnlineClient(device_id="kiosk-01", branch="TPML-MAIN", port=broker.port,
                      timeout_s=5) as online:
        status = online.patron_status(patron.patron_id, pin=patron.pin)
        assert status.valid and status.pin_ok is True and status.name == patron.name
        assert online.patron_status(patron.patron_id, pin="wrong").pin_ok is False
        info = online.item_info(item.item_id)
        assert info.status is ItemStatus.AVAILABLE and info.title == item.title
        auth = online.authorise_checkout(patron.patron_id, item.item_id)
        assert auth.outcome is Outcome.APPLIED and auth.due_date is not None
        holder = next(h[0] for h in demo.holds if h[3] == "ready")
        assert any(h.ready for h in online.account(holder).holds)
    assert bridge.stats["requests"] == 5


def test_no_bridge_means_offline_within_the_timeout(broker: Broker) -> None:
    with OnlineClient(device_id="kiosk-01", branch="TPML-MAIN", port=broker.port,
                      timeout_s=0.5) as online:
        assert online.online  # the broker is there, the centre is not
        start = time.monotonic()
        with pytest.raises(Offline, match="no answer"):
            online.item_info("3100000001")
        assert time.monotonic() - start < 5  # bounded (generous: shared CI cores)


def test_no_broker_means_offline() -> None:
    online = OnlineClient(device_id="kiosk-01", branch="TPML-MAIN", port=free_port(),
                          timeout_s=0.3)
    try:
        with pytest.raises(Offline, match="not connected"):
            online.patron_status("2300000001", pin="1234")
    finally:
        online.close()


def test_offline_then_online_again(broker: Broker, bridge: Bridge) -> None:
    with OnlineClient(device_id="kiosk-01", branch="TPML-MAIN", port=broker.port,
                      timeout_s=3) as online:
        assert online.item_info("3100000001").item_id == "3100000001"
        broker.stop()
        with pytest.raises(Offline):
            online.item_info("3100000001")
        broker.start()
        deadline = time.monotonic() + 30
        while True:  # paho reconnects by itself, the bridge too
            try:
                assert online.item_info("3100000001").outcome is Outcome.APPLIED
                break
            except Offline:
                assert time.monotonic() < deadline
