"""Issue 6's offline cache as the kiosk's offline rules: blocked patrons by salted hash, items on
hold, loan limits and periods, the branch calendar, and staleness refused with a clear code."""

from __future__ import annotations

import datetime as dt

from kiosk.core import commands as C
from kiosk.core import events as E
from sync.edge.offline_cache import patron_hash
from tests.kiosk.conftest import AFI_IN, check_invariant_2, outcome_for, row_is, state_is


def test_cache_holds_no_clear_patron_ids_and_blocks_by_hash(make_station):
    st = make_station()
    bad = st.patron(good=False)
    raw = "".join(r[0] for r in st.cache.conn.execute("SELECT body FROM cache"))
    assert bad.patron_id not in raw
    blocked = st.cache.part("blocked")
    assert patron_hash(blocked["salt"], bad.patron_id) in blocked["hashes"]
    assert st.offline.patron_block(bad.patron_id)[0] == E.Refusal.BLOCKED
    assert st.offline.patron_block(st.patron().patron_id) is None


def test_offline_loan_takes_the_strictest_cached_period_and_skips_closed_days(make_station):
    st = make_station()
    rules = st.cache.part("rules")
    book_days = min(r["loan_days"] for r in rules["loans"] if r["item_type"] == "BOOK")
    p = st.patron()
    item = next(i for i in st.free_items(10) if i.item_type == "BOOK").item_id
    st.go_offline()
    st.cards.present(p.patron_id)
    ident = st.wait_for(lambda e: isinstance(e, E.PatronIdentified))
    assert ident.offline and ident.loan_limit == min(rules["loan_limit"].values())
    st.place(item)
    st.wait_for(row_is(item, E.RowStatus.OK))
    st.core.submit(C.ConfirmCheckout())
    out = st.wait_for(outcome_for(item))
    assert (out.result, out.offline) == (E.ItemResult.DONE, True)
    today = dt.date.today()
    calendar = st.cache.part("calendar")
    assert out.due_date.weekday() not in calendar["weekly_closed"]
    shortest = min(r["loan_days"] for r in rules["loans"])  # item type unknown offline
    assert today + dt.timedelta(days=shortest) <= out.due_date <= today + dt.timedelta(
        days=book_days + 7)
    st.go_online()
    check_invariant_2(st)
    assert st.on_loan_to(item) == p.patron_id


def test_offline_item_on_hold_is_not_lent(make_station):
    st = make_station()
    held = sorted(st.cache.part("holds")["items"])
    item = next(i for i in held if st.on_loan_to(i) is None)
    st.go_offline()
    st.cards.present(st.patron().patron_id)
    st.wait_for(state_is(E.State.STACK))
    st.place(item)
    st.wait_for(row_is(item, E.RowStatus.ON_HOLD_FOR_OTHER))
    check_invariant_2(st)
    assert st.tags[f"{item}#1"].afi == AFI_IN


def test_cache_stale_mid_session_refuses_the_loan_with_a_code(make_station):
    st = make_station(overrides={"kiosk": {"offline_max_age_s": 3600}})
    p = st.patron()
    item = st.free_items(1)[0].item_id
    st.cards.present(p.patron_id)
    st.wait_for(state_is(E.State.STACK))  # identified online
    st.place(item)
    st.wait_for(row_is(item, E.RowStatus.OK))
    st.publish_cache(generated=dt.datetime.now(dt.UTC) - dt.timedelta(hours=3))
    st.go_offline()  # the centre goes away before the patron confirms
    st.core.submit(C.ConfirmCheckout())
    out = st.wait_for(outcome_for(item))
    assert (out.result, out.reason) == (E.ItemResult.REFUSED, E.Refusal.OFFLINE_RULES_STALE)
    assert out.message
    check_invariant_2(st)
    assert st.on_loan_to(item) is None and st.tags[f"{item}#1"].afi == AFI_IN


def test_a_missing_cache_part_means_no_offline_lending(make_station):
    st = make_station()
    with st.cache.conn:
        st.cache.conn.execute("DELETE FROM cache WHERE part='calendar'")
    assert st.offline.age_s() is None
    st.go_offline()
    st.cards.present(st.patron().patron_id)
    refused = st.wait_for(lambda e: isinstance(e, E.PatronRefused))
    assert refused.reason == E.Refusal.OFFLINE_RULES_STALE
