"""The 3M 810 driver passes the common Reader contract on the 3M 810 emulator, through a real pty."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from drivers.m810.reader import M810Reader
from hwsim.field import Field
from hwsim.runner import RunningReader
from tests.contract.base import ReaderContract


class TestM810Contract(ReaderContract):
    max_tags = 36

    @pytest.fixture
    def reader_and_field(self, m810: M810Reader, sim: RunningReader) -> Iterator[tuple[M810Reader, Field]]:
        assert sim.field is not None
        yield m810, sim.field
