"""The scanner runs on the FEIG fixtures (``tests/feig/conftest.py``): one simulated pad behind a
real pty, and the driver opened on it by URL, named here as the scanner tests call them."""

from __future__ import annotations

import pytest

from drivers.feig.reader import FeigReader
from hwsim.runner import RunningReader
from tests.feig.conftest import feig, feig_sim  # noqa: F401  (fixtures used below)


@pytest.fixture
def sim(feig_sim: RunningReader) -> RunningReader:  # noqa: F811  (the fixture, not the import)
    return feig_sim


@pytest.fixture
def reader(feig: FeigReader) -> FeigReader:  # noqa: F811  (the fixture, not the import)
    return feig
