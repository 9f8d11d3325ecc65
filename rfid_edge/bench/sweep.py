"""`rfid-edge bench sweep --json`: a handheld sweep of a simulated shelf, scored against its truth.

The shelf (:mod:`hwsim.shelf`, default 50 ranges × 100 items, problems planted) is served by
the FEIG handheld emulator on a real pty; the sweep (:mod:`inventory_scanner.sweep`) runs the
real FEIG driver over it: a first pass along the whole shelf, a second over the ranges with
gaps. Times are the simulator's (air and line time charged as the reader spends them; the wand
moves at walking speed on that clock), so the figures do not depend on the host's speed.

Figures: ``tags_per_s`` (tag answers per second of walking) and ``air_ceiling_ratio`` (over
the air-time ceiling of UID-only inventory, :func:`hwsim.shelf.ceiling.air_ceiling`),
``items_per_hour`` (the first pass, at walking speed) and ``items_per_hour_two_passes``,
and against the ground truth ``missing_precision``/``missing_recall``,
``misplaced_precision``/``misplaced_recall`` and ``moves_exact``.
"""

from __future__ import annotations

import argparse
import io
import time
from typing import Any

__all__ = ["run", "simulate"]


def simulate(shelf: dict[str, Any] | None = None, *, passes: int = 2, idle_s: float = 1.5,
             events: list[dict[str, Any]] | None = None, afi_every: int = 3,
             fix_markers: bool = False) -> dict[str, Any]:
    """One simulated sweep through the pty and the driver: ``report``, ``truth``, ``score`` and
    the run's counts (``pass_reports`` holds the report after each pass)."""
    from drivers.registry import open_reader
    from hwsim.shelf import start_shelf_reader
    from hwsim.shelf.score import score
    from inventory_scanner.shelflist import ShelfList, read_csv
    from inventory_scanner.sweep import SweepSession, SweepShell

    reader = start_shelf_reader({"name": "handheld", "walks": 0, "shelf": dict(shelf or {})}, realistic=False)
    out: list[dict[str, Any]] = events if events is not None else []
    try:
        assert reader.layout is not None and reader.walker is not None and reader.clock is not None
        layout, walker, clock = reader.layout, reader.walker, reader.clock
        items = ShelfList.from_rows(read_csv(io.StringIO(layout.shelf_list_csv())))
        session = SweepSession(items, library_isil=layout.settings.library_isil, afi_every=afi_every,
                               fix_markers=fix_markers)
        walking = 0.0
        pass_reports = []
        with open_reader(reader.describe()["url"]) as driver:
            shell = SweepShell(driver, session, emit=out.append, clock=clock.now)
            begin = clock.now()
            end = reader.walk_all()
            walking += end - begin
            shell.run_pass(idle_s=idle_s)
            first_pass_s = end - begin
            for _ in range(passes - 1):
                gaps = next(e for e in reversed(out) if e.get("event") == "gaps")
                pass_reports.append(session.rec.report())
                if not gaps["ranges"]:
                    break
                for x_from, x_to in _stretches(layout.ranges, {g["range"] for g in gaps["ranges"]}):
                    before = walker.done_at
                    done = walker.walk(x_from - 0.2, x_to + 0.2)
                    walking += done - max(before + walker.lift_s, clock.now())
                shell.run_pass(idle_s=idle_s)
            report = shell.finish()
        truth = layout.truth()
        return {"report": report, "truth": truth, "score": score(report, truth), "walking_s": walking,
                "first_pass_s": first_pass_s, "total_s": clock.now(), "answers": session.answers,
                "layout": layout, "pass_reports": pass_reports,
                "books": sum(1 for b in layout.books if b.kind == "item")}
    finally:
        reader.stop()


def _stretches(ranges: list[dict[str, Any]], labels: set[str]) -> list[tuple[float, float]]:
    """The shelf stretches to walk again: runs of neighbouring ranges with gaps, as one walk each
    (staff do not lift the wand between two ranges that both need another look)."""
    out: list[tuple[float, float]] = []
    joined = False
    for r in ranges:
        if r["range"] not in labels:
            joined = False
            continue
        if joined:
            out[-1] = (out[-1][0], r["x_to"])
        else:
            out.append((r["x_from"], r["x_to"]))
        joined = True
    return out


def run(argv: list[str]) -> dict[str, Any]:
    from hwsim.shelf.ceiling import air_ceiling

    p = argparse.ArgumentParser(prog="rfid-edge bench sweep")
    p.add_argument("--ranges", type=int, default=50)
    p.add_argument("--items-per-range", type=int, default=100)
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args(argv)
    wall = time.perf_counter()
    result = simulate({"ranges": args.ranges, "items_per_range": args.items_per_range, "seed": args.seed})
    wall = time.perf_counter() - wall
    ceiling = air_ceiling(result["layout"])
    tags_per_s = result["answers"] / result["walking_s"]
    score = result["score"]
    report = result["report"]
    settings = result["layout"].settings
    return {
        "items": len(result["truth"]["ranges"]) * args.items_per_range,
        "books_on_shelf": result["books"],
        "walking_speed_m_s": settings.speed_m_s,
        "field_width_m": settings.field_width_m,
        "tags_per_s": round(tags_per_s, 1),
        "air_ceiling_tags_per_s": round(ceiling, 1),
        "air_ceiling_ratio": round(tags_per_s / ceiling, 3) if ceiling else None,
        "items_per_hour": round(result["books"] / result["first_pass_s"] * 3600),
        "items_per_hour_two_passes": round(result["books"] / result["total_s"] * 3600),
        **{k: score[k] for k in ("missing_precision", "missing_recall", "misplaced_precision",
                                 "misplaced_recall", "moves_exact")},
        "false_missing": len(score["false_missing"]),
        "false_moves": len(score["false_moves"]),
        "planted_not_found": sum(len(v) for v in score["not_found"].values()),
        "passes": report["sweep"]["passes"],
        "rounds": report["sweep"]["rounds"],
        "tag_reads": report["sweep"]["tag_reads"],
        "afi_checks": report["sweep"]["afi_checks"],
        "simulated_s": round(result["total_s"], 1),
        "wall_s": round(wall, 1),
    }
