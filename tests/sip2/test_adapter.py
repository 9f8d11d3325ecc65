"""The SIP2 ILS adapter through the test ACS on loopback, including quirky servers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import pytest

from hwsim.sip2_server import Quirks, TestACS
from sync.errors import ILSUnavailable
from sync.ils.base import ItemStatus, Outcome, SortDestination
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


@pytest.mark.parametrize("encoding", ["utf-8", "big5"])
def test_patron_status_in_words_counts_and_fines(make_acs, adapter_for, encoding: str) -> None:
    ils = adapter_for(make_acs(encoding=encoding))
    ok = ils.patron_status("P0001", pin="1234")
    assert ok.outcome is Outcome.APPLIED and ok.valid and ok.pin_ok is True
    assert ok.name == "陳小明" and ok.blocks == () and ok.can_borrow
    assert ok.holds_ready_count == 1 and ok.patron_type == "ADULT"
    assert ils.patron_status("P0001", pin="0000").pin_ok is False
    fined = ils.patron_status("P0002")
    assert fined.blocks == ("fees",) and fined.fees_owed == Decimal("120.00")
    assert fined.block_messages == ("Excessive outstanding fines or fees",)
    assert "罰款" in (fined.screen_message or "")
    blocked = ils.patron_status("P0003")
    assert blocked.blocks == ("blocked", "lost_card") and not blocked.can_borrow
    assert ils.patron_status("P0004").blocks == ("expired",)
    unknown = ils.patron_status("NOPE")
    assert unknown.outcome is Outcome.REFUSED and unknown.reason == "unknown_patron"
    assert not unknown.valid


def test_item_info(acs, adapter_for) -> None:
    ils = adapter_for(acs)
    book = ils.item_info("B0001")
    assert book.status is ItemStatus.AVAILABLE and book.title == "三國演義"
    assert book.call_number == "857.4452 8766" and book.home_branch == "MAIN"
    assert ils.item_info("B0005").on_hold_for_other
    assert ils.item_info("B0007").status is ItemStatus.LOST
    missing = ils.item_info("XXXX")
    assert missing.outcome is Outcome.REFUSED and missing.reason == "unknown_item"


def test_online_checkout_refusals_carry_reason_and_screen_message(acs, adapter_for) -> None:
    ils = adapter_for(acs)
    ok = ils.checkout("P0001", "B0001", branch="MAIN", event_time=NOW)
    assert ok.outcome is Outcome.APPLIED and ok.due_date is not None and ok.title == "三國演義"
    fined = ils.checkout("P0002", "B0002", branch="MAIN", event_time=NOW)
    assert fined.outcome is Outcome.REFUSED and fined.reason == "patron_fees"
    assert "罰款" in (fined.screen_message or "")
    held = ils.checkout("P0001", "B0006", branch="MAIN", event_time=NOW)
    assert held.outcome is Outcome.REFUSED and "預約" in (held.screen_message or "")
    taken = ils.checkout("P0004", "B0001", branch="MAIN", event_time=NOW)
    assert taken.outcome is Outcome.REFUSED and taken.reason == "patron_expired"
    assert acs.loan_of("B0002")[0] is None


@pytest.mark.parametrize("ignore_policy", [False, True])
def test_rescan_renews(make_acs, adapter_for, ignore_policy: bool) -> None:
    acs = make_acs(quirks=Quirks(ignore_renewal_policy=ignore_policy))
    ils = adapter_for(acs)
    first = ils.checkout("P0001", "B0001", branch="MAIN", event_time=NOW)
    acs.items["B0001"].due = dt.datetime(2030, 1, 1)
    again = ils.checkout("P0001", "B0001", branch="MAIN", event_time=NOW)
    assert first.outcome is again.outcome is Outcome.APPLIED and again.renewal
    assert acs.items["B0001"].renewals == 1
    # the fallback path sends an explicit renew (29) only when the ILS refused the rescan
    assert ("29" in acs.received_codes()) is ignore_policy


def test_rescan_keep_policy_changes_nothing(acs, adapter_for) -> None:
    ils = adapter_for(acs, rescan="keep")
    ils.checkout("P0001", "B0001", branch="MAIN", event_time=NOW)
    due = acs.loan_of("B0001")[1]
    again = ils.checkout("P0001", "B0001", branch="MAIN", event_time=NOW)
    assert again.outcome is Outcome.APPLIED and not again.renewal
    assert acs.loan_of("B0001")[1] == due and acs.items["B0001"].renewals == 0


def test_checkin_sorting_instructions(acs, adapter_for) -> None:
    ils = adapter_for(acs)
    for item in ("B0001", "B0004", "B0006"):
        acs.items[item].borrower = "P0001"
    acs.items["B0001"].hold_for, acs.items["B0001"].hold_branch = "P0004", "MAIN"
    here = ils.checkin("B0001", branch="MAIN", event_time=NOW)
    assert here.destination is SortDestination.HOLD_SHELF and here.destination_branch == "MAIN"
    home = ils.checkin("B0004", branch="MAIN", event_time=NOW)
    assert home.destination is SortDestination.TRANSIT and home.destination_branch == "EAST"
    elsewhere = ils.checkin("B0006", branch="MAIN", event_time=NOW)
    assert elsewhere.destination is SortDestination.TRANSIT and elsewhere.destination_branch == "EAST"
    acs.items["B0002"].borrower = "P0001"
    shelf = ils.checkin("B0002", branch="MAIN", event_time=NOW)
    assert shelf.outcome is Outcome.APPLIED and shelf.destination is SortDestination.RESHELVE
    again = ils.checkin("B0002", branch="MAIN", event_time=NOW)
    assert again.outcome is Outcome.REFUSED and again.reason == "not_on_loan"
    assert not again.was_on_loan and "未借出" in (again.screen_message or "")
    unknown = ils.checkin("XXXX", branch="MAIN", event_time=NOW)
    assert unknown.reason == "unknown_item" and unknown.destination is SortDestination.STAFF


def test_renew_fee_paid_hold_pickup_and_account(acs, adapter_for) -> None:
    ils = adapter_for(acs)
    assert ils.checkout("P0001", "B0001", branch="MAIN", event_time=NOW).ok
    renewed = ils.renew("P0001", "B0001", branch="MAIN", event_time=NOW)
    assert renewed.outcome is Outcome.APPLIED and renewed.due_date is not None
    not_mine = ils.renew("P0001", "B0002", branch="MAIN", event_time=NOW)
    assert not_mine.outcome is Outcome.REFUSED and not_mine.reason == "not_on_loan"
    pickup = ils.hold_pickup("P0001", "B0005", branch="MAIN", event_time=NOW)
    assert pickup.outcome is Outcome.APPLIED and acs.items["B0005"].hold_for is None
    paid = ils.fee_paid("P0002", Decimal("30"), event_time=NOW)
    assert paid.outcome is Outcome.APPLIED and paid.fees_owed == Decimal("90.00")
    too_much = ils.fee_paid("P0002", Decimal("1000"), event_time=NOW)
    assert too_much.outcome is Outcome.REFUSED and too_much.reason == "payment_refused"
    account = ils.account("P0001")
    assert {loan.item_id for loan in account.loans} == {"B0001", "B0005"}
    assert all(loan.due_date > dt.date.today() for loan in account.loans)
    assert ils.account("NOPE").reason == "unknown_patron"


def test_offline_replay_applied_with_kiosk_dates(acs, adapter_for) -> None:
    ils = adapter_for(acs)
    when = NOW - dt.timedelta(days=2)
    due = (when + dt.timedelta(days=21)).date()
    out = ils.checkout("P0001", "B0002", branch="MAIN", event_time=when, no_block=True,
                       due_date=due)
    assert out.outcome is Outcome.APPLIED and out.due_date == due
    sent = [m for m in acs.received if m.CODE == "11"][-1]
    assert sent.no_block and sent.nb_due_date.date() == due
    assert sent.transaction_date == when.astimezone().replace(tzinfo=None)
    assert acs.loan_of("B0002")[0] == "P0001"
    # replaying the same transaction again is recognised as already applied, from the one
    # patron and item read that checks the rules (no checkout, no second read)
    before = len(acs.received)
    twice = ils.checkout("P0001", "B0002", branch="MAIN", event_time=when, no_block=True,
                         due_date=due)
    assert twice.outcome is Outcome.APPLIED and twice.due_date == due
    assert [m.CODE for m in acs.received[before:] if m.CODE not in ("93", "99")] == ["63", "17"]
    back = ils.checkin("B0002", branch="MAIN", event_time=when, no_block=True)
    assert back.outcome is Outcome.APPLIED
    sent_in = [m for m in acs.received if m.CODE == "09"][-1]
    assert sent_in.no_block and sent_in.return_date == when.astimezone().replace(tzinfo=None)


def test_offline_replay_conflict_when_the_ils_applies_a_broken_rule(acs, adapter_for) -> None:
    # Koha-style: no-block checkouts are applied whatever the rules; the edge names the rule
    ils = adapter_for(acs)
    out = ils.checkout("P0002", "B0003", branch="MAIN", event_time=NOW, no_block=True,
                       due_date=dt.date.today() + dt.timedelta(days=14))
    assert out.outcome is Outcome.CONFLICT and out.reason == "patron_fees" and out.ok
    assert acs.loan_of("B0003")[0] == "P0002"
    held = ils.checkout("P0001", "B0006", branch="MAIN", event_time=NOW, no_block=True)
    assert held.outcome is Outcome.CONFLICT and held.reason == "hold_for_other"
    assert acs.loan_of("B0006")[0] == "P0001"
    mine = ils.hold_pickup("P0001", "B0004", branch="MAIN", event_time=NOW, no_block=True)
    assert mine.outcome is Outcome.CONFLICT and mine.reason == "no_hold"


def test_offline_replay_refused_by_a_server_that_ignores_no_block(make_acs, adapter_for) -> None:
    # Evergreen-style: the flag is ignored, the ILS refuses; the loan is NOT in the ILS
    acs = make_acs(quirks=Quirks(ignore_no_block=True))
    ils = adapter_for(acs)
    out = ils.checkout("P0002", "B0003", branch="MAIN", event_time=NOW, no_block=True)
    assert out.outcome is Outcome.REFUSED and out.reason == "patron_fees" and not out.ok
    assert "罰款" in (out.screen_message or "")
    assert acs.loan_of("B0003")[0] is None
    renew = ils.renew("P0001", "B0003", branch="MAIN", event_time=NOW, no_block=True)
    assert renew.outcome is Outcome.REFUSED and renew.reason == "not_on_loan"


def test_acs_status_offline_is_not_trusted(make_acs, adapter_for) -> None:
    acs = make_acs(quirks=Quirks(status_says_offline=True))
    ils = adapter_for(acs)
    assert ils.checkout("P0001", "B0001", branch="MAIN", event_time=NOW).outcome is Outcome.APPLIED


def test_missing_fields_and_dp2_dates(make_acs, adapter_for) -> None:
    acs = make_acs(quirks=Quirks(missing_fields=True, dp2_dates=True))
    ils = adapter_for(acs)
    patron = ils.patron_status("P0001")
    assert patron.valid and patron.name is None and patron.fees_owed == 0
    out = ils.checkout("P0001", "B0001", branch="MAIN", event_time=NOW)
    assert out.outcome is Outcome.APPLIED and out.title is None and out.due_date is None
    info = ils.item_info("B0001")
    assert info.status is ItemStatus.ON_LOAN and info.due_date is not None  # AH2024-11-19 form
    back = ils.checkin("B0001", branch="MAIN", event_time=NOW)
    assert back.outcome is Outcome.APPLIED and back.destination is SortDestination.RESHELVE


def test_no_answer_is_retry_later_and_queries_raise(make_acs, adapter_for) -> None:
    acs = make_acs(quirks=Quirks(acs_timeout=2, silent_codes=("11", "09", "63")))
    ils = adapter_for(acs, min_timeout=0.1)
    out = ils.checkout("P0001", "B0001", branch="MAIN", event_time=NOW)
    assert out.outcome is Outcome.RETRY_LATER and out.reason == "ils_unavailable" and not out.ok
    with acs.lock:  # on loan: a lost checkin is settled by a 17, which shows it still on loan
        acs.items["B0001"].borrower = "P0001"
    assert ils.checkin("B0001", branch="MAIN", event_time=NOW).outcome is Outcome.RETRY_LATER
    assert acs.received_codes().count("09") == 2  # sent once more, never answered
    with pytest.raises(ILSUnavailable):
        ils.patron_status("P0001")


def test_refused_login_and_hangup_are_retry_later(make_acs, adapter_for) -> None:
    acs = make_acs(quirks=Quirks(hangup_after_failed_login=True))
    ils = adapter_for(acs, password="wrong")
    out = ils.checkin("B0001", branch="MAIN", event_time=NOW)
    assert out.outcome is Outcome.RETRY_LATER and "login" in (out.screen_message or "")


def test_bad_checksums_and_crlf_and_96_still_apply(make_acs, adapter_for) -> None:
    acs = make_acs(encoding="big5", quirks=Quirks(bad_checksums=2, ask_resend=1,
                                                  terminator=b"\r\n"))
    ils = adapter_for(acs)
    out = ils.checkout("P0001", "B0002", branch="MAIN", event_time=NOW)
    assert out.outcome is Outcome.APPLIED and out.title == "紅樓夢"
    assert acs.received_codes().count("11") == 1


def test_from_config(acs) -> None:
    ils = SIP2Adapter.from_config({"host": acs.host, "port": acs.port, "user": "kiosk",
                                   "password": "secret", "institution": "TPML",
                                   "sort_bins": {"H": "hold_shelf"}})
    try:
        assert ils.sort_bins == {"H": SortDestination.HOLD_SHELF}
        assert ils.item_info("B0002").title == "紅樓夢"
    finally:
        ils.close()


def test_unsendable_identifier_is_a_refusal_of_that_transaction_never_sent(
        acs, adapter_for) -> None:
    ils = adapter_for(acs)
    out = ils.checkout("P0001", "B00|01", branch="MAIN", event_time=NOW, txn_id="t1")
    assert out.outcome is Outcome.REFUSED and out.reason == "unknown_item"
    assert "item_identifier (AB)" in (out.screen_message or "")
    back = ils.checkin("B00\r01", branch="MAIN", event_time=NOW, no_block=True)
    assert back.outcome is Outcome.REFUSED and back.reason == "unknown_item"
    renewed = ils.renew("P0|001", "B0001", branch="MAIN", event_time=NOW)
    assert renewed.outcome is Outcome.REFUSED and renewed.reason == "unknown_patron"
    paid = ils.fee_paid("P0002\x00", Decimal("1"), event_time=NOW)
    assert paid.outcome is Outcome.REFUSED and paid.reason == "unknown_patron"
    assert not any("|" in str(m) or "\x00" in str(m) for m in acs.received)
    assert not any(getattr(m, "item_identifier", None) == "B0001" and m.CODE == "11"
                   for m in acs.received)  # the id was never cleaned into another item
    fine = ils.checkout("P0001", "B0001", branch="MAIN", event_time=NOW)
    assert fine.outcome is Outcome.APPLIED  # the same link still serves the next one


def test_unsendable_identifier_in_a_query_is_a_refusal(acs, adapter_for) -> None:
    ils = adapter_for(acs)
    status = ils.patron_status("P0|001", pin="1234")
    assert status.outcome is Outcome.REFUSED and status.reason == "unknown_patron"
    assert not status.valid and "patron_identifier (AA)" in (status.screen_message or "")
    assert ils.item_info("B0001\n").reason == "unknown_item"
    assert ils.account("P0001\x1b").reason == "unknown_patron"
    renew = ils.authorise_renew("P0001", "B|0001", branch="MAIN")
    assert renew.outcome is Outcome.REFUSED and renew.reason == "unknown_item"
    assert ils.patron_status("P0001", pin="1234").outcome is Outcome.APPLIED


def test_offline_renew_reads_the_item_once(acs, adapter_for) -> None:
    # the rules' 17 is the renew's reading before (for a lost answer): not asked twice
    ils = adapter_for(acs)
    assert ils.checkout("P0001", "B0001", branch="MAIN", event_time=NOW).ok
    before = len(acs.received)
    renewed = ils.renew("P0001", "B0001", branch="MAIN", event_time=NOW, no_block=True)
    assert renewed.outcome is Outcome.APPLIED and acs.items["B0001"].renewals == 1
    assert [m.CODE for m in acs.received[before:] if m.CODE not in ("93", "99")] == [
        "63", "17", "29"]
