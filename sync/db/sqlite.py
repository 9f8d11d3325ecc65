"""SQLite for the centre's databases (the reference ILS, the ledger, the conflict records):
the embedded default, one file per database.

Several bridges may share one file (a setup the README documents). A deferred transaction that
has read and then writes cannot wait for another writer (SQLite answers "database is locked" at
once, the busy timeout does not apply), so every write transaction here starts with
``BEGIN IMMEDIATE``: it takes the write lock up front and waits for it up to the busy timeout.

The connection's ``execute`` and ``executemany`` are sqlite3's own (bound at open): the neutral
layer costs the hot path nothing.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sync.db.base import Dialect, Params

#: how long a writer waits for another process's write lock before failing
BUSY_TIMEOUT_S = 30.0

#: the one savepoint name (nested ones shadow it: ROLLBACK TO and RELEASE take the newest)
_SAVEPOINT = "sync_sp"


def _statements(script: str) -> list[str]:
    """``script`` cut into complete statements (semicolons inside strings stay)."""
    out, start = [], 0
    for i, c in enumerate(script):
        if c == ";" and sqlite3.complete_statement(script[start:i + 1]):
            out.append(script[start:i + 1].strip())
            start = i + 1
    if script[start:].strip():
        out.append(script[start:].strip())
    return out


class SqliteConnection:
    """A centre database in a SQLite file: WAL, the busy timeout, and ``durable`` commits
    (``synchronous=FULL``).

    :param cache_kib: the page cache (random-keyed indexes of a busy centre outgrow SQLite's
        2 MB default).
    """

    dialect: Dialect = "sqlite"
    rowid = "rowid"

    def __init__(self, path: str | os.PathLike[str], *, durable: bool = True,
                 cache_kib: int = 65536, foreign_keys: bool = False) -> None:
        memory = str(path) == ":memory:"
        if not memory:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        #: the sqlite3 connection (tests and SQLite-only tools reach it as ``conn``)
        self.conn = sqlite3.connect(str(path), check_same_thread=False, timeout=BUSY_TIMEOUT_S)
        self.path = str(path)
        self.execute = self.conn.execute
        self.executemany = self.conn.executemany
        self.commit = self.conn.commit
        self.rollback = self.conn.rollback
        if not memory:
            self.conn.execute("PRAGMA journal_mode=wal")
        self.conn.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
        self.conn.execute(f"PRAGMA synchronous={'FULL' if durable else 'NORMAL'}")
        # a batch dirties pages all over the random-keyed indexes, so checkpoint less often (a
        # page rewritten by many commits is copied back once): the WAL grows to ~40 MB,
        # commits stay durable
        self.conn.execute(f"PRAGMA cache_size=-{cache_kib}")
        self.conn.execute("PRAGMA wal_autocheckpoint=10000")
        if foreign_keys:
            self.conn.execute("PRAGMA foreign_keys=ON")

    def executescript(self, sql: str) -> None:
        """Several statements; inside a transaction one by one (sqlite3's ``executescript``
        would commit the transaction first)."""
        if not self.conn.in_transaction:
            self.conn.executescript(sql)
            return
        for statement in _statements(sql):
            self.conn.execute(statement)

    def insert_id(self, sql: str, params: Params = ()) -> Any:
        return self.conn.execute(sql, params).lastrowid

    def one(self, sql: str, params: Params = ()) -> Any:
        cur = self.conn.cursor()
        cur.row_factory = sqlite3.Row
        return cur.execute(sql, params).fetchone()

    def all(self, sql: str, params: Params = ()) -> list[dict[str, Any]]:
        cur = self.conn.execute(sql, params)
        names = [c[0] for c in cur.description]
        return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]

    @property
    def in_transaction(self) -> bool:
        return self.conn.in_transaction

    @contextlib.contextmanager
    def write(self) -> Iterator[SqliteConnection]:
        """A write transaction that takes the write lock at once (``BEGIN IMMEDIATE``), or a
        savepoint when one is open already."""
        with self._transaction("BEGIN IMMEDIATE"):
            yield self

    @contextlib.contextmanager
    def atomic(self) -> Iterator[SqliteConnection]:
        with self._transaction("BEGIN"):
            yield self

    @contextlib.contextmanager
    def _transaction(self, begin: str) -> Iterator[None]:
        conn = self.conn
        if conn.in_transaction:
            conn.execute(f"SAVEPOINT {_SAVEPOINT}")
            try:
                yield
            except BaseException:
                if conn.in_transaction:  # (an error may have ended the transaction itself)
                    conn.execute(f"ROLLBACK TO {_SAVEPOINT}")
                    conn.execute(f"RELEASE {_SAVEPOINT}")
                raise
            conn.execute(f"RELEASE {_SAVEPOINT}")
            return
        conn.execute(begin)
        try:
            yield
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        try:
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    def close(self) -> None:
        self.conn.close()

    def table_exists(self, name: str) -> bool:
        return self.conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?",
                                 (name,)).fetchone() is not None

    def columns(self, table: str) -> list[str]:
        return [r[1] for r in self.conn.execute(f"PRAGMA main.table_info({table})")]
