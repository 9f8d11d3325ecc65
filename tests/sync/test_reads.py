"""Heavy reads (shelf lists, the offline cache) go to the ILS's read-only twin, a second
connection to its database asked for through the port (``ILSAdapter.read_only_twin``): a read
there neither waits for the bridge's open write transaction nor sees it, on SQLite and on
PostgreSQL. An ILS without a twin (SIP2, a database in memory) is read under the bridge's lock;
a twin that cannot be opened now (the database is down) is asked for again at the next read."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

from sync.centre.reads import ReadConnection
from sync.db import DatabaseUnavailable
from sync.ils import seed
from sync.ils.base import ILSAdapter
from sync.ils.reference import ReferenceILS
from sync.ils.sip2_adapter import SIP2Adapter
from tests.sync.conftest import TODAY

pytestmark = pytest.mark.backends


def _read_in_thread(reader: ReadConnection, item: str) -> tuple[threading.Thread, list[Any]]:
    got: list[Any] = []

    def run() -> None:
        got.append(reader.read(lambda ils: (ils, ils.item_info(item).title)))

    t = threading.Thread(target=run, daemon=True)
    t.start()
    return t, got


def test_a_read_on_the_twin_does_not_wait_for_the_bridges_open_write(
        ils_path: Path, demo: seed.DemoData) -> None:
    item = demo.items[0]
    lock = threading.Lock()
    with ReferenceILS(ils_path, today=lambda: TODAY) as ils:
        reader = ReadConnection(ils, lock)
        try:
            # circulation holds the bridge's lock with a write open on the bridge's connection
            with lock, ils.batch():
                ils.db.execute("UPDATE items SET title=? WHERE id=?", ("Changed", item.item_id))
                t, got = _read_in_thread(reader, item.item_id)  # the first use opens the twin
                t.join(30)
                assert not t.is_alive(), "the read waited for the bridge's write"
            (used, title), = got
            assert used is reader.twin and used is not ils and isinstance(used, ReferenceILS)
            assert title == item.title  # the uncommitted change is on another connection
            assert reader.read(lambda twin: twin.item_info(item.item_id).title) == "Changed"
        finally:
            reader.close()
        assert reader.twin is None


@pytest.mark.parametrize("kind", ["sip2", "memory"])
def test_an_ils_without_a_twin_is_read_under_the_bridges_lock(kind: str) -> None:
    ils: ILSAdapter = (SIP2Adapter(host="127.0.0.1", port=1) if kind == "sip2"
                       else ReferenceILS(":memory:"))
    assert ils.read_only_twin() is None
    lock = threading.Lock()
    reader = ReadConnection(ils, lock)
    seen: list[ILSAdapter] = []

    def run() -> None:
        with reader.view() as got:
            assert lock.locked()
            seen.append(got)

    try:
        with lock:
            t = threading.Thread(target=run, daemon=True)
            t.start()
            t.join(0.5)
            assert t.is_alive() and not seen  # waits for circulation to let go of the lock
        t.join(30)
        assert seen == [ils] and reader.twin is None
        assert reader.read(lambda got: got) is ils
    finally:
        reader.close()
        ils.close()


def test_a_twin_that_cannot_be_opened_is_asked_for_again(
        ils_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with ReferenceILS(ils_path, today=lambda: TODAY) as ils:
        real, asked = ils.read_only_twin, []

        def twin() -> ReferenceILS | None:
            asked.append(1)
            if len(asked) == 1:
                raise DatabaseUnavailable("the database is down")
            return real()

        monkeypatch.setattr(ils, "read_only_twin", twin)
        reader = ReadConnection(ils, threading.Lock())
        try:
            with pytest.raises(DatabaseUnavailable):
                reader.read(lambda got: got)
            assert reader.twin is None
            first = reader.read(lambda got: got)
            assert first is reader.twin and first is not ils and len(asked) == 2
            assert reader.read(lambda got: got) is first and len(asked) == 2  # reused
            reader.close()  # after a failed read: the next one opens a new twin
            assert reader.read(lambda got: got) not in (None, first) and len(asked) == 3
        finally:
            reader.close()
