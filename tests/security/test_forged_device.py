"""The bridge over TLS with per-device credentials: a transaction whose payload names another
device than the topic it came on is rejected and kept as a dead letter (issue 6)."""

from __future__ import annotations

import datetime as dt
import uuid

from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties

from sync import schema, topics
from sync.centre.bridge import Bridge, Ledger
from sync.ils.reference import ReferenceILS
from sync.security import Fleet, configure_client
from tests.security.conftest import Probe, wait_for


def _txn(device_id: str) -> dict:
    return {"v": 1, "txn_id": str(uuid.uuid4()), "device_id": device_id, "seq": 1,
            "type": "rating", "wall_time": schema.format_time(dt.datetime.now(dt.UTC)),
            "mono_ns": 1, "boot_id": "b", "branch": "MAIN", "offline": False,
            "payload": {"score": 5}}


def test_forged_device_id_is_dead_lettered(secure_broker, fleet: Fleet, tmp_path) -> None:
    broker, mode = secure_broker
    ledger = Ledger(tmp_path / "ledger.db")
    bridge = Bridge(ReferenceILS(tmp_path / "ils.db"), ledger, host=broker.host,
                    port=broker.port, client_id=f"bridge-{mode}")
    configure_client(bridge.client, fleet.credentials("central"), mode=mode)
    a = Probe(broker, fleet.credentials("kiosk-a"), mode, client_id=f"edge-kiosk-a-online-{mode}")
    try:
        bridge.start()
        assert bridge.connected.wait(10)
        rc = a.connect()
        assert rc is not None and not isinstance(rc, Exception) and not rc.is_failure
        a.client.subscribe(topics.reply("kiosk-a"), 1)
        forged, honest = _txn("kiosk-b"), _txn("kiosk-a")
        for body in (forged, honest):
            props = Properties(PacketTypes.PUBLISH)
            props.ResponseTopic = topics.reply("kiosk-a")
            props.CorrelationData = body["txn_id"].encode()
            a.client.publish(topics.tx("kiosk-a"), schema.encode(body), qos=1, properties=props)
        assert wait_for(lambda: len(a.messages) >= 2, timeout=10)
    finally:
        a.close()
        bridge.stop()
    replies = {r["txn_id"]: r for r in (schema.decode("reply", m) for _, m in a.messages)}
    assert replies[honest["txn_id"]]["status"] == "applied"
    assert replies[forged["txn_id"]]["status"] == "rejected"
    assert "does not match the topic" in replies[forged["txn_id"]]["reason"]
    (dead,) = ledger.dead_letters()
    assert dead["topic"] == "rfid/v1/tx/kiosk-a"
    assert schema.decode("transaction", bytes(dead["body"]))["device_id"] == "kiosk-b"
    assert ledger.count() == 1  # only the honest one was processed
    ledger.close()


def test_bridge_without_credentials_gets_nothing(secure_broker, tmp_path) -> None:
    broker, mode = secure_broker
    bridge = Bridge(ReferenceILS(tmp_path / "ils.db"), Ledger(tmp_path / "l.db"),
                    host=broker.host, port=broker.port, client_id=f"intruder-{mode}")
    bridge.client.tls_set(ca_certs=str(broker.config.listener_options[0].split(" ", 1)[1]))
    try:
        bridge.start()
        assert not bridge.connected.wait(1.5)
    finally:
        bridge.stop()
