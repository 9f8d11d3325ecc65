"""SQLite for the centre's databases (the reference ILS, the ledger, the conflict records):
one way to open them and one way to write.

Several bridges may share one file (a setup the README documents). A deferred transaction that
has read and then writes cannot wait for another writer (SQLite answers "database is locked" at
once, the busy timeout does not apply), so every write transaction here starts with
``BEGIN IMMEDIATE``: it takes the write lock up front and waits for it up to the busy timeout.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from sqlite_utils import Database

#: how long a writer waits for another process's write lock before failing
BUSY_TIMEOUT_S = 30.0


@contextlib.contextmanager
def write_transaction(db: Database) -> Iterator[Database]:
    """A write transaction on ``db`` that takes the write lock at once (``BEGIN IMMEDIATE``),
    or a savepoint when one is open already. Commits on success, rolls back on any error."""
    conn = db.conn
    if conn.in_transaction:
        with db.atomic():  # a savepoint
            yield db
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def connect(path: str | os.PathLike[str], *, durable: bool = True,
            cache_kib: int = 65536) -> Database:
    """A connection for a centre database (the ILS, a ledger): WAL, the busy timeout, and
    ``durable`` commits (``synchronous=FULL``)."""
    memory = str(path) == ":memory:"
    if not memory:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    db = Database(sqlite3.connect(str(path), check_same_thread=False, timeout=BUSY_TIMEOUT_S))
    if not memory:
        db.enable_wal()
    db.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
    db.execute(f"PRAGMA synchronous={'FULL' if durable else 'NORMAL'}")
    # random-keyed indexes (txn ids) of a busy centre outgrow SQLite's 2 MB default; a batch
    # dirties pages all over them, so checkpoint less often (a page rewritten by many commits is
    # copied back once): the WAL grows to ~40 MB, commits stay durable
    db.execute(f"PRAGMA cache_size=-{cache_kib}")
    db.execute("PRAGMA wal_autocheckpoint=10000")
    return db


