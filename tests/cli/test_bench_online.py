"""`rfid-edge bench online` as a user runs it, small: a real mosquitto and a real bridge process,
the idle requests, then requests while a backlog drains through the same bridge."""

from __future__ import annotations

import json

from tests.cli.conftest import rfid_edge


def test_bench_online_small() -> None:
    done = rfid_edge("bench", "online", "--json", "--requests", "12", "--backlog", "200",
                     "--items", "40", "--patrons", "6")
    assert done.returncode == 0, done.stderr
    figures = json.loads(done.stdout)
    assert figures["requests"] == 12 and figures["backlog"] == 200
    # every request reached the bridge: 10 warm-up, the idle ones, the loaded ones
    assert figures["loaded_requests"] >= 1
    assert figures["bridge_requests"] == 10 + 12 + figures["loaded_requests"]
    for key in ("floor_p50_ms", "idle_p50_ms", "idle_p95_ms", "loaded_p50_ms", "drain_per_s",
                "idle_ratio"):
        assert figures[key] > 0, key
    assert figures["idle_p50_ms"] <= figures["idle_p95_ms"] <= figures["idle_max_ms"]


def test_bench_online_idle_only() -> None:
    figures = json.loads(rfid_edge("bench", "online", "--json", "--requests", "5",
                                   "--backlog", "0", "--items", "40", "--patrons", "6").stdout)
    assert figures["bridge_requests"] == 10 + 5
    assert "loaded_p50_ms" not in figures and "drain_per_s" not in figures
