"""PostgreSQL for the centre's databases (psycopg 3): the back end of a centre that outgrows
one machine — several bridges, a streaming standby, failover.

Theory of operation
-------------------
* The session runs in autocommit; :meth:`PgConnection.write` opens a transaction and first
  takes a transaction-level advisory lock (:data:`WRITE_LOCK`), so bridges serialise their
  batches exactly as several SQLite processes do behind ``BEGIN IMMEDIATE`` (the event-time
  journal is global state). Nested scopes are savepoints.
* SQL arrives as the centre writes it for SQLite and is translated once per text
  (:mod:`sync.db.sqltext`); rows index by position and by column name, like ``sqlite3.Row``.
* Losing the server — a connection error, an administrator shutdown, a standby that refuses
  writes, a failover — raises :class:`~sync.db.base.DatabaseUnavailable` (an
  ``ILSUnavailable``: the bridge answers "retry", the edge resends); so do serialisation
  failures and deadlocks (the batch is tried again as a whole). The next use reconnects: a
  multi-host connection string with ``target_session_attrs=read-write`` finds the new primary.
  Exactly-once holds because a batch's ledger rows commit with its changes: a resent batch
  finds its transactions processed.
"""

from __future__ import annotations

import contextlib
import functools
import threading
from collections.abc import Iterable, Iterator
from typing import Any

import psycopg
from psycopg import errors, postgres
from psycopg.adapt import Dumper, Loader
from psycopg.pq import TransactionStatus

from sync.db import sqltext
from sync.db.base import DatabaseUnavailable, Dialect, Params

#: the advisory lock key every write transaction takes (one writer at a time, as SQLite)
WRITE_LOCK = 0x7266_6964_0001

#: a session idle this long inside a transaction is ended by the server, so a bridge frozen
#: mid-batch (stopped, partitioned) releases the write lock the other bridges wait for
IDLE_IN_TRANSACTION_S = 60

#: libpq settings a connection string may override: give up on a host after 3 s (a dead
#: primary of a multi-host string must not hold up finding the promoted one), and notice a
#: server that vanished without closing the connection (TCP keepalives)
_CONNECT_DEFAULTS = {"connect_timeout": 3, "keepalives": 1, "keepalives_idle": 15,
                     "keepalives_interval": 5, "keepalives_count": 3}

#: errors that mean "not now": the server, the connection or the transaction's luck
_TRANSIENT = (psycopg.OperationalError, errors.ReadOnlySqlTransaction,
              errors.SerializationFailure, errors.DeadlockDetected,
              errors.AdminShutdown, errors.CannotConnectNow, errors.QueryCanceled,
              errors.IdleInTransactionSessionTimeout)

_SAVEPOINT = "sync_sp"


class _BoolDumper(Dumper):
    """Python bools into the integer columns SQLite uses for flags."""

    oid = postgres.types["int8"].oid

    def dump(self, obj: Any) -> bytes:
        return b"1" if obj else b"0"


class _NumericLoader(Loader):
    """``sum()`` of integer columns comes back as NUMERIC: an int when whole (as SQLite)."""

    def load(self, data: Any) -> Any:
        text = bytes(data).decode()
        if "." not in text and text not in ("NaN", "Infinity", "-Infinity"):
            return int(text)
        from decimal import Decimal

        return Decimal(text)


class Row(tuple):
    """A row that indexes by position and by column name (as ``sqlite3.Row``)."""

    __slots__ = ()
    _index: dict[str, int] = {}

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            return tuple.__getitem__(self, self._index[key])
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._index)


@functools.lru_cache(maxsize=1024)
def _row_class(names: tuple[str, ...]) -> type[Row]:
    return type("Row", (Row,), {"__slots__": (), "_index": {n: i for i, n in
                                                              enumerate(names)}})


def _row_factory(cursor: Any) -> Any:
    desc = cursor.description
    if desc is None:
        return tuple
    cls = _row_class(tuple(c.name for c in desc))
    return cls


class PgConnection:
    """A centre database on PostgreSQL.

    :param dsn: a libpq connection string or URL (multi-host ones included).
    :param durable: wait for the commit to be flushed (``synchronous_commit``); False turns
        it off for this session.
    """

    dialect: Dialect = "postgresql"
    rowid = "id"

    def __init__(self, dsn: str, *, durable: bool = True) -> None:
        self.dsn = dsn
        self.durable = durable
        self._pg: psycopg.Connection[Any] | None = None
        self._mutex = threading.RLock()
        #: transaction scopes open (:meth:`write`, :meth:`atomic`)
        self._depth = 0
        self._connect()

    # --- the connection, made again after a loss ------------------------------------------
    def _connect(self) -> psycopg.Connection[Any]:
        extra = {k: v for k, v in _CONNECT_DEFAULTS.items() if k not in self.dsn}
        try:
            pg = psycopg.connect(self.dsn, autocommit=True, row_factory=_row_factory, **extra)
            pg.adapters.register_dumper(bool, _BoolDumper)
            pg.adapters.register_loader("numeric", _NumericLoader)
            pg.execute(f"SET idle_in_transaction_session_timeout = '{IDLE_IN_TRANSACTION_S}s'")
            if not self.durable:
                pg.execute("SET synchronous_commit = off")
        except psycopg.Error as exc:
            raise DatabaseUnavailable(f"database unavailable: {exc}".strip()) from exc
        self._pg = pg
        return pg

    @property
    def conn(self) -> PgConnection:
        """This connection (SQLite's exposes its sqlite3 one under this name)."""
        return self

    @property
    def raw(self) -> psycopg.Connection[Any]:
        """The psycopg connection, made again when the last one was lost."""
        pg = self._pg
        if pg is None or pg.closed or pg.broken:
            if self._depth:  # never carry on a transaction's work on a new connection
                raise DatabaseUnavailable("database connection lost inside a transaction")
            if pg is not None:
                pg.close()
            return self._connect()
        return pg

    @staticmethod
    def _check(exc: psycopg.Error) -> None:
        """Raise :class:`DatabaseUnavailable` for an error that means "not now" (else the
        caller re-raises ``exc`` itself)."""
        if isinstance(exc, _TRANSIENT):
            raise DatabaseUnavailable(f"database unavailable: {type(exc).__name__}: {exc}"
                                      .strip()) from exc

    # --- statements ------------------------------------------------------------------------
    def execute(self, sql: str, params: Params = ()) -> Any:
        """Run one statement (without parameters its text goes as written: psycopg reads
        ``%`` as a placeholder only when there are parameters)."""
        try:
            if not params:
                return self.raw.execute(sql)
            return self.raw.execute(sqltext.placeholders(sql), params)
        except psycopg.Error as exc:
            self._check(exc)
            raise

    def executemany(self, sql: str, rows: Iterable[Params]) -> Any:
        rows = list(rows)
        if not rows:
            return None
        try:
            cur = self.raw.cursor()
            cur.executemany(sqltext.placeholders(sql), rows)
            return cur
        except psycopg.Error as exc:
            self._check(exc)
            raise

    def executescript(self, sql: str) -> None:
        """DDL in PostgreSQL's types; outside a transaction, in one of its own under the
        migrations' lock (bridges starting together do not race on ``IF NOT EXISTS``)."""
        from sync.db.migrate import MIGRATION_LOCK

        with self.write(lock=MIGRATION_LOCK):
            self.execute(sqltext.ddl(sql))

    def insert_id(self, sql: str, params: Params = ()) -> Any:
        return self.execute(sql + " RETURNING id", params).fetchone()[0]

    def one(self, sql: str, params: Params = ()) -> Any:
        return self.execute(sql, params).fetchone()

    def all(self, sql: str, params: Params = ()) -> list[dict[str, Any]]:
        return [dict(zip(r.keys(), r, strict=True)) for r in self.execute(sql, params)]

    # --- transactions ----------------------------------------------------------------------
    @property
    def in_transaction(self) -> bool:
        pg = self._pg
        return (pg is not None and not pg.closed and not pg.broken
                and pg.info.transaction_status is not TransactionStatus.IDLE)

    @contextlib.contextmanager
    def write(self, *, lock: int = WRITE_LOCK) -> Iterator[PgConnection]:
        """A transaction holding the advisory ``lock`` (every writer's by default), or a
        savepoint inside an open one."""
        with self._mutex, self._transaction(lock):
            yield self

    @contextlib.contextmanager
    def atomic(self) -> Iterator[PgConnection]:
        with self._mutex, self._transaction(None):
            yield self

    @contextlib.contextmanager
    def _transaction(self, lock: int | None) -> Iterator[None]:
        if not self._depth:
            _ = self.raw  # the last connection was lost: a new one before the transaction
        self._depth += 1
        try:
            with self._scope(lock):
                yield
        finally:
            self._depth -= 1

    @contextlib.contextmanager
    def _scope(self, lock: int | None) -> Iterator[None]:
        if self.in_transaction:
            self.execute(f"SAVEPOINT {_SAVEPOINT}")
            try:
                yield
            except BaseException:
                if self._usable():
                    self.execute(f"ROLLBACK TO {_SAVEPOINT}")
                    self.execute(f"RELEASE {_SAVEPOINT}")
                raise
            self.execute(f"RELEASE {_SAVEPOINT}")
            return
        self.execute("BEGIN")
        try:
            if lock is not None:
                self.execute("SELECT pg_advisory_xact_lock(?)", (lock,))
            yield
        except BaseException:
            self.rollback()
            raise
        self.execute("COMMIT")

    def _usable(self) -> bool:
        pg = self._pg
        return pg is not None and not pg.closed and not pg.broken and self.in_transaction

    def commit(self) -> None:
        if self.in_transaction:
            self.execute("COMMIT")

    def rollback(self) -> None:
        if self._usable():  # (a server gone took the transaction with it)
            with contextlib.suppress(DatabaseUnavailable):
                self.execute("ROLLBACK")

    def close(self) -> None:
        if self._pg is not None:
            self._pg.close()

    # --- the catalogue ---------------------------------------------------------------------
    def table_exists(self, name: str) -> bool:
        return self.execute("SELECT to_regclass(?) IS NOT NULL", (name,)).fetchone()[0]

    def columns(self, table: str) -> list[str]:
        return [r[0] for r in self.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name=?"
            " AND table_schema = current_schema() ORDER BY ordinal_position", (table,))]

