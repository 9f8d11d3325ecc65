"""rfid_edge.config: overrides > the file (--config, else $RFID_EDGE_CONFIG) > defaults, and
each section's defaults taken once, from its owner's settings model."""

from __future__ import annotations

from pathlib import Path

import pytest

from rfid_edge import config, settings_registry
from rfid_edge.config_problems import from_validation_error
from tests.cli.conftest import write


def test_overrides_over_file_over_defaults(tmp_path: Path) -> None:
    conf = write(tmp_path / "k.toml", '[device]\nid = "kiosk-07"\nbranch = "TPML-BT"\n')
    got = config.load(conf, {"device": {"branch": "TPML-XY"}})
    assert got["device"] == {"id": "kiosk-07", "branch": "TPML-XY", "library_isil": "TW-TPML",
                             "data_dir": "var"}
    assert got["security"]["afi_on_loan"] == 0xC2 and got["sync"]["broker_port"] == 1883


def test_environment_names_the_file_unless_given(tmp_path: Path, monkeypatch) -> None:
    env = write(tmp_path / "env.toml", '[device]\nid = "from-env"\n')
    arg = write(tmp_path / "arg.toml", '[device]\nid = "from-arg"\n')
    monkeypatch.setenv("RFID_EDGE_CONFIG", str(env))
    assert config.load()["device"]["id"] == "from-env"
    assert config.load(arg)["device"]["id"] == "from-arg"


def test_checked_load_raises_every_problem(tmp_path: Path) -> None:
    conf = write(tmp_path / "k.toml", '[device]\nid = ""\n[kiosk.wedge]\n[bogus]\n')
    with pytest.raises(config.ConfigError) as caught:
        config.load(conf, checked=True)
    assert [(p.section, p.key) for p in caught.value.problems] == [("device", "id"),
                                                                   ("bogus", "")]
    assert config.load(conf)["device"]["id"] == ""  # unchecked: layering only


def test_overrides_are_checked_with_the_file(tmp_path: Path) -> None:
    conf = write(tmp_path / "k.toml", "[security]\nuse_eas = true\n")
    with pytest.raises(config.ConfigError, match=r"\[security\] afi_on_loan: 256"):
        config.load(conf, {"security": {"afi_on_loan": 256}}, checked=True)


def test_defaults_live_once() -> None:
    """A section with a model has no second set of defaults here, and its defaults as a
    TOML table are what its model accepts (same keys, same shape)."""
    modelled = [name for name in settings_registry.SECTIONS if settings_registry.model(name)]
    assert {"device", "security", "pcsc", "kiosk.wedge"} <= set(modelled)
    assert config._UNMODELLED == {}
    defaults = config.defaults()
    for name in modelled:
        table, unmodelled = defaults, config._UNMODELLED
        for part in name.split("."):
            table, unmodelled = table[part], unmodelled.get(part, {})
        assert unmodelled == {}, name
        model = settings_registry.model(name)
        assert model.from_section(table) == model.from_section({}), name
    assert defaults == config.DEFAULTS and config.DEFAULTS is not config.DEFAULTS


def test_every_registered_model_is_a_frozen_strict_section() -> None:
    for name in settings_registry.SECTIONS:
        model = settings_registry.model(name)
        if model is None:
            continue
        assert model.model_config.get("frozen") is True, name
        assert model.model_config.get("extra") == "forbid", name
        assert callable(model.from_section), name


def test_nested_tables_and_literals_are_named_as_written() -> None:
    """Errors deep in a section name the sub-table ([kiosk.fastbook] slots) and literal
    errors list the allowed values (the station types)."""
    from typing import Literal

    from pydantic import BaseModel, ConfigDict, Field, ValidationError

    class Box(BaseModel):
        model_config = ConfigDict(extra="forbid")
        slots: int = Field(24, ge=1)

    class Kiosk(BaseModel):
        model_config = ConfigDict(extra="forbid")
        station: Literal["self_checkout", "self_return"] = "self_checkout"
        sources: list[str] = []
        fastbook: Box = Box()

    table = {"station": "selfcheck", "sources": ["ndef", 3],
             "fastbook": {"slots": 0, "slot": 2}}
    with pytest.raises(ValidationError) as caught:
        Kiosk.model_validate(table)
    lines = [str(p) for p in from_validation_error("k.toml", "kiosk", table, Kiosk,
                                                   caught.value.errors())]
    assert lines == [
        "k.toml: [kiosk] station: \"selfcheck\" is not allowed "
        "(should be 'self_checkout' or 'self_return')",
        "k.toml: [kiosk] sources[1]: 3 is not allowed (should be a valid string)",
        "k.toml: [kiosk.fastbook] slots: 0 is not allowed (should be greater than or equal to 1)",
        "k.toml: [kiosk.fastbook] slot: unknown key (did you mean slots?)",
    ]


def test_a_rule_outside_pydantic_is_one_line_too(monkeypatch) -> None:
    """A model whose from_section raises a plain ValueError still gives one line, not a crash."""

    class Picky:
        @classmethod
        def from_section(cls, section):
            raise ValueError("sources must be a non-empty subset of ('ndef', 'uid')")

    real = settings_registry.model
    monkeypatch.setattr(settings_registry, "model",
                        lambda name: Picky if name == "pcsc" else real(name))
    problems = config.check({"pcsc": {"sources": []}}, "k.toml")
    assert [str(p) for p in problems] == [
        "k.toml: [pcsc]: sources must be a non-empty subset of ('ndef', 'uid')"]
