"""Fixtures for the PC/SC tests: the real pcscd with vpcd, one simulated reader for the session.

pcscd is started only if it is not already running (and then stopped at the end); the simulated
reader claims a free vpcd slot, so two test runs on one machine do not collide. Both session
fixtures (``pcscd``, ``pcsc_reader``) live in ``tests/conftest.py``, shared with the kiosk tests
so one pytest run holds one slot. Every test starts with an empty field, no faults and pcscd
seeing no card.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from smartcard import scard

from hwsim.pcsc.runner import PcscRunningReader


def card_in(reader: str) -> bool:
    """Does pcscd currently see a card in ``reader``?"""
    hresult, ctx = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    assert hresult == scard.SCARD_S_SUCCESS
    try:
        hresult, states = scard.SCardGetStatusChange(ctx, 0, [(reader, scard.SCARD_STATE_UNAWARE)])
        return bool(states[0][1] & scard.SCARD_STATE_PRESENT)
    finally:
        scard.SCardReleaseContext(ctx)


def wait_card(reader: str, present: bool, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while card_in(reader) != present:
        assert time.monotonic() < deadline, f"pcscd never saw the card {'present' if present else 'gone'}"
        time.sleep(0.02)


@pytest.fixture(scope="session")
def sim_reader(pcsc_reader: PcscRunningReader) -> PcscRunningReader:
    """The session's shared simulated reader (``tests/conftest.py``)."""
    return pcsc_reader


@pytest.fixture
def pad(sim_reader: PcscRunningReader) -> Iterator[PcscRunningReader]:
    """The simulated reader with an empty field; pcscd agrees there is no card."""
    sim_reader.reset()
    wait_card(sim_reader.port, False)
    yield sim_reader
    sim_reader.reset()


@pytest.fixture
def watcher(pad: PcscRunningReader):
    from drivers.pcsc.monitor import PatronWatcher

    with PatronWatcher(f"pcsc://{pad.port}", apdu_timeout=1.0) as w:
        assert w.get(5, kinds=("reader-added",)).reader == pad.port
        yield w
