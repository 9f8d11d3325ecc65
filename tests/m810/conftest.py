"""Fixtures for the 3M 810 tests: a simulated 3M 810 behind a real pty, and the driver on it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import serial

from drivers.m810.reader import M810Reader
from drivers.registry import open_reader
from hwsim.runner import RunningReader
from tests.m810.helpers import start_sim


@pytest.fixture
def sim(tmp_path: Path) -> Iterator[RunningReader]:
    """An instant-mode 3M 810 emulator; its pty path must be gone after the test."""
    reader = start_sim(tmp_path)
    yield reader
    reader.stop()
    assert not os.path.exists(reader.port), "pty leaked"


@pytest.fixture
def m810(sim: RunningReader) -> Iterator[M810Reader]:
    """The driver opened by URL on the emulator; short timeouts so fault tests stay fast."""
    reader = open_reader(f"m810://{sim.port}?timeout=0.3&retries=2")
    assert isinstance(reader, M810Reader)
    with reader:
        yield reader


@pytest.fixture
def raw(sim: RunningReader) -> Iterator[serial.Serial]:
    """The emulator's port opened with plain pyserial, for hand-built frames."""
    with serial.serial_for_url(sim.port, baudrate=19200, timeout=1) as port:
        yield port
