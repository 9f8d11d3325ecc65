"""Fixtures for issue 6's ordering tests: the small ILS template and a real mosquitto."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sync.broker import Broker
from tests.centredb import CentreDB, PgTemplate
from tests.offline import scenario


@pytest.fixture(scope="session")
def ils_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return scenario.seed(tmp_path_factory.mktemp("ils") / "template.db")


@pytest.fixture(scope="session")
def pg_ils_template(pg_server) -> PgTemplate:
    """The small ILS in a PostgreSQL database, to copy."""
    scenario.seed(pg_server.create_database("offline_template"))
    return PgTemplate(pg_server, "offline_template")


@pytest.fixture
def template(centre_db: CentreDB, ils_template: Path,
             request: pytest.FixtureRequest) -> Path | PgTemplate:
    """The small ILS on this test's back end (``backends`` modules: both in turn)."""
    if centre_db.postgres:
        return request.getfixturevalue("pg_ils_template")
    return ils_template


@pytest.fixture(scope="session")
def expected(ils_template: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple:
    """State and conflicts of applying every transaction once in event-time order."""
    path = scenario.copy_db(ils_template, tmp_path_factory.mktemp("oracle") / "oracle.db")
    return scenario.oracle(path)


@pytest.fixture(scope="module")
def broker() -> Iterator[Broker]:
    with Broker() as b:
        yield b
