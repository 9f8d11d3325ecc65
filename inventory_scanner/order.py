"""Shelf order: the fewest books to move so a shelf reads in order.

Koha flags a book that sorts below its predecessor or above its successor, which blames the
wrong books: for expected positions ``[1, 2, 7, 3, 4, 5, 6, 8]`` it flags 7 and 3, though
moving 7 alone fixes the shelf. The fewest moves are the books outside one longest
non-decreasing subsequence (n − LNDS), found here in O(n log n) by patience sorting. Equal
ranks may stand in any order, so copies and volumes of one title never count as misshelved.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Move", "minimal_moves"]


@dataclass(frozen=True, slots=True)
class Move:
    """Book ``index`` (its place in the sequence as seen) goes between two books that stay:
    after ``after`` and before ``before`` (indices too; None at either end of the shelf)."""

    index: int
    after: int | None
    before: int | None


def _longest_non_decreasing(ranks: Sequence[int]) -> list[int]:
    """Indices of one longest non-decreasing subsequence of ``ranks``, in order."""
    tails: list[int] = []        # tails[k]: the smallest last rank of a run of length k + 1
    tail_index: list[int] = []   # ...and where that run ends
    parent = [-1] * len(ranks)
    for i, rank in enumerate(ranks):
        k = bisect_right(tails, rank)
        if k:
            parent[i] = tail_index[k - 1]
        if k == len(tails):
            tails.append(rank)
            tail_index.append(i)
        else:
            tails[k] = rank
            tail_index[k] = i
    kept: list[int] = []
    i = tail_index[-1] if tail_index else -1
    while i != -1:
        kept.append(i)
        i = parent[i]
    kept.reverse()
    return kept


def minimal_moves(ranks: Sequence[int]) -> tuple[list[int], list[Move]]:
    """The books that stay and the fewest moves that put the others in order.

    :param ranks: each book's expected rank in the order the books stand (equal ranks: one
        title, any order).
    :returns: ``(kept, moves)``: kept indices in order, and one :class:`Move` per other book,
        in the order the books stand, each saying between which kept books it belongs.
    """
    kept = _longest_non_decreasing(ranks)
    kept_ranks = [ranks[i] for i in kept]
    stays = set(kept)
    moves = []
    for i, rank in enumerate(ranks):
        if i in stays:
            continue
        k = bisect_right(kept_ranks, rank)
        moves.append(Move(i, kept[k - 1] if k else None, kept[k] if k < len(kept) else None))
    return kept, moves
