"""The reference ILS's database (a SQLite file or PostgreSQL, :mod:`sync.db`): one connection,
its lock, write transactions, and row writes that can log their own inverse (the undo log the
event-time sequencer rebases with).

Theory of operation
-------------------
* Every write transaction first waits for every other writer (SQLite ``BEGIN IMMEDIATE``,
  PostgreSQL an advisory lock): a second bridge on the same database waits for the first
  instead of failing when a transaction that has read tries to write. Nested scopes are
  savepoints.
* :meth:`Store.recording_undo` is the explicit undo-log API: inside it, :meth:`Store.insert` and
  :meth:`Store.update` append the SQL that reverses each change (the DELETE of a row inserted,
  the old values of the columns changed) to the list it yields. The caller keeps those
  statements and hands them back to :meth:`Store.undo`, newest first, to roll the changes back.
  (Triggers could record the same; a trigger firing costs more than the change it records, and
  every write of the circulation rules goes through these two methods anyway.)
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterable, Iterator
from typing import Any

from sync.db import Connection, open_db
from sync.db.sqltext import pg_literal, sqlite_literal


class Store:
    """The reference ILS's database and the only way its circulation rows are written.

    :param path: the database file (``":memory:"`` for throwaway use) or a PostgreSQL
        connection string.
    :param durable: every commit durable before it returns (SQLite ``synchronous=FULL``).
    """

    def __init__(self, path: str | os.PathLike[str], *, durable: bool = True) -> None:
        self.db: Connection = open_db(path, durable=durable, foreign_keys=True)
        #: the undo log's literals, in the database's dialect
        self.literal = sqlite_literal if self.db.dialect == "sqlite" else pg_literal
        #: serialises every use of the connection (re-entrant: operations nest)
        self.lock = threading.RLock()
        #: set by :meth:`all_or_nothing`: operations skip their own savepoint
        self.caller_rolls_back = False
        self._undo: list[str] | None = None

    def close(self) -> None:
        self.db.close()

    # --- transactions ----------------------------------------------------------------------
    @contextlib.contextmanager
    def write(self) -> Iterator[Connection]:
        """One write transaction (waiting for other writers first), or a savepoint inside one,
        under the lock."""
        with self.lock, self.db.write() as db:
            yield db

    @contextlib.contextmanager
    def operation(self) -> Iterator[None]:
        """One circulation operation: its own transaction, or a savepoint inside a batch so that
        a failing operation is undone alone — unless the caller rolls the whole batch back on
        any error (:meth:`all_or_nothing`), when the savepoint would only cost time."""
        with self.lock:
            if self.caller_rolls_back:
                yield
                return
            with self.write():
                yield

    @contextlib.contextmanager
    def all_or_nothing(self) -> Iterator[None]:
        """Inside :meth:`write`, for a caller that lets every error end (and roll back) the
        whole transaction: operations then skip their own savepoint."""
        with self.lock:
            if not self.db.in_transaction:
                raise RuntimeError("all_or_nothing() needs an open write transaction")
            before, self.caller_rolls_back = self.caller_rolls_back, True
            try:
                yield
            finally:
                self.caller_rolls_back = before

    @contextlib.contextmanager
    def read_transaction(self) -> Iterator[None]:
        """One read transaction under the lock (SQLite: the WAL snapshot of its first read;
        PostgreSQL: ``REPEATABLE READ, READ ONLY``); inside an open transaction, that one."""
        with self.lock:
            db = self.db
            fresh = not db.in_transaction
            with db.atomic():
                if fresh and db.dialect == "postgresql":
                    db.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                yield

    # --- reads -----------------------------------------------------------------------------
    def one(self, sql: str, *args: Any) -> Any:
        """The first row as a read-only mapping that also indexes by position, or None."""
        return self.db.one(sql, args)

    def all(self, sql: str, *args: Any) -> list[dict[str, Any]]:
        return self.db.all(sql, args)

    # --- writes and their undo log ---------------------------------------------------------
    @property
    def recording(self) -> bool:
        """True inside :meth:`recording_undo`."""
        return self._undo is not None

    def recording_undo(self) -> contextlib.AbstractContextManager[list[str]]:
        """Log the inverse of every write made inside into the list yielded (oldest first).
        Use it under :attr:`lock` (a write transaction holds it)."""
        return _Recording(self)

    def undo(self, statements: Iterable[str]) -> None:
        """Run undo statements (from :meth:`recording_undo`), in the order given (newest change
        first), inside the caller's transaction."""
        with self.lock:
            execute = self.db.execute
            for stmt in statements:
                execute(stmt)

    def insert(self, table: str, values: dict[str, Any]) -> int:
        """INSERT one row; while recording, its inverse (a DELETE) is logged. Returns the row's
        rowid (SQLite) or ``id`` (PostgreSQL)."""
        db = self.db
        rowid = db.insert_id(f"INSERT INTO {table} ({', '.join(values)}) VALUES"
                             f" ({', '.join('?' * len(values))})", tuple(values.values()))
        assert rowid is not None
        if self._undo is not None:
            self._undo.append(f"DELETE FROM {table} WHERE {db.rowid}={self.literal(rowid)}")
        return rowid

    def update(self, table: str, row_id: Any, changes: dict[str, Any], old: Any = None) -> None:
        """UPDATE the row whose ``id`` is ``row_id``; while recording, the inverse (the old
        values of the columns that change) is logged. ``old``: the row as the operation read it
        in this transaction, if it did (else read here)."""
        if self._undo is not None:
            if old is None:
                old = self.one(f"SELECT {', '.join(changes)} FROM {table} WHERE id=?", row_id)
            literal = self.literal
            back = ", ".join(f"{k}={literal(old[k])}" for k, v in changes.items()
                             if old[k] != v or type(old[k]) is not type(v))
            if back:
                self._undo.append(f"UPDATE {table} SET {back} WHERE id={literal(row_id)}")
        self.db.execute(
            f"UPDATE {table} SET {', '.join(f'{k}=?' for k in changes)} WHERE id=?",
            (*changes.values(), row_id))


class _Recording:
    """:meth:`Store.recording_undo` (a plain class: entered once per transaction applied)."""

    __slots__ = ("store",)

    def __init__(self, store: Store) -> None:
        self.store = store

    def __enter__(self) -> list[str]:
        if self.store._undo is not None:
            raise RuntimeError("recording_undo() does not nest")
        self.store._undo = []
        return self.store._undo

    def __exit__(self, *exc: object) -> None:
        self.store._undo = None
