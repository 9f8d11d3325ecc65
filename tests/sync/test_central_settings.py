"""The typed ``[central]`` section (sync.centre.settings) and its ``[central.sip2]`` table
(sync.ils.sip2_settings): defaults in the model only, every key checked, and the centre's
wiring built from them."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from pydantic import ValidationError

from rfid_edge import config as configuration
from sync.centre import service
from sync.centre.settings import CentralSettings
from sync.errors import SyncError
from sync.ils.base import SortDestination
from sync.ils.sip2_adapter import SIP2Adapter
from sync.ils.sip2_settings import Sip2Settings

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "central.toml"


def test_the_example_documents_the_models_defaults() -> None:
    example = tomllib.loads(EXAMPLE.read_text())["central"]
    assert CentralSettings.from_section(example) == CentralSettings.from_section({})
    assert configuration.defaults()["central"] == CentralSettings().model_dump(
        mode="json", exclude_none=True)


@pytest.mark.parametrize("section", [{"ils": "koha"}, {"batch_size": 0}, {"brokerhost": "x"},
                                     {"broker_port": 70000}, {"sip2": {"host": "h"}},
                                     {"sip2": {"host": "h", "port": 1, "rescan": "again"}}])
def test_a_wrong_key_or_value_is_refused(section: dict) -> None:
    with pytest.raises(ValidationError):
        CentralSettings.from_section(section)


def test_paths_follow_the_ils(tmp_path: Path) -> None:
    reference = CentralSettings.from_section({})
    assert reference.ledger_file == reference.conflicts_file == "central/ils.db"
    sip2 = CentralSettings.from_section({"ils": "sip2", "sip2": {"host": "h", "port": 6001}})
    assert (sip2.ledger_file, sip2.conflicts_file) == ("central/ledger.db",
                                                       "central/conflicts.db")
    cfg = configuration.load(None, {"device": {"data_dir": str(tmp_path)},
                                    "central": {"ils": "sip2"}})
    with pytest.raises(SyncError, match=r"\[central.sip2\]"):
        service.open_ils(cfg)


def test_the_sip2_table_builds_the_adapter() -> None:
    settings = Sip2Settings.from_section({"host": "ils.example", "port": 6001, "user": "kiosk",
                                          "rescan": "keep", "pool_size": 1,
                                          "sort_bins": {"1": "hold_shelf"}})
    adapter = SIP2Adapter.from_config(settings)  # links open lazily: nothing connects here
    try:
        assert adapter.rescan == "keep"
        assert adapter.sort_bins == {"1": SortDestination.HOLD_SHELF}
        assert adapter.pool.size == 1
    finally:
        adapter.close()
