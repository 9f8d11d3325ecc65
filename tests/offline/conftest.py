"""Fixtures for issue 6's ordering tests: the small ILS template and a real mosquitto."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sync.broker import Broker
from tests.offline import scenario


@pytest.fixture(scope="session")
def ils_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return scenario.seed(tmp_path_factory.mktemp("ils") / "template.db")


@pytest.fixture(scope="session")
def expected(ils_template: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple:
    """State and conflicts of applying every transaction once in event-time order."""
    path = scenario.copy_db(ils_template, tmp_path_factory.mktemp("oracle") / "oracle.db")
    return scenario.oracle(path)


@pytest.fixture(scope="module")
def broker() -> Iterator[Broker]:
    with Broker() as b:
        yield b
