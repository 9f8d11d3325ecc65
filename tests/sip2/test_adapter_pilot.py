"""The SIP2 adapter against the test ACS playing an independent server: a replay whose due date
the ILS changed is a conflict naming both dates, a lost checkout answer is resolved (not
"retry later"), and a fine count without an amount is not "no fines"."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from hwsim.sip2_server import Quirks, TestACS
from sync.ils.base import Outcome
from sync.ils.sip2_adapter import SIP2Adapter

NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)


@pytest.fixture
def adapter_for() -> Iterator[Callable[..., SIP2Adapter]]:
    made: list[SIP2Adapter] = []

    def make(acs: TestACS, **kw: Any) -> SIP2Adapter:
        options: dict[str, Any] = {"host": acs.host, "port": acs.port, "user": "kiosk",
                                   "password": "secret", "institution": "TPML",
                                   "location": "MAIN", "encoding": acs.encoding, "timeout": 5.0}
        options.update(kw)
        adapter = SIP2Adapter(**options)
        made.append(adapter)
        return adapter

    yield make
    for a in made:
        a.close()


def test_a_replay_given_another_due_date_is_reported_with_the_difference(make_acs,
                                                                         adapter_for) -> None:
    # the server ignores no-block: it lends for its own 28 days, not the kiosk's 21
    acs = make_acs(quirks=Quirks(ignore_no_block=True))
    ils = adapter_for(acs)
    when = NOW - dt.timedelta(days=1)
    promised = (when + dt.timedelta(days=21)).astimezone().date()
    out = ils.checkout("P0001", "B0002", branch="MAIN", event_time=when, no_block=True,
                       due_date=promised)
    assert out.ok and out.outcome is Outcome.CONFLICT and out.reason == "due_date_changed"
    assert out.due_date == promised + dt.timedelta(days=7)
    assert str(promised) in out.screen_message and "+7 days" in out.screen_message
    again = ils.checkout("P0001", "B0002", branch="MAIN", event_time=when, no_block=True,
                         due_date=promised)  # a second replay reads the same difference
    assert again.outcome is Outcome.CONFLICT and again.reason == "due_date_changed"
    renewed = ils.renew("P0001", "B0002", branch="MAIN", event_time=NOW, no_block=True,
                        due_date=dt.date.today() + dt.timedelta(days=10))
    assert renewed.outcome is Outcome.CONFLICT and renewed.reason == "due_date_changed"


def test_a_replay_with_the_promised_due_date_stays_applied(acs, adapter_for) -> None:
    ils = adapter_for(acs)
    promised = dt.date.today() + dt.timedelta(days=21)
    out = ils.checkout("P0001", "B0002", branch="MAIN", event_time=NOW, no_block=True,
                       due_date=promised)
    assert out.outcome is Outcome.APPLIED and out.due_date == promised


@pytest.mark.parametrize("how", ["lost", "hangup"])
def test_a_lost_checkout_answer_is_applied_not_retry_later(make_acs, adapter_for,
                                                          how: str) -> None:
    acs = make_acs(quirks=Quirks(resend_ay0=True, acs_timeout=5, corrupt=(("12", how),)))
    ils = adapter_for(acs, min_timeout=0.1)
    out = ils.checkout("P0001", "B0001", branch="MAIN", event_time=NOW)
    assert out.outcome is Outcome.APPLIED and out.due_date and out.title == "三國演義"
    assert acs.received_codes().count("11") == 1 and acs.loan_of("B0001")[0] == "P0001"


def test_a_fine_count_without_an_amount_is_not_no_fines(make_acs, adapter_for) -> None:
    acs = make_acs(quirks=Quirks(missing_fields=True))  # BV left out, the count (1) sent
    ils = adapter_for(acs)
    patron = ils.patron_status("P0002")
    assert "1 fine(s) recorded" in (patron.screen_message or "")
    assert "no amount" in (ils.account("P0002").screen_message or "")
    clean = ils.patron_status("P0001")  # no fines counted: nothing said
    assert "fine" not in (clean.screen_message or "")


@pytest.mark.parametrize("code", ["64", "18", "12"])
@pytest.mark.parametrize("how", ["checksum", "garbled", "sequence", "truncated"])
def test_a_replay_with_an_answer_damaged_at_each_point_lends_once(make_acs, adapter_for,
                                                                  code: str, how: str) -> None:
    acs = make_acs(quirks=Quirks(resend_ay0=True, corrupt=((code, how),)))
    ils = adapter_for(acs)
    due = dt.date.today() + dt.timedelta(days=21)
    out = ils.checkout("P0001", "B0002", branch="MAIN", event_time=NOW, no_block=True,
                       due_date=due)
    assert out.outcome is Outcome.APPLIED and out.due_date == due
    assert acs.received_codes().count("11") == 1 and acs.loan_of("B0002")[0] == "P0001"


@pytest.mark.parametrize("code", ["64", "18"])
@pytest.mark.parametrize("how", ["lost", "hangup"])
def test_a_replay_whose_reading_is_lost_asks_again_then_lends_once(make_acs, adapter_for,
                                                                   code: str, how: str) -> None:
    # a read changes nothing in the ILS: it is asked again on a new link, the checkout once
    acs = make_acs(quirks=Quirks(acs_timeout=5, corrupt=((code, how),)))
    ils = adapter_for(acs, min_timeout=0.1)
    due = dt.date.today() + dt.timedelta(days=21)
    out = ils.checkout("P0001", "B0002", branch="MAIN", event_time=NOW, no_block=True,
                       due_date=due)
    assert out.outcome is Outcome.APPLIED and out.due_date == due
    codes = acs.received_codes()
    assert codes.count("11") == 1 and codes.count("93") == 2
    assert codes.count({"64": "63", "18": "17"}[code]) == 2
