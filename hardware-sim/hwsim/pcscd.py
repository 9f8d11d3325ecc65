"""Make sure pcsc-lite's ``pcscd`` runs with the vpcd driver; stop it afterwards only if we started it.

pcscd reads ``/etc/reader.conf.d/vpcd`` at start-up, so it must start after ``vsmartcard-vpcd`` is
installed (``make test`` installs it). There is one pcscd per machine (its socket is
``/run/pcscd/pcscd.comm``): a running one is reused, whoever started it.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import time
from dataclasses import dataclass, field

log = logging.getLogger(__name__)

__all__ = ["Pcscd", "PcscdError", "ensure_pcscd", "vpcd_readers"]

VPCD_NAME = "Virtual PCD"


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
    """A pcscd we may have started. ``started`` says whether :meth:`stop` will end it."""

    started: bool = False
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    def stop(self) -> None:
        """End pcscd if this object started it; a pcscd someone else runs is left alone."""
        if self.process is None:
            return
        proc, self.process = self.process, None
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)

    def restart(self, timeout: float = 10.0) -> None:
        """Stop and start again (only a pcscd we started): the readers vanish and come back."""
        if not self.started:
            raise PcscdError("will not restart a pcscd this process did not start")
        self.stop()
        fresh = ensure_pcscd(timeout=timeout)
        self.process, self.started = fresh.process, fresh.started

    def __enter__(self) -> Pcscd:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def ensure_pcscd(*, timeout: float = 10.0, debug: bool = False) -> Pcscd:
    """Return a handle on a running pcscd that shows the vpcd readers, starting one if needed.

    :raises PcscdError: pcscd is not installed, exits at once, or shows no vpcd reader in time.
    """
    if vpcd_readers():
        return Pcscd(started=False)
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
                return Pcscd(started=False)
            raise PcscdError(f"pcscd exited with status {proc.returncode}")
        if vpcd_readers():
            log.info("started pcscd (pid %d)", proc.pid)
            return Pcscd(started=True, process=proc)
        time.sleep(0.05)
    proc.terminate()
    proc.wait(timeout=5)
    raise PcscdError(f"pcscd showed no {VPCD_NAME!r} reader within {timeout:.0f} s")
