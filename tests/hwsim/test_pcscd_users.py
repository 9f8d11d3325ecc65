"""Two simulators sharing one pcscd: stopping the first (which started it) must not end the pcscd
the second uses; the last one out ends it; a pcscd nobody recorded is never stopped.

Against the real pcscd and the real vpcd driver, but a private pcscd, so the machine's shared
one (and the vpcd readers other test runs hold) is never touched. pcsc-lite 1.9's pcscd keeps its
socket and pid file at fixed paths under ``/run/pcscd`` and refuses to start beside a running one,
so each test's pcscd runs in a mount namespace of its own with a private directory bound on
``/run/pcscd`` (``unshare``), reads a copy of the installed vpcd entry moved to two free ports
(``pcscd -c``), and the simulators are processes whose pcsc-lite finds it through
``PCSCLITE_CSOCK_NAME`` and whose users and started files are private (``TMPDIR``).
:mod:`hwsim.pcscd` runs unchanged: the ``pcscd`` it finds on PATH is a wrapper that execs the
real one in place (same pid).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hwsim import pcscd as mod

VPCD_CONF = Path("/etc/reader.conf.d/vpcd")
PCSCD = shutil.which("pcscd") or "/usr/sbin/pcscd"

#: a simulator process: runs the code it is sent (``hwsim.pcscd`` as ``mod``) and answers with
#: the value of its last expression, one JSON line each
_SIM = """
import ast, json, sys
from hwsim import pcscd as mod
scope = {"mod": mod}
for line in sys.stdin:
    tree = ast.parse(json.loads(line))
    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    try:
        exec(compile(tree, "<sim>", "exec"), scope)
        value = eval(compile(ast.Expression(last.value), "<sim>", "eval"), scope) if last else None
        reply = {"value": value}
    except Exception as exc:
        reply = {"error": f"{type(exc).__name__}: {exc}"}
    print(json.dumps(reply), flush=True)
"""


class Sim:
    """One simulator process using the private pcscd through :mod:`hwsim.pcscd`."""

    def __init__(self, env: dict[str, str]) -> None:
        self.proc = subprocess.Popen([sys.executable, "-c", _SIM], env=env, text=True,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    def __call__(self, code: str) -> Any:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(json.dumps(code) + "\n")
        self.proc.stdin.flush()
        reply = json.loads(self.proc.stdout.readline())
        assert "error" not in reply, f"{code}: {reply['error']}"
        return reply["value"]

    def crash(self) -> None:
        """Die without letting go (the kernel drops its lock)."""
        self.proc.kill()
        self.proc.wait(timeout=10)

    def close(self) -> None:
        if self.proc.poll() is None:
            assert self.proc.stdin is not None
            self.proc.stdin.close()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.crash()


class PrivatePcscd:
    """Where this test's pcscd lives, and the simulators that use it."""

    def __init__(self, root: Path) -> None:
        self.run_dir, conf, bin_dir, tmp = (root / n for n in ("run", "conf", "bin", "tmp"))
        for d in (self.run_dir, conf, bin_dir, tmp):
            d.mkdir()
        port = _two_free_ports()
        entry = VPCD_CONF.read_text()
        entry = re.sub(r"(?m)^(DEVICENAME\s+\S+?:)\S+$", rf"\g<1>{port:#x}", entry)
        entry = re.sub(r"(?m)^(CHANNELID\s+)\S+$", rf"\g<1>{port:#x}", entry)
        (conf / "vpcd").write_text(entry)
        userns = [] if os.geteuid() == 0 else ["--user", "--map-root-user"]
        wrapper = bin_dir / "pcscd"
        wrapper.write_text(
            "#!/bin/sh\n"
            f"exec unshare {' '.join(userns)} --mount --propagation private /bin/sh -c "
            f"'mount --bind {self.run_dir} /run/pcscd && exec {PCSCD} -c {conf} \"$@\"' "
            "pcscd \"$@\"\n")
        wrapper.chmod(0o755)
        self.env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
                    "TMPDIR": str(tmp), "PCSCLITE_CSOCK_NAME": str(self.run_dir / "pcscd.comm")}
        self.started_file = tmp / mod.STARTED_FILE.name
        self.sims: list[Sim] = []
        self.pids: set[int] = set()

    def sim(self) -> Sim:
        self.sims.append(Sim(self.env))
        return self.sims[-1]

    def pid(self) -> int:
        """The running pcscd's pid, as pcscd itself wrote it."""
        pid = int((self.run_dir / "pcscd.pid").read_text().strip("\0\n"))
        self.pids.add(pid)
        return pid

    def readers(self) -> list[str] | None:
        """What a fresh pcsc-lite client sees (None: no pcscd answers)."""
        out = subprocess.run([sys.executable, "-c", "import json; from hwsim.pcscd import"
                              " _list_readers; print(json.dumps(_list_readers()))"],
                             env=self.env, capture_output=True, text=True, timeout=30, check=True)
        return json.loads(out.stdout)

    def close(self) -> None:
        for sim in self.sims:
            sim.close()
        with contextlib.suppress(OSError, ValueError):
            self.pid()
        for pid in self.pids:  # only the pcscd this test started
            if _alive(pid):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)


def _two_free_ports() -> int:
    """A port that is free with the next one (vpcd's two slots listen on both)."""
    for _ in range(50):
        with socket.socket() as a, socket.socket() as b:
            a.bind(("", 0))
            port = a.getsockname()[1]
            try:
                b.bind(("", port + 1))
            except OSError:
                continue
            return port
    raise AssertionError("no two consecutive free ports")


def _alive(pid: int) -> bool:
    return mod._start_time(pid) is not None


def _wait_gone(pid: int, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    return not _alive(pid)


READERS = ["Virtual PCD 00 00", "Virtual PCD 00 01"]


@pytest.fixture
def pcscd(tmp_path: Path) -> Iterator[PrivatePcscd]:
    private = PrivatePcscd(tmp_path)
    yield private
    private.close()


def test_the_first_stopping_leaves_pcscd_to_the_second(pcscd: PrivatePcscd) -> None:
    sim = pcscd.sim()
    assert pcscd.readers() is None  # no private pcscd yet
    sim("first = mod.ensure_pcscd(timeout=10)")
    sim("second = mod.ensure_pcscd(timeout=10)")
    assert sim("[first.started, second.started]") == [True, False]
    pid = pcscd.pid()
    assert sim("first.process.pid") == pid  # the wrapper became the real pcscd
    sim("first.stop()")
    assert _alive(pid) and pcscd.readers() == READERS
    sim("second.stop()")  # the last user ends the pcscd the simulator started
    assert _wait_gone(pid) and pcscd.readers() is None and not pcscd.started_file.exists()
    sim("second.stop()")  # idempotent


def test_a_user_in_another_process_keeps_pcscd(pcscd: PrivatePcscd) -> None:
    starter, other = pcscd.sim(), pcscd.sim()
    assert starter("first = mod.ensure_pcscd(timeout=10); first.started")
    pid = pcscd.pid()
    assert other("held = mod.ensure_pcscd(timeout=10); held.started") is False
    starter("first.stop()")
    assert _alive(pid) and pcscd.readers() == READERS
    other.crash()  # its lock goes with it
    # the next user to stop ends pcscd by its recorded pid, though another process started it
    later = pcscd.sim()
    assert later("h = mod.ensure_pcscd(timeout=10); h.started") is False
    later("h.stop()")
    assert _wait_gone(pid) and pcscd.readers() is None


def test_a_pcscd_nobody_recorded_is_never_stopped(pcscd: PrivatePcscd) -> None:
    sim = pcscd.sim()
    assert sim("first = mod.ensure_pcscd(timeout=10); first.started")
    pid = pcscd.pid()
    pcscd.started_file.unlink()  # as if someone else had started it
    sim("first.process = None")
    sim("first.stop()")
    time.sleep(0.5)
    assert _alive(pid) and pcscd.readers() == READERS
