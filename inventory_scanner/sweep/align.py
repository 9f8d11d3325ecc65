"""A later pass's times on the first pass's time line (sans-I/O).

The reconciler places a book by the mean time it was read, which holds within one walk. A
second walk over a gap happens minutes later, maybe from another starting point: its reads
would land far from their neighbours. Books seen in both walks are anchors (their mean time
in each); a book seen only in the later walk gets the first walk's time by linear interpolation
between the anchors around it (slope 1 beyond the ends).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable

__all__ = ["TimeMap"]


class TimeMap:
    """Later-pass time → first-pass time, from anchors ``(t_later, t_first)``."""

    def __init__(self, anchors: Iterable[tuple[float, float]]) -> None:
        self._anchors = sorted(anchors)
        self._later = [a for a, _ in self._anchors]

    def __len__(self) -> int:
        return len(self._anchors)

    def __call__(self, t: float) -> float:
        anchors = self._anchors
        if not anchors:
            return t
        k = bisect_right(self._later, t)
        if k == 0:
            a2, a1 = anchors[0]
            return a1 - (a2 - t)
        if k == len(anchors):
            a2, a1 = anchors[-1]
            return a1 + (t - a2)
        (l2, l1), (h2, h1) = anchors[k - 1], anchors[k]
        if h2 <= l2:
            return l1
        return l1 + (t - l2) * (h1 - l1) / (h2 - l2)
