"""Thin transports of a keyboard-wedge scanner: a thread reading a file descriptor and handing
each decoded keystroke on.

- :class:`EvdevKeys` — a Linux input device (``/dev/input/by-id/…-event-kbd``), grabbed so the
  keys do not also reach the screen.
- :class:`StreamKeys` — a character stream (a terminal in raw mode, a pty in the simulator).
- :func:`open_keys` — the transport a wedge URL names.
"""

from __future__ import annotations

import contextlib
import logging
import os
import select
import threading
import time
from collections.abc import Callable

from drivers.wedge.keys import EvdevDecoder, Keystroke, StreamDecoder

log = logging.getLogger(__name__)

__all__ = ["EvdevKeys", "StreamKeys", "open_keys"]


class _FdKeys:
    """A thread reading a file descriptor, decoding keystrokes, handing each to ``listener``."""

    def __init__(self, path: str, *, name: str) -> None:
        self.path = path
        self.name = name
        self.error: str | None = None
        self._fd: int | None = None
        self._stop_r, self._stop_w = os.pipe()
        self._thread: threading.Thread | None = None
        self._listener: Callable[[Keystroke], None] | None = None

    def _open(self) -> int:
        return os.open(self.path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)

    def _decode(self, data: bytes) -> list[Keystroke]:
        raise NotImplementedError

    def start(self, listener: Callable[[Keystroke], None]) -> None:
        self._listener = listener
        try:
            self._fd = self._open()
        except OSError as exc:
            self.error = f"{self.path}: {exc.strerror or exc}"
            raise
        self._thread = threading.Thread(target=self._run, name=f"wedge:{self.name}", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        with contextlib.suppress(OSError):
            os.write(self._stop_w, b"x")
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)
            self._fd = None
        for fd in (self._stop_r, self._stop_w):
            with contextlib.suppress(OSError):
                os.close(fd)

    def _run(self) -> None:
        assert self._fd is not None
        while True:
            ready, _, _ = select.select([self._fd, self._stop_r], [], [])
            if self._stop_r in ready:
                return
            try:
                data = os.read(self._fd, 4096)
            except BlockingIOError:
                continue
            except OSError as exc:
                self.error = f"{self.path}: {exc.strerror or exc}"
                log.warning("wedge %s: %s", self.name, self.error)
                return
            if not data:  # the device went away (unplugged) or the writer closed
                self.error = f"{self.path}: closed"
                return
            for key in self._decode(data):
                if self._listener is not None:
                    self._listener(key)


class EvdevKeys(_FdKeys):
    """Keystrokes of a Linux input device, grabbed (``EVIOCGRAB``) so they reach only us.

    :param grab: take the device for ourselves; without it the keys also reach the screen.
    """

    EVIOCGRAB = 0x40044590  # _IOW('E', 0x90, int)

    def __init__(self, path: str, *, grab: bool = True) -> None:
        super().__init__(path, name="evdev")
        self.grab = grab
        self.decoder = EvdevDecoder()

    def _open(self) -> int:
        fd = super()._open()
        if self.grab:
            import fcntl

            try:
                fcntl.ioctl(fd, self.EVIOCGRAB, 1)
            except OSError as exc:  # a FIFO in tests, or a device someone else grabbed
                log.info("wedge: %s not grabbed: %s", self.path, exc)
        return fd

    def _decode(self, data: bytes) -> list[Keystroke]:
        return self.decoder.feed(data)


class StreamKeys(_FdKeys):
    """Keystrokes of a character stream: a terminal is put in raw mode so each key arrives as it
    is typed (the timing is the heuristic's evidence)."""

    def __init__(self, path: str) -> None:
        super().__init__(path, name="stream")
        self.decoder = StreamDecoder()

    def _open(self) -> int:
        fd = super()._open()
        if os.isatty(fd):
            import termios
            import tty

            with contextlib.suppress(termios.error):
                tty.setraw(fd)
        return fd

    def _decode(self, data: bytes) -> list[Keystroke]:
        return self.decoder.feed(data, time.monotonic())


def open_keys(url: str, *, grab: bool = True) -> EvdevKeys | StreamKeys:
    """``evdev:///dev/input/event3`` (or a ``/dev/input/…`` path) → :class:`EvdevKeys`;
    ``tty:///dev/ttyACM0``, ``stdin`` or any other path → :class:`StreamKeys`."""
    if url == "stdin":
        return StreamKeys("/dev/stdin")
    scheme, sep, rest = url.partition("://")
    path = rest if sep else url
    if scheme == "evdev" or (not sep and path.startswith("/dev/input/")):
        return EvdevKeys(path, grab=grab)
    if sep and scheme != "tty":
        raise ValueError(f"wedge URL must be evdev://PATH, tty://PATH, a path or 'stdin': {url!r}")
    return StreamKeys(path)
