"""What the kernel gives for a wedge scanner typing a code: ``struct input_event`` records
(shared by the driver's tests and the kiosk's wedge card tests)."""

from __future__ import annotations

from drivers.wedge import INPUT_EVENT


def event(sec: int, usec: int, type_: int, code: int, value: int) -> bytes:
    return INPUT_EVENT.pack(sec, usec, type_, code, value)


def typed(text: str, *, sec: int = 1_700_000_000, step_us: int = 3000) -> bytes:
    """A wedge scanner typing ``text`` + Enter (US layout), as evdev bytes."""
    # linux/input-event-codes.h: KEY_1..KEY_0 = 2..11, KEY_Q.. rows from 16, 30 and 44
    plain = {ch: 2 + i for i, ch in enumerate("1234567890")}
    plain |= {ch: 16 + i for i, ch in enumerate("qwertyuiop")}
    plain |= {ch: 30 + i for i, ch in enumerate("asdfghjkl")}
    plain |= {ch: 44 + i for i, ch in enumerate("zxcvbnm")}
    plain |= {":": 39, "/": 53, "-": 12, "\n": 28}
    out, usec = b"", 0
    for ch in text + "\n":
        code = plain[ch.lower()]
        shift = ch.isupper() or ch == ":"
        if shift:
            out += event(sec, usec, 1, 42, 1)
        out += event(sec, usec, 4, 4, 0x70000 + code)  # EV_MSC scan code: skipped
        out += event(sec, usec, 1, code, 1) + event(sec, usec, 0, 0, 0)
        out += event(sec, usec + 500, 1, code, 0) + event(sec, usec + 500, 0, 0, 0)
        if shift:
            out += event(sec, usec + 600, 1, 42, 0)
        usec += step_us
    return out
