"""Make sure pcsc-lite's ``pcscd`` runs with the vpcd driver; stop it when the last user of a
pcscd the simulator started lets go.

pcscd reads ``/etc/reader.conf.d/vpcd`` at start-up, so it must start after ``vsmartcard-vpcd`` is
installed (``make test`` installs it). There is one pcscd per machine (its socket is
``/run/pcscd/pcscd.comm``): a running one is reused, whoever started it.

Reference count: every :class:`Pcscd` handle holds a shared ``flock`` on one file for as long as
it uses pcscd (the kernel drops it when a process dies, so a crash never leaks a count). A handle
that stops takes the lock exclusively only when no other handle holds it; then, and only for a
pcscd the simulator started (recorded as pid and start time, so a reused pid is never hit), it
ends pcscd. So a second ``rfid-edge sim up`` keeps its readers when the first one stops, and the
last one out cleans up. A pcscd started by anyone else is never stopped.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger(__name__)

__all__ = ["Pcscd", "PcscdError", "ensure_pcscd", "vpcd_readers"]

VPCD_NAME = "Virtual PCD"
#: every user of pcscd holds a shared flock on this file
USERS_FILE = Path(tempfile.gettempdir()) / "rfid-edge-pcscd.users"
#: "pid start-time" of the pcscd the simulator started, for whoever lets go last
STARTED_FILE = Path(tempfile.gettempdir()) / "rfid-edge-pcscd.started"


def _open_users() -> int:
    return os.open(USERS_FILE, os.O_RDWR | os.O_CREAT, 0o666)


def _use() -> int:
    """Count this handle as a user (waits while a last user is stopping pcscd)."""
    fd = _open_users()
    fcntl.flock(fd, fcntl.LOCK_SH)
    return fd


@contextlib.contextmanager
def _sole_user() -> Iterator[bool]:
    """True (held exclusively while inside) when no other handle uses pcscd."""
    fd = _open_users()
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        yield True
    finally:
        os.close(fd)


def _start_time(pid: int) -> str | None:
    """The process's start time in clock ticks (field 22 of /proc/PID/stat), None if gone
    (a zombie counts as gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()
    return None if fields[0] == "Z" else fields[19]


def _record_started(pid: int) -> None:
    with contextlib.suppress(OSError):
        STARTED_FILE.write_text(f"{pid} {_start_time(pid)}\n")


def _recorded_started() -> int | None:
    """The pid of the pcscd the simulator started, if that very process still runs."""
    try:
        pid_text, started = STARTED_FILE.read_text().split()
        pid = int(pid_text)
    except (OSError, ValueError):
        return None
    return pid if _start_time(pid) == started else None


def _end_pid(pid: int, timeout: float = 5.0) -> None:
    """SIGTERM a pcscd another (finished) simulator process started; SIGKILL if it lingers."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while _start_time(pid) is not None and time.monotonic() < deadline:
        time.sleep(0.05)
    with contextlib.suppress(ChildProcessError):  # our own child (an earlier handle's): reap it
        os.waitpid(pid, os.WNOHANG)
    if _start_time(pid) is not None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


class PcscdError(RuntimeError):
    """pcscd is missing, would not start, or shows no vpcd reader."""


def _list_readers() -> list[str] | None:
    """Reader names, or None when pcscd is not reachable."""
    from smartcard.scard import (
        SCARD_E_NO_READERS_AVAILABLE,
        SCARD_S_SUCCESS,
        SCARD_SCOPE_USER,
        SCardEstablishContext,
        SCardListReaders,
        SCardReleaseContext,
    )

    hresult, ctx = SCardEstablishContext(SCARD_SCOPE_USER)
    if hresult != SCARD_S_SUCCESS:
        return None
    try:
        hresult, names = SCardListReaders(ctx, [])
        if hresult == SCARD_E_NO_READERS_AVAILABLE:
            return []
        if hresult != SCARD_S_SUCCESS:
            return None
        return list(names)
    finally:
        SCardReleaseContext(ctx)


def vpcd_readers() -> list[str]:
    """The vpcd reader names pcscd shows, slot order (``Virtual PCD 00 00``, ``Virtual PCD 00 01``)."""
    return sorted(n for n in (_list_readers() or []) if n.startswith(VPCD_NAME))


@dataclass
class Pcscd:
    """One user's handle on pcscd. ``started``: this handle started it. :meth:`stop` lets go
    and ends pcscd only when no other handle uses it (module docstring)."""

    started: bool = False
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)
    user_fd: int | None = field(default=None, repr=False)

    def stop(self) -> None:
        """Let go of pcscd; the last user of a pcscd the simulator started ends it."""
        fd, self.user_fd = self.user_fd, None
        if fd is not None:
            os.close(fd)  # drops this handle's shared lock
        elif self.process is None:
            return  # stopped before
        with _sole_user() as sole:
            if not sole:
                log.info("pcscd left running: another simulator uses it")
                self.process = None
                return
            if self.process is not None:
                self._terminate()
            elif (pid := _recorded_started()) is not None:
                log.info("ending pcscd (pid %d) started by an earlier simulator", pid)
                _end_pid(pid)
            with contextlib.suppress(OSError):
                STARTED_FILE.unlink()

    def _terminate(self) -> None:
        proc, self.process = self.process, None
        if proc is None:
            return
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)

    def restart(self, timeout: float = 10.0) -> None:
        """Stop and start again (only a pcscd this handle started, whoever else uses it — a
        test of readers vanishing): the readers vanish and come back."""
        if not self.started or self.process is None:
            raise PcscdError("will not restart a pcscd this process did not start")
        self._terminate()
        fd, self.user_fd = self.user_fd, None
        if fd is not None:
            os.close(fd)
        fresh = ensure_pcscd(timeout=timeout)
        self.process, self.started, self.user_fd = fresh.process, fresh.started, fresh.user_fd

    def __enter__(self) -> Pcscd:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def ensure_pcscd(*, timeout: float = 10.0, debug: bool = False) -> Pcscd:
    """Return a handle on a running pcscd that shows the vpcd readers, starting one if needed.

    :raises PcscdError: pcscd is not installed, exits at once, or shows no vpcd reader in time.
    """
    fd = _use()
    try:
        return _ensure(fd, timeout=timeout, debug=debug)
    except BaseException:
        os.close(fd)
        raise


def _ensure(fd: int, *, timeout: float, debug: bool) -> Pcscd:
    if vpcd_readers():
        return Pcscd(started=False, user_fd=fd)
    exe = shutil.which("pcscd") or ("/usr/sbin/pcscd" if os.path.exists("/usr/sbin/pcscd") else None)
    if exe is None:
        raise PcscdError("pcscd is not installed (Debian: apt-get install pcscd vsmartcard-vpcd)")
    existing = _list_readers()
    if existing is not None:
        raise PcscdError(f"pcscd runs but shows no {VPCD_NAME!r} reader (is vsmartcard-vpcd installed? readers: {existing})")
    args = [exe, "--foreground"] + (["--debug", "--apdu"] if debug else [])
    proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            # lost a race with another starter? then theirs serves us
            if vpcd_readers():
                return Pcscd(started=False, user_fd=fd)
            raise PcscdError(f"pcscd exited with status {proc.returncode}")
        if vpcd_readers():
            log.info("started pcscd (pid %d)", proc.pid)
            _record_started(proc.pid)
            return Pcscd(started=True, process=proc, user_fd=fd)
        time.sleep(0.05)
    proc.terminate()
    proc.wait(timeout=5)
    raise PcscdError(f"pcscd showed no {VPCD_NAME!r} reader within {timeout:.0f} s")
