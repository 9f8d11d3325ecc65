"""The thin shell that makes one paho client fail over between broker endpoints.

paho-mqtt 2 connects to one host and port. :class:`Failover` hooks a client so that before
every connection attempt — the first, paho's own reconnects (``loop_start``) and a caller's
``reconnect()`` alike — the client is pointed at the endpoint :class:`sync.endpoints.Rotation`
chooses, and every failed attempt or dropped connection moves the rotation on. The uplink, the
online request client, the offline cache feed and the bridge all go through it.

TLS and credentials are set on the client (:func:`sync.mqtt.configure_mqtt`), not per
connection, so every endpoint is reached with the same CA, identity and password; the TLS
hostname check is made against the endpoint being tried.

The wait between attempts stays each client's own: the uplink (which runs its own loop) asks
:meth:`Failover.lost` for the rotation's wait; clients whose reconnects paho runs keep paho's
``reconnect_delay_set`` backoff, and only the endpoint changes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from sync.endpoints import Endpoint, Rotation
from sync.linkstate import LOGGER

if TYPE_CHECKING:
    from sync.linkstate import LinkReporter

__all__ = ["Failover"]

log = logging.getLogger(LOGGER)


class Failover:
    """Point ``client`` at the rotation's endpoints, one attempt at a time.

    Install it after the client's own callbacks are set: it wraps ``on_connect``,
    ``on_disconnect`` and ``on_connect_fail`` (calling the client's own after its bookkeeping)
    and takes ``on_pre_connect``.

    :param endpoints: the endpoints in order of preference, or a ready :class:`Rotation`.
    :param link: the client's :class:`~sync.linkstate.LinkReporter`, so its lines name the
        endpoint being tried.
    :param role: who speaks in the log (``uplink``, ``online``, ``central``…).
    """

    def __init__(self, client: Any, endpoints: Sequence[Endpoint] | Rotation, *,
                 link: LinkReporter | None = None, role: str = "mqtt") -> None:
        self.client = client
        self.rotation = (endpoints if isinstance(endpoints, Rotation)
                         else Rotation(endpoints))
        self.link = link
        self.role = role
        self.delay = 0.0
        #: attempts made on an endpoint other than the previous attempt's
        self.switches = 0
        self._open = False  # an attempt was made and has not yet succeeded or failed
        self._last: Endpoint | None = None
        client.on_pre_connect = self._pre_connect
        client.on_connect = self._chain(self._connected, client.on_connect)
        client.on_disconnect = self._chain(self._disconnected, client.on_disconnect)
        client.on_connect_fail = self._chain(self._connect_failed, client.on_connect_fail)

    @property
    def current(self) -> Endpoint:
        return self.rotation.current

    @property
    def endpoints(self) -> tuple[Endpoint, ...]:
        return self.rotation.endpoints

    def lost(self) -> float:
        """The current attempt failed or the connection dropped (said once per attempt however
        many callbacks and callers report it). Returns the wait before the next attempt."""
        if self._open or self.rotation.up:
            self._open = False
            self.delay = self.rotation.lost()
        return self.delay

    # --- hooks -------------------------------------------------------------------------------
    @staticmethod
    def _chain(first: Callable[..., None], then: Callable[..., Any] | None) -> Callable[..., None]:
        def both(*args: Any, **kwargs: Any) -> None:
            first(*args)
            if then is not None:
                then(*args, **kwargs)

        return both

    def _pre_connect(self, client: Any, userdata: Any) -> None:
        # a new attempt: the previous one is over, whether or not a callback said so (an
        # OSError the caller of reconnect() caught, a loop() error without on_disconnect)
        self.lost()
        endpoint = self.rotation.current
        # paho's host/port setters refuse while a connection is being opened, which is where
        # this hook runs; reconnect() reads these fields just after it
        client._host, client._port = endpoint.host, endpoint.port
        if self.link is not None:
            self.link.host, self.link.port = endpoint.host, endpoint.port
        if self._last is not None and endpoint != self._last:
            self.switches += 1
            log.info("%s: trying broker %s next", self.role, endpoint)
        self._last = endpoint
        self._open = True

    def _connected(self, client: Any, userdata: Any, flags: Any, rc: Any,
                   properties: Any = None) -> None:
        if rc.is_failure:
            self.lost()  # refused: bad credentials there, or the broker is shutting down
            return
        self._open = False
        self.rotation.connected()

    def _disconnected(self, client: Any, userdata: Any, flags: Any, rc: Any,
                      properties: Any = None) -> None:
        if not rc.is_failure and not flags.is_disconnect_packet_from_server:
            self._open = False  # our own disconnect(): nothing failed there
            self.rotation.closed()
            return
        self.lost()

    def _connect_failed(self, client: Any, userdata: Any) -> None:
        self.lost()
