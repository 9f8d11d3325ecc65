"""Whose claim in the in-order journal may be taken over at once: only one made by a process
known to have ended on this machine since its boot, in this pid namespace."""

from __future__ import annotations

import os
import subprocess
import sys

from sync.centre.claimant import Claimant


def test_only_a_process_known_to_have_ended_is_gone() -> None:
    me = Claimant()
    assert me.space  # (Linux: the boot id and the pid namespace can be read here)
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                           capture_output=True, text=True, check=True)
    dead = int(ended.stdout)
    host, space = me.host, me.space
    assert me.gone(f"{host}|{space}|{dead}|abc")
    assert me.gone(f"another-name|{space}|{dead}|abc")  # the host name is only for people
    assert not me.gone(f"{host}|{space}|{os.getppid()}|abc")  # alive
    assert not me.gone(f"{host}|{space}|{os.getpid()}|abc")  # this process: alive
    assert not me.gone(me.name) and not Claimant().gone(me.name)
    assert not me.gone(f"{host}|other-boot:1|{dead}|abc")  # another machine or container
    for odd in (None, "", "x", f"{host}|{space}|-1|abc", f"{host}|{space}|0|abc",
                f"{host}|{space}|{dead}", f"{host}|{space}|nine|abc"):
        assert not me.gone(odd), odd
