"""`rfid-edge kiosk` without a display says so in one line and suggests --headless, instead of
letting Qt abort the process (exit 134, a message about libxcb-cursor0)."""

from __future__ import annotations

import json
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


def test_scenario_runs_on_the_config_given_with_it(tmp_path: Path) -> None:
    """`kiosk --config X --headless --scenario …` no longer ignores X (issue 17, item 3)."""
    conf = write(tmp_path / "k.toml", f'[security]\nafi_on_loan = 0xDA\n'
                                      f'[device]\ndata_dir = "{tmp_path / "var"}"\n')
    done = rfid_edge("kiosk", "--headless", "--scenario", "self_checkout", "--cards", "script",
                     "--config", str(conf))
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout.splitlines()[-1])
    assert summary["event"] == "summary" and summary["items"]
    assert {item["afi"] for item in summary["items"]} == {0xDA}
