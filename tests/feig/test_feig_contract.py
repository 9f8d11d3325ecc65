"""The FEIG driver passes the common Reader contract through a real pty."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from drivers.feig.reader import FeigReader
from hwsim.field import Field
from hwsim.runner import RunningReader
from tests.contract.base import ReaderContract


class TestFeigContract(ReaderContract):
    max_tags = 32

    @pytest.fixture
    def reader_and_field(self, feig: FeigReader, feig_sim: RunningReader) -> Iterator[tuple[FeigReader, Field]]:
        assert feig_sim.field is not None
        yield feig, feig_sim.field
