"""`rfid-edge central stats` on a centre that was seeded and never ran (found by the docs test:
no ledger table yet) reports no rows instead of failing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "rfid_edge", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def test_stats_on_a_seeded_centre_that_never_ran(tmp_path: Path) -> None:
    # a small seed: each patron's PIN is hashed with scrypt (~45 ms), 200 of them by default
    seeded = _run("central", "seed", "--items", "40", "--patrons", "8", cwd=tmp_path)
    assert seeded.returncode == 0, seeded.stderr
    stats = _run("central", "stats", "--csv", "stats.csv", cwd=tmp_path)
    assert stats.returncode == 0, stats.stderr
    assert "processed" not in stats.stderr
    rows = [json.loads(line) for line in stats.stdout.splitlines() if line.strip()]
    assert all(row.get("transactions", 0) == 0 for row in rows)
    assert (tmp_path / "stats.csv").exists()
