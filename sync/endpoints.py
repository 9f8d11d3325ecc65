"""Broker endpoints and the order a client tries them in (sans-I/O).

A device or a bridge may name several brokers (``[sync] brokers``, ``[central] brokers``): the
nodes of a clustered broker, or independent brokers each with its own bridge. paho-mqtt has no
host list, so :class:`Rotation` decides which endpoint to try next and how long to wait first,
and :class:`sync.failover.Failover` points the paho client at it before each attempt.

Policy
------
* The list is an order of preference: the first connection goes to the first endpoint.
* A failed attempt or a dropped connection moves on to the next endpoint, wrapping around after
  the last one to the first.
* The next endpoint is tried at once while the current round still has untried ones; when every
  endpoint of a round has failed, the wait backs off (:func:`backoff_delay`, doubling per round,
  with jitter), as the single-broker client always did.
* A client stays where it is connected: it does not switch back to an earlier endpoint that
  recovers. Brokers that do not share sessions (mosquitto) make each switch cost a resend of
  everything unanswered, so switching only when the current one fails keeps those rare.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_serializer, model_validator

__all__ = ["DEFAULT_PORTS", "Brokers", "Endpoint", "Rotation", "backoff_delay", "endpoint_list"]

#: the port an ``mqtt://`` / ``mqtts://`` endpoint without one gets (IANA)
DEFAULT_PORTS = {"mqtt": 1883, "mqtts": 8883}

_FORM = re.compile(r"^(?:(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*)://)?"
                   r"(?:\[(?P<v6>[0-9A-Fa-f:.]+)\]|(?P<host>[^:/\[\]\s]+))"
                   r"(?::(?P<port>\d{1,5}))?/?$")


class Endpoint(BaseModel):
    """One broker: written ``mqtts://host:8883``, ``mqtt://host`` or ``host:1883`` (IPv6 in
    brackets). The scheme says whether the link is TLS; without one the ``[mqtt]`` security
    decides, and the port must then be given."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    host: str = Field(min_length=1)
    port: int = Field(ge=1, le=65535)
    #: True for ``mqtts://``, False for ``mqtt://``, None when no scheme was written
    tls: bool | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        if not isinstance(value, str):
            return value
        match = _FORM.match(value.strip())
        if match is None:
            raise ValueError(f"{value!r} is not a broker endpoint (mqtts://host:port, "
                             f"mqtt://host:port or host:port)")
        scheme = (match["scheme"] or "").lower()
        if scheme and scheme not in DEFAULT_PORTS:
            raise ValueError(f"{value!r}: the scheme must be mqtt:// or mqtts://")
        if match["port"] is None and not scheme:
            raise ValueError(f"{value!r}: give the port (host:port) or a scheme (mqtts://host)")
        port = int(match["port"]) if match["port"] is not None else DEFAULT_PORTS[scheme]
        return {"host": match["v6"] or match["host"], "port": port,
                "tls": (scheme == "mqtts") if scheme else None}

    @model_serializer
    def _as_text(self) -> str:
        return str(self)  # a config dump writes it back as it is written in a file

    def __str__(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        scheme = {True: "mqtts://", False: "mqtt://", None: ""}[self.tls]
        return f"{scheme}{host}:{self.port}"


def _distinct(endpoints: tuple[Endpoint, ...]) -> tuple[Endpoint, ...]:
    seen = [(e.host.lower(), e.port) for e in endpoints]
    for k, key in enumerate(seen):
        if key in seen[:k]:
            raise ValueError(f"{endpoints[k]} is named twice")
    if len({e.tls for e in endpoints} - {None}) > 1:
        raise ValueError("mqtt:// and mqtts:// endpoints cannot be mixed: a client's TLS "
                         "settings ([mqtt] security) hold for every endpoint")
    return endpoints


#: a settings field: the brokers to fail over between, in order of preference
Brokers = Annotated[tuple[Endpoint, ...], AfterValidator(_distinct)]


def endpoint_list(brokers: Sequence[Endpoint], host: str, port: int) -> tuple[Endpoint, ...]:
    """The endpoints a settings section names: its ``brokers`` list, or when that is empty its
    single ``broker_host``/``broker_port``."""
    return tuple(brokers) or (Endpoint(host=host, port=port),)


def backoff_delay(failures: int, minimum: float, maximum: float,
                  rng: random.Random | None = None) -> float:
    """Seconds to wait after ``failures`` failed attempts (or rounds) in a row: exponential,
    capped, with "equal jitter" (half fixed, half random) so a fleet does not reconnect in
    lockstep."""
    cap = min(maximum, minimum * 2 ** min(max(failures, 1) - 1, 30))
    return cap / 2 + (rng or random).uniform(0, cap / 2)


class Rotation:
    """Which endpoint to try, and how long to wait before trying it (see the module's policy).

    :param backoff_min_s: the wait after the first round in which every endpoint failed; it
        doubles per such round up to ``backoff_max_s``.
    :param rng: the jitter's source (tests pass a seeded one).
    """

    def __init__(self, endpoints: Sequence[Endpoint], *, backoff_min_s: float = 0.5,
                 backoff_max_s: float = 60.0, rng: random.Random | None = None) -> None:
        if not endpoints:
            raise ValueError("at least one broker endpoint is needed")
        self.endpoints = tuple(endpoints)
        self.backoff_min_s, self.backoff_max_s = backoff_min_s, backoff_max_s
        self.rng = rng
        self.up = False
        #: failed attempts since the last connection
        self.failures = 0
        self._index = 0

    @property
    def current(self) -> Endpoint:
        """The endpoint to connect to (or connected to)."""
        return self.endpoints[self._index]

    def connected(self) -> None:
        """The broker at :attr:`current` accepted the connection: stay there, and the next
        outage starts from the shortest wait."""
        self.up = True
        self.failures = 0

    def closed(self) -> None:
        """This client ended the connection itself (it is stopping): no endpoint failed, so
        a later start comes back to :attr:`current`."""
        self.up = False

    def lost(self) -> float:
        """The attempt on :attr:`current` failed, or its connection dropped: move to the next
        endpoint. Returns the seconds to wait before trying it."""
        self._index = (self._index + 1) % len(self.endpoints)
        if self.up:  # a drop: the next endpoint at once (the one that dropped comes last)
            self.up = False
            return 0.0
        self.failures += 1
        rounds, rest = divmod(self.failures, len(self.endpoints))
        if rest:
            return 0.0  # this round still has endpoints not tried
        return backoff_delay(rounds, self.backoff_min_s, self.backoff_max_s, self.rng)
