"""`rfid-edge bench inventory`: shelf-list loading, sort keys, reconciliation and shelf order.

On a generated shelf list of ``--items`` items (default 1,000,000: 中國圖書分類法 call numbers
with author numbers, volumes and copies, tag UIDs, five locations of equal size), written as
CSV to a temporary folder:

Figures::

    {"items", "csv_rows_per_s", "load_rows_per_s", "load_vs_csv", "load_peak_mb",
     "stream_peak_mb", "bytes_per_item", "max_rss_mb", "sort_keys_per_s",
     "range_items", "reads", "reconcile_reads_per_s", "reconcile_floor_per_s",
     "reconcile_vs_floor", "reconcile_vs_air", "reconcile_lines_per_s", "report_s", "moves_items", "moves", "moves_s",
     "moves_misshelved"}

* ``load_vs_csv`` — loading (parsing, checking and indexing every row into a
  :class:`~inventory_scanner.shelflist.ShelfList`) over reading the same file with the
  ``csv`` module alone, the floor any CSV loader stands on;
* ``load_peak_mb`` — peak traced memory (tracemalloc) of the loaded shelf list;
  ``stream_peak_mb`` of streaming the same rows without keeping them;
Rates that a busy machine would blur are the best of several runs: the csv module's read of
three, loading of two, sort keys over ten chunks, the sweep fed three times (a fresh
reconciler each time).

* ``reconcile_reads_per_s`` — reads fed to the reconciler per second (one location of
  ``range_items`` items, each tag read ``--reads-per-item`` times, 2% of the books misshelved),
  against the floor of 100,000/s (``reconcile_vs_floor``) and one reader's air interface,
  ~100 tags/s (``reconcile_vs_air``); ``reconcile_lines_per_s`` the same from JSON read lines
  (parsed and checked, as ``inventory reconcile`` takes them); ``report_s`` is the whole
  report of that sweep;
* ``moves_s`` — the fewest-moves computation alone on a ``--moves-items`` shelf (200,000).
"""

from __future__ import annotations

import argparse
import csv
import gc
import random
import resource
import shutil
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import orjson

from inventory_scanner.callnumbers import parse
from inventory_scanner.order import minimal_moves
from inventory_scanner.reads import parse_read_line
from inventory_scanner.reconcile import Reconciler, Target
from inventory_scanner.shelflist import ShelfList, open_rows

T = TypeVar("T")
DESCRIPTION = "inventory: shelf-list load vs csv, sort keys/s, reconcile reads/s, fewest moves"
RECONCILE_FLOOR_PER_S = 100_000
AIR_TAGS_PER_S = 100
LOCATIONS = ("1F", "2F", "3F", "4F", "5F")
TITLE_CHARS = "臺北人家變殺夫雪國天龍八部射鵰英雄傳管理學市志文學史詩選小說集"


def _call_number(rng: random.Random) -> str:
    prefix = rng.choice(("", "", "", "", "J ", "R "))
    klass = f"{rng.randrange(1000):03d}"
    if rng.random() < 0.8:
        klass += "." + str(rng.randrange(1, 1000))
    text = f"{prefix}{klass} {rng.randrange(1000, 10000)}"
    if rng.random() < 0.15:
        text += f" {rng.randrange(1950, 2027)}"
    if rng.random() < 0.2:
        text += f" v.{rng.randrange(1, 30)}"
    if rng.random() < 0.1:
        text += f" c.{rng.randrange(2, 5)}"
    return text


def generate(path: Path, items: int, seed: int) -> None:
    """Write the shelf-list CSV (location i % 5, so each location holds a fifth)."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["item_id", "call_number", "title", "branch", "location", "status", "uid",
                      "hold", "weed"])
        for i in range(items):
            status = "available" if rng.random() < 0.9 else rng.choice(("on_loan", "lost", "in_transit"))
            title = "".join(rng.choices(TITLE_CHARS, k=rng.randrange(2, 9)))
            out.writerow([f"31{i:010d}", _call_number(rng), title, "TPML-MAIN", LOCATIONS[i % 5],
                          status, f"E004{i:012X}", "1" if rng.random() < 0.01 else "",
                          "1" if rng.random() < 0.005 else ""])


def _timed(fn: Callable[[], T]) -> tuple[T, float]:
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def _csv_only(path: Path) -> int:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return sum(1 for _ in csv.reader(fh)) - 1


def _traced_peak(fn: Callable[[], T]) -> tuple[T, int]:
    gc.collect()
    tracemalloc.start()
    try:
        result = fn()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return result, peak


def _sweep(shelf: ShelfList, location: str, reads_per_item: int, seed: int) -> list[tuple]:
    """Reads of a wand passing one location in shelf order, 2% of the books misshelved; each
    tag answers ``reads_per_item`` times around its place, reported in time order."""
    rng = random.Random(seed)
    here = [item for item in shelf if item.location == location and item.status == "available"]
    here.sort(key=lambda item: parse(item.call_number).key)
    places = list(range(len(here)))
    for _ in range(len(here) // 50):
        i, j = rng.randrange(len(here)), rng.randrange(len(here))
        places[i], places[j] = places[j], places[i]
    reads = []
    for place, item in zip(places, here, strict=True):
        for k in range(reads_per_item):
            reads.append((place * 0.05 + k * 0.02 + rng.random() * 0.01, item.uid, None, 0x07))
    reads.sort(key=lambda r: r[0])
    return reads


def run(argv: list[str]) -> dict[str, Any]:
    parser = argparse.ArgumentParser(prog="rfid-edge bench inventory", description=DESCRIPTION)
    parser.add_argument("--items", type=int, default=1_000_000, help="items in the shelf list")
    parser.add_argument("--moves-items", type=int, default=200_000, help="books on the fewest-moves shelf")
    parser.add_argument("--reads-per-item", type=int, default=5, help="times each tag answers in the sweep")
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="rfid-edge-bench-inventory-"))
    try:
        path = work / "shelf.csv"
        _, generate_s = _timed(lambda: generate(path, args.items, args.seed))
        rows, csv_s = min((_timed(lambda: _csv_only(path)) for _ in range(3)), key=lambda p: p[1])
        load_s = min(_timed(lambda: len(ShelfList.from_rows(open_rows(path))))[1] for _ in range(2))
        shelf, load_peak = _traced_peak(lambda: ShelfList.from_rows(open_rows(path)))
        _, stream_peak = _traced_peak(lambda: sum(1 for _ in open_rows(path)))
        texts = [item.call_number for item in shelf.items[: min(len(shelf), 200_000)]]
        chunk = max(1, len(texts) // 10)
        keys_s = min(_timed(lambda c=c: [parse(t).key for t in texts[c:c + chunk]])[1]
                     for c in range(0, len(texts), chunk)) * len(texts) / chunk

        reads = _sweep(shelf, LOCATIONS[1], args.reads_per_item, args.seed)

        def reconcile() -> Reconciler:
            rec = Reconciler(shelf, target=Target(branch="TPML-MAIN", location=LOCATIONS[1]))
            feed = rec.feed
            for t, uid, item_id, afi in reads:
                feed(t, uid, item_id, afi)
            return rec

        sweeps = [_timed(reconcile) for _ in range(3)]
        rec, feed_s = min(sweeps, key=lambda pair: pair[1])
        del sweeps

        lines = [orjson.dumps({"t": t, "uid": uid, "item_id": item_id, "afi": afi})
                 for t, uid, item_id, afi in reads[:200_000]]

        def from_lines() -> None:
            rec = Reconciler(shelf, target=Target(branch="TPML-MAIN", location=LOCATIONS[1]))
            for number, line in enumerate(lines, start=1):
                read = parse_read_line(line, number)
                if read is not None:
                    rec.feed_read(read)

        lines_s = min(_timed(from_lines)[1] for _ in range(3))
        report, report_s = _timed(rec.report)

        rng = random.Random(args.seed)
        ranks = list(range(args.moves_items))
        for _ in range(args.moves_items // 50):
            i, j = rng.randrange(len(ranks)), rng.randrange(len(ranks))
            ranks[i], ranks[j] = ranks[j], ranks[i]
        (_, moves), moves_s = _timed(lambda: minimal_moves(ranks))
        reads_per_s = len(reads) / feed_s if feed_s else float("inf")
        return {
            "items": rows,
            "generate_s": round(generate_s, 2),
            "csv_rows_per_s": round(rows / csv_s),
            "load_rows_per_s": round(rows / load_s),
            "load_vs_csv": round(csv_s / load_s, 3),
            "load_peak_mb": round(load_peak / 2**20, 1),
            "stream_peak_mb": round(stream_peak / 2**20, 2),
            "bytes_per_item": round(load_peak / max(1, len(shelf))),
            "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "sort_keys_per_s": round(len(texts) / keys_s) if keys_s else None,
            "range_items": report["kpi"]["expected"],
            "reads": len(reads),
            "reconcile_reads_per_s": round(reads_per_s),
            "reconcile_floor_per_s": RECONCILE_FLOOR_PER_S,
            "reconcile_vs_floor": round(reads_per_s / RECONCILE_FLOOR_PER_S, 2),
            "reconcile_vs_air": round(reads_per_s / AIR_TAGS_PER_S),
            "reconcile_lines_per_s": round(len(lines) / lines_s) if lines_s else None,
            "report_s": round(report_s, 2),
            "report_moves": report["kpi"]["moves"],
            "report_completion": report["kpi"]["completion"],
            "moves_items": len(ranks),
            "moves": len(moves),
            "moves_misshelved": args.moves_items // 50,
            "moves_s": round(moves_s, 4),
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)
