"""Build the centre's components from a configuration (:mod:`rfid_edge.config`): the ILS
behind the ordering layer, the ledger and the bridge. ``rfid-edge central`` and the demo call
these; the bridge's MQTT client is configured from the ``[mqtt]`` table as the bridge user
(:func:`sync.mqtt.configure_mqtt`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sync.centre.bridge import Bridge, Ledger
from sync.centre.conflicts import ConflictStore
from sync.centre.ordering import OrderedILS, Sequencer
from sync.errors import SyncError
from sync.mqtt import configure_mqtt
from sync.service import data_path

__all__ = ["conflicts_path", "ledger_path", "open_bridge", "open_ils", "open_ledger"]


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
