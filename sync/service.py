"""Process helpers shared by every sync service, edge or centre: paths under the device's data
directory and a stop event for SIGINT/SIGTERM.

The wiring itself lives with each end: :mod:`sync.edge.service` (outbox, uplink, online client)
and :mod:`sync.centre.service` (ILS, ledger, bridge); MQTT security is :mod:`sync.mqtt`."""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

__all__ = ["data_path", "stop_on_signals"]


def data_path(config: dict[str, Any], relative: str) -> Path:
    path = Path(relative)
    return path if path.is_absolute() else Path(config["device"]["data_dir"]) / path


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
