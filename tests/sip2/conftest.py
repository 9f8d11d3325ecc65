"""Fixtures for the SIP2 tests: a test ACS on loopback per test, clients for it, and centre
bridges in front of it as ``rfid-edge central run`` builds them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from hwsim.sip2_server import Quirks, TestACS
from rfid_edge import config as configuration
from sync import schema, topics
from sync.centre import service
from sync.centre.bridge import Bridge, Incoming
from sync.ils.sip2.client import SIP2Client
from tests.centredb import CentreDB


@pytest.fixture
def make_acs() -> Iterator[Callable[..., TestACS]]:
    """Start a TestACS on a free loopback port: ``make_acs(encoding=..., quirks=Quirks(...))``."""
    started: list[TestACS] = []

    def make(**kw: Any) -> TestACS:
        acs = TestACS(**kw).start()
        started.append(acs)
        return acs

    yield make
    for acs in started:
        acs.stop()


@pytest.fixture
def acs(make_acs: Callable[..., TestACS]) -> TestACS:
    return make_acs()


@pytest.fixture
def make_client() -> Iterator[Callable[..., SIP2Client]]:
    made: list[SIP2Client] = []

    def make(acs: TestACS, **kw: Any) -> SIP2Client:
        options: dict[str, Any] = {"user": "kiosk", "password": "secret", "institution": "TPML",
                                   "location": "MAIN", "encoding": acs.encoding, "timeout": 5.0}
        options.update(kw)
        client = SIP2Client(acs.host, acs.port, **options)
        made.append(client)
        return client

    yield make
    for c in made:
        c.close()


@pytest.fixture
def centre_settings(tmp_path: Path, acs: TestACS, centre_db: CentreDB
                    ) -> Callable[..., dict[str, Any]]:
    """``centre_settings(**sip2)``: the configuration of a ``ils = "sip2"`` centre in front of
    ``acs`` with its records in SQLite files in one data directory, or in one PostgreSQL
    database (as TOML would give it); ``sip2`` adds to or overrides the ``[central.sip2]``
    options."""
    database = str(centre_db.target("centre")) if centre_db.postgres else ""

    def make(**sip2: Any) -> dict[str, Any]:
        options = {"host": acs.host, "port": acs.port, "user": "kiosk", "password": "secret",
                   "institution": "TPML", "location": "MAIN", "timeout": 5.0, **sip2}
        return {"device": {"data_dir": str(tmp_path)},
                "central": {"ils": "sip2", "cache_interval_s": 0, "database": database,
                            "sip2": options}}

    return make


@pytest.fixture
def open_bridge() -> Iterator[Callable[[dict[str, Any]], Bridge]]:
    """``open_bridge(settings)``: a bridge as ``rfid-edge central run`` builds it, not started
    (batches are driven through process(); no broker, replies are returned); closed after."""
    made: list[tuple[Any, Bridge]] = []

    def make(settings: dict[str, Any]) -> Bridge:
        cfg = configuration.load(None, settings)
        ils = service.open_ils(cfg)
        bridge = service.open_bridge(cfg, ils)
        bridge._publish_bytes = lambda *a: None  # no broker here; replies are returned
        made.append((ils, bridge))
        return bridge

    yield make
    for ils, bridge in made:
        bridge.ledger.close()
        ils.close()


def send_tx(bridge: Bridge, msg: dict[str, Any]) -> dict[str, Any]:
    """``msg`` through ``bridge`` as its device published it; the reply."""
    (_, body), = bridge.process([Incoming(topic=topics.tx(msg["device_id"]),
                                          body=schema.encode(msg), response_topic=None,
                                          correlation=msg["txn_id"].encode())])
    return body


__all__ = ["Quirks", "send_tx"]
