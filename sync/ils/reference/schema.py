"""The reference ILS's tables, as migrations (:class:`sync.db.Migrations`: applied when a
database is opened; each runs once per database). Written in SQLite's types; PostgreSQL gets
them translated (:func:`sync.db.sqltext.ddl`)."""

from __future__ import annotations

from sync.db import Connection, Migrations

migrations = Migrations("reference_ils")


@migrations()
def m001_tables(db: Connection) -> None:
    db.executescript("""
    CREATE TABLE branches (code TEXT PRIMARY KEY, name TEXT NOT NULL, isil TEXT NOT NULL);
    CREATE TABLE patron_types (code TEXT PRIMARY KEY, name TEXT NOT NULL,
        loan_limit INTEGER NOT NULL, fee_limit_cents INTEGER NOT NULL DEFAULT 10000);
    CREATE TABLE item_types (code TEXT PRIMARY KEY, name TEXT NOT NULL,
        circulates INTEGER NOT NULL DEFAULT 1);
    CREATE TABLE loan_rules (patron_type TEXT NOT NULL REFERENCES patron_types(code),
        item_type TEXT NOT NULL REFERENCES item_types(code), loan_days INTEGER NOT NULL,
        renewals INTEGER NOT NULL, fine_per_day_cents INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (patron_type, item_type));
    CREATE TABLE patrons (id TEXT PRIMARY KEY, name TEXT NOT NULL,
        type TEXT NOT NULL REFERENCES patron_types(code), home_branch TEXT NOT NULL,
        expires TEXT NOT NULL, blocked TEXT, pin_hash TEXT, language TEXT);
    CREATE TABLE items (id TEXT PRIMARY KEY, title TEXT NOT NULL, author TEXT,
        call_number TEXT, item_type TEXT NOT NULL REFERENCES item_types(code),
        owner TEXT NOT NULL, home_branch TEXT NOT NULL, current_branch TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'available', parts INTEGER NOT NULL DEFAULT 1);
    CREATE TABLE loans (id INTEGER PRIMARY KEY, item_id TEXT NOT NULL REFERENCES items(id),
        patron_id TEXT NOT NULL REFERENCES patrons(id), branch TEXT NOT NULL,
        issued TEXT NOT NULL, due TEXT NOT NULL, renewals INTEGER NOT NULL DEFAULT 0,
        returned TEXT, return_branch TEXT, txn_id TEXT);
    CREATE UNIQUE INDEX loans_current ON loans(item_id) WHERE returned IS NULL;
    CREATE INDEX loans_patron ON loans(patron_id, returned);
    CREATE TABLE holds (id INTEGER PRIMARY KEY, patron_id TEXT NOT NULL REFERENCES patrons(id),
        item_id TEXT NOT NULL REFERENCES items(id), pickup_branch TEXT NOT NULL,
        placed TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'waiting',
        ready_since TEXT, expires TEXT);
    CREATE INDEX holds_item ON holds(item_id, status);
    CREATE INDEX holds_patron ON holds(patron_id, status);
    CREATE TABLE fees (id INTEGER PRIMARY KEY, patron_id TEXT NOT NULL REFERENCES patrons(id),
        amount_cents INTEGER NOT NULL, paid_cents INTEGER NOT NULL DEFAULT 0,
        reason TEXT NOT NULL, item_id TEXT, created TEXT NOT NULL);
    CREATE INDEX fees_patron ON fees(patron_id);
    CREATE TABLE applied_txns (txn_id TEXT PRIMARY KEY, kind TEXT NOT NULL,
        result TEXT NOT NULL);
    """)


@migrations()
def m002_item_tags(db: Connection) -> None:
    """The tag UIDs of each item (one per part), from ``tag_programmed`` transactions."""
    db.executescript("""
    CREATE TABLE item_tags (uid TEXT PRIMARY KEY, item_id TEXT NOT NULL REFERENCES items(id),
        model TEXT NOT NULL, programmed TEXT NOT NULL);
    CREATE INDEX item_tags_item ON item_tags(item_id);
    """)


@migrations()
def m003_inventory(db: Connection) -> None:
    """Where and when inventory last saw each item, and what it found for staff to decide."""
    db.executescript("""
    ALTER TABLE items ADD COLUMN last_seen TEXT;
    ALTER TABLE items ADD COLUMN last_seen_location TEXT;
    CREATE TABLE inventory_notes (id INTEGER PRIMARY KEY, item_id TEXT NOT NULL,
        txn_id TEXT, branch TEXT NOT NULL, location TEXT NOT NULL, seen TEXT NOT NULL,
        note TEXT NOT NULL);
    CREATE INDEX inventory_notes_branch ON inventory_notes(branch, id);
    """)


@migrations()
def m004_inventory_passes(db: Connection) -> None:
    """Inventory passes (one sweep of a range) and the items each saw."""
    db.executescript("""
    CREATE TABLE inventory_passes (id TEXT PRIMARY KEY, branch TEXT NOT NULL,
        location TEXT NOT NULL, range_from TEXT, range_to TEXT, started TEXT NOT NULL,
        seen INTEGER NOT NULL DEFAULT 0, marked_missing INTEGER NOT NULL DEFAULT 0);
    CREATE INDEX inventory_passes_scope ON inventory_passes(branch, range_from, range_to,
        started);
    CREATE TABLE inventory_pass_items (id INTEGER PRIMARY KEY, pass_id TEXT NOT NULL,
        item_id TEXT NOT NULL, UNIQUE (pass_id, item_id));
    """)
