"""`rfid-edge kiosk` without a display says so in one line and suggests --headless, instead of
letting Qt abort the process (exit 134, a message about libxcb-cursor0)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.conftest import ROOT, rfid_edge, write

NO_DISPLAY = ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")


def _run(*args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    """``rfid-edge ARGS`` with no display variable at all (rfid_edge() only adds variables)."""
    env = {k: v for k, v in os.environ.items() if k not in NO_DISPLAY and k != "RFID_EDGE_CONFIG"}
    env.update(extra, PYTHONPATH=os.pathsep.join([str(ROOT), str(ROOT / "hardware-sim")]))
    return subprocess.run([sys.executable, "-m", "rfid_edge", *args], capture_output=True,
                          text=True, env=env, cwd=ROOT, timeout=120)


@pytest.mark.parametrize("platform", [None, "xcb"])
def test_no_display_is_one_line_suggesting_headless(platform: str | None) -> None:
    done = _run("kiosk", **({"QT_QPA_PLATFORM": platform} if platform else {}))
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr == ("rfid-edge: no display for the touch UI ($DISPLAY and "
                           "$WAYLAND_DISPLAY are unset); use --headless (with --scenario NAME, "
                           "or --config FILE naming a pad)\n")


def test_no_display_refused_before_the_hardware_is_opened() -> None:
    done = _run("kiosk", "--config", "examples/kiosk.toml")  # names /dev/ttyUSB0
    assert done.returncode == 1 and "--headless" in done.stderr
    assert "ttyUSB0" not in done.stderr and done.stderr.count("\n") == 1


def test_scenario_with_config_is_refused_not_ignored(tmp_path: Path) -> None:
    conf = write(tmp_path / "k.toml", '[kiosk]\nstation = "self_return"\n')
    done = rfid_edge("kiosk", "--headless", "--scenario", "self_checkout", "--config", str(conf))
    assert done.returncode == 2 and done.stdout == ""
    assert "--config would be ignored" in done.stderr and done.stderr.count("\n") == 1
