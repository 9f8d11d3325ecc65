"""`rfid-edge bench offline` smoke run: a small shuffled backlog with duplicates ends equal to
the in-order oracle, and the conflicts found are the ones expected (issue 6)."""

from __future__ import annotations

import json
import subprocess
import sys


def test_bench_offline_small_run() -> None:
    done = subprocess.run([sys.executable, "-m", "rfid_edge.cli", "bench", "offline", "--json",
                           "--count", "1500", "--devices", "20", "--batch", "400"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    figures = json.loads(done.stdout)
    assert figures["transactions"] == 1500 and figures["duplicates"] == 15
    assert figures["conflicts"] == figures["conflicts_expected"] > 0
    assert figures["conflicts_match"] and figures["state_match"]
    assert figures["rebases"] >= 1 and figures["apply_per_s"] > 0
