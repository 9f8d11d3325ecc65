"""MQTT helpers shared by both ends of the link: the ``[mqtt]`` section as typed settings
(:class:`MqttSettings`), the credentials it names applied to a paho client, and the broker's
Receive Maximum check.

Every paho client the edge or the centre builds goes through :func:`configure_mqtt`, so a
device or the centre moves to TLS with per-device credentials by configuration alone
(docs/broker.md).
"""

from __future__ import annotations

import contextlib
import logging
import socket
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from sync.device import DeviceSettings
from sync.errors import SyncError

if TYPE_CHECKING:  # sync.security loads cryptography: imported where credentials are made
    from sync.endpoints import Endpoint
    from sync.security import Credentials

__all__ = ["MAX_PACKET_SIZE", "MqttSettings", "check_endpoints", "check_receive_maximum",
           "configure_mqtt", "largest_batch_bytes", "low_latency", "mqtt_credentials"]

log = logging.getLogger(__name__)

#: the largest MQTT packet the broker the project generates accepts (``max_packet_size``) and
#: its clients announce (CONNECT Maximum Packet Size): the largest legal batch envelope
#: (:func:`largest_batch_bytes`, ~5.3 MB) with a margin; a device's 10 MB publish is refused
#: at the broker and never reaches the bridge.
MAX_PACKET_SIZE = 8 * 1024 * 1024


def largest_batch_bytes() -> int:
    """The largest batch envelope the schema allows, encoded: ``maxItems`` transactions, each
    a ``failure`` (the longest payload) with every string at its length limit in characters
    JSON escapes to six bytes, and the largest integers."""
    from sync import schema

    def longest(spec: dict[str, Any]) -> str:
        return "\x01" * spec["maxLength"]

    uuid = "00000000-0000-0000-0000-000000000000"
    envelope = schema.TRANSACTION["properties"]
    payload = schema.PAYLOADS["failure"]["properties"]
    txn = {"v": schema.VERSION, "txn_id": uuid, "device_id": longest(envelope["device_id"]),
           "seq": 2**63 - 1, "type": "failure", "wall_time": "2026-01-01T00:00:00.000000+00:00",
           "mono_ns": 2**63 - 1, "boot_id": longest(envelope["boot_id"]),
           "branch": longest(envelope["branch"]), "offline": False,
           "payload": {"reason": longest(payload["reason"]), "session_id": uuid,
                       "item_id": longest(payload["item_id"]),
                       "detail": longest(payload["detail"])}}
    count = schema.BATCH["properties"]["batch"]["maxItems"]
    return len(b'{"v":1,"batch":[]}') + count * (len(schema.encode(txn)) + 1)


def check_receive_maximum(properties: Any, ours: int) -> None:
    """Warn when the broker allows fewer QoS 1 messages in flight than we will send (MQTT 5
    §3.2.2.3.3): paho does not enforce the broker's Receive Maximum itself."""
    theirs = getattr(properties, "ReceiveMaximum", None) if properties is not None else None
    if theirs is not None and (ours == 0 or ours > theirs):
        log.warning("broker Receive Maximum is %d but max_inflight_messages is %d: lower it",
                    theirs, ours)


def _no_delay(client: Any, userdata: Any, sock: Any) -> None:
    # a TLS socket passes setsockopt to its TCP socket; a Unix or WebSocket transport has no
    # Nagle to turn off
    with contextlib.suppress(AttributeError, OSError):
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


def low_latency(client: Any) -> Any:
    """Turn Nagle's algorithm off on every socket ``client`` opens (TCP_NODELAY, set before
    CONNECT goes out, again on each reconnect). Returns the client.

    paho writes each MQTT packet with its own ``send``: a QoS 1 PUBACK and then a PUBLISH
    (the bridge acknowledging a request, then answering it; a kiosk acknowledging an answer,
    then asking again) are two small writes, and with Nagle on the second waits for the
    peer's delayed ACK of the first, 40 ms on Linux. A request/response round trip crossed
    two such waits (~90 ms on an idle localhost, ~1.5 ms without). The broker must do the
    same on its side (mosquitto: ``set_tcp_nodelay true``, :class:`sync.broker.BrokerConfig`).
    """
    client.on_socket_open = _no_delay
    return client


class MqttSettings(BaseModel):
    """The ``[mqtt]`` section: how this process's MQTT clients authenticate (docs/broker.md).

    Files default to the layout of a security dir made by ``rfid-edge central provision``
    (:class:`sync.security.Fleet`): ``ca.crt``, ``devices/<user>.password|.crt|.key``; relative
    paths are taken from ``[device] data_dir``.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    #: none | password (TLS and this identity's password) | certificate (TLS client certificate)
    security: Literal["none", "password", "certificate"] = "none"
    security_dir: str = ""
    #: default: ``[device] id`` (the bridge: ``central``)
    username: str = ""
    ca: str = ""  # default: <security_dir>/ca.crt
    password_file: str = ""  # default: <security_dir>/devices/<username>.password
    certfile: str = ""  # default: <security_dir>/devices/<username>.crt
    keyfile: str = ""  # default: <security_dir>/devices/<username>.key

    @field_validator("security", mode="before")
    @classmethod
    def _empty_is_none(cls, value: Any) -> Any:
        return "none" if value == "" else value  # older files wrote security = ""

    @classmethod
    def from_section(cls, section: Mapping[str, Any] | None) -> MqttSettings:
        """Validated settings from a config section (missing keys take the defaults).

        :raises pydantic.ValidationError: naming the key that is wrong.
        """
        return cls.model_validate(dict(section or {}))

    def credentials(self, device: DeviceSettings, *, role: str = "device") -> Credentials | None:
        """The credentials named here, or None when ``security = "none"``.

        ``role="device"`` speaks as ``device.id``, ``role="bridge"`` as the bridge user
        (``central``); ``username`` overrides either.

        :raises SyncError: a file is missing or cannot be read, or no path names it.
        """
        if self.security == "none":
            return None
        from sync.security import BRIDGE_USER, Credentials

        mode = self.security
        user = self.username or (BRIDGE_USER if role == "bridge" else device.id)
        root = device.path(self.security_dir) if self.security_dir else None

        def path(key: str, default: str) -> Path:
            given = getattr(self, key)
            if given:
                return device.path(given)
            if root is None:
                raise SyncError(f"mqtt.{key} or mqtt.security_dir is needed for {mode} security")
            return root / default

        cafile = path("ca", "ca.crt")
        password = None
        if mode == "password":
            pw_file = path("password_file", f"devices/{user}.password")
            try:
                password = pw_file.read_text().strip()
            except OSError as exc:
                raise SyncError(f"cannot read the MQTT password: {exc}") from exc
            certfile = keyfile = None
        else:
            certfile = path("certfile", f"devices/{user}.crt")
            keyfile = path("keyfile", f"devices/{user}.key")
        for f in (cafile, certfile, keyfile):
            if f is not None and not f.exists():
                raise SyncError(f"{f} does not exist (see `rfid-edge central provision`)")
        return Credentials(username=user, password=password, cafile=cafile, certfile=certfile,
                           keyfile=keyfile)


def settings_of(config: Mapping[str, Any]) -> tuple[MqttSettings, DeviceSettings]:
    """The ``[mqtt]`` and ``[device]`` sections of a configuration, typed.

    :raises SyncError: naming the key that is wrong (one line per problem).
    """
    try:
        return (MqttSettings.from_section(config.get("mqtt")),
                DeviceSettings.from_section(config.get("device")))
    except ValidationError as exc:
        section = "mqtt" if exc.title == MqttSettings.__name__ else "device"
        raise SyncError("; ".join(
            f"{section}.{'.'.join(str(p) for p in e['loc'])}: {e['msg']}"
            for e in exc.errors(include_url=False))) from None


def mqtt_credentials(config: Mapping[str, Any], *, role: str = "device") -> Credentials | None:
    """The credentials the configuration's ``[mqtt]`` table names (:meth:`MqttSettings.credentials`),
    or None when ``security = "none"``."""
    mqtt, device = settings_of(config)
    return mqtt.credentials(device, role=role)


def configure_mqtt(client: Any, config: Mapping[str, Any], *, role: str = "device") -> Any:
    """Set TLS and credentials from the ``[mqtt]`` table on a paho client before it connects
    (a no-op for ``security = "none"``). Returns the client."""
    mqtt, device = settings_of(config)
    creds = mqtt.credentials(device, role=role)
    if creds is not None:
        from sync.security import configure_client

        configure_client(client, creds, mode=mqtt.security)
    return client


def check_endpoints(endpoints: tuple[Endpoint, ...], config: Mapping[str, Any],
                    section: str) -> tuple[Endpoint, ...]:
    """``endpoints`` (of ``[section] brokers``), once each scheme agrees with the ``[mqtt]``
    security: one paho client has one TLS setting for every endpoint it tries.

    :raises SyncError: an ``mqtts://`` endpoint without TLS security, or ``mqtt://`` with it.
    """
    mqtt, _ = settings_of(config)
    tls = mqtt.security != "none"
    for endpoint in endpoints:
        if endpoint.tls is not None and endpoint.tls != tls:
            raise SyncError(f"{section}.brokers: {endpoint} is {'TLS' if endpoint.tls else 'plain'}"
                            f" but [mqtt] security = {mqtt.security!r}"
                            f" ({'mqtts://' if tls else 'mqtt://'} or no scheme there)")
    return endpoints
