"""`rfid-edge bench failover` at a small size: the primary SIGKILLed mid-drain, the synchronous
standby promoted, and the promoted server holds every transaction exactly once — including every
one whose reply reached a device. No wall-clock assertions: the seconds are the bench's figures.
"""

from __future__ import annotations

from pathlib import Path

from rfid_edge.bench import failover


def test_failover_core_loses_and_doubles_nothing(tmp_path: Path) -> None:
    args = failover.parser().parse_args(
        ["--backlog", "300", "--devices", "3", "--rate", "20", "--after", "1", "--no-fsync",
         "--drain-timeout", "90"])
    figures = failover.failover(tmp_path, args)
    assert figures["applied_at_kill"] < figures["transactions"]  # killed mid-drain
    assert figures["live"] > 0
    assert figures["transactions"] == 300 + figures["live"]
    assert figures["stuck"] == 0
    assert figures["lost"] == 0
    assert figures["duplicated"] == 0
    assert figures["answered_missing"] == 0
    assert figures["answer_mismatch"] == 0
    assert figures["journal_unapplied"] == 0
    assert figures["answered"] == figures["transactions"]
    assert figures["applied"] + figures["rejected"] == figures["transactions"]
    assert figures["failover_s"] >= figures["promote_s"] > 0
