"""Fixtures: a whole station on simulated hardware (FEIG pad behind a pty, ESC/POS printer behind
a pty, reference ILS and outbox on disk, and with ``cards="pcsc"`` the session's shared vpcd
reader behind the real pcscd — ``pcsc_reader`` in ``tests/conftest.py``), and the invariant-2
check every e2e test ends with."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from kiosk.core import commands as C
from kiosk.core import events as E
from kiosk.sim.station import SimStation
from rfid_edge import config as configuration

AFI_IN, AFI_OUT = 0x07, 0xC2


@pytest.fixture
def make_station(tmp_path, request) -> Iterator[Callable[..., SimStation]]:
    made: list[SimStation] = []

    def make(station: str = "self_checkout", **kw: Any) -> SimStation:
        if kw.get("cards") == "pcsc":
            kw.setdefault("card_reader", request.getfixturevalue("pcsc_reader"))
        st = SimStation(config=configuration.load(None), station=station, workdir=tmp_path / f"st{len(made)}", items=300,
                        patrons=60, **kw).__enter__()
        made.append(st)
        return st

    yield make
    for st in made:
        st.close()


def state_is(state: E.State) -> Callable[[E.Event], bool]:
    return lambda e: isinstance(e, E.StateChanged) and e.state is state


def row_is(item_id: str, status: str) -> Callable[[E.Event], bool]:
    return lambda e: isinstance(e, E.StackRow) and e.item_id == item_id and e.status == status


def outcome_for(item_id: str) -> Callable[[E.Event], bool]:
    return lambda e: isinstance(e, E.ItemOutcome) and e.item_id == item_id


def lend(st: SimStation, patron_id: str, item_id: str) -> E.ItemOutcome:
    """The patron's card, the item on the pad, Confirm: the checkout's outcome."""
    st.cards.present(patron_id)
    st.wait_for(state_is(E.State.STACK))
    st.place(item_id)
    st.wait_for(row_is(item_id, E.RowStatus.OK))
    st.core.submit(C.ConfirmCheckout())
    return st.wait_for(outcome_for(item_id))


def check_invariant_2(st: SimStation) -> None:
    """Every tag's AFI (and EAS, with ``use_eas``) agrees with its loan state at the centre, or
    the patron was told."""
    st.core.wait_idle()
    st.drain()
    told = {e.item_id for e in st.events if isinstance(e, E.ItemOutcome) and e.security_ok is False}
    use_eas = bool(st.config["security"].get("use_eas"))
    for key, tag in st.tags.items():
        item_id = key.split("#")[0]
        on_loan = st.on_loan_to(item_id) is not None
        if item_id in told:
            continue
        assert tag.afi == (AFI_OUT if on_loan else AFI_IN), (item_id, on_loan, hex(tag.afi))
        if use_eas:
            assert tag.eas is (not on_loan), (item_id, on_loan, tag.eas)


def until(check: Callable[[], Any], timeout: float = 15.0, interval: float = 0.02) -> Any:
    """Poll ``check`` until it returns something truthy (returned), or fail after ``timeout``."""
    deadline = time.monotonic() + timeout
    while not (got := check()):
        if time.monotonic() > deadline:
            raise TimeoutError("condition not met")
        time.sleep(interval)
    return got
