"""Build the sync components from a device's configuration (:mod:`rfid_edge.config`) and run
them as services until SIGINT/SIGTERM. The kiosk calls :func:`open_outbox`,
:func:`open_uplink`, :func:`open_online_client` and :func:`configure_mqtt` (for its own MQTT
clients, e.g. the offline-cache feed); the CLI and the demo call the rest.

MQTT security comes from the ``[mqtt]`` table (see :func:`mqtt_credentials`): every client
built here is configured from it, so a device or the centre moves to TLS with per-device
credentials by configuration alone (docs/broker.md)."""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sync.centre.bridge import Bridge, Ledger
from sync.centre.conflicts import ConflictStore
from sync.centre.ordering import OrderedILS, Sequencer
from sync.edge.client import OnlineClient
from sync.edge.outbox import Outbox
from sync.edge.uplink import Uplink
from sync.errors import SyncError
from sync.security import BRIDGE_USER, MODES, Credentials, configure_client


def data_path(config: dict[str, Any], relative: str) -> Path:
    path = Path(relative)
    return path if path.is_absolute() else Path(config["device"]["data_dir"]) / path


def open_outbox(config: dict[str, Any]) -> Outbox:
    return Outbox(data_path(config, config["sync"]["outbox"]),
                  device_id=config["device"]["id"], branch=config["device"]["branch"])


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


def open_uplink(config: dict[str, Any], outbox: Outbox) -> Uplink:
    s = config["sync"]
    uplink = Uplink(outbox, host=s["broker_host"], port=int(s["broker_port"]),
                    prefix=s["topic_prefix"], window=int(s["window"]),
                    batch_max=int(s.get("batch_max", 200)),
                    max_inflight_messages=int(s.get("max_inflight_messages", 20)),
                    reply_timeout_s=float(s["reply_timeout_s"]),
                    session_expiry_s=int(s["session_expiry_s"]),
                    backoff_min_s=float(s["backoff_min_s"]),
                    backoff_max_s=float(s["backoff_max_s"]),
                    retention_s=float(s["retention_days"]) * 86400)
    configure_mqtt(uplink.client, config)
    return uplink


def open_online_client(config: dict[str, Any]) -> OnlineClient:
    s = config["sync"]
    online = OnlineClient(device_id=config["device"]["id"], branch=config["device"]["branch"],
                          host=s["broker_host"], port=int(s["broker_port"]),
                          prefix=s["topic_prefix"], timeout_s=float(s["request_timeout_s"]))
    configure_mqtt(online.client, config)
    return online


def conflicts_path(config: dict[str, Any]) -> Path:
    """Where the conflict records are: the reference ILS's own database (records commit with
    the loans), or for other ILSs ``central.conflicts_db``."""
    c = config["central"]
    if c["ils"] == "reference":
        return data_path(config, c["ils_db"])
    return data_path(config, c.get("conflicts_db") or "central/conflicts.db")


def ledger_path(config: dict[str, Any]) -> Path:
    """Where the bridge's ledger is: ``central.ledger``, or when that is empty the reference
    ILS's own database (SIP2: ``central/ledger.db``)."""
    c = config["central"]
    if c.get("ledger"):
        return data_path(config, c["ledger"])
    return data_path(config, c["ils_db"] if c["ils"] == "reference" else "central/ledger.db")


def open_ledger(config: dict[str, Any], ils: OrderedILS) -> Ledger:
    """The ledger: on the ILS's own connection when it lives in the reference ILS's database
    (:meth:`sync.centre.bridge.Ledger.inside`), else in its own file."""
    path = ledger_path(config)
    if (config["central"]["ils"] == "reference"
            and path.resolve() == data_path(config, config["central"]["ils_db"]).resolve()):
        return Ledger.inside(ils)
    return Ledger(path)


def open_ils(config: dict[str, Any]) -> OrderedILS:
    """The configured ILS behind the ordering layer (:mod:`sync.centre.ordering`): the reference ILS
    is applied in event-time order with exact rebase; a SIP2 ILS in arrival order, late
    arrivals and refused offline replays reported as conflicts."""
    c = config["central"]
    if c["ils"] == "reference":
        from sync.ils.reference import ReferenceILS

        ref = ReferenceILS(data_path(config, c["ils_db"]))
        return OrderedILS(ref, Sequencer(ref, conflicts=ConflictStore(ref.db)))
    if c["ils"] == "sip2":  # settings in a [central.sip2] table (host, port, user, password…)
        from sync.ils.sip2_adapter import SIP2Adapter

        section = c.get("sip2")
        if not section:
            raise SyncError("central.ils = 'sip2' needs a [central.sip2] table (host, port, …)")
        sip2 = SIP2Adapter.from_config(section)
        path = conflicts_path(config)
        path.parent.mkdir(parents=True, exist_ok=True)
        return OrderedILS(sip2, Sequencer(sip2, conflicts=ConflictStore(path)))
    raise SyncError(f"unknown ILS {c['ils']!r} (reference or sip2)")


def open_bridge(config: dict[str, Any], ils: OrderedILS) -> Bridge:
    c = config["central"]
    bridge = Bridge(ils, open_ledger(config, ils), host=c["broker_host"],
                    port=int(c["broker_port"]), group=c["group"], prefix=c["topic_prefix"],
                    batch_size=int(c["batch_size"]), client_id=c.get("client_id") or None,
                    max_inflight_messages=int(c.get("max_inflight_messages", 20)),
                    cache_interval_s=float(c.get("cache_interval_s", 300)),
                    cache_min_interval_s=float(c.get("cache_min_interval_s", 5)),
                    compact_interval_s=float(c.get("compact_interval_s", 3600)),
                    undo_horizon_s=float(c.get("undo_horizon_days", 30)) * 86400)
    configure_mqtt(bridge.client, config, role="bridge")
    return bridge


@contextlib.contextmanager
def stop_on_signals() -> Iterator[threading.Event]:
    """An event set by SIGINT or SIGTERM (handlers restored afterwards)."""
    stop = threading.Event()

    def handler(signum: int, frame: object) -> None:
        stop.set()

    old = {s: signal.signal(s, handler) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield stop
    finally:
        for s, h in old.items():
            signal.signal(s, h)
