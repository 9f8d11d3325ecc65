"""Online renewal authorisation (a dry run with the ILS's due date) and the centre deciding
the due date of online transactions itself; offline ones keep the kiosk's date."""

from __future__ import annotations

import datetime as dt

from sync.broker import Broker
from sync.centre.bridge import Bridge
from sync.edge.client import OnlineClient
from sync.ils import seed
from sync.ils.base import Outcome
from sync.ils.reference import ReferenceILS
from tests.sync.conftest import TODAY, event_time

T = event_time()
KIOSK_DUE = TODAY + dt.timedelta(days=3)  # what a kiosk computed (wrongly) by itself


def _lent(ils: ReferenceILS, demo: seed.DemoData) -> tuple[str, str, int, int]:
    """A fresh online loan: (patron, item, loan days, renewals allowed)."""
    patron = next(p for p in demo.good_patrons() if p.patron_type == "ADULT")
    item = next(i for i in demo.available_items() if i.item_type == "BOOK")
    out = ils.checkout(patron.patron_id, item.item_id, branch="TPML-MAIN", event_time=T)
    assert out.outcome is Outcome.APPLIED
    rule = ils.rules.rule(patron.patron_type, item.item_type)
    return patron.patron_id, item.item_id, rule["loan_days"], rule["renewals"]


def test_authorise_renew_answers_the_due_date_without_renewing(ils: ReferenceILS,
                                                               demo: seed.DemoData) -> None:
    patron, item, days, renewals = _lent(ils, demo)
    assert renewals >= 1
    before = ils.account(patron).loans
    auth = ils.authorise_renew(patron, item, branch="TPML-MAIN")
    assert auth.outcome is Outcome.APPLIED
    assert auth.due_date == TODAY + dt.timedelta(days)
    assert auth.renewals_left == renewals - 1
    assert ils.account(patron).loans == before  # nothing changed
    other = next(p for p in demo.good_patrons() if p.patron_id != patron)
    refused = ils.authorise_renew(other.patron_id, item, branch="TPML-MAIN")
    assert refused.outcome is Outcome.REFUSED and refused.reason == "not_on_loan"
    for _ in range(renewals):
        assert ils.renew(patron, item, branch="TPML-MAIN", event_time=T).ok
    spent = ils.authorise_renew(patron, item, branch="TPML-MAIN")
    assert spent.outcome is Outcome.REFUSED and spent.reason == "renewal_limit"
    assert spent.due_date == TODAY + dt.timedelta(days)  # the current one


def test_online_transactions_get_the_centres_due_date(ils: ReferenceILS,
                                                      demo: seed.DemoData) -> None:
    patron = next(p for p in demo.good_patrons() if p.patron_type == "ADULT")
    online_item, offline_item = [i.item_id for i in demo.available_items()
                                 if i.item_type == "BOOK"][:2]
    days = ils.rules.rule(patron.patron_type, "BOOK")["loan_days"]
    online = ils.checkout(patron.patron_id, online_item, branch="TPML-MAIN", event_time=T,
                          due_date=KIOSK_DUE)
    assert online.due_date == TODAY + dt.timedelta(days)  # the kiosk's date is ignored
    offline = ils.checkout(patron.patron_id, offline_item, branch="TPML-MAIN", event_time=T,
                           due_date=KIOSK_DUE, no_block=True)
    assert offline.due_date == KIOSK_DUE  # the patron was told this date offline
    renewed = ils.renew(patron.patron_id, online_item, branch="TPML-MAIN", event_time=T,
                        due_date=KIOSK_DUE)
    assert renewed.outcome is Outcome.APPLIED and renewed.due_date == TODAY + dt.timedelta(days)
    renewed_offline = ils.renew(patron.patron_id, offline_item, branch="TPML-MAIN",
                                event_time=T, due_date=KIOSK_DUE, no_block=True)
    assert renewed_offline.due_date == KIOSK_DUE
    dues = {loan.item_id: loan.due_date for loan in ils.account(patron.patron_id).loans}
    assert dues[online_item] == TODAY + dt.timedelta(days) and dues[offline_item] == KIOSK_DUE


def test_renew_auth_over_mqtt(bridge: Bridge, broker: Broker, ils: ReferenceILS,
                              demo: seed.DemoData) -> None:
    patron, item, days, _ = _lent(ils, demo)
    with OnlineClient(device_id="kiosk-01", branch="TPML-MAIN", port=broker.port,
                      timeout_s=5) as online:
        auth = online.authorise_renew(patron, item)
        assert auth.outcome is Outcome.APPLIED and auth.due_date == TODAY + dt.timedelta(days)
        assert online.authorise_renew(patron, "3199999999").reason == "not_on_loan"
    assert ils.account(patron).loans[0].renewals == 0
