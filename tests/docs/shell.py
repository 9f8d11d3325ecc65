"""Run a documented command exactly as written, through a shell, in a clean environment."""
from __future__ import annotations

import os
import re
import shlex
import signal
import subprocess
import sys
import time
from pathlib import Path

BIN = Path(sys.executable).parent  # the venv's bin: /work/main/.venv/bin, or .venv/bin in CI
VENV_HOME = BIN.parent.parent      # the folder that holds .venv, where `. .venv/bin/activate` works


def clean_env(home: Path) -> dict[str, str]:
    """No activated venv, no user config: PATH with the venv's bin first, HOME in the temp dir."""
    env = {"PATH": f"{BIN}:/usr/local/bin:/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8",
           "QT_QPA_PLATFORM": "offscreen"}
    if os.environ.get("PYTHONPATH"):  # a worktree's code, as PROTOCOL.md runs it
        env["PYTHONPATH"] = os.environ["PYTHONPATH"]
    return env


def run(command: str, cwd: Path, env: dict[str, str], timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """The command line through ``sh -c``, to its end."""
    return subprocess.run(["sh", "-c", command], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=timeout, check=False)


class Background:
    """A long-running command: started, read until a line matches ``ready``, SIGTERMed at stop()."""

    def __init__(self, command: str, cwd: Path, env: dict[str, str]) -> None:
        self.command = command
        self.out = cwd / f".bg-{abs(hash(command))}.out"
        self._file = self.out.open("w+")
        self.proc = subprocess.Popen(["sh", "-c", command], cwd=cwd, env=env, stdout=self._file,
                                     stderr=subprocess.STDOUT, text=True, start_new_session=True)

    def wait_for(self, ready: str, timeout: float = 30) -> str:
        """The output so far once ``ready`` matches; AssertionError if it never does or the command ends."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = self.out.read_text(encoding="utf-8", errors="replace")
            if re.search(ready, text):
                return text
            if self.proc.poll() is not None:
                raise AssertionError(f"{self.command!r} ended ({self.proc.returncode}) before "
                                     f"{ready!r}:\n{text[-2000:]}")
            time.sleep(0.1)
        raise AssertionError(f"{self.command!r}: no {ready!r} within {timeout} s:\n"
                             f"{self.out.read_text(errors='replace')[-2000:]}")

    def stop(self) -> None:
        """SIGTERM to the command's process group; SIGKILL if it does not end in 10 s."""
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self._file.close()


def options(command: str) -> list[str]:
    """The ``--option`` names a command line shows."""
    return [token.partition("=")[0] for token in shlex.split(command) if token.startswith("--")]
