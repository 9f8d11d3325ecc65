"""Leases among the processes of one centre database (:mod:`sync.db.lease`): one holder at a
time, released when the holder lets go, closes its connection or is SIGKILLed, and a holder
whose PostgreSQL session was ended does not believe it still holds the lease. On SQLite and
PostgreSQL."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from sync.db import DatabaseUnavailable, open_db
from sync.db.lease import Lease, open_lease
from sync.ils.reference import ReferenceILS
from tests.centredb import CentreDB
from tests.sync.conftest import wait_until

pytestmark = pytest.mark.backends

_HOLDER = """
import sys, time
from sync.db import DatabaseUnavailable, open_db
from sync.db.lease import open_lease
lease = open_lease(open_db(sys.argv[1]), "offline_cache")
assert lease is not None and lease.hold()
print("held", flush=True)
time.sleep(600)
"""


def _lease(target: str | Path) -> Lease:
    lease = open_lease(open_db(target), "offline_cache")
    assert lease is not None
    return lease


def test_one_holder_at_a_time_until_it_lets_go(centre_db: CentreDB) -> None:
    target = centre_db.target("ils")
    a, b, c = _lease(target), _lease(target), _lease(target)
    try:
        assert a.hold() and a.hold()  # held, and kept
        assert not b.hold() and not c.hold()
        a.release()
        assert b.hold() and not a.hold() and not c.hold()
        b.close()  # for good: the connection (or lock file) lets go
        assert not b.hold()
        assert c.hold() and not a.hold()
        c.release()
        assert a.hold()  # a released lease may be taken again
    finally:
        for lease in (a, b, c):
            lease.close()
            lease.db.close()


def test_others_ask_the_holder_through_a_counter(centre_db: CentreDB) -> None:
    target = centre_db.target("ils")
    holder, other = _lease(target), _lease(target)
    try:
        assert holder.hold() and holder.wanted() == 0
        other.want()
        other.want()
        assert holder.wanted() == 2 and other.wanted() == 2
    finally:
        for lease in (holder, other):
            lease.close()
            lease.db.close()


def test_a_sigkilled_holder_frees_the_lease(centre_db: CentreDB) -> None:
    target = centre_db.target("ils")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    proc = subprocess.Popen([sys.executable, "-c", _HOLDER, str(target)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lease = _lease(target)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "held", \
            proc.stderr.read() if proc.stderr else ""
        assert not lease.hold()
        proc.kill()
        proc.wait()
        wait_until(lease.hold, 10, "the lease after its holder's death")
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        lease.close()
        lease.db.close()


def test_a_session_ended_by_the_server_no_longer_holds(pg_dsn: str) -> None:
    """PostgreSQL ends the holder's session (an administrator, a network cut): the next bridge
    takes the lease, and the old holder's connection, made again, does not claim it."""
    old, new = _lease(pg_dsn), _lease(pg_dsn)
    try:
        assert old.hold()
        pid = old.db.one("SELECT pg_backend_pid()")[0]
        with psycopg.connect(pg_dsn, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
        wait_until(new.hold, 10, "the lease after its holder's connection ended")
        with contextlib.suppress(DatabaseUnavailable):
            old.hold()  # finds the session gone (the bridge logs it); the next use reconnects
        assert not old.hold() and new.hold()
    finally:
        for lease in (old, new):
            lease.close()
            lease.db.close()


def test_a_database_in_memory_has_no_lease_to_share(tmp_path: Path) -> None:
    with ReferenceILS(":memory:") as ils:
        assert ils.lease("offline_cache") is None
        with pytest.raises(ValueError, match="no lease named"):
            ils.lease("nonsense")
    with ReferenceILS(tmp_path / "ils.db") as ils:
        lease = ils.lease("offline_cache")
        assert lease is not None and lease.hold()
        assert (tmp_path / "ils.db-offline_cache.lease").read_text() == f"{os.getpid()}\n"
        lease.close()
