"""`rfid-edge bench sync --database postgresql --bridges N --devices D`: a backlog spread over
several kiosks drains through real bridge processes into a private PostgreSQL cluster with
nothing lost or doubled; without --database the bench is the SQLite one it always was."""

from __future__ import annotations

from rfid_edge.bench import sync

SQLITE_FIGURES = ["count", "enqueue_per_s", "raw_publish_per_s", "drain_per_s", "drain_ratio",
                  "lost", "duplicated", "rejected", "redelivered", "rebases", "rolled_back",
                  "reapplied", "widened", "window", "batch", "items", "patrons"]


def test_bench_sync_on_postgresql_with_two_bridges_and_three_devices() -> None:
    figures = sync.run(["--count", "900", "--enqueue", "20", "--database", "postgresql",
                        "--bridges", "2", "--devices", "3", "--items", "3000", "--patrons", "400"])
    assert figures["database"] == "postgresql"
    assert (figures["bridges"], figures["devices"]) == (2, 3)
    assert figures["lost"] == 0
    assert figures["duplicated"] == 0
    assert figures["rejected"] == 0  # each kiosk's checkout and its checkin stay together
    assert figures["items"] > 600 and figures["patrons"] > 60  # the library asked for, not 600/60
    assert figures["rolled_back"] >= figures["reapplied"] >= 0  # what event-time order cost
    assert figures["drain_per_s"] > 0 and figures["raw_publish_per_s"] > 0
    assert 0 < figures["drain_ratio"] == round(figures["drain_per_s"]
                                               / figures["raw_publish_per_s"], 3)


def test_bench_sync_without_database_keeps_its_sqlite_figures() -> None:
    figures = sync.run(["--count", "300", "--enqueue", "20"])
    assert list(figures) == SQLITE_FIGURES
    assert figures["lost"] == 0 and figures["duplicated"] == 0
