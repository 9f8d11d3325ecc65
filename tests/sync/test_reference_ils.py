"""Reference ILS semantics (issue 5): limits, periods, renewals, holds, blocks, sorting — on
SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from sync.ils import seed
from sync.ils.base import ItemStatus, Outcome, SortDestination
from sync.ils.reference import ReferenceILS, check_pin, hash_pin
from tests.sync.conftest import TODAY, event_time

T = event_time()

pytestmark = pytest.mark.backends


def _patron(demo: seed.DemoData, ptype: str = "ADULT") -> seed.DemoPatron:
    return next(p for p in demo.good_patrons() if p.patron_type == ptype)


def _items(demo: seed.DemoData, item_type: str = "BOOK", n: int = 1) -> list[str]:
    return [i.item_id for i in demo.available_items() if i.item_type == item_type][:n]


def test_pin_hash_is_salted_and_checked() -> None:
    a, b = hash_pin("1234", n=16), hash_pin("1234", n=16)
    assert a != b
    # the random hex of salt and digest may spell 1234 by chance (~1 run in 700): check the form
    kind, n, r, p, salt, digest = a.split("$")
    assert (kind, n, r, p) == ("scrypt", "16", "8", "1") and len(salt) == 32 and len(digest) == 64
    int(salt, 16), int(digest, 16)  # hex only: nothing of the PIN is stored beside them
    assert check_pin("1234", a) and not check_pin("4321", a) and not check_pin("1234", None)


def test_patron_status_with_pin(ils: ReferenceILS, demo: seed.DemoData) -> None:
    p = _patron(demo)
    ok = ils.patron_status(p.patron_id, pin=p.pin)
    assert ok.valid and ok.pin_ok is True and ok.can_borrow
    assert ils.patron_status(p.patron_id, pin="x").pin_ok is False
    unknown = ils.patron_status("0000000000")
    assert not unknown.valid and unknown.reason == "unknown_patron"


def test_blocked_and_expired_patrons_are_refused(ils: ReferenceILS, demo: seed.DemoData) -> None:
    item = _items(demo)[0]
    blocked = next(p for p in demo.patrons if p.blocked and p.expires >= TODAY)
    expired = next(p for p in demo.patrons if p.expires < TODAY and not p.blocked)
    r = ils.checkout(blocked.patron_id, item, branch="TPML-MAIN", event_time=T)
    assert r.outcome is Outcome.REFUSED and r.reason == "patron_blocked" and r.screen_message
    r = ils.checkout(expired.patron_id, item, branch="TPML-MAIN", event_time=T)
    assert r.outcome is Outcome.REFUSED and r.reason == "patron_expired"
    assert ils.item_info(item).status is ItemStatus.AVAILABLE


def test_loan_period_by_patron_and_item_type(ils: ReferenceILS, demo: seed.DemoData) -> None:
    book, av = _items(demo, "BOOK")[0], _items(demo, "AV")[0]
    adult, staff = _patron(demo, "ADULT"), _patron(demo, "STAFF")
    assert ils.checkout(adult.patron_id, book, branch="TPML-MAIN",
                        event_time=T).due_date == TODAY + dt.timedelta(28)
    assert ils.checkout(adult.patron_id, av, branch="TPML-MAIN",
                        event_time=T).due_date == TODAY + dt.timedelta(14)
    book2 = _items(demo, "BOOK", 2)[1]
    assert ils.checkout(staff.patron_id, book2, branch="TPML-MAIN",
                        event_time=T).due_date == TODAY + dt.timedelta(60)


def test_loan_limit(ils: ReferenceILS, demo: seed.DemoData) -> None:
    temp = _patron(demo, "TEMP")
    items = _items(demo, "BOOK", 7)
    results = [ils.checkout(temp.patron_id, i, branch="TPML-MAIN", event_time=T) for i in items]
    have = ils.patron_status(temp.patron_id).loans_count
    assert have == 5  # TEMP cards lend 5
    assert results[-1].outcome is Outcome.REFUSED and results[-1].reason == "loan_limit"


def test_reference_items_never_circulate(ils: ReferenceILS, demo: seed.DemoData) -> None:
    ref = next(i.item_id for i in demo.items if i.item_type == "REF")
    r = ils.checkout(_patron(demo).patron_id, ref, branch="TPML-MAIN", event_time=T)
    assert r.reason == "item_non_circulating"
    assert ils.item_info(ref).status is ItemStatus.NON_CIRCULATING


def test_item_on_hold_shelf_for_other_is_refused_but_lent_to_holder(
        ils: ReferenceILS, demo: seed.DemoData) -> None:
    holder, item, pickup, _ = next(h for h in demo.holds if h[3] == "ready")
    other = next(p for p in demo.good_patrons() if p.patron_id != holder)
    assert ils.item_info(item).on_hold_for_other
    r = ils.checkout(other.patron_id, item, branch=pickup, event_time=T)
    assert r.outcome is Outcome.REFUSED and r.reason == "hold_for_other"
    assert ils.authorise_checkout(other.patron_id, item, branch=pickup).reason == "hold_for_other"
    holder_ok = demo.patron(holder)
    if holder_ok in demo.good_patrons():
        r = ils.hold_pickup(holder, item, branch=pickup, event_time=T)
        assert r.outcome is Outcome.APPLIED
        assert not any(h.item_id == item for h in ils.account(holder).holds)


def test_renewal_limit_and_holds_block_renewal(ils: ReferenceILS, demo: seed.DemoData) -> None:
    p = _patron(demo)
    item = _items(demo)[0]
    ils.checkout(p.patron_id, item, branch="TPML-MAIN", event_time=T)
    later = T + dt.timedelta(days=20)
    r = ils.renew(p.patron_id, item, branch="TPML-MAIN", event_time=later)
    assert r.outcome is Outcome.APPLIED and r.due_date == later.date() + dt.timedelta(28)
    r = ils.renew(p.patron_id, item, branch="TPML-MAIN", event_time=later)
    assert r.outcome is Outcome.REFUSED and r.reason == "renewal_limit"
    # the account says so too, with the reason (the kiosk tells the patron why)
    assert [(x.renewable, x.reason) for x in ils.account(p.patron_id).loans
            if x.item_id == item] == [(False, "renewal_limit")]
    # someone waiting for a loaned item blocks its renewal
    borrower, wanted, _ = demo.loans[0]
    if demo.patron(borrower) in demo.good_patrons():
        r = ils.renew(borrower, wanted, branch="TPML-MAIN", event_time=T)
        assert r.reason == "hold_for_other"
        assert [(x.renewable, x.reason) for x in ils.account(borrower).loans
                if x.item_id == wanted] == [(False, "hold_for_other")]
    r = ils.renew(p.patron_id, _items(demo, n=2)[1], branch="TPML-MAIN", event_time=T)
    assert r.reason == "not_on_loan"


def test_checkin_sort_destinations(ils: ReferenceILS, demo: seed.DemoData) -> None:
    p = _patron(demo)
    home = next(i for i in demo.available_items() if i.item_type == "BOOK")
    away = next(i for i in demo.available_items()
                if i.item_type == "BOOK" and i.home_branch != home.home_branch)
    for it in (home, away):
        ils.checkout(p.patron_id, it.item_id, branch=home.home_branch, event_time=T)
    r = ils.checkin(home.item_id, branch=home.home_branch, event_time=T)
    assert r.destination is SortDestination.RESHELVE and r.was_on_loan
    r = ils.checkin(away.item_id, branch=home.home_branch, event_time=T)
    assert r.destination is SortDestination.TRANSIT and r.destination_branch == away.home_branch
    # an item someone waits for goes to the hold shelf here, or in transit to the pickup branch
    _, wanted, _ = demo.loans[0]
    hold = next(h for h in demo.holds if h[1] == wanted)
    r = ils.checkin(wanted, branch=hold[2], event_time=T)
    assert r.destination is SortDestination.HOLD_SHELF
    assert any(h.ready for h in ils.account(hold[0]).holds if h.item_id == wanted)
    _, wanted2, _ = demo.loans[1]
    hold2 = next(h for h in demo.holds if h[1] == wanted2)
    elsewhere = next(b for b, _ in seed.BRANCHES if b != hold2[2])
    r = ils.checkin(wanted2, branch=elsewhere, event_time=T)
    assert r.destination is SortDestination.TRANSIT and r.destination_branch == hold2[2]
    assert ils.checkin("9999999999", branch="TPML-MAIN", event_time=T).destination is (
        SortDestination.STAFF)


def test_overdue_return_raises_a_fine_and_fee_paid_clears_it(
        ils: ReferenceILS, demo: seed.DemoData) -> None:
    p = _patron(demo)
    item = _items(demo)[0]
    ils.checkout(p.patron_id, item, branch="TPML-MAIN", event_time=T)
    r = ils.checkin(item, branch="TPML-MAIN", event_time=T + dt.timedelta(days=30))
    assert r.fees_charged == Decimal("10.00")  # 2 days x 5 TWD
    assert ils.patron_status(p.patron_id).fees_owed == Decimal("10.00")
    assert ils.fee_paid(p.patron_id, Decimal("20"), event_time=T).reason == "overpayment"
    paid = ils.fee_paid(p.patron_id, Decimal("10"), event_time=T)
    assert paid.outcome is Outcome.APPLIED and paid.fees_owed == 0


def test_offline_checkout_is_applied_as_conflict(ils: ReferenceILS, demo: seed.DemoData) -> None:
    blocked = next(p for p in demo.patrons if p.blocked and p.expires >= TODAY)
    item = _items(demo)[0]
    r = ils.checkout(blocked.patron_id, item, branch="TPML-MAIN", event_time=T, no_block=True,
                     due_date=TODAY + dt.timedelta(28))
    assert r.outcome is Outcome.CONFLICT and r.reason == "patron_blocked" and r.ok
    assert ils.item_info(item).status is ItemStatus.ON_LOAN
    # lent offline to someone else while on loan: the earlier loan ends, conflict reported
    other = _patron(demo)
    r = ils.checkout(other.patron_id, item, branch="TPML-MAIN", event_time=T, no_block=True)
    assert r.outcome is Outcome.CONFLICT and r.reason == "on_loan_to_other"
    assert ils.account(other.patron_id).loans[-1].item_id == item or any(
        loan.item_id == item for loan in ils.account(other.patron_id).loans)
    assert not any(loan.item_id == item for loan in ils.account(blocked.patron_id).loans)


def test_txn_id_makes_transactions_idempotent(ils: ReferenceILS, demo: seed.DemoData) -> None:
    p = _patron(demo)
    item = _items(demo)[0]
    first = ils.checkout(p.patron_id, item, branch="TPML-MAIN", event_time=T, txn_id="t-1")
    again = ils.checkout(p.patron_id, item, branch="TPML-MAIN", event_time=T, txn_id="t-1")
    assert again == first and not again.renewal
    loans = ils.db.execute("SELECT count(*) FROM loans WHERE item_id=?", [item]).fetchone()[0]
    assert loans == 1
    ils.checkin(item, branch="TPML-MAIN", event_time=T, txn_id="t-2")
    ils.checkin(item, branch="TPML-MAIN", event_time=T, txn_id="t-2")
    assert ils.db.execute("SELECT count(*) FROM applied_txns").fetchone()[0] == 2


def test_seed_is_deterministic_and_tag_friendly() -> None:
    a = seed.demo_data(items=50, patrons=10, today=TODAY)
    b = seed.demo_data(items=50, patrons=10, today=TODAY)
    assert a == b
    sim = {i for i, *_ in seed.SIM_ITEMS}  # the simulator's demo tags' ids, as they are
    assert all(i.item_id.isdigit() and (len(i.item_id) == 10 or i.item_id in sim)
               and i.owner == "TW-TPML" for i in a.items)
    assert sim <= {i.item_id for i in a.items}
    assert any("\u4e00" <= ch <= "\u9fff" for ch in a.items[0].title)
    assert all(i.call_number.split()[0][0].isdigit() for i in a.items)


def test_a_failing_operation_in_a_batch_is_undone_alone(ils: ReferenceILS,
                                                        demo: seed.DemoData) -> None:
    p = _patron(demo)
    item = _items(demo)[0]
    with ils.batch():
        ils.checkout(p.patron_id, item, branch="TPML-MAIN", event_time=T, txn_id="ok-1")
        with pytest.raises(ValueError):  # a zero payment cannot be built as a result
            ils.fee_paid(p.patron_id, Decimal("0"), event_time=T, txn_id="bad-1")
    assert ils.item_info(item).status is ItemStatus.ON_LOAN
    ids = {r[0] for r in ils.db.execute("SELECT txn_id FROM applied_txns").fetchall()}
    assert ids == {"ok-1"}
