"""PostgreSQL fixtures for every test area (a pytest plugin registered by tests/conftest.py).

``pg_server`` is one private cluster for the whole session (starting one costs about a second);
``pg_dsn`` gives each test a database of its own on it, dropped afterwards, so tests stay
independent without a cluster each. fsync is off: these tests crash PostgreSQL, not the machine.
"""

from __future__ import annotations

import itertools
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from sync.pgserver import PgServer

_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """One PostgreSQL cluster on a free port in a temporary directory, stopped at the end."""
    root = Path(tempfile.mkdtemp(prefix="rfid-edge-pg-"))
    server = PgServer(root, fsync=False).start()
    yield server
    server.stop("immediate")
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def pg_dsn(pg_server: PgServer) -> Iterator[str]:
    """The DSN of a fresh, empty database for this test, dropped after it."""
    name = f"test_{next(_numbers)}"
    dsn = pg_server.create_database(name)
    yield dsn
    if pg_server.is_running:
        pg_server.drop_database(name)
