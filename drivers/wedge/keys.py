"""Keystrokes of a keyboard-wedge scanner, decoded without I/O (h11 style: bytes in, keys out).

- :class:`Keystroke` — one key typed, with its time.
- :class:`EvdevDecoder` — bytes of Linux ``struct input_event`` records → keystrokes (US layout,
  Shift and Caps Lock applied, the kernel's timestamps kept).
- :class:`StreamDecoder` — characters of a stream (a raw terminal, a pty) → keystrokes stamped
  with their arrival time.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

__all__ = ["BACKSPACE", "ENTER", "INPUT_EVENT", "EvdevDecoder", "Keystroke", "StreamDecoder"]

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
