"""Schema migrations on either engine: each named step runs once per database.

SQLite keeps using :mod:`sqlite_utils` migrations (the ``_sqlite_migrations`` table files made
before this layer already carry), applied under an exclusive ``flock`` on a file beside the
database (``<file>-migrations.lock``): sqlite-utils reads which steps are pending before its
transactions, so two bridges starting at once on a new file both ran a step and one died. PostgreSQL gets a table of its own, ``schema_migrations``,
filled under a transaction-level advisory lock, so several bridges starting at once apply each
step once and none reads a half-made schema (PostgreSQL DDL is transactional).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
from collections.abc import Callable, Iterator
from typing import Any

from sync.db.base import Connection

Step = Callable[[Connection], None]

#: the advisory lock key migrations (and schema scripts) hold on PostgreSQL
MIGRATION_LOCK = 0x7266_6964_0002


class Migrations:
    """A named set of migration steps (``@migrations()`` registers a function taking the
    connection)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.steps: list[tuple[str, Step]] = []

    def __call__(self) -> Callable[[Step], Step]:
        def register(fn: Step) -> Step:
            if any(n == fn.__name__ for n, _ in self.steps):
                raise ValueError(f"migration {fn.__name__} is already in set {self.name}")
            self.steps.append((fn.__name__, fn))
            return fn
        return register

    def apply(self, conn: Connection) -> None:
        """Run the steps this database has not had yet, each with its record in one
        transaction."""
        if conn.dialect == "sqlite":
            self._apply_sqlite(conn)
        else:
            self._apply_postgres(conn)

    def _apply_sqlite(self, conn: Any) -> None:
        from sqlite_utils import Database
        from sqlite_utils.migrations import Migrations as SqliteMigrations

        lite = SqliteMigrations(self.name)
        for name, fn in self.steps:
            lite(name=name)(lambda _db, fn=fn: fn(conn))
        with _sqlite_migrations_lock(conn.path):
            lite.apply(Database(conn.conn))

    def _apply_postgres(self, conn: Any) -> None:
        with conn.write(lock=MIGRATION_LOCK):
            conn.execute("CREATE TABLE IF NOT EXISTS schema_migrations (migration_set TEXT NOT"
                         " NULL, name TEXT NOT NULL, applied_at TEXT NOT NULL,"
                         " PRIMARY KEY (migration_set, name))")
            done = {r[0] for r in conn.execute(
                "SELECT name FROM schema_migrations WHERE migration_set=?", (self.name,))}
            for name, fn in self.steps:
                if name in done:
                    continue
                fn(conn)
                conn.execute("INSERT INTO schema_migrations (migration_set, name, applied_at)"
                             " VALUES (?, ?, ?)",
                             (self.name, name, str(dt.datetime.now(dt.UTC))))


@contextlib.contextmanager
def _sqlite_migrations_lock(path: str) -> Iterator[None]:
    """Wait for, then hold, the migrations' lock of the SQLite file ``path`` (none in memory);
    the kernel releases it with its descriptor, whatever ends the process."""
    if path in ("", ":memory:"):
        yield
        return
    fd = os.open(f"{path}-migrations.lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)
