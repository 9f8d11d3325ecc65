"""A scan of a reader that does not answer fails in one short exchange (not 9 s of inventory
retries) with one line naming the protocol, baud rate and address it tried."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from hwsim.runner import start_serial_reader
from rfid_edge.commands.reader import no_answer_hint

CLI = [sys.executable, "-m", "rfid_edge"]


def test_a_silent_reader_fails_fast_with_a_hint(tmp_path: Path) -> None:
    # a 3M 810 on the line, scanned as a FEIG: nothing it reads is an ISC frame
    sim = start_serial_reader({"name": "chute", "protocol": "m810", "port": str(tmp_path / "tty")},
                              realistic=False)
    try:
        started = time.monotonic()
        out = subprocess.run([*CLI, "reader", "scan", f"feig://{sim.port}?baud=9600&addr=3"],
                             capture_output=True, text=True, timeout=60)
        took = time.monotonic() - started
        ok = subprocess.run([*CLI, "reader", "scan", f"m810://{sim.port}"], capture_output=True,
                            text=True, timeout=60)
    finally:
        sim.stop()
    assert out.returncode == 1 and out.stdout == "" and len(out.stderr.splitlines()) == 1
    assert took < 6, f"a failed scan took {took:.1f} s"
    line = out.stderr
    assert "does not answer" in line and "protocol (feig://" in line and "m810://" in line
    assert "baud=9600" in line and "addr=3" in line
    assert ok.returncode == 0, ok.stderr  # the right protocol answers


def test_the_hint_names_the_defaults_it_used() -> None:
    assert "baud=38400" in no_answer_hint("feig:///dev/ttyUSB0") and "addr=255" in \
        no_answer_hint("feig:///dev/ttyUSB0")
    m810 = no_answer_hint("m810:///dev/ttyUSB1")
    assert "baud=19200" in m810 and "addr" not in m810 and "feig://" in m810
