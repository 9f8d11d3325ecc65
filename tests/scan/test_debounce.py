"""The debouncer alone (sans-I/O): a tag has left only after N missed rounds."""

from __future__ import annotations

import pytest

from drivers.reader import TagInfo
from drivers.scan import Debouncer, ScanEvent

A, B = TagInfo(uid="E004010000000001"), TagInfo(uid="E004010000000002")


def kinds(events: list[ScanEvent]) -> list[tuple[str, str | None]]:
    return [(e.kind, e.uid) for e in events]


def test_enter_then_leave_after_miss_limit() -> None:
    d = Debouncer(miss_limit=3)
    assert kinds(d.update([A, B])) == [("entered", A.uid), ("entered", B.uid)]
    assert d.update([A]) == []  # B missed once
    assert d.update([A]) == []  # twice
    assert kinds(d.update([A])) == [("left", B.uid)]  # third miss: gone
    assert set(d.present) == {A.uid}


def test_flicker_shorter_than_limit_gives_no_event() -> None:
    d = Debouncer(miss_limit=2)
    d.update([A])
    for _ in range(5):
        assert d.update([]) == []
        assert d.update([A]) == []  # back before the second miss: the count restarts
    assert set(d.present) == {A.uid}


def test_miss_limit_one_is_immediate() -> None:
    d = Debouncer(miss_limit=1)
    d.update([A])
    assert kinds(d.update([])) == [("left", A.uid)]
    assert kinds(d.update([A])) == [("entered", A.uid)]
    assert d.round == 3


def test_invalid() -> None:
    with pytest.raises(ValueError):
        Debouncer(miss_limit=0)
    with pytest.raises(ValueError):
        ScanEvent(kind="entered", round=1)
