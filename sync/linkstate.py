"""What an MQTT link is doing, said on the ``sync.link`` log, one line per change of state:
connecting, connected, refused, lost and why, the next attempt, and a client-id clash.

Why
---
A service that cannot reach its broker, or that keeps being knocked off it, must say so: a
silent retry loop looks like a working link. ``rfid-edge central run`` and ``sync run`` log
``sync.link`` at INFO by default (:func:`announce`); everything else keeps the default.

A client-id clash — two processes connecting with one client id — shows as the broker ending
the connection again and again, each process taking the session from the other as it
reconnects. The broker may say so (MQTT 5 reason 142 "Session taken over"); mosquitto 2.0 just
closes the socket, so a connection that ends within ``short_s`` of being made, followed by a
reconnection that finds the session still there, counts as a take-over too. After
``clash_after`` take-overs within ``clash_window_s`` one warning names the client id; lines about the same flapping then drop to
DEBUG until the link stays up for a window, so the log is not flooded.

Both the edge's uplink and the centre's bridge use :class:`LinkReporter`; it only logs.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

__all__ = ["LOGGER", "LinkReporter", "announce", "reason_words"]

LOGGER = "sync.link"
log = logging.getLogger(LOGGER)

_TAKEN_OVER = "Session taken over"
#: paho's words for a local end of the connection, in plainer words
_LOCAL = {"Unspecified error": "the connection closed (broker stopped or network lost)",
          "Keep alive timeout": "no traffic from the broker within the keepalive",
          "Success": "closed by this process"}


def announce() -> None:
    """Let the ``sync.link`` lines through at INFO (services call it; ``-v`` stays stronger)."""
    logger = logging.getLogger(LOGGER)
    if logger.getEffectiveLevel() > logging.INFO:
        logger.setLevel(logging.INFO)


def reason_words(rc: Any, from_broker: bool = True) -> str:
    """A paho reason code in words: the broker's reason as it names it, a local end of the
    connection as what probably happened."""
    name = rc.getName() if hasattr(rc, "getName") else str(rc)
    if not from_broker and name in _LOCAL:
        return _LOCAL[name]
    return f"the broker said: {name}" if from_broker else name


class LinkReporter:
    """Log the state changes of one MQTT client.

    :param role: who speaks (``central``, ``uplink``).
    :param clash_after: take-overs within ``clash_window_s`` that mean another process uses
        the client id.
    """

    def __init__(self, role: str, client_id: str, host: str, port: int, *,
                 clash_after: int = 3, clash_window_s: float = 60.0, short_s: float = 5.0,
                 clock: Callable[[], float] = time.monotonic,
                 logger: logging.Logger | None = None) -> None:
        self.role, self.client_id, self.host, self.port = role, client_id, host, port
        self.clash_after, self.clash_window_s = clash_after, clash_window_s
        self.short_s = short_s
        self._suspect = False  # the last connection ended soon after it was made
        self.clock = clock
        self.log = logger or log
        self.up = False
        self.stopping = False
        self.clash_warned = False
        self._takeovers: list[float] = []
        self._connected_at = 0.0
        self._failures = 0
        self._hinted = False
        self._outage_said = False

    @property
    def where(self) -> str:
        return f"{self.host}:{self.port}"

    def _flapping(self) -> bool:
        return self.clash_warned and bool(self._takeovers) and (
            self.clock() - self._takeovers[-1] < self.clash_window_s)

    def _say(self, level: int, message: str) -> None:
        self.log.log(logging.DEBUG if self._flapping() else level, "%s: %s", self.role, message)

    def connecting(self) -> None:
        self._say(logging.INFO, f"connecting to {self.where} as client id {self.client_id!r}")

    def connected(self, session_present: bool) -> None:
        now = self.clock()
        if self._takeovers and now - self._takeovers[-1] >= self.clash_window_s:
            self._takeovers.clear()
        if self._suspect and session_present:  # our session outlived us: someone held it
            self._taken_over()
        self._suspect = False
        self.up, self._connected_at, self._failures = True, now, 0
        self._outage_said = False
        self._say(logging.INFO, f"connected to {self.where} (client id {self.client_id!r}, "
                                f"{'session resumed' if session_present else 'new session'})")

    def refused(self, rc: Any) -> None:
        self.log.warning("%s: broker %s refused the connection: %s", self.role, self.where,
                         reason_words(rc))

    def lost(self, rc: Any, from_broker: bool, retry_in: float | None = None) -> None:
        """The connection ended (or an attempt failed after TCP connected)."""
        was, self.up = self.up, False
        if self.stopping:
            self.log.info("%s: disconnected from %s", self.role, self.where)
            return
        name = rc.getName() if hasattr(rc, "getName") else str(rc)
        if from_broker and name == _TAKEN_OVER:
            self._taken_over()
        elif was and not from_broker and self.clock() - self._connected_at < self.short_s:
            self._suspect = True
        then = f"; reconnecting in {retry_in:.0f} s" if retry_in is not None else ""
        if was:
            self._say(logging.WARNING, f"connection to {self.where} lost: "
                                       f"{reason_words(rc, from_broker)}{then}")
        elif then:
            self._say(logging.INFO, f"not connected to {self.where}{then}")

    def unreachable(self, why: str, retry_in: float | None = None) -> None:
        """A connection attempt failed before MQTT spoke (no broker listening, no route)."""
        self.up = False
        then = f"; retrying in {retry_in:.0f} s" if retry_in is not None else ""
        hint = ("" if self._hinted else
                " (rfid-edge needs an MQTT broker such as mosquitto there: see docs/broker.md)")
        self._hinted = True
        level = logging.INFO if self._outage_said else logging.WARNING
        self._outage_said = True
        self._say(level, f"cannot reach the broker at {self.where}: {why}{then}{hint}")

    def paho_delay(self, minimum: float, maximum: float) -> float:
        """The wait paho's own reconnect loop is about to take (``reconnect_delay_set``:
        doubling from ``minimum`` to ``maximum``, reset by a successful connection); counts
        the failure."""
        self._failures += 1
        return min(minimum * 2 ** (self._failures - 1), maximum)

    def failed(self) -> int:
        """Count one failed attempt (for a caller with its own backoff); returns the count."""
        self._failures += 1
        return self._failures

    def _taken_over(self) -> None:
        now = self.clock()
        self._takeovers = [t for t in self._takeovers if now - t < self.clash_window_s] + [now]
        if not self.clash_warned and len(self._takeovers) >= self.clash_after:
            self.clash_warned = True
            self.log.warning(
                "%s: client id %r seems to be in use by another process: the broker %s took "
                "this session away %d times in %.0f s and the two keep knocking each other "
                "off. Stop the other process or give each its own client id.", self.role,
                self.client_id, self.where, len(self._takeovers), self.clash_window_s)
