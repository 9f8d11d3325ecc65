"""Renewal and checkout due dates are never today or earlier (issue 9's report: a book borrowed
the same day, due in 28 days, came back renewed as due *today* through mosquitto).

Root cause: with the item type unknown (a renewal from the account view) the cached rules took
the shortest loan period of every item type — the reference collection's 0 days. Online, the
centre now decides the date (``authorise_renew``); offline the cached rules for the patron's
and the item's type do, never earlier than the loan's current due date."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.adapters import CachedRules
from kiosk.core import commands as C
from kiosk.core import events as E
from sync.edge.offline_cache import OfflineCache, build
from tests.kiosk.conftest import lend


def test_cached_rules_skip_items_that_do_not_circulate(make_station, tmp_path):
    st = make_station()
    cache = OfflineCache(tmp_path / "cache.sqlite")
    for name, body in build(st.ils).items():
        cache.store(name, body)
    rules = CachedRules(cache, branch="TPML-MAIN")
    today = dt.date.today()
    # the demo rules lend REF for 0 days (it does not circulate): never the "strictest" rule
    assert min(r["loan_days"] for r in cache.part("rules")["loans"]) == 0
    for ptype in (None, "ADULT", "CHILD"):
        assert rules.loan_days(patron_type=ptype, item_type=None) > 0
        assert rules.due_date(today, patron_type=ptype, item_type=None) > today
    assert rules.loan_days(patron_type="ADULT", item_type="BOOK") == 28
    cache.close()


@pytest.mark.parametrize("mqtt", [False, True], ids=["in-process", "mosquitto"])
def test_renewal_of_a_book_borrowed_today_is_refused_as_not_extended(make_station, mqtt):
    """Issue 17 item 9: renewing a book borrowed minutes ago "succeeded" with the same due date
    and listed it twice; it is not offered, and asked for, it is refused and changes nothing."""
    st = make_station(mqtt=mqtt)
    patron = st.patron()
    book = next(i for i in st.free_items(20) if i.item_type == "BOOK").item_id
    lent = lend(st, patron.patron_id, book)
    today = dt.date.today()
    assert lent.result == E.ItemResult.DONE and lent.due_date > today
    st.core.wait_idle()
    st.drain()
    st.core.submit(C.ShowAccount())
    shown = st.wait_for(lambda e: isinstance(e, E.AccountShown)
                        and any(x.item_id == book for x in e.loans))
    assert [(x.renewable, x.reason) for x in shown.loans if x.item_id == book] == [
        (False, "not_extended")]
    st.core.submit(C.RenewItems(item_ids=(book,)))
    refused = st.wait_for(lambda e: isinstance(e, E.ItemOutcome) and e.item_id == book
                          and e.action == E.ItemAction.RENEW)
    assert (refused.result, refused.reason) == (E.ItemResult.REFUSED, "not_extended")
    assert refused.due_date == lent.due_date and refused.title == lent.title
    st.core.wait_idle()
    receipts = [e for e in st.events if isinstance(e, E.Receipt)]
    assert len(receipts) == 2  # after the checkout, and after the renewal asked for
    assert [(x.action, x.item_id) for x in receipts[-1].lines] == [(E.ItemAction.CHECKOUT, book)]
    st.drain()
    loan = st.ils._one("SELECT due, renewals FROM loans WHERE item_id=? AND returned IS NULL",
                       book)
    assert (loan["due"], loan["renewals"]) == (lent.due_date.isoformat(), 0)


@pytest.mark.parametrize("mqtt", [False, True], ids=["in-process", "mosquitto"])
def test_renewal_of_an_earlier_loan_takes_the_centres_date(make_station, mqtt):
    st = make_station(mqtt=mqtt)
    good = {p.patron_id for p in st.data.good_patrons()}
    today = dt.date.today()
    patron_id, loan = next(
        (p, x) for p in sorted(good) for x in st.ils.account(p).loans
        if x.renewable and (st.ils.authorise_renew(p, x.item_id, branch="TPML-MAIN").due_date
                            or today) > x.due_date)
    centre_says = st.ils.authorise_renew(patron_id, loan.item_id, branch="TPML-MAIN").due_date
    st.cards.present(patron_id)
    st.wait_for(lambda e: isinstance(e, E.StateChanged) and e.state is E.State.STACK)
    st.core.submit(C.ShowAccount())
    st.wait_for(lambda e: isinstance(e, E.AccountShown))
    st.core.submit(C.RenewItems(item_ids=(loan.item_id,)))
    renewed = st.wait_for(lambda e: isinstance(e, E.ItemOutcome) and e.item_id == loan.item_id
                          and e.action == E.ItemAction.RENEW)
    assert renewed.result == E.ItemResult.DONE and renewed.offline is False
    assert renewed.due_date == centre_says > loan.due_date  # online, the centre decides
    assert renewed.due_date > today
    assert renewed.title and renewed.title == loan.title  # from the account, as on the receipt
    st.core.wait_idle()
    st.drain()
    due = st.ils._one("SELECT due FROM loans WHERE item_id=? AND returned IS NULL",
                      loan.item_id)["due"]
    assert due == renewed.due_date.isoformat()  # what the patron saw is what the centre holds


def test_offline_renewal_never_shortens_a_loan(make_station):
    st = make_station()
    patron = st.patron()
    book = next(i for i in st.free_items(20) if i.item_type == "AV").item_id  # 14-day loans
    lent = lend(st, patron.patron_id, book)
    st.go_offline()
    st.core.submit(C.ShowAccount())
    st.wait_for(lambda e: isinstance(e, E.AccountShown))
    st.core.submit(C.RenewItems(item_ids=(book,)))
    out = st.wait_for(lambda e: isinstance(e, E.ItemOutcome) and e.item_id == book
                      and e.action == E.ItemAction.RENEW)
    # offline the kiosk knows neither the item's type nor the centre's answer: its shortest
    # circulating loan (7 days) must not shorten a loan due in 14, and a "renewal" to the date
    # the loan already has is none
    assert (out.result, out.reason) == (E.ItemResult.REFUSED, "not_extended")
    assert out.due_date == lent.due_date > dt.date.today()


def test_renewal_the_centre_refuses_now_is_refused(make_station):
    st = make_station()
    patron = st.patron()
    book = next(i for i in st.free_items(20) if i.item_type == "BOOK").item_id
    lend(st, patron.patron_id, book)
    st.core.wait_idle()
    st.drain()
    st.cards.remove()  # a later session: the loan is no longer one of this session's
    st.wait_for(lambda e: isinstance(e, E.SessionEnded))
    st.cards.present(patron.patron_id)
    st.wait_for(lambda e: isinstance(e, E.StateChanged) and e.state is E.State.STACK)
    st.core.submit(C.ShowAccount())
    st.wait_for(lambda e: isinstance(e, E.AccountShown) and any(
        x.item_id == book and x.renewable for x in e.loans))
    other = st.patron(index=1).patron_id  # meanwhile someone reserves it
    st.ils.db.conn.execute("INSERT INTO holds (patron_id, item_id, pickup_branch, placed)"
                           " VALUES (?, ?, 'TPML-MAIN', '2026-01-01')", (other, book))
    st.ils.db.conn.commit()
    due_before = st.ils._one("SELECT due FROM loans WHERE item_id=? AND returned IS NULL", book)
    st.core.submit(C.RenewItems(item_ids=(book,)))
    out = st.wait_for(lambda e: isinstance(e, E.ItemOutcome) and e.item_id == book
                      and e.action == E.ItemAction.RENEW)
    assert (out.result, out.reason) == (E.ItemResult.REFUSED, "hold_for_other")
    st.core.wait_idle()
    st.drain()
    assert st.ils._one("SELECT due FROM loans WHERE item_id=? AND returned IS NULL",
                       book)["due"] == due_before["due"]
