"""Serve a sans-I/O reader firmware on a real pseudo-terminal.

A firmware (FEIG ISC, 3M 810, …) is a pure object: bytes from the host in, replies out, each reply
carrying the air time the reader spent on it. This module is the only I/O: a thread reads the pty
master, feeds the firmware the host's bytes as fast as the line carries them, waits out the air
time (realistic mode) and writes the reply paced at the line's baud rate — a request costs its wire
time as a reply does, so a long write command is as slow as it is on a real cable. The driver under
test opens the stable ``port`` path (a symlink to the current pty slave) with pyserial exactly as
it would open ``/dev/ttyUSB0``; unplugging removes the symlink and hangs up the pty, replugging
makes a new pty behind the same path.

Transport faults (dropped bytes, a corrupted CRC byte, delayed answers) are injected here, where
a noisy cable would cause them, so every protocol gets them for free.
"""

from __future__ import annotations

import contextlib
import logging
import os
import select
import termios
import threading
import time
import tty
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

log = logging.getLogger(__name__)


@dataclass(frozen=True, kw_only=True)
class Reply:
    """Bytes the reader sends back, after ``air_s`` seconds of RF work."""

    data: bytes
    air_s: float = 0.0


class SerialFirmware(Protocol):
    """What a reader emulator implements: bytes in, replies out (no I/O, no sleeping)."""

    def receive(self, data: bytes) -> list[Reply]: ...


@dataclass
class Faults:
    """One-shot or repeating faults applied to the next replies (thread-safe enough: set, then read)."""

    drop_next: int = 0  # drop the next N replies entirely (reader "times out")
    corrupt_next: int = 0  # flip a bit in the last byte (CRC) of the next N replies
    truncate_next: int = 0  # send only the first half of the next N replies
    garbage_before_next: int = 0  # line noise before the next N replies
    delay_s: float = 0.0  # extra delay before every reply
    delay_next: int = 0  # delay only the next N replies, by ``delay_next_s``
    delay_next_s: float = 0.0
    log: list[str] = field(default_factory=list)


class PtyServer:
    """Run ``firmware`` behind a pty until :meth:`stop`.

    :param link: stable path to expose (symlink to the pty slave); default a temp path.
    :param baud: line speed used for pacing in realistic mode (10 bits per byte, 8N1).
    :param realistic: sleep the air time and pace the line; instant mode answers at once.
    """

    def __init__(
        self,
        firmware: SerialFirmware,
        *,
        link: str | os.PathLike[str],
        baud: int = 38400,
        realistic: bool = True,
        on_air: Callable[[float], None] | None = None,
    ) -> None:
        self.firmware = firmware
        self.link = Path(link)
        self.baud = baud
        self.realistic = realistic
        self.faults = Faults()
        self.air_total_s = 0.0
        self.line_total_s = 0.0  # time requests and replies spend on the wire at ``baud`` (8N1)
        self._on_air = on_air
        self._master: int | None = None
        self._slave: int | None = None
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._plugged = threading.Event()
        self._wake_r, self._wake_w = os.pipe()

    @property
    def port(self) -> str:
        return str(self.link)

    # -- lifecycle -------------------------------------------------------------------------------
    def start(self) -> PtyServer:
        self._open_pty()
        self._thread = threading.Thread(target=self._run, name=f"pty:{self.link.name}", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        os.write(self._wake_w, b"x")
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._close_pty()
        for fd in (self._wake_r, self._wake_w):
            with contextlib.suppress(OSError):
                os.close(fd)

    def __enter__(self) -> PtyServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def unplug(self) -> None:
        """The USB cable is pulled: the port path disappears and open handles hang up."""
        self._plugged.clear()
        os.write(self._wake_w, b"x")
        self._close_pty()

    def replug(self) -> None:
        """The cable is back: a new pty behind the same path."""
        self._open_pty()
        os.write(self._wake_w, b"x")

    # -- internals -------------------------------------------------------------------------------
    def _open_pty(self) -> None:
        master, slave = os.openpty()
        tty.setraw(master)
        tty.setraw(slave)
        attrs = termios.tcgetattr(slave)
        attrs[3] &= ~termios.ECHO
        termios.tcsetattr(slave, termios.TCSANOW, attrs)
        self._master, self._slave = master, slave
        self.link.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.link.with_name(self.link.name + ".new")
        if tmp.is_symlink() or tmp.exists():
            tmp.unlink()
        tmp.symlink_to(os.ttyname(slave))
        tmp.replace(self.link)
        self._plugged.set()
        log.debug("pty %s -> %s", self.link, os.ttyname(slave))

    def _close_pty(self) -> None:
        try:
            if self.link.is_symlink():
                self.link.unlink()
        except OSError:
            pass
        for attr in ("_master", "_slave"):
            fd = getattr(self, attr)
            setattr(self, attr, None)
            if fd is not None:
                with contextlib.suppress(OSError):
                    os.close(fd)

    def _run(self) -> None:
        while not self._stop.is_set():
            master = self._master
            if master is None or not self._plugged.is_set():
                ready, _, _ = select.select([self._wake_r], [], [], 0.5)
                if ready:
                    os.read(self._wake_r, 64)
                continue
            try:
                ready, _, _ = select.select([master, self._wake_r], [], [], 0.5)
            except (OSError, ValueError):
                continue
            if self._wake_r in ready:
                os.read(self._wake_r, 64)
                continue
            if master not in ready:
                continue
            try:
                data = os.read(master, 4096)
            except OSError:
                # no process has the slave open: keep serving, the driver may reopen
                time.sleep(0.01)
                continue
            if not data:
                continue
            self._receive(master, data)

    def _receive(self, master: int, data: bytes) -> None:
        """Feed the firmware ``data`` as the line delivers it: in realistic mode in ~2 ms
        slices, each when its last byte would have crossed the wire (the host wrote it all at
        once; a real UART hands the reader one byte per 10 bit times)."""
        per_byte = 10 / self.baud
        self.line_total_s += len(data) * per_byte
        slice_bytes = max(1, int(0.002 / per_byte)) if self.realistic else len(data)
        due = time.monotonic()
        for i in range(0, len(data), slice_bytes):
            part = data[i:i + slice_bytes]
            if self.realistic:
                due += len(part) * per_byte
                pause = due - time.monotonic()
                if pause > 0:
                    time.sleep(pause)
            try:
                replies = self.firmware.receive(part)
            except Exception:  # a firmware bug must not kill the simulated reader
                log.exception("firmware failed on %s", part.hex())
                continue
            for reply in replies:
                self._send(master, reply)

    def _send(self, master: int, reply: Reply) -> None:
        start = time.monotonic()
        self.air_total_s += reply.air_s
        if self._on_air is not None:
            self._on_air(reply.air_s)
        f = self.faults
        delay = (reply.air_s if self.realistic else 0.0) + f.delay_s
        if f.delay_next > 0:
            f.delay_next -= 1
            f.log.append("delay")
            delay += f.delay_next_s
        data = reply.data
        if not data:
            return
        per_byte = 10 / self.baud
        self.line_total_s += len(data) * per_byte
        if f.drop_next > 0:
            f.drop_next -= 1
            f.log.append("drop")
            return
        if f.corrupt_next > 0:
            f.corrupt_next -= 1
            f.log.append("corrupt")
            data = data[:-1] + bytes([data[-1] ^ 0x01])
        if f.truncate_next > 0:
            f.truncate_next -= 1
            f.log.append("truncate")
            data = data[: max(1, len(data) // 2)]
        if f.garbage_before_next > 0:
            f.garbage_before_next -= 1
            f.log.append("garbage")
            data = b"\x55\xAA\x00" + data
        try:
            if not self.realistic:
                if delay > 0:
                    time.sleep(delay)
                os.write(master, data)
                return
            # An absolute schedule, so sleep overshoots do not add up: each ~2 ms slice is
            # written when its last byte would have crossed the wire.
            due = start + delay
            chunk = max(1, int(0.002 / per_byte))
            for i in range(0, len(data), chunk):
                part = data[i:i + chunk]
                due += len(part) * per_byte
                pause = due - time.monotonic()
                if pause > 0:
                    time.sleep(pause)
                os.write(master, part)
        except OSError:
            log.debug("reply lost: pty closed")
