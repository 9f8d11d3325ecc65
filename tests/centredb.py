"""One test suite on both of the centre's back ends (a pytest plugin registered by
tests/conftest.py).

A module marked ``pytest.mark.backends`` runs every test that uses the ``centre_db`` fixture
twice: on SQLite files and on PostgreSQL databases (on the session's ``pg_server``). Elsewhere
``centre_db`` is SQLite only. A test asks ``centre_db`` for a database by name (a fresh one, or a
copy of a template) and gets what ``ReferenceILS``, ``Ledger`` and ``ConflictStore`` open: a path
or a DSN.
"""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

BACKENDS = ("sqlite", "postgresql")

_numbers = itertools.count(1)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "backends: run centre_db tests on SQLite and PostgreSQL")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if ("centre_db" in metafunc.fixturenames
            and metafunc.definition.get_closest_marker("backends") is not None):
        metafunc.parametrize("centre_db", BACKENDS, indirect=True)


class PgTemplate:
    """A PostgreSQL database to copy (``CREATE DATABASE … TEMPLATE``: the SQLite tests copy a
    seeded file). Nobody may be connected to it while it is copied."""

    def __init__(self, server: object, name: str) -> None:
        self.server = server
        self.name = name

    def copy(self, stem: str = "ils") -> str:
        """A new database holding what the template holds; its DSN."""
        db = f"c{next(_numbers)}_{stem.lower()}"
        with psycopg.connect(self.server.dsn(), autocommit=True) as conn:  # type: ignore[attr-defined]
            conn.execute(sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                sql.Identifier(db), sql.Identifier(self.name)))
        return self.server.dsn(db)  # type: ignore[attr-defined]


class CentreDB:
    """Databases of one back end for one test (PostgreSQL ones dropped after it)."""

    def __init__(self, backend: str, root: Path, server: object | None) -> None:
        self.backend = backend
        self.root = root
        self.server = server
        self._made: dict[str, str | Path] = {}
        self._names: list[str] = []

    @property
    def postgres(self) -> bool:
        return self.backend == "postgresql"

    def target(self, name: str = "ils") -> str | Path:
        """The database ``name`` (made empty on first use): a path or a DSN."""
        if name not in self._made:
            if self.postgres:
                db = self._new_name(name)
                self._made[name] = self.server.create_database(db)  # type: ignore[union-attr]
                self._names.append(db)
            else:
                self.root.mkdir(parents=True, exist_ok=True)
                self._made[name] = self.root / f"{name}.db"
        return self._made[name]

    def copy(self, template: str | Path, name: str = "ils") -> str | Path:
        """A new database ``name`` holding what ``template`` (of this back end) holds."""
        if self.postgres:
            db = self._new_name(name)
            with psycopg.connect(self.server.dsn(), autocommit=True) as conn:  # type: ignore[union-attr]
                conn.execute(sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                    sql.Identifier(db), sql.Identifier(str(template).rsplit("/", 1)[1])))
            self._names.append(db)
            self._made[name] = self.server.dsn(db)  # type: ignore[union-attr]
        else:
            self.root.mkdir(parents=True, exist_ok=True)
            dest = self.root / f"{name}.db"
            shutil.copyfile(template, dest)
            self._made[name] = dest
        return self._made[name]

    def _new_name(self, name: str) -> str:
        return f"c{next(_numbers)}_{name.lower()}"

    def drop(self) -> None:
        for db in self._names:
            if self.server is not None and self.server.is_running:  # type: ignore[attr-defined]
                self.server.drop_database(db)  # type: ignore[attr-defined]


@pytest.fixture
def centre_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[CentreDB]:
    """The centre's back end for this test: SQLite, or (``backends`` modules) each in turn."""
    backend = getattr(request, "param", "sqlite")
    server = request.getfixturevalue("pg_server") if backend == "postgresql" else None
    db = CentreDB(backend, tmp_path / "central", server)
    yield db
    db.drop()
