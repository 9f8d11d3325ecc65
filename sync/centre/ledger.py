"""The centre's ledger: what it has processed (de-duplication, the stored replies) and what it
could not accept (dead letters).

In a file of its own, or (:meth:`Ledger.inside`) in the database of an ILS with an undo log
(the reference ILS): then the batch component records a batch in the ILS's own transaction, so
a batch costs one commit (one fsync), and the record and the change it describes are durable
together or not at all. A ledger in a file of its own commits after the ILS; a crash between
the two is covered by the applier's ``txn_id`` memory (the journal, or the adapter's own).
"""

from __future__ import annotations

import contextlib
import os
import threading
from typing import Any

from sync.db import Connection, Migrations, open_db
from sync.ils.undo import UndoLogILS

migrations = Migrations("bridge")

#: a dead letter keeps at most this much of what arrived (a device cannot fill the disk)
DEAD_LETTER_MAX_BYTES = 64 * 1024


@migrations()
def m001_ledger(db: Connection) -> None:
    db.executescript("""
    CREATE TABLE processed (txn_id TEXT PRIMARY KEY, device_id TEXT NOT NULL,
        seq INTEGER NOT NULL, type TEXT NOT NULL, branch TEXT, wall_time TEXT, offline INTEGER,
        status TEXT NOT NULL, outcome TEXT, reason TEXT, message TEXT NOT NULL,
        reply TEXT NOT NULL, received_at REAL NOT NULL);
    CREATE INDEX processed_device ON processed(device_id, seq);
    CREATE INDEX processed_type_time ON processed(type, wall_time);
    CREATE TABLE dead_letter (id INTEGER PRIMARY KEY, received_at REAL NOT NULL,
        topic TEXT NOT NULL, correlation TEXT, reason TEXT NOT NULL, body BLOB NOT NULL);
    """)


@migrations()
def m002_lean_ledger(db: Connection) -> None:
    # every insert paid for two indexes nothing reads (statistics read the whole table)
    db.executescript("DROP INDEX IF EXISTS processed_device;"
                     " DROP INDEX IF EXISTS processed_type_time;")


class Ledger:
    """Processed transactions and dead letters.

    :param path: the ledger's own file, or a PostgreSQL connection string.
    :param durable: every commit durable before it returns.
    """

    #: True when the ledger lives on the ILS's connection (:meth:`inside`)
    shared = False

    def __init__(self, path: str | os.PathLike[str], *, durable: bool = True) -> None:
        # its txn_id index grows at random: more cache, fewer checkpoints (as the ILS)
        self.db: Connection = open_db(path, durable=durable, cache_kib=32768)
        self._lock: threading.Lock | threading.RLock = threading.Lock()
        with self._lock:
            migrations.apply(self.db)

    @classmethod
    def inside(cls, ils: UndoLogILS) -> Ledger:
        """The ledger in ``ils``'s own database, on its connection and its lock."""
        self = cls.__new__(cls)
        self.db, self._lock, self.shared = ils.db, ils.lock, True
        with self._lock:
            migrations.apply(self.db)
        return self

    def replies(self, txn_ids: list[str]) -> dict[str, tuple[str, str]]:
        """The device and the stored reply (JSON text) of the transactions already processed,
        by id."""
        out: dict[str, tuple[str, str]] = {}
        with self._lock:
            for i in range(0, len(txn_ids), 500):
                chunk = txn_ids[i:i + 500]
                marks = ",".join("?" * len(chunk))
                for txn_id, device, reply in self.db.execute(
                        f"SELECT txn_id, device_id, reply FROM processed"
                        f" WHERE txn_id IN ({marks})", chunk):
                    out[txn_id] = (device, reply)
        return out

    def record(self, rows: list[tuple], dead: list[tuple]) -> None:
        """Store processed transactions and dead letters (``(received_at, topic, correlation,
        reason, body)``, the body cut to :data:`DEAD_LETTER_MAX_BYTES`): in the caller's
        transaction when the ledger is :meth:`inside` the ILS and one is open, else in a commit
        of its own."""
        joined = self.shared and self.db.in_transaction
        with self._lock, (contextlib.nullcontext() if joined else self.db.write()):
            self.db.executemany(
                "INSERT INTO processed (txn_id, device_id, seq, type, branch,"
                " wall_time, offline, status, outcome, reason, message, reply, received_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", rows)
            self.db.executemany(
                "INSERT INTO dead_letter (received_at, topic, correlation, reason, body)"
                " VALUES (?, ?, ?, ?, ?)",
                [(*d[:4], bytes(d[4][:DEAD_LETTER_MAX_BYTES])) for d in dead])

    def count(self, table: str = "processed") -> int:
        with self._lock:
            return self.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]

    def dead_letters(self) -> list[dict[str, Any]]:
        with self._lock:
            return self.db.all("SELECT * FROM dead_letter ORDER BY id")

    def close(self) -> None:
        if not self.shared:  # else the ILS owns the connection
            self.db.close()
