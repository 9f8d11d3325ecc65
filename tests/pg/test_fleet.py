"""Issue 18: a fleet on PostgreSQL — real mosquitto, real bridge processes (``rfid-edge central
run`` with ``[central] database``), real uplink processes, real PostgreSQL clusters — drains
kiosks' shuffled offline backlogs with 0 lost and 0 duplicated (against the devices' outboxes
and the ledger) and ends in the state and conflicts of the in-order oracle, while a bridge is
SIGKILLed mid-batch, PostgreSQL is killed -9 and restarted, or the primary dies and its
synchronous standby is promoted.
"""

from __future__ import annotations

import itertools
import random
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from rfid_edge.bench import _pgcentre as pgc
from rfid_edge.bench._pgfleet import PgFleet
from sync.pgserver import PgServer, multi_host_dsn

DEVICES = 6
COUNT = 480
_names = itertools.count(1)
_copies: list[str] = []


@pytest.fixture(scope="module")
def library() -> Any:
    return pgc.demo(items=240, patrons=50)


@pytest.fixture(scope="module")
def template(pg_server: PgServer, library: Any) -> Iterator[str]:
    """The seeded reference ILS on the session's cluster (copied by CREATE DATABASE TEMPLATE);
    it and every copy made of it are dropped after the module."""
    name = f"fleet_seeded_{next(_names)}"
    pgc.seed_database(pg_server.create_database(name), library)
    yield name
    for copy in _copies:
        pg_server.drop_database(copy)
    pg_server.drop_database(name)


def _copy(prefix: str) -> str:
    name = f"{prefix}_{next(_names)}"
    _copies.append(name)
    return name


def _backlog(library: Any, seed: int) -> list[dict[str, Any]]:
    return pgc.backlog(library, count=COUNT, devices=DEVICES, seed=seed)


def _assert_clean(fleet: PgFleet, figures: dict[str, Any], stuck: int) -> None:
    note = f"{figures}\n{fleet.log_tail()}"
    assert stuck == 0, note
    assert figures["transactions"] == COUNT, note
    assert figures["lost"] == 0, note
    assert figures["duplicated"] == 0, note
    assert figures["answered_missing"] == 0, note
    assert figures["answer_mismatch"] == 0, note
    assert figures["journal_unapplied"] == 0, note
    assert figures["answered"] == COUNT, note
    assert figures["applied"] + figures["rejected"] == COUNT, note


def _assert_oracle(pg_server: PgServer, template: str, fleet: PgFleet, dsn: str) -> None:
    """The live ILS and conflict records equal the oracle's (every transaction once, in
    event-time order, on a copy of the seeded database)."""
    state, expected = pgc.oracle(pg_server, template, fleet.messages,
                                 name=_copy("oracle"))
    live = pgc.snapshot(dsn)
    for table in state:
        assert live[table] == state[table], table
    assert sum(1 for loan in live["loans"] if loan[6]) > 20  # returns among them
    assert len(expected) > 5  # the backlog breaks rules the ILS enforces online
    assert pgc.conflicts(dsn) == expected
    assert pgc.arrival_inversions(dsn) > 0  # old events arrived after newer ones


@pytest.mark.parametrize("bridges", [2, 4])
def test_bridges_drain_a_shuffled_backlog_to_the_oracle_state(
        pg_server: PgServer, template: str, library: Any, tmp_path: Path, bridges: int) -> None:
    dsn = pgc.clone_database(pg_server, template, _copy("live"))
    with PgFleet(tmp_path, dsn, bridges=bridges, devices=DEVICES, batch_size=40) as fleet:
        fleet.fill(_backlog(library, seed=bridges))
        fleet.start(rnd=random.Random(bridges), stagger_s=0.4)
        _, stuck = fleet.drain(120)
        figures = fleet.check()
    _assert_clean(fleet, figures, stuck)
    _assert_oracle(pg_server, template, fleet, dsn)


def test_a_bridge_sigkilled_mid_batch_loses_and_doubles_nothing(
        pg_server: PgServer, template: str, library: Any, tmp_path: Path) -> None:
    dsn = pgc.clone_database(pg_server, template, _copy("live"))
    with PgFleet(tmp_path, dsn, bridges=2, devices=DEVICES, batch_size=40) as fleet:
        fleet.fill(_backlog(library, seed=11))
        fleet.start(rnd=random.Random(11))
        kills = 0
        for share in (0.15, 0.4, 0.65):  # the bridges are busy applying: a kill lands mid-batch
            fleet.wait_processed(int(COUNT * share))
            victim = fleet.fleet.bridges[kills % 2]
            victim.kill()
            kills += 1
            time.sleep(0.3)
            victim.start()
        _, stuck = fleet.drain(120)
        figures = fleet.check()
    assert sum(p.starts for p in fleet.fleet.bridges) >= 2 + kills
    _assert_clean(fleet, figures, stuck)
    _assert_oracle(pg_server, template, fleet, dsn)


def test_postgresql_killed_and_restarted_mid_drain(
        pg_server: PgServer, template: str, library: Any, tmp_path: Path) -> None:
    with PgServer(tmp_path / "pg", fsync=False) as server:
        dsn = server.create_database("centre")
        pgc.seed_database(dsn, library)
        with PgFleet(tmp_path / "fleet", dsn, bridges=2, devices=DEVICES,
                     batch_size=40) as fleet:
            fleet.fill(_backlog(library, seed=12))
            fleet.start(rnd=random.Random(12))
            # one commit of two bridges (40 envelopes each) can add half the backlog between
            # two looks at the ledger: "mid-drain" is asserted as some of it still to come
            before = fleet.wait_processed(COUNT // 8)
            server.kill()  # mid-drain
            assert not server.is_running
            time.sleep(1.5)  # the bridges answer "retry" meanwhile, the devices resend
            server.restart()
            _, stuck = fleet.drain(120)
            figures = fleet.check()
        assert before < COUNT  # killed with part of the backlog still to apply
        _assert_clean(fleet, figures, stuck)
        _assert_oracle(pg_server, template, fleet, dsn)


def test_primary_killed_and_synchronous_standby_promoted_mid_drain(
        pg_server: PgServer, template: str, library: Any, tmp_path: Path) -> None:
    """Bridges on a multi-host URL with target_session_attrs=read-write; every transaction whose
    reply reached a device is on the promoted server."""
    with PgServer(tmp_path / "a", fsync=False) as primary:
        primary.create_database("centre")
        pgc.seed_database(primary.dsn("centre"), library)
        standby = primary.standby(tmp_path / "b", synchronous=True)
        try:
            dsn = multi_host_dsn([primary, standby], "centre")
            with PgFleet(tmp_path / "fleet", dsn, bridges=2, devices=DEVICES,
                         batch_size=40) as fleet:
                fleet.fill(_backlog(library, seed=13))
                fleet.start(rnd=random.Random(13))
                before = fleet.wait_processed(COUNT // 3)
                primary.kill()
                answered_before = pgc.device_answers(fleet.fleet, fleet.devices)
                standby.promote()
                assert standby.accepts_writes()
                _, stuck = fleet.drain(120)
                promoted = standby.dsn("centre")
                figures = fleet.check(promoted)
            assert not primary.is_running
            assert before < COUNT  # killed with part of the backlog still to apply
            assert len(answered_before) > 0
            on_promoted = pgc.ledger_check(promoted, fleet.enqueued, answered_before)
            assert on_promoted["answered_missing"] == 0
            _assert_clean(fleet, figures, stuck)
            _assert_oracle(pg_server, template, fleet, promoted)
        finally:
            standby.stop("immediate")
