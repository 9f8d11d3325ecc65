"""Keyboard-wedge barcode/QR scanners as the kiosk's card source (:class:`kiosk.adapters.WedgeCards`):
scanned cards reaching the core through a real pty and a real pipe (the driver's own tests are
in tests/drivers/test_wedge.py)."""

from __future__ import annotations

import os
import time

import pytest

from drivers.wedge import EvdevKeys, open_keys
from kiosk.adapters import WedgeCards
from kiosk.core import events as E
from sync.schema import mask
from tests.drivers.wedge_keys import typed
from tests.kiosk.conftest import state_is


def test_evdev_device_through_a_real_pipe_identifies_a_card():
    r, w = os.pipe()
    try:
        keys_ = open_keys(f"evdev:///proc/self/fd/{r}")
        assert isinstance(keys_, EvdevKeys)
        cards = WedgeCards(keys_)
        got = []
        cards.start(got.append)
        os.write(w, typed("2300000000042") + typed("urn:x-library:patron:abc", sec=1_700_000_010))
        deadline = time.monotonic() + 5
        while len(got) < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        cards.stop()
    finally:
        os.close(w)
        os.close(r)
    assert [(e.present, e.patron_id, e.source) for e in got] == [
        (True, "2300000000042", "barcode"), (True, "abc", "barcode")]
    assert cards.lines == {"scanner": 2, "keyboard": 0}


def test_a_wedge_that_cannot_open_is_reported():
    with pytest.raises(ValueError):
        WedgeCards.from_config({"url": "http://scanner"})
    bad = WedgeCards(open_keys("/nonexistent/wedge"))
    with pytest.raises(OSError):
        bad.start(lambda e: None)
    assert bad.diagnostics()["ok"] is False


def test_scanned_card_identifies_the_patron_typed_one_does_not(make_station):
    st = make_station(wedge=True, cards="pcsc")
    p = st.patron()
    st.scan_barcode(p.patron_id, typed_gap_s=0.1)  # a person at a keyboard on the same input
    deadline = time.monotonic() + 10
    while st.wedge_cards.lines["keyboard"] < 1:
        assert time.monotonic() < deadline
        time.sleep(0.01)
    st.core.wait_idle()
    assert st.core.state is E.State.IDLE and not any(
        isinstance(e, E.SessionStarted) for e in st.events)
    st.scan_barcode(f"urn:x-library:patron:{p.patron_id}")  # the library app's QR code
    ident = st.wait_for(lambda e: isinstance(e, E.PatronIdentified))
    assert ident.patron == mask(p.patron_id)
    st.wait_for(state_is(E.State.STACK))
    diag = st.core.ports.cards.diagnostics()
    assert diag["ok"] and st.card_sim.port in diag["detail"] and "tty://" in diag["detail"]
    assert st.wedge_cards.lines == {"scanner": 1, "keyboard": 1}


def test_typed_cards_accepted_when_configured(make_station):
    st = make_station(wedge=True, overrides={"kiosk": {"wedge": {"accept_typed": True}}})
    p = st.patron()
    st.scan_barcode(p.patron_id, typed_gap_s=0.05)
    assert st.wait_for(lambda e: isinstance(e, E.PatronIdentified)).patron == mask(p.patron_id)


