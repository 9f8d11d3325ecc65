"""Production wiring of MQTT security: a kiosk and the centre configured only from their TOML
files (``[mqtt]`` security, security dir) drain a backlog, answer online requests and publish
the offline cache through a TLS + ACL mosquitto, in password and certificate modes."""

from __future__ import annotations

import socket
import threading
import time
import uuid
from pathlib import Path

import paho.mqtt.client as mqtt
import pytest

from rfid_edge import config as configuration
from sync import mqtt as sync_mqtt
from sync.centre import service as centre_service
from sync.edge import service as edge_service
from sync.errors import SyncError
from sync.ils.base import Outcome
from sync.security import Fleet
from tests.offline import scenario


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_kiosk_and_centre_from_toml_over_tls(secure_broker, fleet: Fleet, tmp_path: Path) -> None:
    broker, mode = secure_broker
    centre_dir, kiosk_dir = tmp_path / "centre", tmp_path / "kiosk"
    (centre_dir / "central").mkdir(parents=True)
    scenario.seed(centre_dir / "central" / "ils.db")
    centre = configuration.load(_write(tmp_path / "centre.toml", f"""
[device]
data_dir = "{centre_dir}"
[central]
broker_port = {broker.port}
client_id = "bridge-toml-{mode}"
cache_interval_s = 600
cache_min_interval_s = 0.2
[mqtt]
security = "{mode}"
security_dir = "{fleet.root}"
"""))
    kiosk = configuration.load(_write(tmp_path / "kiosk.toml", f"""
[device]
id = "kiosk-a"
branch = "MAIN"
data_dir = "{kiosk_dir}"
[sync]
broker_port = {broker.port}
reply_timeout_s = 3.0
backoff_min_s = 0.1
backoff_max_s = 0.5
request_timeout_s = 5.0
[mqtt]
security = "{mode}"
security_dir = "{fleet.root}"
"""))
    ils = centre_service.open_ils(centre)
    bridge = centre_service.open_bridge(centre, ils)
    outbox = edge_service.open_outbox(kiosk)
    rows = [outbox.enqueue("checkout", {"patron_id": "P2", "item_id": f"I{n}"})
            for n in range(1, 5)]
    rows.append(outbox.enqueue("checkin", {"item_id": "I1"}))
    uplink = edge_service.open_uplink(kiosk, outbox)
    online = edge_service.open_online_client(kiosk)
    # the kiosk's own cache feed would call configure_mqtt the same way
    cache_parts: dict[str, bytes] = {}
    got_cache = threading.Event()
    feed = sync_mqtt.configure_mqtt(
        mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id="edge-kiosk-a-cache",
                    protocol=mqtt.MQTTv5), kiosk)

    def on_cache(client, userdata, msg) -> None:
        cache_parts[msg.topic] = msg.payload
        if len(cache_parts) == 4:
            got_cache.set()

    feed.on_message = on_cache
    try:
        bridge.start()
        assert bridge.connected.wait(10)
        uplink.start()
        deadline = time.monotonic() + 30
        while outbox.depth():
            assert time.monotonic() < deadline, outbox.counts()
            time.sleep(0.05)
        assert {outbox.get(r.txn_id).state.value for r in rows} == {"applied"}
        info = online.start().item_info("I2")
        assert info.outcome is Outcome.APPLIED and info.status.value == "on_loan"
        for client in (online.client, uplink.client, bridge.client):  # Nagle off under TLS too
            assert client.socket().getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
        feed.connect(broker.host, broker.port)
        feed.subscribe("rfid/v1/cache/#", qos=1)
        feed.loop_start()
        assert got_cache.wait(10)
    finally:
        feed.loop_stop()
        feed.disconnect()
        online.close()
        uplink.stop()
        bridge.stop()
        outbox.close()
    assert set(cache_parts) == {f"rfid/v1/cache/{p}" for p in ("blocked", "holds", "rules",
                                                               "calendar")}
    assert ils.adapter.account("P2").loans and len(ils.adapter.account("P2").loans) == 3
    ils.close()


def test_mqtt_security_config_errors_are_clear(fleet: Fleet, tmp_path: Path) -> None:
    base = {"device": {"id": "kiosk-a", "data_dir": str(tmp_path)}}
    plain = configuration.load(None, base)
    client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=uuid.uuid4().hex)
    assert sync_mqtt.configure_mqtt(client, plain) is client  # "none": untouched
    assert sync_mqtt.mqtt_credentials(plain) is None
    creds = sync_mqtt.mqtt_credentials(configuration.load(None, {
        **base, "mqtt": {"security": "password", "security_dir": str(fleet.root)}}))
    assert creds.username == "kiosk-a" and creds.password and creds.cafile == fleet.ca_cert
    bridge = sync_mqtt.mqtt_credentials(configuration.load(None, {
        **base, "mqtt": {"security": "certificate", "security_dir": str(fleet.root)}}),
        role="bridge")
    assert bridge.username == "central" and bridge.certfile.name == "central.crt"
    with pytest.raises(SyncError, match="security_dir is needed"):
        sync_mqtt.mqtt_credentials(configuration.load(None, {**base,
                                                           "mqtt": {"security": "password"}}))
    with pytest.raises(SyncError, match="mqtt.security: .*'none', 'password' or 'certificate'"):
        sync_mqtt.mqtt_credentials(configuration.load(None, {**base, "mqtt": {"security": "tls"}}))
    with pytest.raises(SyncError, match="does not exist|cannot read"):
        sync_mqtt.mqtt_credentials(configuration.load(None, {
            "device": {"id": "kiosk-zz", "data_dir": str(tmp_path)},
            "mqtt": {"security": "certificate", "security_dir": str(fleet.root)}}))
