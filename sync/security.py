"""Per-device MQTT credentials, TLS material and broker ACLs: a device can only speak as itself.

One directory (the *security dir*) holds everything the broker and the fleet need::

    ca.crt ca.key                 the fleet's own CA (ECDSA P-256); ca.key never leaves the centre
    server.crt server.key         the broker's certificate (SANs: localhost, 127.0.0.1, hosts given)
    devices/<id>.crt <id>.key     a client certificate whose CN is the device id
    devices/<id>.password         the device's MQTT password (only on that device, mode 0600)
    passwd                        mosquitto password file (PBKDF2-SHA512 hashes, by mosquitto_passwd)
    acl                           mosquitto ACL, one ``user`` block per device and the bridge

Two ways to authenticate, both giving the broker a username equal to the device id, which the
ACL is written for: username/password over TLS (``mode="password"``), or a client certificate
(``mode="certificate"``, ``require_certificate``) with the device id sent as username, which the
broker's client-id plugin accepts only if it is the certificate's CN. In both, that plugin binds
client ids to the identity (:func:`build_clientid_plugin`). The
bridge additionally rejects any transaction whose payload names another device than its topic
(:mod:`sync.centre.bridge`), so a device with valid credentials still cannot speak for another.

ACL per device (see :mod:`sync.topics`): write ``tx/<id>`` and ``req/<id>``; read ``reply/<id>``,
``resp/<id>/#`` and the shared ``cache/#``. The bridge user reads ``tx/+`` and ``req/+`` and
writes replies, responses and the cache.

Mosquitto 2.0's ``acl_file`` never checks a *subscription* (it grants every one and only filters
what is delivered), so a device subscribing ``$share/central/rfid/v1/tx/+`` joined the bridges'
group and every transaction the broker handed to it was dropped. The broker config therefore
enforces the ACL with the dynamic-security plugin that ships with mosquitto (``dynsec.json``,
written beside ``acl`` and ``passwd``): subscriptions are checked too, and a device may subscribe
only to its own reply and response topics and the cache; ``$share`` and ``tx`` are refused
(SUBACK "not authorised"). ``acl`` and ``passwd`` stay, for review and for brokers run without
the plugin. Example::

    fleet = Fleet("/etc/rfid-edge/mqtt")
    fleet.init(hosts=["mqtt.library.example"])
    creds = fleet.provision("kiosk-01")
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import ipaddress
import json
import logging
import os
import re
import secrets
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from sync import topics
from sync.broker import BrokerConfig
from sync.errors import SyncError
from sync.mqtt import MAX_PACKET_SIZE

log = logging.getLogger(__name__)

BRIDGE_USER = "central"
MODES = ("password", "certificate")
#: where distributions install mosquitto's dynamic-security plugin
DYNSEC_PLUGINS = ("/usr/lib/x86_64-linux-gnu/mosquitto_dynamic_security.so",
                  "/usr/lib/aarch64-linux-gnu/mosquitto_dynamic_security.so",
                  "/usr/lib/mosquitto_dynamic_security.so",
                  "/usr/local/lib/mosquitto_dynamic_security.so")
_DYNSEC_ITERATIONS = 101  # what mosquitto_ctrl writes; the hash is PBKDF2-HMAC-SHA512


class SecurityError(SyncError):
    """Credentials could not be created, or a name cannot be a device identity."""


@dataclass(frozen=True, kw_only=True)
class Credentials:
    """What one client needs to connect (a device or the bridge)."""

    username: str
    password: str | None
    cafile: Path
    certfile: Path | None = None
    keyfile: Path | None = None

    def __post_init__(self) -> None:
        if not topics.valid_device_id(self.username):
            raise ValueError(f"bad identity {self.username!r}")


def _check_name(name: str) -> str:
    # a username is also a topic level and an ACL token: keep it to a safe alphabet
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}", name):
        raise SecurityError(f"{name!r} cannot be a device id (letters, digits, . _ - only)")
    # the client-id plugin's forms (edge-<id>-cache, edge-<id>-online-…) must not overlap
    if "-online-" in name or name.endswith("-cache"):
        raise SecurityError(f"{name!r} cannot be a device id (no '-online-', no '-cache' end)")
    return name


def _write_private(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)


def _key_pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "rfid-edge fleet"),
                      x509.NameAttribute(NameOID.COMMON_NAME, cn)])


class Fleet:
    """The security dir of one deployment.

    :param root: the directory (created on :meth:`init`).
    :param prefix: the topic prefix the ACL is written for.
    :param days: validity of the certificates issued.
    """

    def __init__(self, root: str | os.PathLike[str], *, prefix: str = topics.PREFIX,
                 days: int = 825) -> None:
        self.root = Path(root)
        self.prefix = prefix
        self.days = days
        self.ca_cert = self.root / "ca.crt"
        self.ca_key = self.root / "ca.key"
        self.server_cert = self.root / "server.crt"
        self.server_key = self.root / "server.key"
        self.passwd = self.root / "passwd"
        self.acl = self.root / "acl"
        self.dynsec = self.root / "dynsec.json"
        self.devices = self.root / "devices"

    # --- certificates ----------------------------------------------------------------------
    def init(self, *, hosts: tuple[str, ...] | list[str] = ()) -> Fleet:
        """Create the CA, the broker's certificate, the bridge's credentials and the ACL
        (existing files are kept, so this is safe to run twice)."""
        self.root.mkdir(parents=True, exist_ok=True)
        if not self.ca_cert.exists():
            key = ec.generate_private_key(ec.SECP256R1())
            now = dt.datetime.now(dt.UTC)
            cert = (x509.CertificateBuilder().subject_name(_name("rfid-edge fleet CA"))
                    .issuer_name(_name("rfid-edge fleet CA")).public_key(key.public_key())
                    .serial_number(x509.random_serial_number())
                    .not_valid_before(now - dt.timedelta(minutes=5))
                    .not_valid_after(now + dt.timedelta(days=3650))
                    .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
                    .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True,
                                                 crl_sign=True, content_commitment=False,
                                                 key_encipherment=False, data_encipherment=False,
                                                 key_agreement=False, encipher_only=False,
                                                 decipher_only=False), critical=True)
                    .sign(key, hashes.SHA256()))
            _write_private(self.ca_key, _key_pem(key))
            self.ca_cert.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        if not self.server_cert.exists():
            self._issue("mqtt-broker", self.server_cert, self.server_key, server=True,
                        hosts=("localhost", "127.0.0.1", *hosts))
        self.passwd.touch(mode=0o600, exist_ok=True)
        if not (self.devices / f"{BRIDGE_USER}.password").exists():
            self.provision(BRIDGE_USER)
        self.write_acl()
        return self

    def _issue(self, cn: str, cert_path: Path, key_path: Path, *, server: bool = False,
               hosts: tuple[str, ...] = ()) -> None:
        ca_key = serialization.load_pem_private_key(self.ca_key.read_bytes(), None)
        ca_cert = x509.load_pem_x509_certificate(self.ca_cert.read_bytes())
        key = ec.generate_private_key(ec.SECP256R1())
        now = dt.datetime.now(dt.UTC)
        builder = (x509.CertificateBuilder().subject_name(_name(cn))
                   .issuer_name(ca_cert.subject).public_key(key.public_key())
                   .serial_number(x509.random_serial_number())
                   .not_valid_before(now - dt.timedelta(minutes=5))
                   .not_valid_after(now + dt.timedelta(days=self.days))
                   .add_extension(x509.BasicConstraints(ca=False, path_length=None),
                                  critical=True)
                   .add_extension(x509.ExtendedKeyUsage(
                       [ExtendedKeyUsageOID.SERVER_AUTH if server
                        else ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False))
        if server:
            names: list[x509.GeneralName] = []
            for h in hosts:
                try:
                    names.append(x509.IPAddress(ipaddress.ip_address(h)))
                except ValueError:
                    names.append(x509.DNSName(h))
            builder = builder.add_extension(x509.SubjectAlternativeName(names), critical=False)
        cert = builder.sign(ca_key, hashes.SHA256())  # type: ignore[arg-type]
        _write_private(key_path, _key_pem(key))
        cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))

    # --- devices -------------------------------------------------------------------------
    def provision(self, device_id: str, *, password: str | None = None) -> Credentials:
        """Create (or renew) a device's certificate, password and ACL entry.

        :returns: the device's credentials; copy its ``devices/<id>.*`` files to the device.
        """
        _check_name(device_id)
        if not self.ca_cert.exists():
            raise SecurityError(f"{self.root} has no CA yet: run init() first")
        password = password or secrets.token_urlsafe(24)
        cert, key = self.devices / f"{device_id}.crt", self.devices / f"{device_id}.key"
        self._issue(device_id, cert, key)
        _write_private(self.devices / f"{device_id}.password", password.encode())
        self._set_password(device_id, password)
        self.write_acl()
        log.info("provisioned %s", device_id)
        return self.credentials(device_id)

    def _set_password(self, user: str, password: str) -> None:
        tool = shutil.which("mosquitto_passwd")
        if tool is None:
            raise SecurityError("mosquitto_passwd is not installed (apt-get install mosquitto)")
        self.passwd.touch(mode=0o600, exist_ok=True)
        # -b takes the password as an argument; the file holds only a salted PBKDF2 hash
        done = subprocess.run([tool, "-b", str(self.passwd), user, password],
                              capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise SecurityError(f"mosquitto_passwd failed: {done.stderr.strip()[:200]}")

    def device_ids(self) -> list[str]:
        return sorted(p.stem for p in self.devices.glob("*.password") if p.stem != BRIDGE_USER)

    def credentials(self, device_id: str) -> Credentials:
        pw = self.devices / f"{device_id}.password"
        if not pw.exists():
            raise SecurityError(f"{device_id} is not provisioned")
        return Credentials(username=device_id, password=pw.read_text(), cafile=self.ca_cert,
                           certfile=self.devices / f"{device_id}.crt",
                           keyfile=self.devices / f"{device_id}.key")

    def acl_text(self) -> str:
        """The ACL: the bridge's rights, then one block per device, nothing for anyone else."""
        p = self.prefix
        lines = ["# rfid-edge broker ACL, generated by `rfid-edge central provision`",
                 "# (no lines before the first user: anonymous clients get nothing)", "",
                 f"user {BRIDGE_USER}", f"topic read {p}/tx/+", f"topic read {p}/req/+",
                 f"topic write {p}/reply/+", f"topic write {p}/resp/#",
                 f"topic readwrite {p}/cache/#", ""]
        for device in self.device_ids():
            lines += [f"user {device}", f"topic write {p}/tx/{device}",
                      f"topic write {p}/req/{device}", f"topic read {p}/reply/{device}",
                      f"topic read {p}/resp/{device}/#", f"topic read {p}/cache/#", ""]
        return "\n".join(lines)

    def dynsec_config(self) -> dict[str, Any]:
        """The dynamic-security plugin's configuration: the same rights as :meth:`acl_text`, with
        subscriptions checked as well, and nothing by default (no anonymous access, no topic a
        role does not name). Each identity has its password (PBKDF2-SHA512, salted) and a role."""
        p = self.prefix

        def acl(kind: str, topic: str) -> dict[str, Any]:
            return {"acltype": kind, "topic": topic, "priority": 0, "allow": True}

        def read(topic: str, *, literal: bool = False) -> list[dict[str, Any]]:
            return [acl("publishClientReceive", topic),
                    acl("subscribeLiteral" if literal else "subscribePattern", topic)]

        roles = [{"rolename": BRIDGE_USER, "acls": [
            *[acl("subscribePattern", f"$share/+/{p}/{kind}/+") for kind in ("tx", "req")],
            *read(f"{p}/tx/+"), *read(f"{p}/req/+"),
            acl("publishClientSend", f"{p}/reply/+"), acl("publishClientSend", f"{p}/resp/#"),
            acl("publishClientSend", f"{p}/cache/#"), *read(f"{p}/cache/#"),
            acl("unsubscribePattern", "#")]}]
        for device in self.device_ids():
            roles.append({"rolename": f"device-{device}", "acls": [
                acl("publishClientSend", f"{p}/tx/{device}"),
                acl("publishClientSend", f"{p}/req/{device}"),
                *read(f"{p}/reply/{device}", literal=True), *read(f"{p}/resp/{device}/#"),
                *read(f"{p}/cache/#"), acl("unsubscribePattern", "#")]})
        clients = []
        for user in (BRIDGE_USER, *self.device_ids()):
            entry: dict[str, Any] = {"username": user, "roles": [
                {"rolename": BRIDGE_USER if user == BRIDGE_USER else f"device-{user}"}]}
            pw = self.devices / f"{user}.password"
            if pw.exists():
                salt = secrets.token_bytes(12)
                digest = hashlib.pbkdf2_hmac("sha512", pw.read_text().encode(), salt,
                                             _DYNSEC_ITERATIONS)
                entry |= {"password": base64.b64encode(digest).decode(),
                          "salt": base64.b64encode(salt).decode(),
                          "iterations": _DYNSEC_ITERATIONS}
            clients.append(entry)
        return {"clients": clients, "groups": [], "roles": roles,
                "defaultACLAccess": {"publishClientSend": False, "publishClientReceive": False,
                                     "subscribe": False, "unsubscribe": True}}

    def write_acl(self) -> Path:
        """Write ``acl`` and ``dynsec.json`` (both 0600). Mosquitto reads ``dynsec.json`` when it
        starts: restart it after provisioning (``systemctl restart mosquitto``)."""
        _write_private(self.acl, self.acl_text().encode())
        _write_private(self.dynsec, json.dumps(self.dynsec_config(), indent=1).encode())
        return self.acl

    # --- broker ----------------------------------------------------------------------------
    def broker_config(self, *, mode: str = "password", host: str = "127.0.0.1",
                      port: int | None = None, persistence: bool = False,
                      run_as: str | None = None) -> BrokerConfig:
        """A :class:`sync.broker.BrokerConfig` for a TLS listener with this fleet's ACL.

        :param run_as: mosquitto's ``user`` option. Started as root, mosquitto drops to the
            ``mosquitto`` user, which must then own the key, password and ACL files; tests whose
            files sit in a root-only temporary directory pass ``"root"``.
        """
        if mode not in MODES:
            raise SecurityError(f"mode must be one of {MODES}")
        plugin = dynsec_plugin()
        clientid_plugin = build_clientid_plugin(self.root / "rfid_clientid.so")
        if not self.dynsec.exists():
            self.write_acl()
        options = [f"cafile {self.ca_cert}", f"certfile {self.server_cert}",
                   f"keyfile {self.server_key}", "tls_version tlsv1.2"]
        # the client-id check first: mosquitto asks authenticators in the order named
        extra = [f"plugin {clientid_plugin}", f"plugin_opt_trusted {BRIDGE_USER}",
                 f"plugin_opt_identity {mode}",
                 f"plugin {plugin}", f"plugin_opt_config_file {self.dynsec}"]
        extra += [f"user {run_as}"] if run_as else []
        if mode == "certificate":
            # not use_identity_as_username: with it mosquitto asks no plugin, and the client-id
            # plugin could not bind client ids; it checks username == certificate CN instead
            options += ["require_certificate true"]
        else:
            options += ["require_certificate false"]
        return BrokerConfig(host=host, port=port, allow_anonymous=False,
                            persistence=persistence, listener_options=tuple(options),
                            max_packet_size=MAX_PACKET_SIZE, extra=tuple(extra))


#: the client-id plugin's source (C, against mosquitto's plugin API v5)
CLIENTID_PLUGIN_SOURCE = Path(__file__).parent / "plugin" / "rfid_clientid.c"


def build_clientid_plugin(target: Path) -> Path:
    """Compile the client-id plugin (:data:`CLIENTID_PLUGIN_SOURCE`) to ``target`` unless it is
    there and newer than the source. It binds client ids to identities: a device cannot connect
    with another's client id and so knock it off the broker.

    :raises SecurityError: no C compiler, or mosquitto's plugin headers are missing
        (``apt-get install gcc mosquitto-dev libmosquitto-dev``).
    """
    if target.exists() and target.stat().st_mtime >= CLIENTID_PLUGIN_SOURCE.stat().st_mtime:
        return target
    compiler = shutil.which("cc") or shutil.which("gcc")
    if compiler is None:
        raise SecurityError("no C compiler to build the client-id plugin (apt-get install gcc)")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.{os.getpid()}")
    done = subprocess.run([compiler, "-shared", "-fPIC", "-O2", "-o", str(partial),
                           str(CLIENTID_PLUGIN_SOURCE), "-lcrypto"], capture_output=True,
                          text=True, check=False)
    if done.returncode != 0:
        raise SecurityError("cannot build the client-id plugin (apt-get install mosquitto-dev"
                            f" libmosquitto-dev libssl-dev): {done.stderr.strip()[:300]}")
    partial.replace(target)
    return target


def dynsec_plugin() -> Path:
    """mosquitto's dynamic-security plugin (it ships with mosquitto 2).

    :raises SecurityError: not found: without it the broker would not check subscriptions.
    """
    for candidate in DYNSEC_PLUGINS:
        if Path(candidate).exists():
            return Path(candidate)
    raise SecurityError("mosquitto_dynamic_security.so not found (it ships with mosquitto 2.0)")


def configure_client(client: Any, creds: Credentials, *, mode: str = "password") -> Any:
    """Set TLS (and the password, or the client certificate) on a paho client before connect.

    Works on the ``client`` of :class:`sync.centre.bridge.Bridge`, :class:`sync.edge.uplink.Uplink` and
    :class:`sync.edge.client.OnlineClient`.
    """
    import ssl

    if mode == "certificate":
        client.tls_set(ca_certs=str(creds.cafile), certfile=str(creds.certfile),
                       keyfile=str(creds.keyfile), tls_version=ssl.PROTOCOL_TLS_CLIENT)
        client.username_pw_set(creds.username)  # the broker checks it against the CN
    else:
        client.tls_set(ca_certs=str(creds.cafile), tls_version=ssl.PROTOCOL_TLS_CLIENT)
        client.username_pw_set(creds.username, creds.password)
    return client
