"""Through a real mosquitto with the central bridge, the uplink and the online client: online,
then offline (broker stopped) under the cached rules, then synced when the broker is back."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

from kiosk.core import commands as C
from kiosk.core import events as E
from tests.kiosk.conftest import AFI_OUT, check_invariant_2, outcome_for, row_is, state_is


def test_online_then_offline_checkout_and_return_sync_later(make_station):
    st = make_station(mqtt=True)
    p = st.patron()
    a, b = (i.item_id for i in st.free_items(2))
    st.cards.present(p.patron_id)
    assert not st.wait_for(lambda e: isinstance(e, E.PatronIdentified)).offline
    st.place(a)
    st.wait_for(row_is(a, E.RowStatus.OK))
    st.core.submit(C.ConfirmCheckout())
    assert st.wait_for(outcome_for(a)).offline is False
    st.core.submit(C.EndSession())
    st.wait_for(lambda e: isinstance(e, E.SessionEnded))
    st.drain()
    assert st.on_loan_to(a) == p.patron_id
    st.clear_pad()

    st.go_offline()
    st.events.clear()
    st.cards.present(p.patron_id)
    ident = st.wait_for(lambda e: isinstance(e, E.PatronIdentified), timeout=20)
    assert ident.offline
    st.wait_for(lambda e: isinstance(e, E.ConnectivityChanged) and not e.online)
    st.wait_for(state_is(E.State.STACK))
    st.place(b)
    st.wait_for(row_is(b, E.RowStatus.OK), timeout=20)
    st.core.submit(C.ConfirmCheckout())
    out = st.wait_for(outcome_for(b), timeout=20)
    assert (out.result, out.offline) == (E.ItemResult.DONE, True)
    assert st.tags[f"{b}#1"].afi == AFI_OUT
    assert st.on_loan_to(b) is None  # not at the centre yet: it is in the outbox
    st.core.submit(C.EndSession())
    st.wait_for(lambda e: isinstance(e, E.SessionEnded), timeout=20)

    st.go_online()
    check_invariant_2(st)
    assert st.on_loan_to(b) == p.patron_id
    assert st.outbox.counts()["pending"] == 0 and st.outbox.counts()["sent"] == 0


def test_offline_blocked_patron_refused_from_the_cache(make_station):
    st = make_station()
    st.go_offline()
    bad = next(p for p in st.data.patrons if p.blocked)
    st.cards.present(bad.patron_id)
    refused = st.wait_for(lambda e: isinstance(e, E.PatronRefused))
    assert refused.reason.startswith("patron_")


def test_offline_stale_cache_refuses_lending(make_station):
    st = make_station(mqtt=True, overrides={"kiosk": {"offline_max_age_s": 3600}})
    two_hours_ago = dt.datetime.now(dt.UTC) - dt.timedelta(hours=2)
    st.publish_cache(generated=two_hours_ago)  # retained through mosquitto to the station
    assert st.offline.age_s() > 7000
    st.go_offline()
    st.cards.present(st.patron().patron_id)
    refused = st.wait_for(lambda e: isinstance(e, E.PatronRefused))
    assert refused.reason == E.Refusal.OFFLINE_RULES_STALE


def test_headless_cli_prints_json_lines_and_summary():
    proc = subprocess.run(
        [sys.executable, "-m", "rfid_edge", "kiosk", "--headless", "--scenario", "self_checkout"],
        capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    lines = [json.loads(x) for x in proc.stdout.splitlines()]
    assert lines[0] == {"event": "state", "state": "IDLE", "previous": None,
                        "station": "self_checkout"}
    summary = lines[-1]
    assert summary["event"] == "summary" and len(summary["items"]) == 4
    assert all(i["on_loan_to_patron"] and i["afi"] == AFI_OUT for i in summary["items"])
    assert any(x.get("status") == "set_incomplete" for x in lines if x["event"] == "stack_row")


def test_ui_mode_is_a_clear_error_until_the_ui_ships():
    proc = subprocess.run([sys.executable, "-m", "rfid_edge", "kiosk", "--list-scenarios"],
                          capture_output=True, text=True, timeout=60)
    names = {json.loads(x)["scenario"] for x in proc.stdout.splitlines()}
    assert {"self_checkout", "self_return", "combined", "holds_pickup", "fastbook"} <= names


def test_offline_stack_asks_the_centre_once_then_the_cache(make_station):
    st = make_station()
    p = st.patron()
    a, b = (i.item_id for i in st.free_items(2))
    st.go_offline()
    st.cards.present(p.patron_id)
    st.wait_for(state_is(E.State.STACK))
    st.place(a)
    st.place(b)
    st.wait_for(row_is(a, E.RowStatus.OK))
    st.wait_for(row_is(b, E.RowStatus.OK))
    st.core.submit(C.ConfirmCheckout())
    st.wait_for(state_is(E.State.DONE))
    assert st.centre.unanswered == 1  # identification found it down; the rest went to the cache
    assert all(e.offline for e in st.events if isinstance(e, E.ItemOutcome))
    st.go_online()
    st.core.submit(C.EndSession())
    st.wait_for(lambda e: isinstance(e, E.SessionEnded))


def test_offline_retry_zero_asks_every_time(make_station):
    st = make_station(overrides={"kiosk": {"offline_retry_s": 0}})
    st.go_offline()
    st.cards.present(st.patron().patron_id)
    st.wait_for(state_is(E.State.STACK))
    st.place(st.free_items(1)[0].item_id)
    st.wait_for(lambda e: isinstance(e, E.StackRow) and e.status == E.RowStatus.OK)
    assert st.centre.unanswered == 2  # patron status, then the item
