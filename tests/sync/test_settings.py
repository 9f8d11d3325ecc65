"""Typed settings of the link (issue 13): ``[sync]`` and ``[mqtt]`` checked by their owners'
models, their defaults in those models only, and the edge's components built from them."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from rfid_edge import config as configuration
from sync.edge import service
from sync.edge.settings import SyncSettings
from sync.errors import SyncError
from sync.mqtt import MqttSettings, mqtt_credentials


def test_defaults_come_from_the_models() -> None:
    defaults = configuration.defaults()
    assert SyncSettings.from_section(defaults["sync"]) == SyncSettings()
    assert MqttSettings.from_section(defaults["mqtt"]) == MqttSettings()
    assert defaults["sync"]["broker_port"] == 1883 and defaults["mqtt"]["security"] == "none"
    assert "sync" not in configuration._UNMODELLED and "mqtt" not in configuration._UNMODELLED


@pytest.mark.parametrize("section, key", [
    ({"windw": 10}, "windw"),  # misspelt
    ({"window": 0}, "window"),
    ({"broker_port": 70000}, "broker_port"),
    ({"batch_max": 1001}, "batch_max"),  # more than a batch message may hold
    ({"topic_prefix": "rfid/+"}, "topic_prefix"),
    ({"topic_prefix": "rfid//v1"}, "topic_prefix"),
    ({"session_expiry_s": 2**32}, "session_expiry_s"),
    ({"reply_timeout_s": 0}, "reply_timeout_s"),
])
def test_bad_sync_keys_are_named(section: dict, key: str) -> None:
    with pytest.raises(ValidationError) as caught:
        SyncSettings.from_section(section)
    assert caught.value.errors()[0]["loc"] == (key,)


def test_backoff_bounds_in_order() -> None:
    with pytest.raises(ValidationError, match="backoff_max_s"):
        SyncSettings.from_section({"backoff_min_s": 5, "backoff_max_s": 1})
    assert SyncSettings.from_section({"retention_days": 2}).retention_s == 2 * 86400


def test_config_check_names_the_sync_and_mqtt_keys(tmp_path: Path) -> None:
    conf = tmp_path / "k.toml"
    conf.write_text('[sync]\nwindow = 0\n[mqtt]\nsecurity = "tls"\nuser = "x"\n')
    problems = configuration.check(configuration.read(conf), str(conf))
    assert [(p.section, p.key) for p in problems] == [("sync", "window"), ("mqtt", "security"),
                                                      ("mqtt", "user")]


def test_edge_components_take_the_typed_settings(tmp_path: Path) -> None:
    cfg = configuration.load(None, {
        "device": {"id": "kiosk-09", "branch": "TPML-BT", "data_dir": str(tmp_path)},
        "sync": {"outbox": "edge/o.db", "window": 7, "batch_max": 3, "retention_days": 1,
                 "backoff_min_s": 0.25, "request_timeout_s": 0.5, "broker_port": 1999}})
    with service.open_outbox(cfg) as outbox:
        assert outbox.path == tmp_path / "edge" / "o.db" and outbox.device_id == "kiosk-09"
        assert outbox.branch == "TPML-BT"
        uplink = service.open_uplink(cfg, outbox)
        assert (uplink.window, uplink.batch_max, uplink.retention_s, uplink.port) == \
            (7, 3, 86400, 1999)
    online = service.open_online_client(cfg)
    assert online.timeout_s == 0.5 and online.device_id == "kiosk-09"
    with pytest.raises(ValidationError, match="window"):
        service.open_outbox({**cfg, "sync": {**cfg["sync"], "window": -1}})


def test_mqtt_errors_name_the_key(tmp_path: Path) -> None:
    base = {"device": {"id": "kiosk-a", "data_dir": str(tmp_path)}}
    assert MqttSettings.from_section({"security": ""}).security == "none"  # older files
    with pytest.raises(SyncError, match=r"^mqtt\.usernme: "):
        mqtt_credentials({**base, "mqtt": {"usernme": "x"}})
    with pytest.raises(SyncError, match=r"^device\.id: "):
        mqtt_credentials({"device": {"id": "kiosk a"}, "mqtt": {"security": "password"}})
