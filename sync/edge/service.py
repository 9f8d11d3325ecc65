"""Build the edge's sync components from a device's configuration (:mod:`rfid_edge.config`):
the outbox, the uplink that drains it and the online client. The kiosk and ``rfid-edge sync``
call these; nothing here loads the centre.

Every MQTT client built here is configured from the ``[mqtt]`` table
(:func:`sync.mqtt.configure_mqtt`)."""

from __future__ import annotations

from typing import Any

from sync.edge.client import OnlineClient
from sync.edge.outbox import Outbox
from sync.edge.uplink import Uplink
from sync.mqtt import configure_mqtt
from sync.service import data_path

__all__ = ["open_online_client", "open_outbox", "open_uplink"]


def open_outbox(config: dict[str, Any]) -> Outbox:
    return Outbox(data_path(config, config["sync"]["outbox"]),
                  device_id=config["device"]["id"], branch=config["device"]["branch"])


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
