"""`rfid-edge bench inventory --json` keeps its figures' shape (on a tiny shelf; the figures
themselves are for people, never asserted as times)."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.inventory.test_cli import ROOT, cli_env


def test_bench_inventory_prints_its_figures_as_one_json_object():
    result = subprocess.run([sys.executable, "-m", "rfid_edge", "bench", "inventory", "--json",
                             "--items", "3000", "--moves-items", "1000"], capture_output=True,
                            text=True, env=cli_env(), cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    for key in ("load_rows_per_s", "load_vs_csv", "load_peak_mb", "sort_keys_per_s",
                "reconcile_reads_per_s", "reconcile_vs_floor"):
        assert figures[key] > 0, key
    assert figures["items"] == 3000 and figures["moves_items"] == 1000
    # the generated sweep misshelves 2% of the books by swaps: each swap is at most two moves
    assert 0 < figures["moves"] <= 2 * figures["moves_misshelved"]
    assert figures["report_completion"] == 1.0 and figures["moves_s"] >= 0
