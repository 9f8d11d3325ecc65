"""Offline replay to a SIP2 ILS through the production wiring: kiosks' outboxes and uplinks, a
real mosquitto, the bridge and ILS built by sync.centre.service from a configuration with
``central.ils = "sip2"``, and the test ACS (with and without the "ignores no-block" quirk).

Every offline transaction the ILS would have refused reaches the conflict report — applied as
a conflict by an ACS that honours no-block, refused (with the ILS's reason and screen message)
by one that does not — and a transaction that arrives after newer ones is reported as a late
arrival (SIP2 cannot be rebased). Nothing is silently dropped (invariant 3). The replay runs
with the centre's records in SQLite files and in PostgreSQL (``[central] database``)."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from hwsim.sip2_server import Quirks, TestACS
from rfid_edge import config as configuration
from sync.broker import Broker
from sync.centre import service as centre_service
from sync.centre.conflicts import ConflictStore
from sync.edge import service as edge_service
from sync.edge.outbox import Outbox, State
from sync.ils.base import Outcome
from sync.ils.sip2_adapter import SIP2Adapter
from tests.centredb import CentreDB


@pytest.fixture
def broker() -> Iterator[Broker]:
    """A mosquitto of this test's own. Each test's bridge has a client id of its own and keeps
    its session (and its place in the shared subscription) when it stops: on a broker shared by
    the module, every earlier bridge's session would take its turn of the devices' messages,
    each such message answered only after the uplink's reply timeout and a resend."""
    with Broker() as b:
        yield b


def _config(tmp_path: Path, broker: Broker, acs: TestACS, device: str = "kiosk-a",
            database: str = "") -> dict:
    return configuration.load(None, {
        "device": {"id": device, "branch": "MAIN", "data_dir": str(tmp_path)},
        "sync": {"broker_port": broker.port, "reply_timeout_s": 3.0, "backoff_min_s": 0.1,
                 "backoff_max_s": 0.5},
        "central": {"broker_port": broker.port, "ils": "sip2",
                    "client_id": f"bridge-{tmp_path.name[-12:]}", "cache_interval_s": 0,
                    "database": database,
                    "sip2": {"host": acs.host, "port": acs.port, "user": "kiosk",
                             "password": "secret", "institution": "TPML", "location": "MAIN",
                             "timeout": 5.0}},
    })


def _drain(config: dict, outbox: Outbox, timeout: float = 30.0) -> None:
    uplink = edge_service.open_uplink(config, outbox).start()
    try:
        deadline = time.monotonic() + timeout
        while outbox.depth():
            assert time.monotonic() < deadline, outbox.counts()
            time.sleep(0.05)
    finally:
        uplink.stop()


@pytest.mark.backends
@pytest.mark.parametrize("ignores_no_block", [True, False], ids=["ignores", "honours"])
def test_offline_replay_refusals_become_conflicts(tmp_path: Path, broker: Broker,
                                                  ignores_no_block: bool,
                                                  centre_db: CentreDB) -> None:
    acs = TestACS(quirks=Quirks(ignore_no_block=ignores_no_block)).start()
    database = str(centre_db.target("centre")) if centre_db.postgres else ""
    cfg_a = _config(tmp_path, broker, acs, "kiosk-a", database)
    cfg_b = _config(tmp_path, broker, acs, "kiosk-b", database)
    ils = centre_service.open_ils(cfg_a)
    assert isinstance(ils.adapter, SIP2Adapter) and not ils.rebases
    bridge = centre_service.open_bridge(cfg_a, ils).start()
    now = dt.datetime.now(dt.UTC)
    try:
        assert bridge.connected.wait(10)
        with Outbox(tmp_path / "a.db", device_id="kiosk-a", branch="MAIN") as a, \
                Outbox(tmp_path / "b.db", device_id="kiosk-b", branch="MAIN") as b:
            # kiosk-a lent offline an hour ago and syncs last: its rows arrive late
            late = a.enqueue("checkout", {"patron_id": "P0001", "item_id": "B0003"},
                             offline=True, wall_time=now - dt.timedelta(hours=1))
            ok = b.enqueue("checkout", {"patron_id": "P0001", "item_id": "B0001"},
                           offline=True, wall_time=now - dt.timedelta(minutes=5))
            fined = b.enqueue("checkout", {"patron_id": "P0002", "item_id": "B0002"},
                              offline=True, wall_time=now - dt.timedelta(minutes=4))
            lost = b.enqueue("checkout", {"patron_id": "P0001", "item_id": "B0007"},
                             offline=True, wall_time=now - dt.timedelta(minutes=3))
            _drain(cfg_b, b)
            _drain(cfg_a, a)
            assert {r.state for r in (b.get(ok.txn_id), b.get(fined.txn_id))} == {State.APPLIED}
            assert a.get(late.txn_id).state is State.APPLIED
    finally:
        bridge.stop()
        ils.close()
        acs.stop()
    store = ConflictStore(centre_service.conflicts_target(cfg_a))
    # with a database, the ledger and the conflicts are there: no SQLite file was made
    assert (tmp_path / "central").exists() is not centre_db.postgres
    records = {c.txn_id: c for c in store.list()}
    assert set(records) == {late.txn_id, fined.txn_id, lost.txn_id}
    assert records[late.txn_id].rule == "late_arrival"
    assert records[fined.txn_id].rule == "patron_fees"
    assert records[lost.txn_id].rule == "item_lost"
    assert acs.loan_of("B0001")[0] == "P0001" and acs.loan_of("B0003")[0] == "P0001"
    if ignores_no_block:  # refused by the ILS: not in it, and staff are told so in its words
        assert acs.loan_of("B0002")[0] is None
        assert records[fined.txn_id].centre_action.startswith("not applied: patron_fees")
        assert "罰款" in records[fined.txn_id].centre_action
        assert "遺失" in records[lost.txn_id].centre_action
    else:  # applied with no-block, the broken rule named by the adapter
        assert acs.loan_of("B0002")[0] == "P0002"
        assert "(no-block)" in records[fined.txn_id].centre_action
    assert "P0002" not in records[fined.txn_id].what_happened  # masked


def test_refused_no_block_checkout_carries_reason_and_screen_message(make_acs) -> None:
    acs = make_acs(quirks=Quirks(ignore_no_block=True))
    with SIP2Adapter(host=acs.host, port=acs.port, user="kiosk", password="secret",
                     institution="TPML", location="MAIN", timeout=5.0) as ils:
        r = ils.checkout("P0003", "B0002", branch="MAIN", event_time=dt.datetime.now(dt.UTC),
                         no_block=True, due_date=dt.date.today() + dt.timedelta(days=14))
    assert r.outcome is Outcome.REFUSED and r.reason == "patron_blocked"
    assert r.screen_message and "借閱權限已停用" in r.screen_message


def test_authorise_renew_over_sip2(make_acs) -> None:
    acs = make_acs()
    with SIP2Adapter(host=acs.host, port=acs.port, user="kiosk", password="secret",
                     institution="TPML", location="MAIN", timeout=5.0) as ils:
        now = dt.datetime.now(dt.UTC)
        assert ils.checkout("P0001", "B0001", branch="MAIN", event_time=now).ok
        before = acs.loan_of("B0001")
        ok = ils.authorise_renew("P0001", "B0001", branch="MAIN")
        assert ok.outcome is Outcome.APPLIED and ok.due_date is None  # SIP2: no dry run
        assert acs.loan_of("B0001") == before  # nothing renewed
        assert ils.authorise_renew("P0001", "B0002", branch="MAIN").reason == "not_on_loan"
        fined = ils.authorise_renew("P0002", "B0001", branch="MAIN")
        assert fined.outcome is Outcome.REFUSED and fined.reason == "patron_fees"


def test_a_replay_given_another_due_date_reaches_the_conflict_report(tmp_path: Path,
                                                                     broker: Broker) -> None:
    # an ILS that ignores no-block lends for its own 28 days, not the 21 the kiosk promised:
    # the loan is in the ILS, and staff are told the date changed (was: plain APPLIED)
    acs = TestACS(quirks=Quirks(ignore_no_block=True)).start()
    cfg = _config(tmp_path, broker, acs, "kiosk-a")
    ils = centre_service.open_ils(cfg)
    bridge = centre_service.open_bridge(cfg, ils).start()
    when = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
    promised = (when.astimezone() + dt.timedelta(days=21)).date()
    try:
        assert bridge.connected.wait(10)
        with Outbox(tmp_path / "a.db", device_id="kiosk-a", branch="MAIN") as a:
            row = a.enqueue("checkout", {"patron_id": "P0001", "item_id": "B0001",
                                         "due_date": promised.isoformat()},
                            offline=True, wall_time=when)
            _drain(cfg, a)
            assert a.get(row.txn_id).state is State.APPLIED
    finally:
        bridge.stop()
        ils.close()
        acs.stop()
    (record,) = ConflictStore(centre_service.conflicts_path(cfg)).list()
    assert record.txn_id == row.txn_id and record.rule == "due_date_changed"
    assert str(promised + dt.timedelta(days=7)) in record.centre_action
    assert acs.loan_of("B0001")[0] == "P0001"
