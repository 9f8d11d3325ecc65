"""The example configs (examples/kiosk.toml, examples/central.toml) load, use only keys the
code knows (no typos a reader would copy), and document every kiosk-side default."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from kiosk.settings import UiSettings
from kiosk.station import build_station
from rfid_edge import config as config_mod

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
#: [kiosk.ui] keys: its typed model's (the view reads them through it)
UI_KEYS = set(UiSettings.model_fields)


def keys(table: dict[str, Any], prefix: str = "") -> set[str]:
    out = set()
    for k, v in table.items():
        if isinstance(v, dict) and v:
            out |= keys(v, f"{prefix}{k}.")
        else:
            out.add(f"{prefix}{k}")
    return out


@pytest.mark.parametrize("name", ["kiosk.toml", "central.toml"])
def test_example_uses_only_known_keys(name):
    example = tomllib.loads((EXAMPLES / name).read_text())
    known = keys(config_mod.DEFAULTS)
    unknown = {k for k in keys(example) if k not in known and not k.startswith("kiosk.staff")
               and not (k.startswith("kiosk.ui.") and k.split(".")[2] in UI_KEYS)}
    assert unknown == set()


def test_kiosk_example_documents_every_ui_key():
    """show_patron_name and branch_names included (issue 17: a site must find them)."""
    ui = tomllib.loads((EXAMPLES / "kiosk.toml").read_text())["kiosk"]["ui"]
    assert set(ui) == UI_KEYS
    assert UiSettings.from_section(ui).branch_names["TPML-BT"] == "北投分館"


def test_kiosk_example_documents_every_kiosk_default_and_builds():
    example = keys(tomllib.loads((EXAMPLES / "kiosk.toml").read_text()))
    for section in ("device", "security", "pcsc", "kiosk"):  # the kiosk's own sections
        missing = {k for k in keys({section: config_mod.DEFAULTS[section]}) if k not in example
                   and k != "kiosk.staff"}
        assert missing == set(), section
    config = config_mod.load(EXAMPLES / "kiosk.toml")
    assert config["kiosk"]["pad_url"].startswith("feig://")
    station = build_station(config)  # checked, not started: no hardware here
    assert station.uplink_mode == "thread" and station.core is None
