"""Barcode and QR scanners in HID keyboard-wedge mode: library cards typed in by a scanner.

A wedge scanner is a USB keyboard that types the code and presses Enter. The station reads its
keystrokes from a Linux evdev device (``/dev/input/by-id/…-event-kbd``, grabbed so the keys do
not also reach the screen) or from a character stream (a terminal in raw mode, a pty in the
simulator), and tells the core of each card it read.

Layers, sans-I/O first (h11 style):

- :class:`EvdevDecoder` — bytes of ``struct input_event`` records → :class:`Keystroke` s (US
  layout, Shift and Caps Lock applied, the kernel's timestamps kept).
- :class:`LineAssembler` — keystrokes → :class:`WedgeLine` s. A line ends at Enter; its timing
  tells a scanner from a person: a scanner types a whole code with a few milliseconds between
  keys, a person takes 80 ms or more per key and may correct with Backspace. A line too long is
  dropped whole, and a half-typed line left standing is forgotten.
- :func:`patron_id_from_code` — a scanned code → the patron identifier (plain, or a QR code
  carrying ``urn:x-library:patron:<id>`` or an ``https://…?patron=<id>`` link).
- :class:`EvdevKeys`, :class:`StreamKeys` — thin transports: a thread reading a file descriptor.
- :class:`WedgeCards` — the core's card-source port (:class:`kiosk.core.ports.CardSource`): a
  scanned line becomes ``CardEvent(present=True, source="barcode")``.

Codes are never logged in full: a :class:`WedgeLine`'s ``repr`` masks them.
"""

from __future__ import annotations

import contextlib
import logging
import os
import select
import statistics
import struct
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from kiosk.core.ports import CardEvent

log = logging.getLogger(__name__)

__all__ = [
    "ENTER", "BACKSPACE", "EvdevDecoder", "EvdevKeys", "Keystroke", "LineAssembler",
    "StreamKeys", "WedgeCards", "WedgeLine", "patron_id_from_code",
]

ENTER = "\n"
BACKSPACE = "\b"


@dataclass(frozen=True, kw_only=True)
class Keystroke:
    """One key typed: a printable character, :data:`ENTER` or :data:`BACKSPACE`; ``at`` in
    seconds (the kernel's event time for evdev, ``time.monotonic()`` for a stream)."""

    key: str
    at: float

    def __post_init__(self) -> None:
        if len(self.key) != 1 or not (self.key.isprintable() or self.key in (ENTER, BACKSPACE)):
            raise ValueError("a keystroke is one printable character, ENTER or BACKSPACE")


@dataclass(frozen=True, kw_only=True)
class WedgeLine:
    """A line ended by Enter. ``kind`` says who typed it, by its timing."""

    text: str = field(repr=False)
    kind: Literal["scanner", "keyboard"]
    started: float
    ended: float
    mean_gap_ms: float | None  # None for a one-character line

    def __post_init__(self) -> None:
        if not self.text:
            raise ValueError("a line has text")
        if self.kind not in ("scanner", "keyboard"):
            raise ValueError("kind is 'scanner' or 'keyboard'")

    def __repr__(self) -> str:
        from sync.schema import mask

        return (f"WedgeLine(text={mask(self.text)!r}, kind={self.kind!r},"
                f" mean_gap_ms={self.mean_gap_ms!r})")


class LineAssembler:
    """Keystrokes in, lines out; no I/O, no clock of its own (pass each keystroke's time).

    :param min_length: shorter lines are never taken for a scanner (library barcodes are longer).
    :param max_gap_s: a scanner's mean gap between keys is at most this; no single gap of a
        scanned line exceeds four times it (a person is slower, and uneven).
    :param max_length: a longer line is dropped whole (``dropped`` counts them).
    :param stale_s: a line with no key for this long is forgotten when the next key comes (or
        on :meth:`expire`): a half-typed code must not prefix the next patron's.
    """

    def __init__(self, *, min_length: int = 6, max_gap_s: float = 0.035, max_length: int = 64,
                 stale_s: float = 5.0) -> None:
        if min_length < 1 or max_length < min_length or max_gap_s <= 0 or stale_s <= 0:
            raise ValueError("need 1 <= min_length <= max_length, max_gap_s > 0, stale_s > 0")
        self.min_length = min_length
        self.max_gap_s = max_gap_s
        self.max_length = max_length
        self.stale_s = stale_s
        self.dropped = 0
        self._chars: list[str] = []
        self._times: list[float] = []
        self._edited = False
        self._overflow = False

    @property
    def pending(self) -> int:
        """Characters typed on the current line so far."""
        return len(self._chars)

    def _reset(self) -> None:
        self._chars, self._times = [], []
        self._edited = self._overflow = False

    def expire(self, now: float) -> bool:
        """Forget a line left standing for ``stale_s``; True if one was forgotten."""
        if self._times and now - self._times[-1] >= self.stale_s:
            self._reset()
            return True
        return False

    def feed(self, key: Keystroke) -> WedgeLine | None:
        """Take one keystroke; return the line it ended, if any."""
        self.expire(key.at)
        if key.key == ENTER:
            return self._end(key.at)
        if key.key == BACKSPACE:
            if self._chars:
                self._chars.pop()
                self._times.append(key.at)  # still typing: keeps the line fresh
                self._edited = True
            return None
        if len(self._chars) >= self.max_length:
            self._overflow = True
            self._times.append(key.at)
            return None
        self._chars.append(key.key)
        self._times.append(key.at)
        return None

    def feed_all(self, keys: list[Keystroke]) -> list[WedgeLine]:
        return [line for line in map(self.feed, keys) if line is not None]

    def _end(self, at: float) -> WedgeLine | None:
        text = "".join(self._chars).strip()
        times, edited, overflow = self._times, self._edited, self._overflow
        self._reset()
        if overflow:
            self.dropped += 1
            log.info("wedge: a line longer than %d characters was dropped", self.max_length)
            return None
        if not text:
            return None
        stamps = times + [at]  # the Enter key is typed by the scanner too
        gaps = [b - a for a, b in zip(stamps, stamps[1:], strict=False)]
        mean_gap = statistics.fmean(gaps) if gaps else None
        scanner = (not edited and len(text) >= self.min_length and mean_gap is not None
                   and mean_gap <= self.max_gap_s and max(gaps) <= 4 * self.max_gap_s)
        return WedgeLine(text=text, kind="scanner" if scanner else "keyboard", started=stamps[0],
                         ended=at, mean_gap_ms=None if mean_gap is None else round(mean_gap * 1000, 2))


def patron_id_from_code(code: str) -> str | None:
    """The patron identifier in a scanned code: the code itself, or what a library QR code
    carries (``urn:x-library:patron:<id>``, ``https://…?patron=<id>``). None if it carries none."""
    from drivers.tags.ndef import PATRON_URN

    code = code.strip()
    if code.lower().startswith(PATRON_URN):
        value = urllib.parse.unquote(code[len(PATRON_URN):]).strip()
        return value or None
    if code.lower().startswith(("http://", "https://")):
        values = urllib.parse.parse_qs(urllib.parse.urlsplit(code).query).get("patron")
        return values[0].strip() if values and values[0].strip() else None
    return code or None


# --- evdev ------------------------------------------------------------------------------------

EV_KEY = 0x01
#: struct input_event: struct timeval (two C longs), __u16 type, __u16 code, __s32 value
INPUT_EVENT = struct.Struct("@llHHi")

# Linux input-event-codes.h key codes → (plain, shifted) on a US layout
_ROWS = {
    2: "1!", 3: "2@", 4: "3#", 5: "4$", 6: "5%", 7: "6^", 8: "7&", 9: "8*", 10: "9(", 11: "0)",
    12: "-_", 13: "=+", 26: "[{", 27: "]}", 39: ";:", 40: "'\"", 41: "`~", 43: "\\|", 51: ",<",
    52: ".>", 53: "/?", 57: "  ",
}
_LETTERS = {16: "q", 17: "w", 18: "e", 19: "r", 20: "t", 21: "y", 22: "u", 23: "i", 24: "o",
            25: "p", 30: "a", 31: "s", 32: "d", 33: "f", 34: "g", 35: "h", 36: "j", 37: "k",
            38: "l", 44: "z", 45: "x", 46: "c", 47: "v", 48: "b", 49: "n", 50: "m"}
_KEYPAD = {71: "7", 72: "8", 73: "9", 74: "-", 75: "4", 76: "5", 77: "6", 78: "+", 79: "1",
           80: "2", 81: "3", 82: "0", 83: ".", 55: "*", 98: "/"}
KEY_ENTER, KEY_KPENTER, KEY_BACKSPACE = 28, 96, 14
KEY_LEFTSHIFT, KEY_RIGHTSHIFT, KEY_CAPSLOCK = 42, 54, 58


class EvdevDecoder:
    """``struct input_event`` bytes → keystrokes (key presses and auto-repeats; releases only
    move Shift). Bytes may arrive in any chunks; other event types are skipped."""

    def __init__(self) -> None:
        self._buf = b""
        self._shift: set[int] = set()
        self._caps = False

    def feed(self, data: bytes) -> list[Keystroke]:
        self._buf += data
        size = INPUT_EVENT.size
        whole = len(self._buf) - len(self._buf) % size
        out: list[Keystroke] = []
        for offset in range(0, whole, size):
            sec, usec, type_, code, value = INPUT_EVENT.unpack_from(self._buf, offset)
            if type_ != EV_KEY:
                continue
            key = self._key(code, value)
            if key is not None:
                out.append(Keystroke(key=key, at=sec + usec / 1e6))
        self._buf = self._buf[whole:]
        return out

    def _key(self, code: int, value: int) -> str | None:
        if code in (KEY_LEFTSHIFT, KEY_RIGHTSHIFT):
            (self._shift.add if value else self._shift.discard)(code)
            return None
        if value == 0:  # release
            return None
        if code == KEY_CAPSLOCK:
            if value == 1:
                self._caps = not self._caps
            return None
        if code in (KEY_ENTER, KEY_KPENTER):
            return ENTER
        if code == KEY_BACKSPACE:
            return BACKSPACE
        shift = bool(self._shift)
        if code in _LETTERS:
            letter = _LETTERS[code]
            return letter.upper() if shift != self._caps else letter
        if code in _ROWS:
            return _ROWS[code][1 if shift else 0]
        return _KEYPAD.get(code)


class StreamDecoder:
    """Characters of a stream (a raw terminal, a pty) → keystrokes stamped with arrival time.
    CR and LF are Enter (a CR LF pair ends one line: the empty second line is ignored);
    DEL and BS are Backspace; other control characters are skipped."""

    def __init__(self) -> None:
        self._pending = b""

    def feed(self, data: bytes, at: float) -> list[Keystroke]:
        data = self._pending + data
        try:
            text = data.decode("utf-8")
            self._pending = b""
        except UnicodeDecodeError as exc:
            if exc.start >= len(data) - 3 and exc.reason == "unexpected end of data":
                text, self._pending = data[:exc.start].decode("utf-8"), data[exc.start:]
            else:
                text, self._pending = data.decode("utf-8", "replace"), b""
        out = []
        for ch in text:
            if ch in "\r\n":
                out.append(Keystroke(key=ENTER, at=at))
            elif ch in "\x7f\b":
                out.append(Keystroke(key=BACKSPACE, at=at))
            elif ch.isprintable():
                out.append(Keystroke(key=ch, at=at))
        return out


# --- transports -------------------------------------------------------------------------------

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


# --- the core's port --------------------------------------------------------------------------

class WedgeCards:
    """A keyboard-wedge scanner as a card source for the core.

    :param keys: an :class:`EvdevKeys` / :class:`StreamKeys` (not started).
    :param accept_typed: also take lines a person typed (a keyboard on the same input); by
        default only lines with a scanner's timing identify a patron.
    """

    def __init__(self, keys: EvdevKeys | StreamKeys, *, assembler: LineAssembler | None = None,
                 accept_typed: bool = False, name: str = "barcode") -> None:
        self.keys = keys
        self.assembler = assembler or LineAssembler()
        self.accept_typed = accept_typed
        self.name = name
        self.url = f"{'evdev' if isinstance(keys, EvdevKeys) else 'tty'}://{keys.path}"
        self.lines = {"scanner": 0, "keyboard": 0}
        self._listener: Callable[[CardEvent], None] | None = None
        self._lock = threading.Lock()

    @classmethod
    def from_config(cls, section: dict[str, Any]) -> WedgeCards:
        """From ``[kiosk.wedge]``: ``url``, ``min_length``, ``max_gap_ms``, ``accept_typed``,
        ``grab``."""
        assembler = LineAssembler(min_length=int(section.get("min_length", 6)),
                                  max_gap_s=float(section.get("max_gap_ms", 35)) / 1000)
        return cls(open_keys(str(section["url"]), grab=bool(section.get("grab", True))),
                   assembler=assembler, accept_typed=bool(section.get("accept_typed", False)))

    def start(self, listener: Callable[[CardEvent], None]) -> None:
        self._listener = listener
        self.keys.start(self._on_key)

    def stop(self) -> None:
        self.keys.stop()
        self._listener = None

    def _on_key(self, key: Keystroke) -> None:
        with self._lock:
            line = self.assembler.feed(key)
        if line is None:
            return
        self.lines[line.kind] += 1
        log.info("wedge: %r", line)
        if line.kind == "keyboard" and not self.accept_typed:
            return
        patron_id = patron_id_from_code(line.text)
        event = CardEvent(present=True, patron_id=patron_id, source="barcode",
                          error=None if patron_id else "This code is not a library card.")
        if self._listener is not None:
            self._listener(event)

    def diagnostics(self) -> dict[str, Any]:
        error = self.keys.error
        return {"ok": error is None, "detail": error or self.url, **self.lines,
                "dropped": self.assembler.dropped}
