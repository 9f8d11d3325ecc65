"""The fewest books to move (issue 14), checked against a brute-force oracle."""

from __future__ import annotations

from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from inventory_scanner.order import Move, minimal_moves


def oracle(ranks: list[int]) -> int:
    """The fewest moves by trying every set of books that could stay, largest first."""
    n = len(ranks)
    for size in range(n, -1, -1):
        for stay in combinations(range(n), size):
            if all(ranks[a] <= ranks[b] for a, b in zip(stay, stay[1:], strict=False)):
                return n - size
    return n


def test_koha_blames_two_books_where_one_move_is_enough():
    kept, moves = minimal_moves([1, 2, 7, 3, 4, 5, 6, 8])
    assert moves == [Move(index=2, after=6, before=7)]  # 7 goes between 6 and 8
    assert kept == [0, 1, 3, 4, 5, 6, 7]


def test_equal_ranks_stand_in_any_order():
    assert minimal_moves([3, 3, 3, 1, 1])[1] == [Move(3, None, 0), Move(4, None, 0)]
    assert minimal_moves([1, 2, 2, 2, 3])[1] == []
    assert minimal_moves([]) == ([], [])


@settings(max_examples=400, deadline=None)
@given(st.lists(st.integers(0, 5), max_size=8))
def test_moves_are_as_few_as_the_oracle_says_and_leave_the_shelf_in_order(ranks):
    kept, moves = minimal_moves(ranks)
    assert len(moves) == oracle(ranks)
    assert sorted(kept + [m.index for m in moves]) == list(range(len(ranks)))
    assert all(ranks[a] <= ranks[b] for a, b in zip(kept, kept[1:], strict=False))
    for m in moves:  # each move lands between kept books that bracket its rank
        assert m.after is None or ranks[m.after] <= ranks[m.index]
        assert m.before is None or ranks[m.index] <= ranks[m.before]
