"""Who holds a claim in the in-order journal (:mod:`sync.centre.inorder`): a name for this
applier, and whether the process that wrote another name is known to have ended.

A bridge that died between sending a transaction to the ILS and recording the answer leaves its
claim behind. When that bridge ran on this machine since its last boot, in this process
namespace, and its process is gone, its claim can be taken over at once (a restarted bridge applies the resend as it
always did after a crash). Anything else — another machine, another container, a process that
still exists, a name that cannot be read — is not known to be gone, and the claim waits for its
lease: never two bridges calling the ILS for one transaction at once.
"""

from __future__ import annotations

import os
import socket
import uuid


def _pid_space() -> str:
    """Where this process's pid means this process: the machine's boot (host names repeat
    across machines, cloned ones say ``localhost``) and the pid namespace (containers share a
    boot, never a namespace). Empty where either cannot be read: then no process is known to
    be gone."""
    try:
        with open("/proc/sys/kernel/random/boot_id", encoding="ascii") as f:
            boot = f.read().strip()
        return f"{boot}:{os.stat('/proc/self/ns/pid').st_ino}" if boot else ""
    except OSError:
        return ""


def _ended(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # (exists, another user's)
        return False
    return False


class Claimant:
    """This applier's name, ``host|pid space|pid|token`` (the host for people reading it; the
    token tells appliers of one process apart)."""

    def __init__(self) -> None:
        self.host = socket.gethostname().replace("|", "_")
        self.space = _pid_space()
        self.pid = os.getpid()
        self.name = f"{self.host}|{self.space}|{self.pid}|{uuid.uuid4().hex[:12]}"

    def gone(self, other: str | None) -> bool:
        """Is the process that wrote the claimant name ``other`` known to have ended?"""
        parts = (other or "").split("|")
        if (len(parts) != 4 or not self.space or parts[1] != self.space
                or not parts[2].isdigit()):
            return False
        pid = int(parts[2])
        return 0 < pid != self.pid and _ended(pid)
