"""Programming-station fixtures: the FEIG emulator behind a real pty (``tests/feig``), blank
tags to place on it, and a station on the driver opened by URL."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from drivers.feig.reader import FeigReader
from hwsim.iso15693.tag import Iso15693Tag
from hwsim.runner import RunningReader
from inventory_scanner.programming.settings import ProgrammingSettings
from inventory_scanner.programming.station import Station
from tests.feig.conftest import feig, feig_sim  # noqa: F401  (fixtures used below)


def blank(n: int) -> Iso15693Tag:
    """A factory-blank ICODE SLIX (28 blocks of zeros, AFI 00)."""
    return Iso15693Tag(f"E0040100{0x10000000 + n:08X}")


@pytest.fixture
def sim(feig_sim: RunningReader) -> RunningReader:  # noqa: F811  (the fixture, not the import)
    return feig_sim


@pytest.fixture
def reader(feig: FeigReader) -> FeigReader:  # noqa: F811
    return feig


@pytest.fixture
def make_station(reader: FeigReader) -> Callable[..., Station]:
    """A station on the pty reader; ``events`` collects what it emits."""

    def make(*, model: str = "iso28560-3", events: list[dict[str, Any]] | None = None,
             **kw: Any) -> Station:
        settings = ProgrammingSettings(model=model, settle_s=0.0, place_timeout_s=2.0,
                                       **kw.pop("settings", {}))
        sink = events.append if events is not None else kw.pop("emit", None)
        return Station(reader, settings=settings, owner=kw.pop("owner", "TW-TPML"), emit=sink,
                       **kw)

    return make
