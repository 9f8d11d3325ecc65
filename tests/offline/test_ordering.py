"""Event-time ordering and rebase without a broker: many arrival orders, batches and repeats
give the state of applying every transaction once in event-time order (issue 6) — on SQLite and
on PostgreSQL (``template``: the small ILS on each back end; ``expected``, the whole day's
oracle, comes from SQLite)."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sync import schema
from sync.centre.ordering import ClockSkew, order_key, sequencer_for
from sync.ils.reference import ReferenceILS
from tests.offline import scenario

N = len(scenario.messages())

pytestmark = pytest.mark.backends


def _run(template: Path, dest: Path, batches: list[list[dict]]) -> tuple[dict, dict, Any]:
    ils = ReferenceILS(scenario.copy_db(template, dest))
    seq = sequencer_for(ils)
    for batch in batches:
        seq.apply_many(batch)
    return scenario.snapshot(ils), seq.conflicts.txn_rules(), seq


def test_oracle_conflicts_are_the_designed_ones(expected: tuple) -> None:
    _state, conflicts = expected
    assert conflicts == scenario.expected_conflicts()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(order=st.permutations(range(N)), dups=st.lists(st.integers(0, N - 1), max_size=6),
       cuts=st.lists(st.integers(1, N), max_size=5), seed=st.integers(0, 2**16))
def test_any_arrival_order_gives_event_time_state(template: Path, tmp_path_factory,
                                                  expected: tuple, order, dups, cuts,
                                                  seed) -> None:
    msgs = scenario.messages()
    arrivals = [msgs[i] for i in order]
    rng = random.Random(seed)
    for d in dups:  # a duplicate delivery lands anywhere, even before the original
        arrivals.insert(rng.randrange(len(arrivals) + 1), msgs[d])
    bounds = sorted(set(cuts) | {0, len(arrivals)})
    batches = [arrivals[a:b] for a, b in itertools.pairwise(bounds)]
    state, conflicts, _ = _run(template, tmp_path_factory.mktemp("o") / "ils.db", batches)
    assert state == expected[0]
    assert conflicts == expected[1]


def test_return_synced_before_the_checkout_it_ends(template: Path, tmp_path: Path) -> None:
    msgs = scenario.messages()
    checkout, checkin = msgs[0], msgs[1]  # I1: out at 10:00 on kiosk-a, back at 11:00 on kiosk-b
    ils = ReferenceILS(scenario.copy_db(template, tmp_path / "ils.db"))
    seq = sequencer_for(ils)
    seq.apply_many([checkin])
    seq.apply_many([checkout])
    loans = ils.db.conn.execute("SELECT patron_id, issued, returned, return_branch FROM loans"
                                " WHERE item_id='I1'").fetchall()
    assert loans == [("P1", checkout["wall_time"], checkin["wall_time"], "EAST")]
    assert ils.item_info("I1").status.value == "in_transit"  # back to its home branch
    assert seq.stats["rebases"] == 1


def test_late_old_checkout_does_not_resurrect_the_loan(template: Path, tmp_path: Path) -> None:
    msgs = scenario.messages()
    old_checkout, newer_return = msgs[12], msgs[13]  # I8: 09:00 kiosk-c, returned 12:00 kiosk-a
    ils = ReferenceILS(scenario.copy_db(template, tmp_path / "ils.db"))
    seq = sequencer_for(ils)
    seq.apply_many([newer_return])
    seq.apply_many([old_checkout])
    assert ils.item_info("I8").status.value == "available"
    assert ils.account("P2").loans == ()
    (returned,) = ils.db.conn.execute("SELECT returned FROM loans WHERE item_id='I8'").fetchone()
    assert returned == newer_return["wall_time"]


def test_rebase_withdraws_a_conflict_that_no_longer_holds(template: Path,
                                                         tmp_path: Path) -> None:
    msgs = scenario.messages()
    ils = ReferenceILS(scenario.copy_db(template, tmp_path / "ils.db"))
    seq = sequencer_for(ils)
    # P1's three earlier loans arrive after the 4th checkout: no limit broken at first …
    seq.apply_many([msgs[4]])
    assert seq.conflicts.txn_rules() == {}
    seq.apply_many([msgs[0], msgs[2], msgs[3]])
    # … and the late ones turn it into a loan-limit conflict; the return at 11:00 is later
    assert seq.conflicts.txn_rules() == {msgs[4]["txn_id"]: "loan_limit"}
    seq.apply_many([msgs[1]])
    assert seq.conflicts.txn_rules() == {msgs[4]["txn_id"]: "loan_limit"}


def test_applier_given_one_transaction_at_a_time(template: Path, tmp_path: Path,
                                                 expected: tuple) -> None:
    ils = sequencer_for(ReferenceILS(scenario.copy_db(template, tmp_path / "ils.db")))
    for msg in reversed(scenario.messages()):
        ils.apply([msg])
    assert scenario.snapshot(ils.adapter) == expected[0]
    assert ils.conflicts.txn_rules() == expected[1]


def test_clock_ahead_is_corrected_from_arrivals() -> None:
    skew = ClockSkew(tolerance_s=2)
    now = dt.datetime(2026, 3, 10, 12, tzinfo=dt.UTC)
    # kiosk-a's clock runs 10 minutes ahead: a message "from the future" arrived now
    skew.observe("kiosk-a", "b1", now + dt.timedelta(minutes=10), now.timestamp() + 0.05)
    assert round(skew.skew("kiosk-a", "b1").correction_s) == -600
    # a backlog (arriving hours late) proves nothing about a clock
    skew.observe("kiosk-b", "b1", now - dt.timedelta(hours=5), now.timestamp())
    assert skew.skew("kiosk-b", "b1").correction_s == 0
    # jitter under the tolerance is not skew
    skew.observe("kiosk-c", "b1", now + dt.timedelta(seconds=1), now.timestamp())
    assert skew.skew("kiosk-c", "b1").correction_s == 0
    skew.set_offset("kiosk-b", 42.0)
    assert skew.correct("kiosk-b", "b1", now) == now + dt.timedelta(seconds=42)


def test_skewed_device_is_ordered_by_corrected_time(template: Path, tmp_path: Path) -> None:
    """kiosk-b's clock is 2 h ahead: its return stamped 11:30 really happened at 09:30, before
    the checkout at 10:00, so the item stays on loan."""
    ils = ReferenceILS(scenario.copy_db(template, tmp_path / "ils.db"))
    seq = sequencer_for(ils)
    received = (scenario.DAY + dt.timedelta(hours=9, minutes=30)).timestamp()
    probe = scenario._msg(50, "kiosk-b", 690, "checkin", {"item_id": "I3"})  # stamped 11:30
    checkout = scenario._msg(51, "kiosk-a", 600, "checkout", {"patron_id": "P2",
                                                               "item_id": "I3"})
    seq.apply_many([probe], received=received)
    seq.apply_many([checkout], received=received + 3600)
    assert order_key(checkout) < order_key(probe)  # raw stamps say the return came later
    assert ils.item_info("I3").status.value == "on_loan"
    issued = ils.db.conn.execute("SELECT issued FROM loans WHERE item_id='I3'").fetchone()[0]
    assert issued == schema.format_time(scenario.DAY + dt.timedelta(hours=10))


def _in_order(template: Path, dest: Path, msgs: list[dict]) -> tuple[dict, dict]:
    """The oracle for any message list: each applied once, in key order, no sequencer."""
    from sync.centre.bridge import apply_transaction

    conflicts = {}
    with ReferenceILS(scenario.copy_db(template, dest)) as ils:
        for msg in sorted(msgs, key=order_key):
            result = apply_transaction(ils, msg)
            if result is not None and result.outcome.value in ("conflict", "refused"):
                conflicts[msg["txn_id"]] = result.reason
        return scenario.snapshot(ils), conflicts


def test_targeted_rebase_leaves_unrelated_transactions_alone(template: Path,
                                                            tmp_path: Path) -> None:
    msgs = scenario.messages()
    late = scenario._msg(40, "kiosk-c", 700, "checkin", {"item_id": "I5"})  # P3's loan
    ils = ReferenceILS(scenario.copy_db(template, tmp_path / "ils.db"))
    seq = sequencer_for(ils)
    seq.apply_many(msgs)
    seq.apply_many([late])
    assert seq.stats["rolled_back"] == 0  # nothing after 11:40 touches I5 or P3
    assert seq.stats["late_alone"] == 1  # so it was applied alone, never journalled as pending
    assert (scenario.snapshot(ils), seq.conflicts.txn_rules()) == _in_order(
        template, tmp_path / "oracle.db", [*msgs, late])
    full = sequencer_for(ReferenceILS(scenario.copy_db(template, tmp_path / "full.db")),
                     targeted=False)
    full.apply_many(msgs)
    full.apply_many([late])
    assert full.stats["rolled_back"] > 0  # the old way undid every later transaction


def test_targeted_rebase_follows_the_items_holder(template: Path, tmp_path: Path) -> None:
    """A late offline checkout of I1 to P2 closes P1's loan at 10:00: P1's checkout at 12:00,
    which shares nothing with it but the holder, no longer breaks the loan limit."""
    first = [scenario._msg(70 + n, "kiosk-a", 540 + n, "checkout",
                           {"patron_id": "P1", "item_id": f"I{n + 1}"}) for n in range(3)]
    fourth = scenario._msg(73, "kiosk-a", 720, "checkout", {"patron_id": "P1", "item_id": "I4"})
    late = scenario._msg(74, "kiosk-b", 600, "checkout", {"patron_id": "P2", "item_id": "I1"})
    ils = ReferenceILS(scenario.copy_db(template, tmp_path / "ils.db"))
    seq = sequencer_for(ils)
    seq.apply_many([*first, fourth])
    assert seq.conflicts.txn_rules() == {fourth["txn_id"]: "loan_limit"}
    seq.apply_many([late])
    expected = _in_order(template, tmp_path / "oracle.db", [*first, fourth, late])
    assert (scenario.snapshot(ils), seq.conflicts.txn_rules()) == expected
    assert seq.conflicts.txn_rules() == {late["txn_id"]: "on_loan_to_other"}
    assert seq.stats["rolled_back"] == 1 and seq.stats["widened"] == 0


def test_journal_without_entities_falls_back_to_full_rebase(template: Path,
                                                            tmp_path: Path,
                                                            expected: tuple) -> None:
    """Rows journalled before entities were recorded cannot be reasoned about: the sequencer
    rolls back to its savepoint and rebases everything after the late batch, as it used to."""
    msgs = scenario.messages()
    ils = ReferenceILS(scenario.copy_db(template, tmp_path / "ils.db"))
    seq = sequencer_for(ils)
    seq.apply_many(msgs[1:])
    with ils.batch():
        ils.db.conn.execute("UPDATE seq_journal SET touch=NULL")
    seq.apply_many([msgs[0]])
    assert seq.stats["widened"] == 1
    assert scenario.snapshot(ils) == expected[0]
    assert seq.conflicts.txn_rules() == expected[1]


def test_undo_log_from_before_journal_ids_still_rolls_back(ils_template: Path, tmp_path: Path,
                                                           expected: tuple) -> None:
    """A journal written before journal ids (undo rows found by txn_id) is rebased over
    exactly after an upgrade, and compacted away like the rest."""
    msgs = scenario.messages()
    path = scenario.copy_db(ils_template, tmp_path / "ils.db")
    ils = ReferenceILS(path)
    sequencer_for(ils).apply_many(msgs[2:])
    with ils.batch():  # what the old layout left: no ids, the undo log indexed by txn_id
        for sql in ("UPDATE seq_undo SET jid=NULL", "UPDATE seq_journal SET jid=NULL",
                    "CREATE INDEX seq_undo_txn ON seq_undo(txn_id)"):
            ils.db.conn.execute(sql)
    ils.close()
    ils = ReferenceILS(path)
    seq = sequencer_for(ils)
    assert ils.db.conn.execute("SELECT count(*) FROM sqlite_master WHERE name='seq_undo_txn'"
                               ).fetchone()[0] == 0
    seq.apply_many([msgs[1]])
    seq.apply_many([msgs[0]])
    assert seq.stats["rolled_back"] > 0
    assert scenario.snapshot(ils) == expected[0]
    assert seq.conflicts.txn_rules() == expected[1]
    assert ils.db.conn.execute("SELECT count(*) FROM seq_journal WHERE jid IS NULL"
                               " AND applied=1").fetchone()[0] < len(msgs) - 2
    seq.compact(dt.datetime(2100, 1, 1, tzinfo=dt.UTC))
    assert ils.db.conn.execute("SELECT count(*) FROM seq_undo").fetchone()[0] == 0


def test_journal_keeps_the_edges_bytes_unless_corrected(template: Path,
                                                        tmp_path: Path) -> None:
    """The journal keeps each message in the one encoding both ends write — what the edge's
    outbox sent, byte for byte; a message whose wall time the clock correction changed is
    journalled corrected."""
    msgs = scenario.messages()
    ils = ReferenceILS(scenario.copy_db(template, tmp_path / "ils.db"))
    seq = sequencer_for(ils, skew=ClockSkew())
    seq.skew.set_offset(msgs[1]["device_id"], 60.0)
    sent = [schema.encode(m) for m in msgs[:2]]  # as the outbox stores and sends them
    seq.apply_many([schema.loads(b) for b in sent])
    kept = dict(ils.db.conn.execute("SELECT txn_id, message FROM seq_journal"))
    assert kept[msgs[0]["txn_id"]].encode() == sent[0]
    moved = json.loads(kept[msgs[1]["txn_id"]])
    assert moved["wall_time"] != msgs[1]["wall_time"]
    assert (schema.parse_time(moved["wall_time"]) - schema.parse_time(msgs[1]["wall_time"])
            == dt.timedelta(seconds=60))
