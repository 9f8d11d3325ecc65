"""kiosk.settings: the [kiosk] section typed, its defaults in one place (issue 13)."""

from __future__ import annotations

import pydantic
import pytest

from kiosk.settings import KioskSettings, StationSettings
from rfid_edge import config as config_mod


def test_the_config_defaults_are_the_models_defaults() -> None:
    kiosk = config_mod.load(None)["kiosk"]
    assert kiosk == KioskSettings().defaults_section()
    assert "ui" not in kiosk  # None values ("the view decides") are not TOML
    assert KioskSettings.from_section(kiosk) == KioskSettings()


def test_a_file_overrides_keys_and_nested_sections(tmp_path) -> None:
    path = tmp_path / "k.toml"
    path.write_text('[kiosk]\nstation = "combined"\nidle_timeout_s = 1.5\n'
                    '[kiosk.fastbook]\nstation_quota = 1\n[kiosk.ui]\nfullscreen = true\n'
                    'show_patron_name = "none"\n[kiosk.ui.branch_names]\nTPML-MAIN = "總館"\n'
                    '[security]\nafi_on_loan = 0xDA\n')
    s = StationSettings.from_config(config_mod.load(path))
    assert s.kiosk.station == "combined" and s.kiosk.idle_timeout_s == 1.5
    assert s.kiosk.fastbook.station_quota == 1 and s.kiosk.fastbook.slots == 24
    assert s.kiosk.ui.fullscreen is True and s.kiosk.ui.speech is True
    assert s.kiosk.ui.show_patron_name == "none" and s.kiosk.ui.branch_names == {"TPML-MAIN": "總館"}
    assert s.security.afi(on_loan=True) == 0xDA and s.device.branch == "TPML-MAIN"


@pytest.mark.parametrize("section, key", [
    ({"idel_timeout_s": 5}, "idel_timeout_s"),  # a typo is refused, not ignored
    ({"station": "vending"}, "station"),
    ({"pin_attempts": 0}, "pin_attempts"),
    ({"fastbook": {"quota": 2}}, "fastbook.quota"),
    ({"ui": {"show_patron_name": "initials"}}, "ui.show_patron_name"),
])
def test_a_wrong_key_or_value_is_named(section: dict, key: str) -> None:
    with pytest.raises(pydantic.ValidationError) as info:
        KioskSettings.from_section(section)
    assert key in str(info.value)


def test_settings_are_frozen() -> None:
    s = KioskSettings()
    with pytest.raises(pydantic.ValidationError):
        s.language = "en"  # type: ignore[misc]


def test_build_station_names_a_wrong_kiosk_key() -> None:
    from kiosk.station import StationError, build_station

    config = config_mod.load(None, overrides={"kiosk": {"pad_url": "feig:///dev/null",
                                                        "idle_timeout_s": "soon"}})
    with pytest.raises(StationError, match="idle_timeout_s"):
        build_station(config)


@pytest.mark.parametrize("pcsc, key", [
    ({"reader": 5}, "reader"),
    ({"readers": "pcsc://ACS*"}, "readers"),  # a typo is refused, not ignored
])
def test_build_station_names_a_wrong_pcsc_key(pcsc: dict, key: str) -> None:
    """The station reads ``[pcsc]`` through :class:`drivers.pcsc.settings.PcscSettings`, so a
    wrong key fails when the station is built, named, and not when the card reader opens."""
    from kiosk.station import StationError, build_station

    config = config_mod.load(None, overrides={"kiosk": {"pad_url": "feig:///dev/null",
                                                        "card_url": ""}, "pcsc": pcsc})
    with pytest.raises(StationError, match=f"PcscSettings\\n{key}\\n"):
        build_station(config)


def test_the_card_reader_falls_back_to_the_pcsc_reader() -> None:
    from kiosk.station import build_station

    def station(**kiosk: str) -> object:
        return build_station(config_mod.load(None, overrides={
            "kiosk": {"pad_url": "feig:///dev/null", **kiosk},
            "pcsc": {"reader": "pcsc://ACS ACR1552*"}}))

    assert station(card_url="").card_url == "pcsc://ACS ACR1552*"
    assert station(card_url="pcsc://Other*").card_url == "pcsc://Other*"


@pytest.mark.parametrize("kiosk, key", [
    ({"pad_ulr": "feig:///dev/null"}, "pad_ulr"),  # a typo, not "pad_url is not set"
    ({"pad_url": 5}, "pad_url"),
    ({"pad_url": "feig:///dev/null", "station": 5}, "station"),
    ({"pad_url": "feig:///dev/null", "uplink": "Service"}, "uplink"),
])
def test_build_station_reads_kiosk_keys_typed(kiosk: dict, key: str) -> None:
    """``pad_url``, ``station`` and ``uplink`` are read from :class:`KioskSettings`, not the raw
    table, so the key named is the one that is wrong."""
    from kiosk.station import StationError, build_station

    with pytest.raises(StationError, match=f"KioskSettings\\n{key}\\n"):
        build_station(config_mod.load(None, overrides={"kiosk": kiosk}))


@pytest.mark.parametrize("section, model, key", [
    ({"sync": {"topic_prefx": "rfid/v2"}}, "SyncSettings", "topic_prefx"),
    ({"sync": {"topic_prefix": 2}}, "SyncSettings", "topic_prefix"),
    ({"mqtt": {"securty": "none"}}, "MqttSettings", "securty"),
])
def test_build_station_names_a_wrong_sync_or_mqtt_key(section: dict, model: str,
                                                      key: str) -> None:
    """The station reads ``[sync]`` (the feed's topic prefix) and secures its feed by ``[mqtt]``
    through their owners' models when it is built, not when it starts."""
    from kiosk.station import StationError, build_station

    config = config_mod.load(None, overrides={"kiosk": {"pad_url": "feig:///dev/null"},
                                              **section})
    with pytest.raises(StationError, match=f"{model}\\n{key}\\n"):
        build_station(config)


def test_the_station_keeps_the_typed_sections() -> None:
    from kiosk.station import build_station

    station = build_station(config_mod.load(None, overrides={
        "kiosk": {"pad_url": "feig:///dev/null", "station": "self_return", "uplink": "service"},
        "sync": {"topic_prefix": "lib/x"}}))
    assert station.settings.kiosk.station == "self_return" and station.uplink_mode == "service"
    assert station.sync.topic_prefix == "lib/x" and station.mqtt.security == "none"
