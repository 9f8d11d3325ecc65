"""Who holds a claim in the in-order journal (:mod:`sync.centre.inorder`): a name for this
applier, and whether the process that wrote another name is known to have ended.

A bridge that died between sending a transaction to the ILS and recording the answer leaves its
claim behind. When that bridge ran on this machine, in this process namespace, and its process
is gone, its claim can be taken over at once (a restarted bridge applies the resend as it
always did after a crash). Anything else — another machine, another container, a process that
still exists, a name that cannot be read — is not known to be gone, and the claim waits for its
lease: never two bridges calling the ILS for one transaction at once.
"""

from __future__ import annotations

import os
import socket
import uuid


def _pid_namespace() -> str:
    """This process's pid namespace (two containers may share a host name, never one); empty
    where it cannot be read, which makes no process known to be gone."""
    try:
        return str(os.stat("/proc/self/ns/pid").st_ino)
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
    """This applier's name, ``host|pid namespace|pid|token`` (the token tells appliers of one
    process apart)."""

    def __init__(self) -> None:
        self.host = socket.gethostname().replace("|", "_")
        self.space = _pid_namespace()
        self.pid = os.getpid()
        self.name = f"{self.host}|{self.space}|{self.pid}|{uuid.uuid4().hex[:12]}"

    def gone(self, other: str | None) -> bool:
        """Is the process that wrote the claimant name ``other`` known to have ended?"""
        parts = (other or "").split("|")
        if (len(parts) != 4 or not self.space or parts[0] != self.host
                or parts[1] != self.space or not parts[2].isdigit()):
            return False
        pid = int(parts[2])
        return 0 < pid != self.pid and _ended(pid)
