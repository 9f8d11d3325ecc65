"""Two simulators sharing one pcscd: stopping the first (which started it) must not end the pcscd
the second uses; the last one out ends it. A fake pcscd (a sleeping script) stands in for the
real one, so the machine's shared pcscd is never touched."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from hwsim import pcscd as mod


@pytest.fixture
def fake(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fake pcscd: records its pid, then sleeps; it 'shows' a vpcd reader while alive."""
    pid_file = tmp_path / "fake.pid"
    exe = tmp_path / "pcscd"
    exe.write_text(f"#!/bin/sh\necho $$ > {pid_file}\nexec sleep 300\n")
    exe.chmod(0o755)

    def alive() -> bool:
        try:
            return mod._start_time(int(pid_file.read_text())) is not None
        except (OSError, ValueError):
            return False

    real_which = shutil.which
    monkeypatch.setattr(mod.shutil, "which",
                        lambda name, *a, **k: str(exe) if name == "pcscd" else real_which(name))
    monkeypatch.setattr(mod, "_list_readers", lambda: ["Virtual PCD 00 00"] if alive() else None)
    monkeypatch.setattr(mod, "USERS_FILE", tmp_path / "users")
    monkeypatch.setattr(mod, "STARTED_FILE", tmp_path / "started")
    yield pid_file
    if alive():  # only the fake this test started
        os.kill(int(pid_file.read_text()), 9)


def _alive(pid_file: Path) -> bool:
    return mod._start_time(int(pid_file.read_text())) is not None


def test_the_first_stopping_leaves_pcscd_to_the_second(fake: Path) -> None:
    first = mod.ensure_pcscd(timeout=5)
    second = mod.ensure_pcscd(timeout=5)
    assert first.started and not second.started
    first.stop()
    assert _alive(fake) and mod.vpcd_readers() == ["Virtual PCD 00 00"]
    second.stop()  # the last user ends the pcscd the simulator started
    assert not _alive(fake) and not mod.STARTED_FILE.exists()
    second.stop()  # idempotent


def test_a_user_in_another_process_keeps_pcscd(fake: Path, tmp_path: Path) -> None:
    first = mod.ensure_pcscd(timeout=5)
    holder = subprocess.Popen(  # another simulator: holds the users lock until told to go
        [sys.executable, "-c", textwrap.dedent(f"""
            import fcntl, os, sys
            fd = os.open({str(mod.USERS_FILE)!r}, os.O_RDWR)
            fcntl.flock(fd, fcntl.LOCK_SH)
            print("in", flush=True)
            sys.stdin.readline()
        """)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "in\n"
        first.stop()
        assert _alive(fake)
    finally:
        assert holder.stdin is not None
        holder.stdin.write("\n")
        holder.stdin.close()
        holder.wait(timeout=10)
    # the other process is gone (its lock with it): the next user to stop ends pcscd by its
    # recorded pid, though another process started it
    later = mod.ensure_pcscd(timeout=5)
    assert not later.started
    later.stop()
    assert not _alive(fake)


def test_a_pcscd_nobody_recorded_is_never_stopped(fake: Path) -> None:
    first = mod.ensure_pcscd(timeout=5)
    mod.STARTED_FILE.unlink()  # as if someone else had started it
    first.process = None
    first.stop()
    assert _alive(fake)
