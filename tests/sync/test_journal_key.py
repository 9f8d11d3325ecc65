"""The journal's primary key never makes the centre raise or reject (the event-time path over
the reference ILS; the SIP2 path is tests/sip2/test_bridge_race.py).

Every writer of the journal takes the writers' lock and reads the journal and the ledger again
inside it, so the key cannot be hit. Should a writer ever miss a row another bridge committed
(as the SIP2 path once did, writing without the lock), the batch that meets the key is rolled
back and applied once more, and the re-check inside the write transaction answers the
transaction as the duplicate it is. Runs on SQLite and on PostgreSQL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from rfid_edge import config as configuration
from sync import schema, topics
from sync.centre import service
from sync.centre.bridge import Bridge, Incoming
from sync.ils import seed
from tests.centredb import CentreDB
from tests.sync.conftest import tx_message

pytestmark = pytest.mark.backends


def _send(bridge: Bridge, msg: dict[str, Any]) -> dict[str, Any]:
    (_, body), = bridge.process([Incoming(topic=topics.tx(msg["device_id"]),
                                          body=schema.encode(msg), response_topic=None,
                                          correlation=b"c")])
    return body


def test_a_journal_key_another_bridge_took_unseen_is_answered_as_a_duplicate(
        tmp_path: Path, ils_path: Path, demo: seed.DemoData, centre_db: CentreDB) -> None:
    central: dict[str, Any] = {"cache_interval_s": 0}
    if centre_db.postgres:
        central["database"] = centre_db.target("ils")
    cfg = configuration.load(None, {"device": {"data_dir": str(tmp_path)}, "central": central})
    made = [(ils, service.open_bridge(cfg, ils))
            for ils in (service.open_ils(cfg), service.open_ils(cfg))]
    (a_ils, a), (_, b) = made
    try:
        for _, bridge in made:
            bridge._publish_bytes = lambda *a: None  # type: ignore[method-assign]
        _, item, _ = demo.loans[0]
        msg = tx_message("checkin", {"item_id": item}, offline=True)
        first = _send(a, msg)
        assert first["status"] == "applied" and first["outcome"] == "applied"
        # B misses A's commit once, in the ledger and in the journal: it applies, and its
        # journal insert meets A's key
        ledger, journal = b.processor.ledger, b.applier.journal  # type: ignore[attr-defined]
        missed: list[str] = []
        real_replies, real_journalled = ledger.replies, journal.journalled

        def replies(txn_ids: list[str]) -> dict[str, tuple[str, str]]:
            if "ledger" not in missed:
                missed.append("ledger")
                return {}
            return real_replies(txn_ids)

        def journalled(txn_ids: list[str], **kw: Any) -> dict[str, tuple[str, str | None]]:
            if "journal" not in missed:
                missed.append("journal")
                return {}
            return real_journalled(txn_ids, **kw)

        ledger.replies, journal.journalled = replies, journalled  # type: ignore[method-assign]
        second = _send(b, msg)  # (rejected before: "cannot apply: IntegrityError …")
        assert missed == ["ledger", "journal"]
        assert second["status"] == "applied" and second.get("duplicate") is True
        assert second["result"] == first["result"]
        assert b.ledger.dead_letters() == []
        assert (b.processor.stats["applied"], b.processor.stats["duplicates"]) == (0, 1)
        db = a_ils.adapter.db  # type: ignore[attr-defined]
        assert db.execute("SELECT count(*) FROM seq_journal WHERE txn_id=?",
                          (msg["txn_id"],)).fetchone()[0] == 1
    finally:
        for ils, bridge in made:
            bridge.ledger.close()
            ils.close()
