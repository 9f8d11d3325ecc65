"""The sequencer's journal: every circulation transaction the centre took, with its order key,
whether it is applied now and its result; and (over an ILS with an undo log) the undo log of
each applied transaction.

Tables: ``seq_journal`` (one row per transaction), ``seq_undo`` (inverse SQL by journal id),
``seq_meta`` (the compaction horizon). Over the reference ILS they live in the ILS's own
database and commit with its changes; over other adapters in the conflict store's database,
where a row not applied yet is a claim (:mod:`sync.centre.inorder`) naming its ``claimant``.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sync import schema
from sync.db import Connection
from sync.ils.base import CheckinResult, CheckoutResult, FeePaidResult, RenewResult, Result

_TABLES = """
CREATE TABLE IF NOT EXISTS seq_journal (txn_id TEXT PRIMARY KEY, okey TEXT NOT NULL UNIQUE,
    type TEXT NOT NULL, message TEXT NOT NULL, applied INTEGER NOT NULL DEFAULT 0,
    outcome TEXT, reason TEXT, result TEXT, journalled_at REAL NOT NULL, touch TEXT,
    jid INTEGER, claimant TEXT);
CREATE TABLE IF NOT EXISTS seq_undo (id INTEGER PRIMARY KEY, txn_id TEXT NOT NULL,
    stmt TEXT NOT NULL, jid INTEGER);
CREATE TABLE IF NOT EXISTS seq_ctx (one INTEGER PRIMARY KEY CHECK (one = 1), txn_id TEXT);
INSERT INTO seq_ctx (one, txn_id) VALUES (1, NULL) ON CONFLICT DO NOTHING;
CREATE TABLE IF NOT EXISTS seq_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
"""

#: the undo log's indexes: by journal id (ascending as transactions arrive, so appending is
#: cheap — an index on the random txn ids made every commit rewrite pages all over it), and by
#: txn_id only for rows logged before journal ids existed; the journal's pending rows (few) have
#: their own partial index, applied ones are found through the order key's
_INDEXES = """
DROP INDEX IF EXISTS seq_journal_applied;
CREATE INDEX IF NOT EXISTS seq_journal_pending ON seq_journal(okey) WHERE applied=0;
CREATE UNIQUE INDEX IF NOT EXISTS seq_journal_jid ON seq_journal(jid);
CREATE INDEX IF NOT EXISTS seq_undo_jid ON seq_undo(jid);
DROP INDEX IF EXISTS seq_undo_txn;
CREATE INDEX IF NOT EXISTS seq_undo_legacy ON seq_undo(txn_id) WHERE jid IS NULL;
"""

_RESULT_TYPES: dict[str, type[Result]] = {
    "checkout": CheckoutResult, "hold_pickup": CheckoutResult, "checkin": CheckinResult,
    "renew": RenewResult, "fee_paid": FeePaidResult}

#: above every order key
TOP = "\uffff"


def undo_ids(journal_rows: str, dialect: str = "sqlite") -> str:
    """SQL selecting the ids of the undo rows of the journal rows matching ``journal_rows``
    (by journal id; rows logged before journal ids by txn_id — on SQLite through their partial
    index, which its planner does not pick by itself)."""
    hint = " INDEXED BY seq_undo_legacy" if dialect == "sqlite" else ""
    return (f"SELECT id FROM seq_undo WHERE jid IN (SELECT jid FROM seq_journal"
            f" WHERE {journal_rows}) UNION ALL SELECT id FROM seq_undo{hint}"
            f" WHERE jid IS NULL"
            f" AND txn_id IN (SELECT txn_id FROM seq_journal WHERE {journal_rows})")


def result_json(result: Result | None) -> tuple[dict[str, Any], str] | None:
    """A result as its JSON dict (the bridge's reply carries it) and the text the journal
    keeps."""
    if result is None:
        return None
    data = schema.to_json(result)
    return data, schema.encode(data).decode()


def message_text(msg: dict[str, Any]) -> str:
    """The journal's copy of a message: in the one encoding both ends write (so what an edge
    sent, byte for byte, unless the clock correction changed it)."""
    return schema.encode(msg).decode()


def cutoff_key(before: dt.datetime) -> str:
    """The order-key prefix of an instant: keys below it are older."""
    return before.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")


class Journal:
    """The journal tables on ``conn`` (created, and upgraded from older layouts, at once)."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        conn.executescript(_TABLES)
        for table, column, kind in (("seq_journal", "touch", "TEXT"),
                                    ("seq_journal", "jid", "INTEGER"),
                                    ("seq_undo", "jid", "INTEGER"),
                                    ("seq_journal", "claimant", "TEXT")):  # made before them
            if column not in conn.columns(table):
                try:
                    conn.executescript(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")
                except Exception:
                    if column not in conn.columns(table):  # (else another bridge added it)
                        raise
        conn.executescript(_INDEXES)
        conn.commit()

    def journalled(self, txn_ids: list[str], *,
                   applied: bool = False) -> dict[str, tuple[str, str | None]]:
        """``{txn_id: (type, result)}`` of those already in the journal (``applied``: only
        those applied now)."""
        return {txn_id: (kind, result) for txn_id, kind, result in self.rows(
            "type, result", txn_ids, " AND applied=1" if applied else "").values()}

    def rows(self, columns: str, txn_ids: list[str], where: str = "") -> dict[str, Any]:
        """The journal's rows of ``txn_ids`` (``where``: more conditions), by id:
        ``(txn_id, *columns)``; asked for 500 at a time (a statement's parameters are few)."""
        out: dict[str, Any] = {}
        for i in range(0, len(txn_ids), 500):
            chunk = txn_ids[i:i + 500]
            out.update((r[0], r) for r in self.conn.execute(
                f"SELECT txn_id, {columns} FROM seq_journal"
                f" WHERE txn_id IN ({','.join('?' * len(chunk))}){where}", chunk))
        return out

    @staticmethod
    def load_result(kind: str, text: str | None) -> Result | None:
        if text is None:
            return None
        return schema.from_json(_RESULT_TYPES[kind], json.loads(text))

    def newest_applied(self) -> str | None:
        row = self.conn.execute("SELECT okey FROM seq_journal WHERE applied=1"
                                " ORDER BY okey DESC LIMIT 1").fetchone()
        return row[0] if row else None

    @property
    def horizon(self) -> str | None:
        """Order keys below this were compacted: no rebase reaches them."""
        row = self.conn.execute("SELECT value FROM seq_meta WHERE name='horizon'").fetchone()
        return row[0] if row else None

    def raise_horizon(self, cutoff: str) -> None:
        if cutoff > (self.horizon or ""):
            self.conn.execute("INSERT INTO seq_meta (name, value) VALUES ('horizon', ?)"
                              " ON CONFLICT (name) DO UPDATE SET value=excluded.value",
                              (cutoff,))
