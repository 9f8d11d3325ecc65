"""Two bridges on one database in front of one SIP2 ILS (the test ACS), as a centre with several
bridges runs them: a device's resend that arrives through the second bridge while the first is
still applying it (its broker went away before the first reply got out).

Exactly once per transaction id at the ACS, whichever bridge answers; no bridge raises out of
its batch on the journal's primary key; the resend is answered "retry" while the first bridge
is at the ACS and as a duplicate (the first answer, word for word) once it has recorded it; a
bridge that died between the ACS and its record is recovered. The interleavings are made
deterministic by running the second bridge inside a hook of the first (no threads, no sleeps).
Each runs with the centre's records in SQLite files and in PostgreSQL (``[central]
database``)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from hwsim.sip2_server import TestACS
from rfid_edge import config as configuration
from sync import schema, topics
from sync.centre import service
from sync.centre.bridge import Bridge, Incoming
from sync.db import DatabaseUnavailable, open_db
from sync.errors import ILSUnavailable
from tests.sip2.conftest import send_tx
from tests.sync.conftest import tx_message

pytestmark = pytest.mark.backends


class _Crash(BaseException):
    """The bridge process dies here (nothing of it runs after)."""


#: bridge A in a process of its own, killed when the ACS has answered its checkout
_KILLED_AT_THE_ACS = """
import json, os, sys
from rfid_edge import config as configuration
from sync import schema, topics
from sync.centre import service
from sync.centre.bridge import Incoming

cfg, msg = configuration.load(None, json.loads(sys.argv[1])), json.loads(sys.argv[2])
ils = service.open_ils(cfg)
bridge = service.open_bridge(cfg, ils)
real = ils.adapter.checkout

def checkout(*args, **kw):
    real(*args, **kw)
    os._exit(9)

ils.adapter.checkout = checkout
bridge.process([Incoming(topic=topics.tx(msg["device_id"]), body=schema.encode(msg),
                         response_topic=None, correlation=None)])
"""


@pytest.fixture
def settings(centre_settings: Callable[..., dict[str, Any]]) -> dict[str, Any]:
    """The configuration of the centre (:func:`~tests.sip2.conftest.centre_settings`)."""
    return centre_settings()


@pytest.fixture
def bridges(settings: dict[str, Any], open_bridge: Callable[[dict[str, Any]], Bridge]
            ) -> tuple[Bridge, Bridge, str | Path]:
    """Bridges A and B on the same records; the third value is where the journal is."""
    return (open_bridge(settings), open_bridge(settings),
            service.conflicts_target(configuration.load(None, settings)))


def _at_the_acs(bridge: Bridge, kind: str, then: Callable[[], Any]) -> None:
    """Run ``then`` when ``bridge``'s ILS adapter has had the ACS answer a ``kind``, before the
    bridge records it."""
    adapter = bridge.applier.adapter
    real = getattr(adapter, kind)

    def hooked(*args: Any, **kw: Any) -> Any:
        result = real(*args, **kw)
        then()
        return result

    setattr(adapter, kind, hooked)


def _journal(where: str | Path, txn_id: str) -> list[tuple[int, str | None]]:
    db = open_db(where)
    try:
        return [tuple(r) for r in db.execute(
            "SELECT applied, outcome FROM seq_journal WHERE txn_id=?", (txn_id,)).fetchall()]
    finally:
        db.close()


@pytest.mark.parametrize("kind", ["checkout", "checkin"])
def test_a_resend_through_another_bridge_while_the_first_is_at_the_acs_is_sent_once(
        bridges: tuple[Bridge, Bridge, str | Path], acs: TestACS, kind: str) -> None:
    a, b, journal = bridges
    if kind == "checkin":  # on loan first, through A
        lent = send_tx(a, tx_message("checkout", {"patron_id": "P0001", "item_id": "B0001"}))
        assert lent["outcome"] == "applied"
        msg = tx_message("checkin", {"item_id": "B0001"}, seq=2)
    else:
        msg = tx_message("checkout", {"patron_id": "P0001", "item_id": "B0001"})
    code = {"checkout": "11", "checkin": "09"}[kind]
    meanwhile: list[dict[str, Any]] = []
    _at_the_acs(a, kind, lambda: meanwhile.append(send_tx(b, msg)))
    first = send_tx(a, msg)  # (the centre raised here: B had journalled it meanwhile)
    assert (first["status"], first["outcome"]) == ("applied", "applied")
    # B could not know whether A's call reached the ACS: "retry", never a second call
    assert [r["status"] for r in meanwhile] == ["retry"]
    assert acs.received_codes().count(code) == 1
    again = send_tx(b, msg)  # the device's next resend: A's answer, as a duplicate
    assert again["status"] == "applied" and again.get("duplicate") is True
    assert again["result"] == first["result"]
    assert acs.received_codes().count(code) == 1
    assert acs.loan_of("B0001")[0] == ("P0001" if kind == "checkout" else None)
    assert _journal(journal, msg["txn_id"]) == [(1, "applied")]
    assert (a.processor.stats["applied"], b.processor.stats["applied"]) == (
        1 + (kind == "checkin"), 0)
    assert (b.processor.stats["retry"], b.processor.stats["duplicates"]) == (1, 1)


@pytest.mark.parametrize("offline", [False, True], ids=["online", "offline"])
def test_a_resend_another_bridge_recorded_after_this_one_decided_is_a_duplicate(
        bridges: tuple[Bridge, Bridge, str | Path], acs: TestACS, offline: bool) -> None:
    """B has read its ledger (nothing) when A applies and records the same transaction: B
    answers A's record as a duplicate, inside its own write transaction, and sends nothing."""
    a, b, journal = bridges
    msg = tx_message("checkout", {"patron_id": "P0001", "item_id": "B0002"}, offline=offline)
    apply = b.processor._apply
    firsts: list[dict[str, Any]] = []

    def a_records_first(*args: Any) -> Any:  # B has decided; A records before B applies
        firsts.append(send_tx(a, msg))
        return apply(*args)

    b.processor._apply = a_records_first  # type: ignore[method-assign]
    second = send_tx(b, msg)
    first, = firsts
    assert first["status"] == "applied" and "duplicate" not in first
    assert second["status"] == "applied" and second.get("duplicate") is True
    assert second["result"] == first["result"]
    assert acs.received_codes().count("11") == 1
    assert _journal(journal, msg["txn_id"]) == [(1, "applied")]
    assert (b.processor.stats["applied"], b.processor.stats["duplicates"]) == (0, 1)


def test_a_sighting_another_bridge_recorded_after_this_one_decided_is_a_duplicate(
        bridges: tuple[Bridge, Bridge, str | Path]) -> None:
    """No journal remembers a sighting (a SIP2 ILS is not told of it): the ledger, read again
    once the batch holds the bridge's lock, answers it, and it is counted once."""
    a, b, _ = bridges
    seen = tx_message("inventory_seen", {"item_id": "B0003", "location": "MAIN-3F-A12"})
    apply = b.processor._apply

    def a_records_first(*args: Any) -> Any:
        assert send_tx(a, seen)["status"] == "applied"
        return apply(*args)

    b.processor._apply = a_records_first  # type: ignore[method-assign]
    second = send_tx(b, seen)
    assert second["status"] == "applied" and second.get("duplicate") is True
    assert (a.processor.stats["applied"], b.processor.stats["applied"]) == (1, 0)


def test_a_bridge_that_died_between_the_acs_and_its_record_is_recovered_once(
        bridges: tuple[Bridge, Bridge, str | Path], acs: TestACS) -> None:
    """A sent an offline checkout to the ACS and died before recording the answer. Its claim
    says "sent, answer unknown": the resend through B is answered "retry" while A might still
    be waiting for the ACS; once the claim's lease has run out, B applies it the way any resend
    after a crash is applied (the adapter reads the ILS first and finds the loan made), so the
    ACS sees one checkout and the device gets an answer."""
    a, b, journal = bridges
    msg = tx_message("checkout", {"patron_id": "P0001", "item_id": "B0003"}, offline=True)

    def crash() -> None:
        raise _Crash

    _at_the_acs(a, "checkout", crash)
    with pytest.raises(_Crash):
        send_tx(a, msg)
    assert acs.loan_of("B0003")[0] == "P0001"
    assert _journal(journal, msg["txn_id"]) == [(0, None)]  # sent, answer unknown
    assert send_tx(b, msg)["status"] == "retry"
    b.applier.claim_lease_s = 0.0  # type: ignore[attr-defined]  # A's lease ran out
    recovered = send_tx(b, msg)
    assert (recovered["status"], recovered["outcome"]) == ("applied", "applied")
    assert recovered["result"]["due_date"]
    assert acs.received_codes().count("11") == 1
    assert _journal(journal, msg["txn_id"]) == [(1, "applied")]


def test_a_bridge_process_killed_between_the_acs_and_its_record_is_recovered_at_once(
        bridges: tuple[Bridge, Bridge, str | Path], settings: dict[str, Any],
        acs: TestACS) -> None:
    """Bridge A, a process of its own on this machine, is killed when the ACS has made its
    offline checkout. Its claim names a process that is gone: the resend through B is applied
    at once (no lease to wait for), the way a resend after a crash always was."""
    _, b, journal = bridges
    msg = tx_message("checkout", {"patron_id": "P0001", "item_id": "B0001"}, offline=True)
    killed = subprocess.run([sys.executable, "-c", _KILLED_AT_THE_ACS, json.dumps(settings),
                             json.dumps(msg)], env=os.environ, timeout=120)
    assert killed.returncode == 9
    assert acs.loan_of("B0001")[0] == "P0001"
    assert _journal(journal, msg["txn_id"]) == [(0, None)]
    recovered = send_tx(b, msg)
    assert (recovered["status"], recovered["outcome"]) == ("applied", "applied")
    assert acs.received_codes().count("11") == 1
    assert _journal(journal, msg["txn_id"]) == [(1, "applied")]


def test_a_call_the_ils_did_not_answer_gives_its_claim_back(
        bridges: tuple[Bridge, Bridge, str | Path], acs: TestACS) -> None:
    """The ACS could not be reached: nothing can be assumed applied, so the claim is given
    back at once and the resend, through either bridge, is applied afresh (not "retry" for
    the length of a lease)."""
    a, b, journal = bridges
    msg = tx_message("checkout", {"patron_id": "P0001", "item_id": "B0002"})
    adapter = a.applier.adapter
    real = adapter.checkout

    def unreachable(*args: Any, **kw: Any) -> Any:
        raise ILSUnavailable("SIP2: connection refused")

    adapter.checkout = unreachable  # type: ignore[method-assign]
    assert send_tx(a, msg)["status"] == "retry"
    assert _journal(journal, msg["txn_id"]) == []
    adapter.checkout = real  # type: ignore[method-assign]
    again = send_tx(b, msg)
    assert (again["status"], again["outcome"]) == ("applied", "applied")
    assert acs.received_codes().count("11") == 1


def _envelope(msgs: list[dict[str, Any]]) -> Incoming:
    body = ('{"v":1,"batch":[' + ",".join(schema.encode(m).decode() for m in msgs)
            + "]}").encode()
    return Incoming(topic=topics.tx(msgs[0]["device_id"]), body=body, response_topic=None,
                    correlation=b"c")


def _statuses(bridge: Bridge, msgs: list[dict[str, Any]]) -> list[tuple[str, bool]]:
    (_, body), = bridge.process([_envelope(msgs)])
    return [(r["status"], bool(r.get("duplicate"))) for r in body["replies"]]


def test_a_batch_resent_through_another_bridge_mid_batch_is_sent_once(
        bridges: tuple[Bridge, Bridge, str | Path], acs: TestACS) -> None:
    """A claims its whole batch at once, then calls the ACS one transaction at a time: the
    batch resent through B meanwhile is all "retry" (sent, or about to be), and once A has
    recorded them all, duplicates."""
    a, b, _ = bridges
    msgs = [tx_message("checkout", {"patron_id": "P0001", "item_id": f"B000{k}"}, seq=k)
            for k in (1, 2, 3)]
    meanwhile: list[list[tuple[str, bool]]] = []
    _at_the_acs(a, "checkout", lambda: meanwhile or meanwhile.append(_statuses(b, msgs)))
    assert _statuses(a, msgs) == [("applied", False)] * 3
    assert meanwhile == [[("retry", False)] * 3]
    assert _statuses(b, msgs) == [("applied", True)] * 3
    assert acs.received_codes().count("11") == 3


def test_claims_not_sent_are_given_back_when_the_database_fails_mid_batch(
        bridges: tuple[Bridge, Bridge, str | Path], acs: TestACS) -> None:
    """A's record of its first transaction fails (the database away): the batch is answered
    "retry"; what A had not sent yet is free at once for B, and the one A sent (answer not
    recorded) A itself applies afresh on the resend, the ACS making it once."""
    a, b, journal = bridges
    msgs = [tx_message("checkout", {"patron_id": "P0001", "item_id": f"B000{k}"}, seq=k,
                       offline=True) for k in (1, 2, 3)]
    record = a.applier._record  # type: ignore[attr-defined]

    def database_away(*args: Any) -> None:
        a.applier._record = record  # type: ignore[attr-defined]
        raise DatabaseUnavailable("database unavailable: server closed the connection")

    a.applier._record = database_away  # type: ignore[attr-defined]
    assert _statuses(a, msgs) == [("retry", False)] * 3
    assert [_journal(journal, m["txn_id"]) for m in msgs] == [[(0, None)], [], []]
    assert _statuses(b, msgs) == [("retry", False), ("applied", False), ("applied", False)]
    assert _statuses(a, msgs) == [("applied", False), ("applied", True), ("applied", True)]
    assert acs.received_codes().count("11") == 3
    assert [_journal(journal, m["txn_id"]) for m in msgs] == [[(1, "applied")]] * 3


def test_a_claim_reads_the_journal_once_and_a_key_taken_without_the_lock_is_retry(
        bridges: tuple[Bridge, Bridge, str | Path], acs: TestACS) -> None:
    """The claim's write transaction reads the journal once (its insert says whether every
    row went in); a row a writer that skipped the writers' lock took in between is answered
    "retry", never raised, and the others of the batch are applied."""
    a, _, journal = bridges
    msgs = [tx_message("checkout", {"patron_id": "P0001", "item_id": f"B000{k}"}, seq=k)
            for k in (1, 2)]
    journal_of_a = a.applier.journal
    real = journal_of_a.rows
    reads: list[str] = []  # the claim's reads (the one before it asks for applied rows only)

    def counted(columns: str, txn_ids: list[str], where: str = "") -> dict[str, Any]:
        if "claimant" in columns:
            reads.append(columns)
        return real(columns, txn_ids, where)

    journal_of_a.rows = counted  # type: ignore[method-assign]
    assert _statuses(a, msgs[:1]) == [("applied", False)]
    assert len(reads) == 1

    def rogue(columns: str, txn_ids: list[str], where: str = "") -> dict[str, Any]:
        rows = counted(columns, txn_ids, where)
        if len(reads) == 2 and "claimant" in columns:  # the claim's read: a lock-skipping writer
            journal_of_a.conn.execute(
                "INSERT INTO seq_journal (txn_id, okey, type, message, applied,"
                " journalled_at, claimant) VALUES (?, 'k', 'checkout', '{}', 0, 0, 'rogue')",
                (msgs[1]["txn_id"],))
        return rows

    journal_of_a.rows = rogue  # type: ignore[method-assign]
    other = tx_message("checkout", {"patron_id": "P0001", "item_id": "B0003"}, seq=3)
    assert _statuses(a, [msgs[1], other]) == [("retry", False), ("applied", False)]
    assert len(reads) == 3
    assert _journal(journal, msgs[1]["txn_id"]) == [(0, None)]
    assert acs.received_codes().count("11") == 2
