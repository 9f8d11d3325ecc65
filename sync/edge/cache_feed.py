"""The offline cache's feed: an MQTT client storing the retained ``<prefix>/cache/#`` parts the
centre publishes into the edge's :class:`sync.edge.offline_cache.OfflineCache`.

It lives beside the cache it feeds (the edge end of the link), not among the kiosk's ports:
any station with an offline cache runs one.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Sequence
from typing import Any

from sync.edge.offline_cache import OfflineCache
from sync.endpoints import Endpoint
from sync.failover import Failover
from sync.mqtt import low_latency

log = logging.getLogger(__name__)


class CacheFeed:
    """Keeps an :class:`sync.edge.offline_cache.OfflineCache` fed: subscribes to the retained
    ``<prefix>/cache/#`` parts the centre publishes (a kiosk that connects gets the latest at
    once) and stores each as it comes.

    :param device_id: the device's identity; the client id is ``edge-<device_id>-cache``, one
        per device as the broker's client-id rule wants (``sync/plugin/rfid_clientid.c``: beside
        the uplink's ``edge-<id>`` and the online client's ``edge-<id>-online-…``). A shared id
        would have each kiosk's feed knock another's off the broker.
    :param endpoints: brokers to fail over between (default: ``host:port`` alone).
    """

    def __init__(self, cache: OfflineCache, *, device_id: str, host: str = "127.0.0.1",
                 port: int = 1883, prefix: str = "rfid/v1",
                 configure: Callable[[Any], Any] | None = None,
                 endpoints: Sequence[Endpoint] | None = None) -> None:
        import paho.mqtt.client as mqtt

        self.cache = cache
        self.topic = f"{prefix}/cache/#"
        self.client_id = f"edge-{device_id}-cache"
        self.client = low_latency(mqtt.Client(mqtt.CallbackAPIVersion.VERSION2,
                                              client_id=self.client_id, protocol=mqtt.MQTTv5))
        if configure is not None:  # TLS and credentials, as for the uplink
            configure(self.client)
        self.client.on_connect = self._on_connect
        self.client.on_message = self._on_message
        self.failover = Failover(self.client, endpoints or (Endpoint(host=host, port=port),),
                                 role="cache")
        self.host, self.port = self.failover.current.host, self.failover.current.port

    def start(self) -> CacheFeed:
        self.client.connect_async(self.host, self.port)
        self.client.loop_start()
        return self

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.client.disconnect()
        self.client.loop_stop()

    def _on_connect(self, client: Any, userdata: Any, flags: Any, rc: Any,
                    properties: Any = None) -> None:
        if not rc.is_failure:
            client.subscribe(self.topic, qos=1)

    def _on_message(self, client: Any, userdata: Any, msg: Any) -> None:
        try:
            self.cache.on_message(client, userdata, msg)
        except Exception as exc:  # a malformed part is dropped; the previous one stays
            log.warning("offline cache part %s refused: %s", msg.topic, exc)
