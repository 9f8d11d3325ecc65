"""Build the sync components from a device's configuration (:mod:`rfid_edge.config`) and run
them as services until SIGINT/SIGTERM. The kiosk calls :func:`open_outbox` and
:func:`open_online_client`; the CLI and the demo call the rest."""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sync.bridge import Bridge, Ledger
from sync.client import OnlineClient
from sync.errors import SyncError
from sync.ils.base import ILSAdapter
from sync.outbox import Outbox
from sync.uplink import Uplink


def data_path(config: dict[str, Any], relative: str) -> Path:
    path = Path(relative)
    return path if path.is_absolute() else Path(config["device"]["data_dir"]) / path


def open_outbox(config: dict[str, Any]) -> Outbox:
    return Outbox(data_path(config, config["sync"]["outbox"]),
                  device_id=config["device"]["id"], branch=config["device"]["branch"])


def open_uplink(config: dict[str, Any], outbox: Outbox) -> Uplink:
    s = config["sync"]
    return Uplink(outbox, host=s["broker_host"], port=int(s["broker_port"]),
                  prefix=s["topic_prefix"], window=int(s["window"]),
                  batch_max=int(s.get("batch_max", 200)),
                  max_inflight_messages=int(s.get("max_inflight_messages", 20)),
                  reply_timeout_s=float(s["reply_timeout_s"]),
                  session_expiry_s=int(s["session_expiry_s"]),
                  backoff_min_s=float(s["backoff_min_s"]), backoff_max_s=float(s["backoff_max_s"]),
                  retention_s=float(s["retention_days"]) * 86400)


def open_online_client(config: dict[str, Any]) -> OnlineClient:
    s = config["sync"]
    return OnlineClient(device_id=config["device"]["id"], branch=config["device"]["branch"],
                        host=s["broker_host"], port=int(s["broker_port"]),
                        prefix=s["topic_prefix"], timeout_s=float(s["request_timeout_s"]))


def open_ils(config: dict[str, Any]) -> ILSAdapter:
    c = config["central"]
    if c["ils"] == "reference":
        from sync.ils.reference import ReferenceILS

        return ReferenceILS(data_path(config, c["ils_db"]))
    if c["ils"] == "sip2":  # settings in a [central.sip2] table (host, port, user, password…)
        from sync.ils.sip2_adapter import SIP2Adapter

        section = c.get("sip2")
        if not section:
            raise SyncError("central.ils = 'sip2' needs a [central.sip2] table (host, port, …)")
        return SIP2Adapter.from_config(section)
    raise SyncError(f"unknown ILS {c['ils']!r} (reference or sip2)")


def open_bridge(config: dict[str, Any], ils: ILSAdapter) -> Bridge:
    c = config["central"]
    return Bridge(ils, Ledger(data_path(config, c["ledger"])), host=c["broker_host"],
                  port=int(c["broker_port"]), group=c["group"], prefix=c["topic_prefix"],
                  batch_size=int(c["batch_size"]), client_id=c.get("client_id") or None,
                  max_inflight_messages=int(c.get("max_inflight_messages", 20)))


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
