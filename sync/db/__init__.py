"""The centre's databases on SQLite (the embedded default) or PostgreSQL, behind one
connection type (:class:`~sync.db.base.Connection`): ``open_db(path_or_dsn)``."""

from __future__ import annotations

import os

from sync.db.base import (
    Connection,
    DatabaseUnavailable,
    Dialect,
    insert_rows,
    is_dsn,
    is_key_conflict,
    shown,
)
from sync.db.migrate import Migrations

__all__ = ["Connection", "DatabaseUnavailable", "Dialect", "Migrations", "insert_rows", "is_dsn",
           "is_key_conflict", "open_db", "shown"]


def open_db(target: str | os.PathLike[str], *, durable: bool = True, cache_kib: int = 65536,
            foreign_keys: bool = False) -> Connection:
    """A connection to ``target``: a PostgreSQL connection string, or a SQLite file (made with
    its folder when missing; ``":memory:"`` for throwaway use). ``foreign_keys``: SQLite
    enforces them only when asked (PostgreSQL always does)."""
    if is_dsn(target):
        from sync.db.postgres import PgConnection

        return PgConnection(str(target), durable=durable)
    from sync.db.sqlite import SqliteConnection

    return SqliteConnection(target, durable=durable, cache_kib=cache_kib,
                            foreign_keys=foreign_keys)
