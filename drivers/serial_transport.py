"""The thin serial layer every serial reader protocol shares: a pyserial port plus one exchange loop.

Protocols stay sans-I/O (h11 style): a *decoder* takes bytes with ``feed()`` and hands out whole
frames with ``next_frame()``; this module does the I/O around it. The transport blocks on
``read()`` with a timeout instead of polling, so the driver adds no sleep to the air time.

Unplugging: when the port vanishes every call raises :class:`ReaderUnavailable`;
:meth:`SerialTransport.ensure_open` reopens the same path once it is back (a USB adapter
replugged, a simulator pty recreated behind its symlink).
"""

from __future__ import annotations

import contextlib
import logging
import os
import time
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

import serial

from drivers.errors import FrameError, ReaderIOError, ReaderTimeout, ReaderUnavailable

log = logging.getLogger(__name__)

F = TypeVar("F")

try:  # a hung-up tty raises termios.error, which is not an OSError
    import termios

    _IO_ERRORS: tuple[type[BaseException], ...] = (OSError, serial.SerialException, termios.error)
except ImportError:  # pragma: no cover - not POSIX
    _IO_ERRORS = (OSError, serial.SerialException)


class FrameDecoder(Protocol[F]):
    """Incremental decoder: bytes in, whole frames out; garbage is skipped (resynchronised)."""

    def feed(self, data: bytes) -> None: ...

    def next_frame(self) -> F | None: ...

    def reset(self) -> None: ...


class SerialTransport:
    """One serial port (``/dev/ttyUSB0``, a pty path, or any pyserial URL such as ``loop://``).

    :param port: device path or pyserial URL.
    :param baudrate: line speed (8N1).
    :param timeout: default read timeout in seconds.
    """

    def __init__(self, port: str, *, baudrate: int, timeout: float = 0.5) -> None:
        self.port = port
        self.baudrate = baudrate
        self.timeout = timeout
        self._serial: Any = None

    # -- lifecycle -------------------------------------------------------------------------------
    @property
    def is_open(self) -> bool:
        return self._serial is not None and self._serial.is_open

    def open(self) -> None:
        """Open the port. :raises ReaderUnavailable: the port is not there (yet)."""
        if self.is_open:
            return
        try:
            self._serial = serial.serial_for_url(
                self.port, baudrate=self.baudrate, timeout=self.timeout, write_timeout=2.0, exclusive=True
            )
        except TypeError:  # URL handlers (loop://, socket://) do not know ``exclusive``
            self._serial = self._open_plain()
        except (*_IO_ERRORS, ValueError) as exc:  # pyserial's tcflush on a hung-up tty: termios.error
            self._serial = None
            raise ReaderUnavailable(f"serial port {self.port} unavailable: {exc}") from exc
        log.debug("opened %s at %d baud", self.port, self.baudrate)

    def _open_plain(self) -> Any:
        try:
            return serial.serial_for_url(self.port, baudrate=self.baudrate, timeout=self.timeout)
        except (*_IO_ERRORS, ValueError) as exc:
            raise ReaderUnavailable(f"serial port {self.port} unavailable: {exc}") from exc

    def close(self) -> None:
        ser, self._serial = self._serial, None
        if ser is not None:
            with contextlib.suppress(*_IO_ERRORS):
                ser.close()

    def ensure_open(self) -> None:
        """Reopen the same path if a previous failure closed it (unplugged, then replugged).

        :raises ReaderUnavailable: still not there.
        """
        if self.is_open:
            return
        self.open()

    def __enter__(self) -> SerialTransport:
        self.open()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- bytes -----------------------------------------------------------------------------------
    def _fail(self, exc: BaseException) -> ReaderUnavailable:
        """The port broke under us: close it so :meth:`ensure_open` reopens it later."""
        self.close()
        return ReaderUnavailable(f"serial port {self.port} lost: {exc}")

    def write(self, data: bytes) -> None:
        if not self.is_open:
            raise ReaderUnavailable(f"serial port {self.port} is not open")
        try:
            self._serial.write(data)
            self._serial.flush()
        except _IO_ERRORS as exc:
            raise self._fail(exc) from exc

    def read(self, timeout: float) -> bytes:
        """Whatever arrived within ``timeout`` seconds (``b""`` if nothing).

        Blocks until at least one byte arrives, then returns it with everything already buffered:
        no polling sleep, so the caller sees each byte as soon as the line delivers it.
        """
        if not self.is_open:
            raise ReaderUnavailable(f"serial port {self.port} is not open")
        ser = self._serial
        try:
            ser.timeout = max(0.0, timeout)
            first = ser.read(1)
            if not first:
                if not os.path.exists(self.port) and "://" not in self.port:
                    raise ReaderUnavailable(f"serial port {self.port} vanished")
                return b""
            waiting = ser.in_waiting
            return first + (ser.read(waiting) if waiting else b"")
        except ReaderUnavailable:
            self.close()
            raise
        except (*_IO_ERRORS, TypeError) as exc:
            # pyserial raises SerialException("device reports readiness to read but returned no
            # data") when the other end hung up: the cable was pulled.
            raise self._fail(exc) from exc

    def reset_input(self) -> None:
        """Drop stale bytes (a late answer to a timed-out request) before a new request."""
        if not self.is_open:
            return
        try:
            self._serial.reset_input_buffer()
        except _IO_ERRORS as exc:
            raise self._fail(exc) from exc


def read_frame(transport: SerialTransport, decoder: FrameDecoder[F], *, timeout: float) -> F:
    """Feed the decoder from the line until it yields a frame.

    :raises ReaderTimeout: nothing whole arrived within ``timeout``.
    :raises FrameError: the decoder raised it (bad CRC on an otherwise whole frame).
    """
    deadline = time.monotonic() + timeout
    while True:
        frame = decoder.next_frame()
        if frame is not None:
            return frame
        left = deadline - time.monotonic()
        if left <= 0:
            raise ReaderTimeout(f"no complete frame from {transport.port} within {timeout:.2f} s")
        chunk = transport.read(left)
        if chunk:
            decoder.feed(chunk)


def exchange(
    transport: SerialTransport,
    request: bytes,
    decoder: FrameDecoder[F],
    *,
    timeout: float,
    retries: int = 2,
    accept: Callable[[F], bool] | None = None,
) -> F:
    """Write ``request`` and return the reply frame; resend on timeouts and garbled replies.

    A closed port is reopened first (:meth:`SerialTransport.ensure_open`), so a reader that was
    unplugged and came back just works on the next call. A handle that was open but has gone
    stale (the cable was pulled since the last exchange, perhaps already put back) gets one more
    try on a fresh handle, so a reader replugged between two commands just works too.

    :param accept: reject frames that are not the answer to this request (e.g. a late reply to
        the previous one); rejected frames are skipped, not retried.
    :param retries: bounded resends after the first attempt.
    :raises ReaderTimeout: no valid answer after all attempts (last failure was a timeout).
    :raises FrameError: the last failure was a garbled frame (bad CRC, bad length).
    :raises ReaderUnavailable: the port is gone.
    """
    was_open = transport.is_open
    try:
        return _attempts(transport, request, decoder, timeout=timeout, retries=retries, accept=accept)
    except ReaderUnavailable:
        if not was_open:
            raise
        # the failure closed the stale handle: one more round reopens the path or reports it missing
        log.info("%s: port lost, reopening", transport.port)
        return _attempts(transport, request, decoder, timeout=timeout, retries=retries, accept=accept)


def _attempts(
    transport: SerialTransport,
    request: bytes,
    decoder: FrameDecoder[F],
    *,
    timeout: float,
    retries: int,
    accept: Callable[[F], bool] | None,
) -> F:
    """The first attempt and up to ``retries`` resends of one exchange on the current handle."""
    last: ReaderIOError | None = None
    for attempt in range(retries + 1):
        transport.ensure_open()
        transport.reset_input()
        decoder.reset()
        transport.write(request)
        try:
            while True:
                frame = read_frame(transport, decoder, timeout=timeout)
                if accept is None or accept(frame):
                    return frame
                log.debug("skipping unrelated frame %r", frame)
        except (ReaderTimeout, FrameError) as exc:
            last = exc
            log.debug("%s: attempt %d/%d failed: %s", transport.port, attempt + 1, retries + 1, exc)
    assert last is not None
    raise last


def parse_serial_url(url: str) -> tuple[str, dict[str, str]]:
    """Split ``scheme:///dev/ttyUSB0?baud=38400`` (or ``scheme://COM3?…``) into port and options.

    :raises ReaderInitError: no port in the URL.
    """
    from urllib.parse import parse_qs, unquote, urlsplit

    from drivers.errors import ReaderInitError

    parts = urlsplit(url)
    port = unquote(parts.netloc + parts.path) if parts.netloc else unquote(parts.path)
    if not port:
        raise ReaderInitError(f"no serial port in {url!r}")
    return port, {k: v[-1] for k, v in parse_qs(parts.query).items()}
