"""A checkout or renew whose answer is lost is applied once at the ACS, and answered as the ACS
now shows it: through the real TCP socket to the test ACS, at the client (a lost answer settled
by asking the ACS, a request that never arrived sent once more) and at the adapter (the ACS
could not even be asked: the device's resend of the same transaction is settled before anything
is sent)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from hwsim.sip2_server import LOAN_DAYS, Quirks, TestACS
from sync.ils.base import Outcome
from sync.ils.sip2 import AnswerLost, RenewResponse, lost, parse_date
from sync.ils.sip2_adapter import SIP2Adapter

LOST = ("lost", "hangup")  # the ACS applied the request; its answer never came
WHEN = dt.datetime(2026, 3, 1, 10, 0, tzinfo=dt.UTC)


def _renewals(acs: TestACS, item: str) -> int:
    with acs.lock:
        return acs.items[item].renewals


def _lend(acs: TestACS, patron: str, item: str) -> dt.datetime:
    """``item`` on loan to ``patron`` at the ACS, as a checkout made it; its due date."""
    with acs.lock:
        i = acs.items[item]
        i.borrower, i.due, i.renewals = patron, dt.datetime(2026, 3, 29, 23, 59, 59), 0
        return i.due


def _adapter(acs: TestACS, **kw: Any) -> SIP2Adapter:
    options: dict[str, Any] = {"host": acs.host, "port": acs.port, "user": "kiosk",
                               "password": "secret", "institution": "TPML", "location": "MAIN",
                               "timeout": 5.0, "min_timeout": 0.1}
    options.update(kw)
    return SIP2Adapter(**options)


@pytest.mark.parametrize("how", LOST)
def test_a_renew_whose_answer_is_lost_is_renewed_once(make_acs, make_client, how: str) -> None:
    acs = make_acs(quirks=Quirks(acs_timeout=5, corrupt=(("30", how),)))
    due = _lend(acs, "P0001", "B0002")
    client = make_client(acs, min_timeout=0.1)
    out = client.renew("P0001", "B0002")
    assert isinstance(out, RenewResponse) and out.ok and out.renewal_ok
    assert parse_date(out.due_date) == due + dt.timedelta(days=LOAN_DAYS)
    assert out.title_identifier == "紅樓夢"
    codes = acs.received_codes()
    assert codes.count("29") == 1 and _renewals(acs, "B0002") == 1
    assert codes[codes.index("29"):].count("63") == 1  # asked, not sent again


def test_a_renew_that_never_arrived_is_sent_once_more(make_acs, make_client) -> None:
    acs = make_acs(quirks=Quirks(acs_timeout=5, corrupt=(("30", "unheard"),)))
    due = _lend(acs, "P0001", "B0002")
    client = make_client(acs, min_timeout=0.1)
    out = client.renew("P0001", "B0002")
    assert out.ok and parse_date(out.due_date) == due + dt.timedelta(days=LOAN_DAYS)
    assert acs.received_codes().count("29") == 2 and _renewals(acs, "B0002") == 1


def test_a_renew_never_answered_is_sent_twice_at_most(make_acs, make_client) -> None:
    acs = make_acs(quirks=Quirks(acs_timeout=5, silent_codes=("29",)))
    _lend(acs, "P0001", "B0002")
    client = make_client(acs, min_timeout=0.1)
    with pytest.raises(AnswerLost) as lost_answer:
        client.renew("P0001", "B0002")
    assert lost_answer.value.code == "29"
    assert isinstance(lost_answer.value.before, lost.Reading)
    assert acs.received_codes().count("29") == 2 and _renewals(acs, "B0002") == 0


def test_sequence_numbers_stay_right_across_a_settled_renew(make_acs, make_client) -> None:
    # the settling reads and the resend each start a new link; every answer still verifies
    acs = make_acs(quirks=Quirks(acs_timeout=5, resend_ay0=True,
                                 corrupt=(("30", "unheard"), ("18", "checksum"))))
    _lend(acs, "P0001", "B0002")
    client = make_client(acs, min_timeout=0.1)
    assert client.renew("P0001", "B0002").ok
    assert client.item_information("B0001").title_identifier == "三國演義"
    assert _renewals(acs, "B0002") == 1 and acs.received_codes().count("97") == 1


@pytest.mark.parametrize("how", LOST)
def test_a_lost_renew_the_acs_cannot_be_asked_about_is_settled_on_the_resend(
        make_acs, how: str) -> None:
    # the 30 is lost and so is the answer to the settling 63: "retry later"; the device's
    # resend of the same transaction asks again first, and answers what the ACS did
    acs = make_acs(quirks=Quirks(acs_timeout=5, corrupt=(("30", how), ("64", how))))
    due = _lend(acs, "P0001", "B0002")
    with _adapter(acs, timeout=0.3, reconnects=0) as ils:
        first = ils.renew("P0001", "B0002", branch="MAIN", event_time=WHEN, txn_id="t-1")
        assert first.outcome is Outcome.RETRY_LATER
        again = ils.renew("P0001", "B0002", branch="MAIN", event_time=WHEN, txn_id="t-1")
    assert again.outcome is Outcome.APPLIED, again
    assert again.due_date == (due + dt.timedelta(days=LOAN_DAYS)).date()
    assert acs.received_codes().count("29") == 1 and _renewals(acs, "B0002") == 1


@pytest.mark.parametrize("how", LOST)
def test_a_lost_checkout_retried_is_not_made_a_renewal(make_acs, how: str) -> None:
    # an online checkout (renewal policy Y: a rescan renews) whose 12 is lost and which the
    # ACS cannot be asked about: the resend must not reach the ACS as a rescan
    acs = make_acs(quirks=Quirks(acs_timeout=5, corrupt=(("12", how), ("64", how))))
    with _adapter(acs, timeout=0.3, reconnects=0) as ils:
        first = ils.checkout("P0001", "B0001", branch="MAIN", event_time=WHEN, txn_id="t-2")
        assert first.outcome is Outcome.RETRY_LATER
        again = ils.checkout("P0001", "B0001", branch="MAIN", event_time=WHEN, txn_id="t-2")
    assert again.outcome is Outcome.APPLIED and not again.renewal, again
    assert again.due_date is not None and again.title == "三國演義"
    assert acs.received_codes().count("11") == 1
    assert acs.loan_of("B0001")[0] == "P0001" and _renewals(acs, "B0001") == 0


def test_a_lost_rescan_is_not_renewed_twice(make_acs, make_client) -> None:
    # a rescan (the patron has the item; renewal policy Y) renews; its 12 is lost
    acs = make_acs(quirks=Quirks(acs_timeout=5, corrupt=(("12", "lost"),)))
    _lend(acs, "P0001", "B0003")
    client = make_client(acs, min_timeout=0.1)
    out = client.checkout("P0001", "B0003", renewal_policy=True)
    assert out.ok and out.due_date
    assert acs.received_codes().count("11") == 1 and _renewals(acs, "B0003") == 1


def test_a_checkout_retried_without_a_lost_answer_is_sent_as_before(make_acs) -> None:
    # no memory of a lost answer: a transaction id never lost is sent as it always was
    acs = make_acs()
    with _adapter(acs) as ils:
        out = ils.checkout("P0001", "B0001", branch="MAIN", event_time=WHEN, txn_id="t-3")
    assert out.outcome is Outcome.APPLIED and acs.received_codes().count("11") == 1
    assert not ils._unsettled


@pytest.mark.parametrize(("code", "before", "after", "sends", "step"), [
    ("11", None, lost.Reading(True, "X"), 1, lost.Step.ANSWER),
    ("11", None, lost.Reading(False, ""), 1, lost.Step.SEND),
    ("11", None, lost.Reading(False, ""), 2, lost.Step.GIVE_UP),
    ("11", None, None, 1, lost.Step.GIVE_UP),
    ("29", lost.Reading(None, "A"), lost.Reading(True, "B"), 1, lost.Step.ANSWER),
    ("29", lost.Reading(None, "A"), lost.Reading(True, "A"), 1, lost.Step.SEND),
    ("29", lost.Reading(None, "A"), lost.Reading(False, ""), 1, lost.Step.SEND),
    ("29", lost.Reading(None, "A"), lost.Reading(True, "A"), 2, lost.Step.GIVE_UP),
    ("29", None, lost.Reading(True, "B"), 1, lost.Step.GIVE_UP),  # no reading before it
    ("09", None, lost.Reading(True, "B"), 1, lost.Step.GIVE_UP),  # not settled here
])
def test_the_decision(code: str, before: lost.Reading | None, after: lost.Reading | None,
                      sends: int, step: lost.Step) -> None:
    assert lost.decide(code, before, after, sends) is step
