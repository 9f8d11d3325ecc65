"""Keyboard-wedge barcode/QR scanners as a driver: evdev and stream decoding, the line
assembler's scanner-or-person heuristic (on given timestamps: no wall clock), the patron
identifier in a scanned code, the transports' URLs, the settings, and a scanner reading lines
through a real pipe."""

from __future__ import annotations

import os
import struct
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st_
from pydantic import ValidationError

from drivers.privacy import mask
from drivers.wedge import (
    BACKSPACE,
    ENTER,
    INPUT_EVENT,
    EvdevDecoder,
    EvdevKeys,
    Keystroke,
    LineAssembler,
    StreamDecoder,
    StreamKeys,
    WedgeScanner,
    WedgeSettings,
    open_keys,
    patron_id_from_code,
)
from tests.drivers.wedge_keys import event, typed


def keys(text: str, *, start: float = 100.0, gap: float) -> list[Keystroke]:
    return [Keystroke(key=ch, at=start + i * gap) for i, ch in enumerate(text)]


def test_scanner_speed_is_a_scanner_and_person_speed_is_a_keyboard():
    asm = LineAssembler(min_length=6, max_gap_s=0.035)
    (scanned,) = asm.feed_all(keys("2300000000042\n", gap=0.004))
    assert (scanned.text, scanned.kind, scanned.mean_gap_ms) == ("2300000000042", "scanner", 4.0)
    (typed,) = asm.feed_all(keys("2300000000042\n", start=200.0, gap=0.12))
    assert (typed.text, typed.kind) == ("2300000000042", "keyboard")
    assert "2300000000042" not in repr(scanned) and mask("2300000000042") in repr(scanned)


def test_a_pause_a_correction_or_a_short_code_is_not_a_scanner():
    asm = LineAssembler(min_length=6, max_gap_s=0.035)
    burst = keys("23000000", gap=0.004) + [Keystroke(key="4", at=100.5)] + keys(
        "2\n", start=100.504, gap=0.004)  # one 470 ms hesitation in the middle
    assert [x.kind for x in asm.feed_all(burst)] == ["keyboard"]
    fixed = keys("2300X", start=200, gap=0.004) + [Keystroke(key=BACKSPACE, at=200.02)] + keys(
        "0000042\n", start=200.024, gap=0.004)
    (line,) = asm.feed_all(fixed)
    assert (line.text, line.kind) == ("23000000042", "keyboard")
    (short,) = asm.feed_all(keys("1234\n", start=300, gap=0.004))
    assert short.kind == "keyboard"


def test_overflow_stale_and_empty_lines():
    asm = LineAssembler(min_length=2, max_length=8, stale_s=2.0)
    assert asm.feed_all(keys("123456789012\n", gap=0.004)) == [] and asm.dropped == 1
    assert asm.feed_all(keys("abc", start=200, gap=0.004)) == [] and asm.pending == 3
    (line,) = asm.feed_all(keys("XYZ123\n", start=210, gap=0.004))  # "abc" went stale
    assert line.text == "XYZ123" and line.kind == "scanner"
    assert asm.feed_all(keys("\n\n  \n", start=220, gap=0.004)) == []
    asm.feed_all(keys("half", start=230, gap=0.004))
    assert asm.expire(231.0) is False and asm.expire(233.0) is True and asm.pending == 0


def test_evdev_bytes_in_any_chunks_give_the_same_keystrokes():
    data = typed("Ab:1-0/c")
    whole = EvdevDecoder().feed(data)
    assert "".join(k.key for k in whole) == "Ab:1-0/c" + ENTER
    assert whole[1].at - whole[0].at == pytest.approx(0.003, abs=1e-6)
    dec = EvdevDecoder()
    pieces = [dec.feed(data[i:i + 7]) for i in range(0, len(data), 7)]
    assert [k for part in pieces for k in part] == whole


def test_evdev_caps_lock_and_keypad_enter():
    data = (event(1, 0, 1, 58, 1) + event(1, 1, 1, 58, 0)  # Caps Lock on
            + event(1, 2, 1, 30, 1) + event(1, 3, 1, 42, 1) + event(1, 4, 1, 30, 1)
            + event(1, 5, 1, 42, 0) + event(1, 6, 1, 79, 1) + event(1, 7, 1, 96, 1))
    assert "".join(k.key for k in EvdevDecoder().feed(data)) == "Aa1" + ENTER


@given(st_.binary(max_size=400), st_.integers(min_value=1, max_value=50))
def test_decoders_never_crash(data, chunk):
    ev, stream, asm = EvdevDecoder(), StreamDecoder(), LineAssembler(min_length=1)
    for i in range(0, len(data), chunk):
        for key in ev.feed(data[i:i + chunk]) + stream.feed(data[i:i + chunk], float(i)):
            asm.feed(key)


@given(st_.lists(st_.tuples(st_.sampled_from(["a", "7", " ", ENTER, BACKSPACE, "é", "書"]),
                            st_.floats(min_value=0, max_value=10)), max_size=200))
def test_assembler_lines_are_never_empty_and_never_too_long(seq):
    asm = LineAssembler(min_length=3, max_length=12)
    t = 0.0
    for key, dt in seq:
        t += dt
        line = asm.feed(Keystroke(key=key, at=t))
        if line is not None:
            assert 0 < len(line.text) <= 12 and line.kind in ("scanner", "keyboard")


def test_stream_decoder_cr_lf_and_split_utf8():
    dec = StreamDecoder()
    data = "借書證-42\r\n".encode()
    got = dec.feed(data[:2], 1.0) + dec.feed(data[2:], 1.0)
    assert "".join(k.key for k in got) == "借書證-42" + ENTER + ENTER


def test_patron_id_in_plain_and_qr_codes():
    assert patron_id_from_code(" 2300000000042 ") == "2300000000042"
    assert patron_id_from_code("urn:x-library:patron:TPML%2D0042") == "TPML-0042"
    assert patron_id_from_code("https://lib.example/card?patron=A123&x=1") == "A123"
    assert patron_id_from_code("urn:x-library:patron:") is None
    assert patron_id_from_code("https://lib.example/") is None


@pytest.mark.parametrize("code", [
    "urn:x-library:patron:2300%000042", "urn:x-library:patron:23%1B[2J", "urn:x-library:patron:%C2%9B1",
    "https://lib.example/card?patron=23%0000042", "https://lib.example/card?patron=23%E2%80%A8x",
])
def test_a_code_whose_patron_id_holds_a_control_character_carries_none(code):
    """A percent-encoded NUL, ESC, CSI or line separator is no card number: the kiosk says
    "not a library card" instead of starting a session whose transactions the wire refuses."""
    assert patron_id_from_code(code) is None


def test_line_ends_around_a_code_are_trimmed_not_carried():
    assert patron_id_from_code("2300000000042\r\n") == "2300000000042"
    assert patron_id_from_code("urn:x-library:patron:A123%0D%0A") == "A123"
    assert patron_id_from_code("https://lib.example/card?patron=%0AA123%0D") == "A123"


def test_a_url_that_does_not_parse_carries_no_patron_id():
    """Found by fuzz/targets/wedge.py: urlsplit raised ValueError out of the scanner's listener."""
    assert patron_id_from_code("https://[x/?patron=1") is None
    assert patron_id_from_code("https://s:\u0451*lib.example[\x7f#") is None


def test_input_event_layout_is_the_kernels():
    assert INPUT_EVENT.size == struct.calcsize("llHHi") == (24 if struct.calcsize("l") == 8 else 16)


def test_open_keys_urls():
    assert open_keys("tty:///dev/ttyACM0").path == "/dev/ttyACM0"
    assert isinstance(open_keys("/dev/input/event3"), EvdevKeys)
    assert isinstance(open_keys("stdin"), StreamKeys)
    with pytest.raises(ValueError):
        open_keys("http://scanner")


def test_settings_from_the_section():
    s = WedgeSettings.from_section({"url": "tty:///dev/ttyACM0", "max_gap_ms": "20"})
    assert (s.url, s.min_length, s.max_gap_ms, s.accept_typed, s.grab) == (
        "tty:///dev/ttyACM0", 6, 20.0, False, True)
    assert WedgeSettings.from_section(None) == WedgeSettings()
    with pytest.raises(ValidationError, match="min_length"):
        WedgeSettings.from_section({"min_length": 0})
    with pytest.raises(ValidationError, match="max_gap"):
        WedgeSettings.from_section({"max_gap": 35})  # a misspelt key is refused, not ignored
    scanner = WedgeScanner.from_settings(WedgeSettings(url="tty:///dev/ttyACM0", min_length=8,
                                                       max_gap_ms=20))
    assert scanner.url == "tty:///dev/ttyACM0"
    assert (scanner.assembler.min_length, scanner.assembler.max_gap_s) == (8, 0.02)


def test_scanner_reads_lines_through_a_real_pipe():
    r, w = os.pipe()
    try:
        scanner = WedgeScanner(open_keys(f"evdev:///proc/self/fd/{r}"))
        got = []
        scanner.start(got.append)
        os.write(w, typed("2300000000042") + typed("abc", sec=1_700_000_010, step_us=200_000))
        deadline = time.monotonic() + 5
        while len(got) < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        scanner.stop()
    finally:
        os.close(w)
        os.close(r)
    assert [(x.text, x.kind) for x in got] == [("2300000000042", "scanner"), ("abc", "keyboard")]
    assert scanner.lines == {"scanner": 1, "keyboard": 1} and scanner.error is None
