"""The batch journal: a cart's queue and what was written, on disk (SQLite), so a batch resumes
after a crash without writing any tag twice.

Two tables. ``items``: the queue in order, each ``pending`` until it is ``done``, ``skipped``
(refused: no tag, a foreign tag) or ``failed``. ``tags``: every tag the batch began to write,
recorded (and committed) *before* the first write command goes out, with the image planned for
it, and marked ``done`` once verified. On resume, a tag recorded for an item is read before it is
written (:class:`~inventory_scanner.programming.session.ItemSession` ``resumed``): holding its
image already, it is not written again; and a tag recorded for another item is refused.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

__all__ = ["BatchJournal", "JournalItem"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS items (pos INTEGER PRIMARY KEY, item_id TEXT NOT NULL UNIQUE,
    parts INTEGER, state TEXT NOT NULL DEFAULT 'pending', reason TEXT,
    detail TEXT, updated REAL);
CREATE TABLE IF NOT EXISTS tags (uid TEXT PRIMARY KEY, item_id TEXT NOT NULL,
    part INTEGER NOT NULL, image TEXT NOT NULL, state TEXT NOT NULL DEFAULT 'writing',
    updated REAL);
"""

STATES = ("pending", "done", "skipped", "failed")


@dataclass(frozen=True, kw_only=True)
class JournalItem:
    item_id: str
    parts: int | None  # None: as the centre says
    state: str
    reason: str | None = None
    detail: dict[str, Any] | None = None


class BatchJournal:
    """One batch's journal file. Every change is committed at once; only :meth:`writing` waits
    for the disk (``synchronous=FULL``), because only its record must outlive a power cut: the
    others (queue, ``done`` marks) survive a crash of the program, and losing them to a power
    cut costs a re-check, never a second write — a tag still marked ``writing`` is read before
    it is written. One disk flush per tag instead of three; the flush also carries the commits
    before it (the WAL is written in order)."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = str(path)
        self.conn = sqlite3.connect(self.path, isolation_level=None)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.executescript(_SCHEMA)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> BatchJournal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the queue ---------------------------------------------------------------------------
    def add(self, items: Iterable[tuple[str, int | None]]) -> int:
        """Queue ``(item id, parts)`` pairs (parts None: as the centre says) not queued yet (a restart adds none again); returns
        how many were new."""
        with self.conn:
            before = self.conn.total_changes
            self.conn.executemany("INSERT OR IGNORE INTO items (item_id, parts, updated)"
                                  " VALUES (?, ?, ?)",
                                  [(i, p, time.time()) for i, p in items])
            return self.conn.total_changes - before

    def items(self, state: str | None = None) -> list[JournalItem]:
        sql = "SELECT item_id, parts, state, reason, detail FROM items"
        rows = self.conn.execute(sql + (" WHERE state=?" if state else "") + " ORDER BY pos",
                                 (state,) if state else ()).fetchall()
        return [JournalItem(item_id=r[0], parts=r[1], state=r[2], reason=r[3],
                            detail=json.loads(r[4]) if r[4] else None) for r in rows]

    def finish(self, item_id: str, state: str, *, reason: str | None = None,
               detail: dict[str, Any] | None = None) -> None:
        if state not in STATES[1:]:
            raise ValueError(f"state must be one of {STATES[1:]}")
        self.conn.execute("UPDATE items SET state=?, reason=?, detail=?, updated=? WHERE item_id=?",
                          (state, reason, json.dumps(detail) if detail else None, time.time(),
                           item_id))

    def requeue(self, states: tuple[str, ...] = ("skipped", "failed")) -> int:
        """Make the items in ``states`` pending again (staff fixed the cause: placed the tag,
        confirmed a re-tag); returns how many."""
        marks = ", ".join("?" * len(states))
        with self.conn:
            return self.conn.execute(f"UPDATE items SET state='pending', reason=NULL, detail=NULL"
                                     f" WHERE state IN ({marks})", states).rowcount

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(STATES, 0)
        for state, n in self.conn.execute("SELECT state, count(*) FROM items GROUP BY state"):
            out[state] = n
        return out

    # -- the tags ----------------------------------------------------------------------------
    def tags(self) -> dict[str, tuple[str, int]]:
        """UID → (item id, part) of every tag this batch began to write."""
        return {r[0]: (r[1], r[2]) for r in self.conn.execute(
            "SELECT uid, item_id, part FROM tags")}

    def tags_of(self, item_id: str) -> dict[str, str]:
        """UID → state (``writing``/``done``) of the tags begun for ``item_id``."""
        return dict(self.conn.execute("SELECT uid, state FROM tags WHERE item_id=?", (item_id,)))

    def writing(self, uid: str, item_id: str, part: int, image: bytes) -> None:
        """Record, before the first write command, that ``uid`` gets ``image`` — on the disk
        when this returns."""
        self.conn.execute("PRAGMA synchronous=FULL")
        try:
            self.conn.execute("INSERT INTO tags (uid, item_id, part, image, updated) VALUES"
                              " (?, ?, ?, ?, ?) ON CONFLICT(uid) DO UPDATE SET"
                              " item_id=excluded.item_id, part=excluded.part, image=excluded.image,"
                              " state='writing', updated=excluded.updated",
                              (uid, item_id, part, image.hex().upper(), time.time()))
        finally:
            self.conn.execute("PRAGMA synchronous=NORMAL")

    def tag_done(self, uid: str) -> None:
        self.conn.execute("UPDATE tags SET state='done', updated=? WHERE uid=?",
                          (time.time(), uid))
