"""Several bridges starting at once on one new SQLite file make its schema once: the
migrations of each set are applied under a lock on a file beside the database, so no two
processes both find a step pending (sqlite-utils reads what is pending before its
transactions; one of two racing bridges died with a UNIQUE constraint on
``_sqlite_migrations``)."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from sync.centre.conflicts import ConflictStore
from sync.centre.ledger import Ledger
from sync.centre.ordering import sequencer_for
from sync.ils.reference import ReferenceILS


def _start_at_once(path: Path, bridges: int) -> list[BaseException]:
    """What ``bridges`` bridges opening the ILS, the ordering journal and the ledger on
    ``path`` at the same moment raised."""
    errors: list[BaseException] = []
    opened: list[ReferenceILS] = []
    ready = threading.Barrier(bridges)

    def start() -> None:
        try:
            ils = ReferenceILS(path)
            opened.append(ils)
            ready.wait(10)
            sequencer_for(ils, conflicts=ConflictStore(ils.db))
            Ledger.inside(ils)
        except BaseException as exc:  # noqa: BLE001 - reported by the caller
            errors.append(exc)

    threads = [threading.Thread(target=start) for _ in range(bridges)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    for ils in opened:
        ils.close()
    return errors


def test_bridges_starting_at_once_on_a_new_file_make_the_schema_once(tmp_path: Path) -> None:
    for attempt in range(5):  # the race is narrow: run it a few times
        path = tmp_path / f"attempt{attempt}" / "ils.db"
        ReferenceILS(path).close()  # the file exists, as after `central seed`; the bridge's not
        assert _start_at_once(path, 4) == []
        with sqlite3.connect(path) as conn:
            counts = conn.execute("SELECT migration_set, name, count(*) FROM _sqlite_migrations"
                                  " GROUP BY migration_set, name").fetchall()
        assert {(s, n) for s, n, _ in counts} >= {("reference_ils", "m001_tables"),
                                                 ("bridge", "m001_ledger")}
        assert {c for _, _, c in counts} == {1}
