"""`rfid-edge bench sweep` on a small shelf: the figures are there and meet their floors."""

from __future__ import annotations

from rfid_edge.bench import sweep


def test_bench_sweep_figures() -> None:
    figures = sweep.run(["--ranges", "4", "--items-per-range", "60", "--seed", "3"])
    assert figures["items"] == 240
    for key in ("missing_precision", "missing_recall", "misplaced_precision", "misplaced_recall", "moves_exact"):
        assert figures[key] >= 0.99, (key, figures)
    assert 0 < figures["tags_per_s"] <= figures["air_ceiling_tags_per_s"]
    assert figures["air_ceiling_ratio"] >= 0.6
    # a quarter metre a second past books ~2.5 cm wide: some 36,000 an hour
    assert 25_000 <= figures["items_per_hour"] <= 45_000
