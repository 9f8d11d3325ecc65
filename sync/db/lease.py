"""Leases: among every process using one centre database, one at a time does a job (the
bridges' offline cache, :mod:`sync.centre.cache`); when the holder dies another takes over.

Theory of operation
-------------------
* **PostgreSQL:** a session-level advisory lock (``pg_try_advisory_lock``) on the holder's
  connection, keyed apart from the writers' and the migrations' locks (:data:`KEYS`). The
  server releases it when the session ends — the process SIGKILLed, its machine gone (TCP
  keepalives), the connection closed — and the next process to ask takes it. A
  :class:`~sync.db.postgres.PgConnection` reconnects silently after a loss, so :meth:`hold`
  asks ``pg_locks`` whether this very session holds the lock rather than trusting what it
  took before: a new session has lost it and asks like everybody else.
* **SQLite** (one file shared by the processes of one machine): an exclusive ``flock`` on a
  lock file beside the database (``<file>-<name>.lease``, holding the holder's pid for
  people). The kernel releases it when the holder's descriptor closes: at exit, at SIGKILL,
  at :meth:`close`. Chosen over a lease row with an expiry because that needs a clock, a
  write per renewal (``BEGIN IMMEDIATE`` against the batches) and the others waiting out a
  dead holder's expiry; the lock is released at once, as PostgreSQL's is. The file must not
  be deleted while bridges run; :meth:`hold` notices a replaced file and locks the new one.
* A frozen holder (SIGSTOP, a debugger) keeps its lease on both engines: the job waits until
  it runs again or dies. A holder that cannot do the job (no broker) should :meth:`release`.
* :meth:`want` and :meth:`wanted`: a counter per lease in the database
  (``lease_requests``), through which the processes that do not hold it ask the holder to
  act soon (a bridge's batch changed what the cache says).
"""

from __future__ import annotations

import abc
import contextlib
import fcntl
import os
import threading
from pathlib import Path
from typing import Any

from sync.db.base import Connection, DatabaseUnavailable

__all__ = ["KEYS", "Lease", "open_lease"]

#: the leases there are, with their PostgreSQL advisory lock keys (the writers' lock is
#: 0x7266_6964_0001, the migrations' 0x7266_6964_0002)
KEYS: dict[str, int] = {"offline_cache": 0x7266_6964_0003}

#: made by the first lease opened, in a write transaction (bridges starting together on a new
#: database wait for each other there instead of racing through a migration)
_TABLE = ("CREATE TABLE IF NOT EXISTS lease_requests (name TEXT PRIMARY KEY,"
          " wanted BIGINT NOT NULL DEFAULT 0)")


class Lease(abc.ABC):
    """One lease of one database, asked for by one process (or one connection of it).

    :param lock: serialises this lease's use of ``db`` with the connection's other users.
    """

    def __init__(self, db: Connection, name: str,
                 lock: contextlib.AbstractContextManager[Any] | None = None) -> None:
        self.db, self.name = db, name
        self.lock = lock if lock is not None else threading.RLock()
        #: as the last :meth:`hold` found it
        self.held = False
        self._closed = False
        with self.lock, db.write():
            db.execute(_TABLE)

    def hold(self) -> bool:
        """Take the lease if it is free, keep it if it is ours: True while this holds it.

        :raises DatabaseUnavailable: the database cannot tell now (not held, then).
        """
        with self.lock:
            self.held = False
            if not self._closed:
                self.held = self._take()
            return self.held

    def release(self) -> None:
        """Let the lease go (another may take it; :meth:`hold` may take it again)."""
        with self.lock:
            if self.held:
                self.held = False
                self._free()

    def close(self) -> None:
        """Release for good: :meth:`hold` answers False from now on."""
        with self.lock:
            self._closed = True
            self.held = False
            self._free()

    def want(self) -> None:
        """Ask the holder to act soon (a short write)."""
        with self.lock, self.db.write():
            self.db.execute("INSERT INTO lease_requests (name, wanted) VALUES (?, 1)"
                            " ON CONFLICT (name) DO UPDATE SET"
                            " wanted = lease_requests.wanted + 1", (self.name,))

    def wanted(self) -> int:
        """How often others asked (:meth:`want`) so far: a change means "act"."""
        with self.lock:
            row = self.db.one("SELECT wanted FROM lease_requests WHERE name=?", (self.name,))
        return int(row[0]) if row is not None else 0

    @abc.abstractmethod
    def _take(self) -> bool:
        """Take or confirm the lease."""

    @abc.abstractmethod
    def _free(self) -> None:
        """Give the lease up if held (nothing when not)."""


class PgLease(Lease):
    """A session-level advisory lock on ``db``'s connection."""

    def __init__(self, db: Connection, name: str,
                 lock: contextlib.AbstractContextManager[Any] | None = None) -> None:
        super().__init__(db, name, lock)
        key = KEYS[name]
        # pg_locks shows a bigint key as classid (high half), objid (low half), objsubid 1
        self._ours = ("EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted"
                      " AND pid = pg_backend_pid() AND objsubid = 1"
                      f" AND classid = {key >> 32} AND objid = {key & 0xFFFF_FFFF})")
        self._key = key

    def _take(self) -> bool:
        # CASE evaluates in order: a session holding it never stacks a second hold
        return bool(self.db.one(f"SELECT CASE WHEN {self._ours} THEN true"
                                " ELSE pg_try_advisory_lock(?) END", (self._key,))[0])

    def _free(self) -> None:
        with contextlib.suppress(DatabaseUnavailable):  # a lost session released it already
            self.db.execute(f"SELECT pg_advisory_unlock(?) WHERE {self._ours}", (self._key,))


class FileLease(Lease):
    """An exclusive ``flock`` on ``path`` (a file beside the SQLite database)."""

    def __init__(self, db: Connection, name: str, path: Path,
                 lock: contextlib.AbstractContextManager[Any] | None = None) -> None:
        super().__init__(db, name, lock)
        self.path = path
        self._fd: int | None = None

    def _take(self) -> bool:
        if self._fd is not None:
            if self._names_ours(self._fd):
                return True
            self._free()  # the file was replaced: the lock on the old one guards nothing
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)  # not inherited (PEP 446)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        if not self._names_ours(fd):  # replaced between open and lock
            os.close(fd)
            return False
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd
        return True

    def _names_ours(self, fd: int) -> bool:
        try:
            return os.stat(self.path).st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            return False

    def _free(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the only descriptor releases the flock
            self._fd = None


def open_lease(db: Connection, name: str,
               lock: contextlib.AbstractContextManager[Any] | None = None) -> Lease | None:
    """The lease ``name`` of ``db``'s database, held on this connection (PostgreSQL) or on a
    lock file beside it (SQLite); None for a database in memory, which no other process
    shares.

    :raises ValueError: no lease has that name (:data:`KEYS`).
    """
    if name not in KEYS:
        raise ValueError(f"no lease named {name!r} (known: {', '.join(KEYS)})")
    if db.dialect == "postgresql":
        return PgLease(db, name, lock)
    from sync.db.sqlite import SqliteConnection

    if not isinstance(db, SqliteConnection) or db.path in ("", ":memory:"):
        return None
    return FileLease(db, name, Path(f"{db.path}-{name}.lease"), lock)
