"""Build the edge's sync components from a device's configuration (:mod:`rfid_edge.config`):
the outbox, the uplink that drains it and the online client. The kiosk and ``rfid-edge sync``
call these; nothing here loads the centre.

Each reads its sections as typed settings — ``[device]`` (:class:`sync.device.DeviceSettings`),
``[sync]`` (:class:`sync.edge.settings.SyncSettings`) and ``[mqtt]``
(:class:`sync.mqtt.MqttSettings`, applied to every MQTT client built here) — so a bad key is
named, and no default is repeated here."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sync.device import DeviceSettings
from sync.edge.client import OnlineClient
from sync.edge.outbox import Outbox
from sync.edge.settings import SyncSettings
from sync.edge.uplink import Uplink
from sync.endpoints import Endpoint
from sync.mqtt import check_endpoints, configure_mqtt
from sync.service import data_path  # the kiosk's offline cache path goes through it too

__all__ = ["data_path", "endpoints", "open_online_client", "open_outbox", "open_uplink",
           "settings"]


def settings(config: Mapping[str, Any]) -> tuple[DeviceSettings, SyncSettings]:
    """The ``[device]`` and ``[sync]`` sections of ``config``, typed.

    :raises pydantic.ValidationError: naming the key that is wrong.
    """
    return (DeviceSettings.from_section(config.get("device")),
            SyncSettings.from_section(config.get("sync")))


def endpoints(config: Mapping[str, Any]) -> tuple[Endpoint, ...]:
    """The brokers every MQTT client of the edge fails over between (``[sync] brokers``, else
    ``broker_host``/``broker_port``), checked against the ``[mqtt]`` security.

    :raises SyncError: an endpoint's scheme contradicts ``[mqtt] security``.
    """
    return check_endpoints(settings(config)[1].endpoints, config, "sync")


def open_outbox(config: Mapping[str, Any]) -> Outbox:
    device, sync = settings(config)
    return Outbox(device.path(sync.outbox), device_id=device.id, branch=device.branch)


def open_uplink(config: Mapping[str, Any], outbox: Outbox) -> Uplink:
    _, s = settings(config)
    uplink = Uplink(outbox, endpoints=endpoints(config), prefix=s.topic_prefix,
                    window=s.window, batch_max=s.batch_max,
                    max_inflight_messages=s.max_inflight_messages,
                    reply_timeout_s=s.reply_timeout_s, session_expiry_s=s.session_expiry_s,
                    backoff_min_s=s.backoff_min_s, backoff_max_s=s.backoff_max_s,
                    retention_s=s.retention_s)
    configure_mqtt(uplink.client, config)
    return uplink


def open_online_client(config: Mapping[str, Any]) -> OnlineClient:
    device, s = settings(config)
    online = OnlineClient(device_id=device.id, branch=device.branch,
                          endpoints=endpoints(config), prefix=s.topic_prefix,
                          timeout_s=s.request_timeout_s)
    configure_mqtt(online.client, config)
    return online
