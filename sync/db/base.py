"""The neutral face of a centre database: what the ILS store, the ledger, the journal and the
conflict records ask of a connection, whichever engine is behind it.

SQL is written once, in the subset both engines run as written (``?`` placeholders or ``:name``
ones, ``INSERT … ON CONFLICT``, ``IS NOT DISTINCT FROM``, explicit ``id`` columns); where the
engines differ a caller asks :attr:`Connection.dialect`. The PostgreSQL connection translates
placeholders and DDL types itself (:mod:`sync.db.sqltext`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal, Protocol

from sync.errors import ILSUnavailable

Dialect = Literal["sqlite", "postgresql"]

#: a statement's parameters: positional for ``?``, a mapping for ``:name``
Params = Sequence[Any] | Mapping[str, Any]


class DatabaseUnavailable(ILSUnavailable):
    """The database went away, is read-only (a standby) or is failing over: nothing of the
    transaction was decided by us; the bridge answers "retry" and the edge resends."""


class Cursor(Protocol):
    """What callers read from a statement (a DB-API cursor)."""

    rowcount: int

    def fetchone(self) -> Any: ...
    def fetchall(self) -> list[Any]: ...
    def __iter__(self) -> Any: ...

    @property
    def description(self) -> Any: ...


class Connection(Protocol):
    """One connection to a centre database. Not thread-safe by itself: its owner's lock
    serialises use (as the reference ILS's store does)."""

    dialect: Dialect
    #: the column that names a row for the undo log and orders rows by insertion where a table
    #: has nothing else (SQLite's ``rowid``; on PostgreSQL the table's ``id``)
    rowid: str

    def execute(self, sql: str, params: Params = ()) -> Cursor: ...
    def executemany(self, sql: str, rows: Iterable[Params]) -> Any: ...

    def executescript(self, sql: str) -> None:
        """Several statements without parameters (DDL), translated for the engine."""

    def insert_id(self, sql: str, params: Params = ()) -> Any:
        """Run one ``INSERT`` and return the ``id`` of the row (SQLite: its rowid)."""

    def one(self, sql: str, params: Params = ()) -> Any:
        """The first row as a mapping that also indexes by position, or None."""

    def all(self, sql: str, params: Params = ()) -> list[dict[str, Any]]:
        """Every row as a dict."""

    @property
    def in_transaction(self) -> bool: ...

    def write(self) -> contextlib.AbstractContextManager[Connection]:
        """A write transaction that waits for every other writer of the database first
        (SQLite ``BEGIN IMMEDIATE``, PostgreSQL a transaction-level advisory lock), or a
        savepoint when one is open. Commits on success, rolls back on any error."""

    def atomic(self) -> contextlib.AbstractContextManager[Connection]:
        """A transaction (a savepoint when one is open) without the writers' lock."""

    def commit(self) -> None: ...
    def rollback(self) -> None: ...
    def close(self) -> None: ...

    def table_exists(self, name: str) -> bool: ...
    def columns(self, table: str) -> list[str]: ...


#: SQLite's extended result codes for a PRIMARY KEY and a UNIQUE violation
_SQLITE_KEY_CONFLICTS = (1555, 2067)


def is_key_conflict(exc: BaseException) -> bool:
    """Is ``exc`` an insert of a key another row holds (PRIMARY KEY or UNIQUE), on either
    engine (SQLite's extended error code, PostgreSQL's SQLSTATE 23505)?"""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code in _SQLITE_KEY_CONFLICTS
    return getattr(exc, "sqlstate", None) == "23505"


def is_dsn(target: object) -> bool:
    """Is ``target`` a PostgreSQL connection string (``postgresql://…`` or ``postgres://…``)
    rather than a SQLite file?"""
    return isinstance(target, str) and target.startswith(("postgresql://", "postgres://"))


def shown(target: object) -> str:
    """``target`` as messages may show it: a connection string without its password."""
    text = str(target)
    if is_dsn(text) and "@" in text.split("/", 3)[2]:
        scheme, rest = text.split("://", 1)
        who, where = rest.split("@", 1)
        return f"{scheme}://{who.split(':', 1)[0]}@{where}"
    return text


def insert_rows(conn: Connection, table: str, rows: Sequence[Mapping[str, Any]], *,
                ignore: bool = False) -> None:
    """INSERT many rows with the same columns (``ignore``: rows whose key exists are
    skipped)."""
    if not rows:
        return
    cols = list(rows[0])
    conn.executemany(
        f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
        + (" ON CONFLICT DO NOTHING" if ignore else ""),
        [tuple(r[c] for c in cols) for r in rows])
