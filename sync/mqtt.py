"""MQTT helpers shared by both ends of the link: the ``[mqtt]`` security settings applied to a
paho client, and the broker's Receive Maximum check.

Every paho client the edge or the centre builds goes through :func:`configure_mqtt`, so a
device or the centre moves to TLS with per-device credentials by configuration alone
(docs/broker.md).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from sync.errors import SyncError
from sync.security import BRIDGE_USER, MODES, Credentials, configure_client
from sync.service import data_path

__all__ = ["check_receive_maximum", "configure_mqtt", "mqtt_credentials"]

log = logging.getLogger(__name__)


def check_receive_maximum(properties: Any, ours: int) -> None:
    """Warn when the broker allows fewer QoS 1 messages in flight than we will send (MQTT 5
    §3.2.2.3.3): paho does not enforce the broker's Receive Maximum itself."""
    theirs = getattr(properties, "ReceiveMaximum", None) if properties is not None else None
    if theirs is not None and (ours == 0 or ours > theirs):
        log.warning("broker Receive Maximum is %d but max_inflight_messages is %d: lower it",
                    theirs, ours)


def mqtt_credentials(config: dict[str, Any], *, role: str = "device") -> Credentials | None:
    """The credentials the ``[mqtt]`` table names, or None when ``security = "none"``.

    ``role="device"`` speaks as ``device.id``, ``role="bridge"`` as the bridge user
    (``central``); ``username`` overrides either. Files default to the layout of a security dir
    (:class:`sync.security.Fleet`): ``ca.crt``, ``devices/<user>.password|.crt|.key``.
    """
    m = config.get("mqtt", {})
    mode = m.get("security", "none") or "none"
    if mode == "none":
        return None
    if mode not in MODES:
        raise SyncError(f"mqtt.security must be none, password or certificate, not {mode!r}")
    user = m.get("username") or (BRIDGE_USER if role == "bridge" else config["device"]["id"])
    root = data_path(config, m["security_dir"]) if m.get("security_dir") else None

    def path(key: str, default: str) -> Path:
        if m.get(key):
            return data_path(config, m[key])
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


def configure_mqtt(client: Any, config: dict[str, Any], *, role: str = "device") -> Any:
    """Set TLS and credentials from the ``[mqtt]`` table on a paho client before it connects
    (a no-op for ``security = "none"``). Returns the client."""
    creds = mqtt_credentials(config, role=role)
    if creds is not None:
        configure_client(client, creds, mode=config["mqtt"]["security"])
    return client
