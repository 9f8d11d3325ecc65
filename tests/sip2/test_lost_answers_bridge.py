"""What the device is told when the answer to its renew, checkout or checkin is lost between the centre
and the ACS, through a bridge as ``rfid-edge central run`` builds it (the test ACS over TCP,
the centre's records in SQLite files and in PostgreSQL): the ACS applies it once, and the
device's reply says what the ACS did (:mod:`sync.ils.sip2.lost`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from hwsim.sip2_server import LOAN_DAYS, TestACS
from sync.centre.bridge import Bridge
from tests.sip2.conftest import send_tx
from tests.sync.conftest import tx_message

pytestmark = pytest.mark.backends

LOST = ("lost", "hangup")  # the ACS applied the request; its answer never came


class _Crash(BaseException):
    """The bridge process dies here."""


@pytest.fixture
def make_bridge(centre_settings: Callable[..., dict[str, Any]],
                open_bridge: Callable[[dict[str, Any]], Bridge]) -> Callable[[], Bridge]:
    """Bridges on one set of records in front of ``acs``; no ILS call waits more than 0.5 s
    and a query is not asked again on a new link (so the ACS can be made unaskable)."""
    settings = centre_settings(timeout=0.5, min_timeout=0.1, reconnects=0)
    return lambda: open_bridge(settings)


def _renewals(acs: TestACS, item: str) -> int:
    with acs.lock:
        return acs.items[item].renewals


def _lent(bridge: Bridge, acs: TestACS, item: str) -> dt.datetime:
    reply = send_tx(bridge, tx_message("checkout", {"patron_id": "P0001", "item_id": item}))
    assert reply["outcome"] == "applied"
    due = acs.loan_of(item)[1]
    assert due is not None
    return due


@pytest.mark.parametrize("how", LOST)
def test_a_renew_whose_answer_is_lost_is_answered_as_the_acs_made_it(
        make_bridge: Callable[[], Bridge], acs: TestACS, how: str) -> None:
    bridge = make_bridge()
    due = _lent(bridge, acs, "B0002")
    acs.damage(("30", how))
    reply = send_tx(bridge, tx_message("renew", {"patron_id": "P0001", "item_id": "B0002"},
                                     seq=2))
    assert (reply["status"], reply["outcome"]) == ("applied", "applied"), reply
    assert reply["result"]["due_date"] == str((due + dt.timedelta(days=LOAN_DAYS)).date())
    assert acs.received_codes().count("29") == 1 and _renewals(acs, "B0002") == 1


@pytest.mark.parametrize("how", LOST)
def test_a_lost_renew_the_acs_cannot_be_asked_about_is_settled_on_the_resend(
        make_bridge: Callable[[], Bridge], acs: TestACS, how: str) -> None:
    # the settling 63 is lost too: "retry"; the device's resend is settled before anything
    # is sent, and told the renewal the ACS made (before: a second renew, a renewal lost)
    bridge = make_bridge()
    due = _lent(bridge, acs, "B0002")
    acs.damage(("30", how), ("64", how))
    msg = tx_message("renew", {"patron_id": "P0001", "item_id": "B0002"}, seq=2)
    assert send_tx(bridge, msg)["status"] == "retry"
    reply = send_tx(bridge, msg)
    assert (reply["status"], reply["outcome"]) == ("applied", "applied"), reply
    assert reply["result"]["due_date"] == str((due + dt.timedelta(days=LOAN_DAYS)).date())
    assert acs.received_codes().count("29") == 1 and _renewals(acs, "B0002") == 1


@pytest.mark.parametrize("how", LOST)
def test_a_lost_checkout_retried_is_not_a_rescan(make_bridge: Callable[[], Bridge],
                                                 acs: TestACS, how: str) -> None:
    bridge = make_bridge()
    acs.damage(("12", how), ("64", how))
    msg = tx_message("checkout", {"patron_id": "P0001", "item_id": "B0001"})
    assert send_tx(bridge, msg)["status"] == "retry"
    reply = send_tx(bridge, msg)
    assert (reply["status"], reply["outcome"]) == ("applied", "applied"), reply
    assert not reply["result"].get("renewal") and reply["result"]["due_date"]
    assert acs.received_codes().count("11") == 1 and _renewals(acs, "B0001") == 0


@pytest.mark.parametrize("how", LOST)
def test_a_lost_checkin_retried_is_answered_as_the_return_it_was(
        make_bridge: Callable[[], Bridge], acs: TestACS, how: str) -> None:
    # before: the resend was refused "not checked out", and the device told the return failed
    bridge = make_bridge()
    _lent(bridge, acs, "B0001")
    acs.damage(("10", how), ("18", how))
    msg = tx_message("checkin", {"item_id": "B0001"}, seq=2)
    assert send_tx(bridge, msg)["status"] == "retry"
    reply = send_tx(bridge, msg)
    assert (reply["status"], reply["outcome"]) == ("applied", "applied"), reply
    assert reply["result"]["destination"] == "transit"  # checked in at TPML-MAIN, home MAIN
    assert acs.received_codes().count("09") == 1 and acs.loan_of("B0001")[0] is None


def test_an_online_checkout_applied_again_after_a_crash_is_not_renewed(
        make_bridge: Callable[[], Bridge], acs: TestACS) -> None:
    """Bridge A died when the ACS had made its online checkout, before recording it. B takes
    the claim over and asks the ACS first: a second 11 would be a rescan, which renewal
    policy Y lets the ACS renew."""
    a, b = make_bridge(), make_bridge()
    msg = tx_message("checkout", {"patron_id": "P0001", "item_id": "B0004"})
    adapter = a.applier.adapter  # type: ignore[attr-defined]
    real = adapter.checkout

    def crash(*args: Any, **kw: Any) -> Any:
        real(*args, **kw)
        raise _Crash

    adapter.checkout = crash
    with pytest.raises(_Crash):
        send_tx(a, msg)
    assert acs.loan_of("B0004")[0] == "P0001"
    b.applier.claim_lease_s = 0.0  # type: ignore[attr-defined]  # A's lease ran out
    reply = send_tx(b, msg)
    assert (reply["status"], reply["outcome"]) == ("applied", "applied"), reply
    assert not reply["result"].get("renewal") and reply["result"]["due_date"]
    assert acs.received_codes().count("11") == 1 and _renewals(acs, "B0004") == 0
