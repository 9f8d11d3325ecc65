from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from drivers.feig.reader import FeigReader
from drivers.registry import open_reader
from hwsim.runner import RunningReader, start_serial_reader


@pytest.fixture
def sim(tmp_path: Path) -> Iterator[RunningReader]:
    running = start_serial_reader({"name": "pad", "protocol": "feig", "port": str(tmp_path / "ttyPAD")}, realistic=False)
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def reader(sim: RunningReader) -> Iterator[FeigReader]:
    r = open_reader(f"feig://{sim.port}?timeout=0.2&retries=1")
    assert isinstance(r, FeigReader)
    with r:
        yield r
