"""The air-time ceiling of UID-only inventory over a shelf: what no reader could beat.

The antenna is placed at steps along the shelf; at each, the tags within reach (with the
shelf's miss model) are inventoried back to back by :func:`hwsim.iso15693.anticollision.run_inventory`
with real air timing: tags identified per second of air, with no serial line, no host and no
other commands. A sweep's ``tags_per_s`` over this is its efficiency.
"""

from __future__ import annotations

import random
from bisect import bisect_left, bisect_right

from hwsim.iso15693.anticollision import run_inventory
from hwsim.iso15693.timing import AirTiming
from hwsim.shelf.layout import Layout

__all__ = ["air_ceiling"]


def air_ceiling(layout: Layout, *, step_m: float = 0.01, seed: int = 0) -> float:
    """Tags identified per second of air time (UID-only rounds, 16 slots, anticollision)."""
    s = layout.settings
    rng = random.Random(seed)
    books = sorted(layout.books, key=lambda b: b.x)
    xs = [b.x for b in books]
    half = s.field_width_m / 2
    timing = AirTiming(realistic=True)
    found = 0
    air = 0.0
    x = 0.0
    while x <= layout.length_m:
        inside = books[bisect_left(xs, x - half):bisect_right(xs, x + half)]
        answering = []
        for book in inside:
            d = abs(book.x - x) / half
            p = s.miss_rate + s.edge_miss * d * d
            if book.hard:
                p = max(p, s.hard_miss)
            if rng.random() >= p:
                answering.append(book.tag)
        if answering:
            result = run_inventory(answering, timing=timing)
            found += len(result.tags)
            air += result.air_s
        x += step_m
    return found / air if air else 0.0
