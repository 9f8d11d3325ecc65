"""Build the centre's components from a configuration (:mod:`rfid_edge.config`): the ILS and
its applier, the ledger and the bridge, from the typed ``[central]`` section
(:class:`~sync.centre.settings.CentralSettings`) and ``[device] data_dir``. ``rfid-edge
central`` and the demo call these; the bridge's MQTT client is configured from the ``[mqtt]``
table as the bridge user (:func:`sync.mqtt.configure_mqtt`)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sync.centre.apply import Applier
from sync.centre.bridge import Bridge
from sync.centre.conflicts import ConflictStore
from sync.centre.ledger import Ledger
from sync.centre.ordering import sequencer_for
from sync.centre.settings import CentralSettings
from sync.device import DeviceSettings
from sync.errors import SyncError
from sync.failover import Failover
from sync.ils.undo import UndoLogILS
from sync.mqtt import check_endpoints, configure_mqtt

__all__ = ["conflicts_path", "conflicts_target", "ils_target", "ledger_path", "ledger_target",
           "open_bridge", "open_ils", "open_ledger", "settings"]


def settings(config: Mapping[str, Any]) -> tuple[CentralSettings, DeviceSettings]:
    """The typed ``[central]`` and ``[device]`` sections of ``config``."""
    return (CentralSettings.from_section(config.get("central")),
            DeviceSettings.from_section(config.get("device")))


def conflicts_path(config: Mapping[str, Any]) -> Path:
    """Where the conflict records are: the reference ILS's own database (records commit with
    the loans), or for other ILSs ``central.conflicts_db``."""
    central, device = settings(config)
    return device.path(central.conflicts_file)


def ledger_path(config: Mapping[str, Any]) -> Path:
    """Where the bridge's ledger is: ``central.ledger``, or when that is empty the reference
    ILS's own database (SIP2: ``central/ledger.db``)."""
    central, device = settings(config)
    return device.path(central.ledger_file)


def ils_target(config: Mapping[str, Any]) -> str | Path:
    """The reference ILS's database: ``central.database`` (PostgreSQL) or ``central.ils_db``."""
    central, device = settings(config)
    return central.database or device.path(central.ils_db)


def conflicts_target(config: Mapping[str, Any]) -> str | Path:
    """Where the conflict records are: ``central.database`` when set, else
    :func:`conflicts_path`."""
    central, _ = settings(config)
    return central.database or conflicts_path(config)


def ledger_target(config: Mapping[str, Any]) -> str | Path:
    """Where the ledger is: ``central.database`` when set, else :func:`ledger_path`."""
    central, _ = settings(config)
    return central.database or ledger_path(config)


def open_ledger(config: Mapping[str, Any], ils: Applier) -> Ledger:
    """The ledger: on the ILS's own connection when it lives in the reference ILS's database
    (:meth:`sync.centre.ledger.Ledger.inside`; always so on PostgreSQL), else its own."""
    central, device = settings(config)
    adapter = ils.adapter
    inside = central.uses_reference and isinstance(adapter, UndoLogILS)
    if central.database:
        return Ledger.inside(adapter) if inside else Ledger(central.database)
    path = device.path(central.ledger_file)
    if inside and path.resolve() == device.path(central.ils_db).resolve():
        return Ledger.inside(adapter)
    return Ledger(path)


def open_ils(config: Mapping[str, Any]) -> Applier:
    """The configured ILS behind its applier (:mod:`sync.centre.ordering`): the reference ILS
    is applied in event-time order with exact rebase; a SIP2 ILS in arrival order, late
    arrivals and refused offline replays reported as conflicts. Close it when done (``with``)."""
    central, device = settings(config)
    if central.uses_reference:
        from sync.ils.reference import ReferenceILS

        ref = ReferenceILS(central.database or device.path(central.ils_db),
                           inventory_checkin_on_shelf=central.inventory_checkin_on_shelf,
                           inventory_missing_after=central.inventory_missing_after_passes)
        return sequencer_for(ref, conflicts=ConflictStore(ref.db))
    from sync.ils.sip2_adapter import SIP2Adapter

    if central.sip2 is None:
        raise SyncError("central.ils = 'sip2' needs a [central.sip2] table (host, port, …)")
    sip2 = SIP2Adapter.from_config(central.sip2)
    if central.database:  # the conflict records and the journal in PostgreSQL
        return sequencer_for(sip2, conflicts=ConflictStore(central.database))
    path = device.path(central.conflicts_file)
    path.parent.mkdir(parents=True, exist_ok=True)
    return sequencer_for(sip2, conflicts=ConflictStore(path))


def open_bridge(config: Mapping[str, Any], ils: Applier) -> Bridge:
    central, _ = settings(config)
    brokers = check_endpoints(central.endpoints, config, "central")
    bridge = Bridge(ils, open_ledger(config, ils), host=brokers[0].host,
                    port=brokers[0].port, group=central.group, prefix=central.topic_prefix,
                    batch_size=central.batch_size, client_id=central.client_id or None,
                    max_inflight_messages=central.max_inflight_messages,
                    cache_interval_s=central.cache_interval_s,
                    cache_min_interval_s=central.cache_min_interval_s,
                    compact_interval_s=central.compact_interval_s,
                    undo_horizon_s=central.undo_horizon_days * 86400)
    configure_mqtt(bridge.client, config, role="bridge")
    Failover(bridge.client, brokers, link=bridge.link, role="central")  # held by its hooks
    return bridge
