"""Fixtures for the SIP2 tests: a test ACS on loopback per test, and clients for it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from hwsim.sip2_server import Quirks, TestACS
from sync.ils.sip2.client import SIP2Client


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


__all__ = ["Quirks"]
