"""Start the simulated readers of a scenario and play its timeline.

:class:`RunningReader` is what every protocol's runner factory returns (see
:mod:`hwsim.emulators`): a name, a protocol, the ``port`` a driver opens (a pty path for serial
readers, the PC/SC reader name for pcsc), the reader's :class:`~hwsim.field.Field` (or ``None``
for card readers without one) and ``stop()``. Programmatic control for tests sits on it too:
place/lift tags, unplug/replug the cable, transport faults.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import shutil
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hwsim.emulators import emulator, load, runner_for
from hwsim.field import Field
from hwsim.iso15693.tag import Iso15693Tag
from hwsim.iso15693.timing import AirTiming
from hwsim.serial_pty import Faults, PtyServer

log = logging.getLogger(__name__)


@dataclass(kw_only=True, eq=False)
class RunningReader:
    """One simulated reader, running.

    :ivar port: what a driver opens: the stable pty path (serial), or the PC/SC reader name.
    :ivar field: the RF field (``None`` for readers that model no field).
    :ivar server: the pty server (serial protocols only).
    :ivar control: protocol-specific controller (e.g. the PC/SC card emulator).
    """

    name: str
    protocol: str
    port: str
    field: Field | None = None
    server: PtyServer | None = None
    firmware: Any = None
    control: Any = None
    on_stop: Callable[[], None] | None = None
    spec: dict[str, Any] = dataclasses.field(default_factory=dict)
    _stopped: bool = False

    def stop(self) -> None:
        if self._stopped:
            return
        self._stopped = True
        if self.server is not None:
            self.server.stop()
        if self.on_stop is not None:
            self.on_stop()

    # -- tags ------------------------------------------------------------------------------------
    def place(self, tag: Iso15693Tag, *, rssi: float = -40.0) -> None:
        self._need_field().place(tag, rssi=rssi)

    def lift(self, uid: str) -> Iso15693Tag | None:
        return self._need_field().lift(uid)

    def _need_field(self) -> Field:
        if self.field is None:
            raise TypeError(f"reader {self.name} ({self.protocol}) has no RF field")
        return self.field

    # -- the cable -------------------------------------------------------------------------------
    @property
    def faults(self) -> Faults:
        return self._need_server().faults

    def unplug(self) -> None:
        self._need_server().unplug()

    def replug(self) -> None:
        self._need_server().replug()

    @property
    def air_total_s(self) -> float:
        return self.server.air_total_s if self.server is not None else 0.0

    def _need_server(self) -> PtyServer:
        if self.server is None:
            raise TypeError(f"reader {self.name} ({self.protocol}) has no serial line")
        return self.server

    def describe(self) -> dict[str, Any]:
        """The JSON line ``sim up`` prints for this reader."""
        return {"name": self.name, "protocol": self.protocol, "port": self.port}


def default_link(name: str) -> Path:
    """A stable per-run pty symlink path for reader ``name``."""
    base = Path(tempfile.mkdtemp(prefix="rfid-edge-sim-"))
    return base / f"tty{name}"


def start_serial_reader(spec: dict[str, Any], *, realistic: bool = True, tags: list[Iso15693Tag] | None = None) -> RunningReader:
    """Start a serial reader emulator (FEIG, 3M 810, …) behind a pty.

    ``spec`` keys: ``name``, ``protocol``, optional ``port`` (symlink path to create), ``baud``,
    ``sensitivity``, ``options`` (passed to the firmware class). ``tags`` are placed at once.
    """
    protocol = spec["protocol"]
    entry = emulator(protocol)
    if entry.firmware is None:
        raise ValueError(f"{protocol} is not a serial protocol")
    firmware_cls = load(entry.firmware)
    fld = Field(sensitivity=float(spec.get("sensitivity", -70.0)))
    timing = AirTiming(realistic=realistic)
    firmware = firmware_cls(fld, timing=timing, **dict(spec.get("options", {})))
    name = str(spec.get("name", protocol))
    own_dir = not spec.get("port")
    link = default_link(name) if own_dir else Path(spec["port"])
    baud = int(spec.get("baud", entry.baud or 38400))
    server = PtyServer(firmware, link=link, baud=baud, realistic=realistic).start()
    reader = RunningReader(
        name=name, protocol=protocol, port=server.port, field=fld, server=server, firmware=firmware, spec=spec,
        on_stop=(lambda: shutil.rmtree(link.parent, ignore_errors=True)) if own_dir else None,
    )
    for tag in tags or []:
        fld.place(tag)
    return reader


def start_reader(spec: dict[str, Any], *, realistic: bool = True, **kwargs: Any) -> RunningReader:
    """Start one reader of any registered protocol from its scenario table."""
    return runner_for(spec["protocol"])(spec, realistic=realistic, **kwargs)


class StoppableGroup:
    """Several running readers (and a timeline thread) stopped together."""

    def __init__(self) -> None:
        self.readers: list[RunningReader] = []
        self._threads: list[threading.Thread] = []
        self.stopping = threading.Event()

    def add(self, reader: RunningReader) -> RunningReader:
        self.readers.append(reader)
        return reader

    def spawn(self, target: Callable[[], None], name: str) -> None:
        t = threading.Thread(target=target, name=name, daemon=True)
        self._threads.append(t)
        t.start()

    def stop(self) -> None:
        self.stopping.set()
        for t in self._threads:
            t.join(timeout=5)
        for reader in reversed(self.readers):
            with contextlib.suppress(Exception):
                reader.stop()

    def __enter__(self) -> StoppableGroup:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
