"""OfflineCache.close: the owner closes the file it opened, through the public API."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from sync.edge.offline_cache import OfflineCache


def test_close_ends_the_cache(tmp_path: Path) -> None:
    cache = OfflineCache(tmp_path / "c.db")
    assert cache.part("blocked") is None
    cache.close()
    with pytest.raises(sqlite3.ProgrammingError):
        cache.part("blocked")
