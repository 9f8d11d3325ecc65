"""FEIG fixtures: an emulated ISC reader behind a real pty, and a driver opened by URL."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from drivers.feig.reader import FeigReader
from drivers.registry import open_reader
from hwsim.runner import RunningReader, start_serial_reader


@pytest.fixture
def feig_sim(tmp_path: Path) -> Iterator[RunningReader]:
    """An instant-mode FEIG emulator; its pty path must be gone after the test."""
    sim = start_serial_reader({"name": "feig", "protocol": "feig", "port": str(tmp_path / "ttyFEIG")}, realistic=False)
    try:
        yield sim
    finally:
        sim.stop()
    assert not os.path.exists(sim.port), "pty leaked"


@pytest.fixture
def feig(feig_sim: RunningReader) -> Iterator[FeigReader]:
    reader = open_reader(f"feig://{feig_sim.port}?timeout=0.3&retries=2")
    assert isinstance(reader, FeigReader)
    with reader:
        yield reader
