"""A real mosquitto with TLS, per-device credentials and the generated ACL (issue 6): a device
cannot publish as another, cannot read another's replies, and a client without credentials is
refused — in both password and client-certificate mode."""

from __future__ import annotations

from sync.security import Fleet
from tests.security.conftest import Probe, wait_for


def _connected(probe: Probe) -> bool:
    rc = probe.connect()
    return not isinstance(rc, Exception) and rc is not None and not rc.is_failure


def test_provisioned_device_connects(secure_broker, fleet: Fleet) -> None:
    broker, mode = secure_broker
    probe = Probe(broker, fleet.credentials("kiosk-a"), mode, client_id="edge-kiosk-a-online-ok")
    try:
        assert _connected(probe)
    finally:
        probe.close()


def test_client_without_credentials_is_refused(secure_broker) -> None:
    broker, mode = secure_broker
    anon = Probe(broker, None, mode, client_id="anon")  # TLS, but no password / certificate
    try:
        rc = anon.connect()
        if mode == "password":
            assert rc is not None and not isinstance(rc, Exception)
            assert rc.is_failure and rc.value in (0x86, 0x87, 0x05)  # bad credentials / not authorised
        else:  # without a client certificate the TLS handshake itself fails
            assert isinstance(rc, Exception) or rc is None or rc.is_failure
    finally:
        anon.close()
    plain = Probe(broker, None, mode, client_id="plain", tls=False)
    try:
        rc = plain.connect(timeout=2)
        assert isinstance(rc, Exception) or rc is None or rc.is_failure
    finally:
        plain.close()


def test_forged_credentials_are_refused(secure_broker, fleet: Fleet, tmp_path) -> None:
    """A wrong password; or a certificate for the same device id from another CA."""
    import dataclasses

    broker, mode = secure_broker
    if mode == "password":
        forged = dataclasses.replace(fleet.credentials("kiosk-a"), password="guess")
    else:
        rogue = Fleet(tmp_path / "rogue").init()
        forged = dataclasses.replace(rogue.provision("kiosk-a"), cafile=fleet.ca_cert)
    probe = Probe(broker, forged, mode, client_id="edge-kiosk-a-online-forged")
    try:
        rc = probe.connect()
        assert isinstance(rc, Exception) or rc is None or rc.is_failure
        assert not probe.messages
    finally:
        probe.close()


def test_device_cannot_publish_as_another(secure_broker, fleet: Fleet) -> None:
    broker, mode = secure_broker
    centre = Probe(broker, fleet.credentials("central"), mode, client_id="centre")
    a = Probe(broker, fleet.credentials("kiosk-a"), mode, client_id="edge-kiosk-a-online-pub")
    try:
        assert _connected(centre) and _connected(a)
        centre.subscribe("$share/central/rfid/v1/tx/+")
        a.client.publish("rfid/v1/tx/kiosk-b", b"as b", qos=1)
        a.client.publish("rfid/v1/tx/kiosk-a", b"as a", qos=1)
        # one publisher, one subscriber: "as b" would have arrived before "as a"
        assert wait_for(lambda: ("rfid/v1/tx/kiosk-a", b"as a") in centre.messages)
        assert centre.messages == [("rfid/v1/tx/kiosk-a", b"as a")]
    finally:
        centre.close()
        a.close()


def test_device_cannot_read_another_devices_replies(secure_broker, fleet: Fleet) -> None:
    broker, mode = secure_broker
    centre = Probe(broker, fleet.credentials("central"), mode, client_id="centre-r")
    a = Probe(broker, fleet.credentials("kiosk-a"), mode, client_id="edge-kiosk-a")
    b = Probe(broker, fleet.credentials("kiosk-b"), mode, client_id="edge-kiosk-b-online-spy")
    try:
        assert _connected(centre) and _connected(a) and _connected(b)
        a.subscribe("rfid/v1/reply/kiosk-a")
        b.subscribe("rfid/v1/reply/kiosk-a", "rfid/v1/reply/#", "rfid/v1/cache/#")  # spying on a
        centre.client.publish("rfid/v1/reply/kiosk-a", b"for a", qos=1)
        centre.client.publish("rfid/v1/cache/rules", b"shared", qos=1)
        # one publisher: a reply leaked to b would have arrived before the cache message
        assert wait_for(lambda: a.messages and ("rfid/v1/cache/rules", b"shared") in b.messages)
        assert a.messages == [("rfid/v1/reply/kiosk-a", b"for a")]
        assert b.messages == [("rfid/v1/cache/rules", b"shared")]
        # and a device cannot write the shared cache: once the broker has acknowledged b's
        # publish, anything it routed to b is queued ahead of the centre's next message
        b.client.publish("rfid/v1/cache/rules", b"poisoned", qos=1).wait_for_publish(5)
        centre.client.publish("rfid/v1/cache/rules", b"fence", qos=1)
        assert wait_for(lambda: ("rfid/v1/cache/rules", b"fence") in b.messages)
        assert ("rfid/v1/cache/rules", b"poisoned") not in b.messages
    finally:
        for p in (centre, a, b):
            p.close()


def test_acl_lists_every_provisioned_device(fleet: Fleet) -> None:
    text = fleet.acl.read_text()
    assert "user kiosk-a\ntopic write rfid/v1/tx/kiosk-a\n" in text
    assert "topic read rfid/v1/reply/kiosk-b" in text
    assert "topic read rfid/v1/reply/kiosk-a" not in text.split("user kiosk-b")[1]
    assert fleet.passwd.read_text().count(":") == 3  # central, kiosk-a, kiosk-b; hashes only
    assert fleet.credentials("kiosk-a").password not in fleet.passwd.read_text()


def test_dynsec_config_mirrors_the_acl_without_plain_passwords(fleet: Fleet) -> None:
    import json

    config = json.loads(fleet.dynsec.read_text())
    users = {c["username"]: c for c in config["clients"]}
    assert set(users) >= {"central", "kiosk-a", "kiosk-b"}
    assert config["defaultACLAccess"] == {"publishClientSend": False,
                                          "publishClientReceive": False,
                                          "subscribe": False, "unsubscribe": True}
    roles = {r["rolename"]: r["acls"] for r in config["roles"]}
    a = {(acl["acltype"], acl["topic"]) for acl in roles[users["kiosk-a"]["roles"][0]["rolename"]]}
    assert ("subscribeLiteral", "rfid/v1/reply/kiosk-a") in a
    assert not any("$share" in topic or "/tx/" in topic for kind, topic in a
                   if kind.startswith("subscribe"))
    assert fleet.credentials("kiosk-a").password not in fleet.dynsec.read_text()
    assert oct(fleet.dynsec.stat().st_mode & 0o777) == "0o600"
