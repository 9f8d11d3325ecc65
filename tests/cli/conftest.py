"""Helpers for the `rfid-edge` command line as a user runs it: `python -m rfid_edge` in a
subprocess, from the repository root (so `examples/kiosk.toml` is written as a README shows it)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def rfid_edge(*args: str, env: Mapping[str, str] | None = None,
              cwd: Path = ROOT, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run ``rfid-edge ARGS`` through the real entry point; never raises on a non-zero exit."""
    base = {k: v for k, v in os.environ.items() if k != "RFID_EDGE_CONFIG"}
    pythonpath = os.pathsep.join([str(ROOT), str(ROOT / "hardware-sim"),
                                  base.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    full = {**base, "PYTHONPATH": pythonpath, **(env or {})}
    return subprocess.run([sys.executable, "-m", "rfid_edge", *args], capture_output=True,
                          text=True, env=full, cwd=cwd, timeout=timeout)


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path
