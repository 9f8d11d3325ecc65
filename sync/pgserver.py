"""Start private PostgreSQL clusters for tests, benchmarks and the failover demo.

The centre's PostgreSQL back end (issue 18) is tested the way :mod:`sync.broker` tests MQTT: with
the real server, nothing mocked. :class:`PgServer` runs one cluster of Debian's PostgreSQL in a
directory of its own on a free port: ``initdb`` on first start, ``pg_ctl`` to start and stop,
SIGKILL to crash it, ``pg_basebackup`` for a streaming standby and ``pg_ctl promote`` to fail over.

These clusters trust every local connection (127.0.0.1 and a unix socket in the cluster's own
directory): they exist for tests on one machine. A production centre points ``[central] database``
at a server run and secured by its operators (with Patroni or similar for automatic failover).

PostgreSQL refuses to run as root, so when this process is root every server binary runs as the
unprivileged system user :data:`SERVER_USER` (created on first need), which then owns the
cluster's directory; a directory that user cannot reach (pytest's ``tmp_path``) becomes a symlink
to one in the system's temporary directory.

Example::

    with PgServer(Path(tempfile.mkdtemp())) as pg:
        pg.start()
        dsn = pg.create_database("centre")
"""

from __future__ import annotations

import atexit
import contextlib
import glob
import logging
import os
import pwd
import re
import shutil
import signal
import stat
import subprocess
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import psycopg
from psycopg import sql

from sync.broker import free_port
from sync.errors import SyncError

log = logging.getLogger(__name__)

#: the system user the server runs as when this process is root (initdb refuses root)
SERVER_USER = "rfidpg"
#: the cluster's superuser role, the user in every DSN (local connections are trusted)
SUPERUSER = "postgres"
HOST = "127.0.0.1"
_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
#: a unix socket path longer than this does not fit in sockaddr_un
_SOCKET_PATH_MAX = 103


class PgServerError(SyncError):
    """A private PostgreSQL cluster could not be created, started, stopped or promoted."""


def pg_bindir() -> Path:
    """The directory of initdb/pg_ctl/postgres: Debian keeps them off PATH, per major version."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(Path(p).parent.parent.name)
                   if Path(p).parent.parent.name.isdigit() else 0)
    if found:
        return Path(found[-1]).parent
    with contextlib.suppress(OSError, subprocess.CalledProcessError):
        out = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True, check=True)
        bindir = Path(out.stdout.strip())
        if (bindir / "initdb").exists():
            return bindir
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    raise PgServerError("PostgreSQL is not installed (apt-get install postgresql)")


def multi_host_dsn(servers: Sequence[PgServer], dbname: str = "postgres", *,
                   target_session_attrs: str = "read-write") -> str:
    """A libpq multi-host DSN naming every server: libpq tries them in turn and keeps the first
    whose session matches ``target_session_attrs`` (after a failover, the promoted one)."""
    if not servers:
        raise ValueError("multi_host_dsn needs at least one server")
    hosts = ",".join(f"{HOST}:{s.port}" for s in servers)
    return (f"postgresql://{SUPERUSER}@{hosts}/{dbname}"
            f"?target_session_attrs={target_session_attrs}")


def _server_account() -> pwd.struct_passwd | None:
    """Who runs the server binaries: None (ourselves) unless we are root."""
    if os.geteuid() != 0:
        return None
    for attempt in range(20):
        with contextlib.suppress(KeyError):
            return pwd.getpwnam(SERVER_USER)
        # another process may be creating it at the same moment (useradd locks /etc/passwd)
        subprocess.run(["useradd", "--system", "--user-group", "--no-create-home",
                        "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin",
                        SERVER_USER], capture_output=True)
        time.sleep(0.05 * attempt)
    raise PgServerError(f"could not create the system user {SERVER_USER!r} to run PostgreSQL")


def _alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie left by a non-reaping init counts as dead)."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return text.rsplit(")", 1)[-1].split()[0] != "Z"


class PgServer:
    """One PostgreSQL cluster in ``root`` (data in ``root/data``, log and socket in ``root``).

    :param root: its directory (created if missing); left in place on stop so the caller can
        restart the same cluster or look at its log, and removes it when done. Under root, one
        the server user cannot reach becomes a symlink to a directory removed at exit.
    :param port: its TCP port on 127.0.0.1 (None: a free one, kept across restarts).
    :param fsync: False makes tests quicker (a crash of the machine, not of PostgreSQL, could lose
        commits); benchmarks and failover tests keep it on.
    """

    def __init__(self, root: Path, *, port: int | None = None, fsync: bool = True) -> None:
        self._root = Path(root).resolve()
        self._port = port or free_port(HOST)
        self._port_chosen = port is None
        self.fsync = fsync
        self.user = SUPERUSER
        self._bindir = pg_bindir()
        self._account = _server_account()
        #: standbys whose names the primary waits for (synchronous_standby_names)
        self._sync_names: list[str] = []
        #: set on a standby: extra lines for its config (primary_conninfo, slot, name)
        self._standby_conf: list[str] = []
        self._atexit = False

    @property
    def root(self) -> Path:
        return self._root

    @property
    def data_dir(self) -> Path:
        return self._root / "data"

    @property
    def log_path(self) -> Path:
        return self._root / "postgres.log"

    @property
    def port(self) -> int:
        return self._port

    @property
    def name(self) -> str:
        """Its cluster name, also the application name it replicates under as a standby."""
        return f"rfid_edge_{self._port}"

    @property
    def is_running(self) -> bool:
        pid = self._postmaster_pid()
        return pid is not None and _alive(pid)

    def dsn(self, dbname: str = "postgres") -> str:
        return f"postgresql://{self.user}@{HOST}:{self._port}/{dbname}"

    # --- lifecycle ----------------------------------------------------------------------------

    def start(self, timeout: float = 30) -> PgServer:
        """Create the cluster on first start, start it and return once it accepts connections."""
        if self.is_running:
            return self
        self._prepare_root()
        if not (self.data_dir / "PG_VERSION").exists():
            self._initdb()
        attempts = 5 if self._port_chosen and not self.log_path.exists() else 1
        for attempt in range(attempts):
            self._write_conf()
            offset = self.log_path.stat().st_size if self.log_path.exists() else 0
            result = self._run(["pg_ctl", "start", "-w", "-t", str(max(1, int(timeout))),
                                "-D", str(self.data_dir), "-l", str(self.log_path)], check=False)
            if result.returncode == 0 and self._wait_ready(time.monotonic() + timeout):
                break
            new_log = self._log_tail(offset)
            if attempt + 1 < attempts and "Address already in use" in new_log:
                # another process took the free port between our probe and the bind
                self._port = free_port(HOST)
                continue
            self._kill_postmaster()
            raise PgServerError(f"PostgreSQL did not start on port {self._port}: "
                                f"{result.stdout.strip()} {result.stderr.strip()}\n{new_log}")
        if not self._atexit:
            # a caller that crashes before stop() must not leave a cluster holding its port
            atexit.register(self._stop_at_exit)
            self._atexit = True
        log.info("PostgreSQL on %s:%d in %s", HOST, self._port, self._root)
        return self

    def stop(self, mode: str = "fast") -> None:
        """``pg_ctl stop -m MODE`` (smart, fast or immediate); no-op if not running."""
        if not self.is_running:
            return
        result = self._run(["pg_ctl", "stop", "-w", "-m", mode, "-D", str(self.data_dir)],
                           check=False)
        if result.returncode != 0 and self.is_running:
            raise PgServerError(f"pg_ctl stop failed: {result.stderr.strip()}")

    def kill(self) -> None:
        """SIGKILL the postmaster and its children, as a crash or power cut of the server would."""
        self._kill_postmaster()

    def restart(self, timeout: float = 30) -> PgServer:
        """Start again on the same data directory and port (after :meth:`kill`: crash recovery)."""
        if self.is_running:
            self.stop()
        return self.start(timeout)

    def __enter__(self) -> PgServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop("immediate" if exc[0] is not None else "fast")

    # --- databases, roles of a replica set ----------------------------------------------------

    def create_database(self, name: str) -> str:
        """Create database ``name`` (a plain lower-case identifier) and return its DSN."""
        self._check_name(name)
        with self._connect() as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return self.dsn(name)

    def drop_database(self, name: str) -> None:
        """Drop database ``name`` even while clients are connected to it."""
        self._check_name(name)
        with self._connect() as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
                         .format(sql.Identifier(name)))

    def accepts_writes(self) -> bool:
        """Whether it is up and a primary (not a standby in recovery)."""
        try:
            with psycopg.connect(self.dsn(), autocommit=True, connect_timeout=2) as conn:
                row = conn.execute("SELECT pg_is_in_recovery()").fetchone()
        except psycopg.Error:
            return False
        return row is not None and not row[0]

    def standby(self, root: Path, *, synchronous: bool = True, timeout: float = 60) -> PgServer:
        """A streaming standby of this running primary, copied by ``pg_basebackup``, started on
        its own free port.

        With ``synchronous`` the primary then names it in ``synchronous_standby_names`` and this
        returns once the primary reports it synchronous: from then on a commit returns only after
        the standby has flushed it, so promoting it loses no acknowledged transaction.
        """
        if not self.is_running:
            raise PgServerError("the primary must be running to copy a standby from it")
        replica = PgServer(root, fsync=self.fsync)
        replica._prepare_root()
        if (replica.data_dir / "PG_VERSION").exists():
            raise PgServerError(f"{replica.data_dir} already holds a cluster")
        slot = replica.name
        replica._run(["pg_basebackup", "-D", str(replica.data_dir), "-h", HOST,
                      "-p", str(self._port), "-U", self.user, "-X", "stream", "-c", "fast",
                      "-C", "-S", slot])
        (replica.data_dir / "standby.signal").touch()
        if replica._account is not None:
            os.chown(replica.data_dir / "standby.signal", replica._account.pw_uid,
                     replica._account.pw_gid)
        replica._standby_conf = [
            f"primary_conninfo = 'host={HOST} port={self._port} user={self.user} "
            f"application_name={replica.name}'",
            f"primary_slot_name = '{slot}'",
        ]
        # the copy carries the primary's ALTER SYSTEM settings: a promoted standby must not wait
        # for standbys of its own
        auto = replica.data_dir / "postgresql.auto.conf"
        if auto.exists():
            kept = [line for line in auto.read_text().splitlines()
                    if not line.startswith("synchronous_standby_names")]
            auto.write_text("\n".join(kept) + "\n")
        replica.start(timeout)
        if synchronous:
            self._sync_names.append(replica.name)
            names = ", ".join(f'"{n}"' for n in self._sync_names)
            with self._connect() as conn:
                conn.execute(sql.SQL("ALTER SYSTEM SET synchronous_standby_names = {}")
                             .format(sql.Literal(f"FIRST 1 ({names})")))
                conn.execute("SELECT pg_reload_conf()")
            self._wait_sync(replica.name, time.monotonic() + timeout)
        return replica

    def promote(self, timeout: float = 30) -> None:
        """``pg_ctl promote`` this standby and return once it accepts writes."""
        self._run(["pg_ctl", "promote", "-w", "-t", str(max(1, int(timeout))),
                   "-D", str(self.data_dir)])
        deadline = time.monotonic() + timeout
        while not self.accepts_writes():
            if time.monotonic() > deadline:
                raise PgServerError(f"the promoted standby on port {self._port} does not accept "
                                    f"writes:\n{self._log_tail()}")
            time.sleep(0.05)

    # --- internals ----------------------------------------------------------------------------

    def _run(self, argv: list[str], *, check: bool = True) -> subprocess.CompletedProcess[str]:
        """Run a PostgreSQL binary, as :data:`SERVER_USER` if we are root."""
        argv = [str(self._bindir / argv[0]), *argv[1:]]
        account = self._account
        env = {**os.environ, "LC_ALL": "C", "PGCONNECT_TIMEOUT": "5"}
        env.pop("PGDATA", None)
        # pg_ctl start sends the postmaster's output to the log (-l), so capturing here is safe
        result = subprocess.run(argv, cwd=self._root, env=env, stdin=subprocess.DEVNULL,
                                capture_output=True, text=True,
                                user=account.pw_uid if account else None,
                                group=account.pw_gid if account else None,
                                extra_groups=[] if account else None)
        result.stdout = result.stdout or ""
        result.stderr = result.stderr or ""
        if check and result.returncode != 0:
            raise PgServerError(f"{Path(argv[0]).name} failed ({result.returncode}): "
                                f"{result.stdout.strip()} {result.stderr.strip()}\n"
                                f"{self._log_tail()}")
        return result

    def _prepare_root(self) -> None:
        if self._account is not None and not self._reachable(self._root):
            self._relocate()
        self._root.mkdir(parents=True, exist_ok=True)
        socket_path = self._root / f".s.PGSQL.{self._port}"
        if len(str(socket_path)) > _SOCKET_PATH_MAX:
            raise PgServerError(f"{self._root} is too long a path for PostgreSQL's unix socket")
        if self._account is None:
            return
        os.chown(self._root, self._account.pw_uid, self._account.pw_gid)
        self._root.chmod(0o700)

    def _reachable(self, path: Path) -> bool:
        """Whether the server user can pass through every directory above ``path``."""
        assert self._account is not None
        for parent in path.parents:
            info = parent.stat() if parent.exists() else None
            if info is not None and not info.st_mode & stat.S_IXOTH \
                    and info.st_uid != self._account.pw_uid:
                return False
        return True

    def _relocate(self) -> None:
        """Keep the cluster in a new directory of the system's temporary directory and leave a
        symlink to it at ``root``: the caller's directory is private (pytest's ``tmp_path`` is
        0700 under a root-owned 0700 parent, and pytest tightens that parent again at every
        session start, so opening it up would not last). The directory goes at exit."""
        given = self._root
        if given.is_dir() and not any(given.iterdir()):
            given.rmdir()
        elif given.exists():
            raise PgServerError(f"{given} is out of reach of the user {SERVER_USER!r} "
                                "PostgreSQL runs as, and not empty")
        real = Path(tempfile.mkdtemp(prefix="rfid-edge-pg-")).resolve()
        if not self._reachable(real):
            raise PgServerError(f"{real} is out of reach of the user {SERVER_USER!r}")
        given.parent.mkdir(parents=True, exist_ok=True)
        given.symlink_to(real, target_is_directory=True)
        self._root = real
        atexit.register(shutil.rmtree, real, True)

    def _initdb(self) -> None:
        self._run(["initdb", "-D", str(self.data_dir), "-U", self.user, "--auth=trust",
                   "--encoding=UTF8", "--locale=C", "--no-instructions"])
        conf = self.data_dir / "postgresql.conf"
        with conf.open("a") as f:
            f.write("\n# settings of sync.pgserver, rewritten on every start\n"
                    "include 'rfid_edge.conf'\n")
        # trust: only 127.0.0.1 and a socket in a directory only the server user can enter
        (self.data_dir / "pg_hba.conf").write_text(
            "local all all trust\n"
            "local replication all trust\n"
            f"host all all {HOST}/32 trust\n"
            f"host replication all {HOST}/32 trust\n")

    def _write_conf(self) -> None:
        lines = [
            f"port = {self._port}",
            f"listen_addresses = '{HOST}'",
            f"unix_socket_directories = '{self._root}'",
            f"cluster_name = '{self.name}'",
            "wal_level = replica",
            "max_wal_senders = 10",
            "max_replication_slots = 10",
            "hot_standby = on",
            f"fsync = {'on' if self.fsync else 'off'}",
            "logging_collector = off",
            *self._standby_conf,
        ]
        path = self.data_dir / "rfid_edge.conf"
        path.write_text("\n".join(lines) + "\n")
        if self._account is not None:
            os.chown(path, self._account.pw_uid, self._account.pw_gid)

    def _connect(self) -> psycopg.Connection[tuple[object, ...]]:
        return psycopg.connect(self.dsn(), autocommit=True, connect_timeout=5)

    def _wait_ready(self, deadline: float) -> bool:
        while time.monotonic() < deadline:
            if not self.is_running:
                return False
            with contextlib.suppress(psycopg.Error), self._connect() as conn:
                conn.execute("SELECT 1")
                return True
            time.sleep(0.05)
        return False

    def _wait_sync(self, name: str, deadline: float) -> None:
        query = "SELECT sync_state FROM pg_stat_replication WHERE application_name = %s"
        while True:
            with self._connect() as conn:
                row = conn.execute(query, (name,)).fetchone()
            if row is not None and row[0] == "sync":
                return
            if time.monotonic() > deadline:
                raise PgServerError(f"standby {name} did not become synchronous "
                                    f"(state {row[0] if row else 'absent'})")
            time.sleep(0.05)

    def _postmaster_pid(self) -> int | None:
        try:
            first = (self.data_dir / "postmaster.pid").read_text().split("\n", 1)[0]
        except OSError:
            return None
        return int(first) if first.strip().isdigit() else None

    def _kill_postmaster(self) -> None:
        pid = self._postmaster_pid()
        if pid is None or not _alive(pid):
            return
        # pg_ctl starts the postmaster in a session of its own, which its children share
        try:
            group = os.getpgid(pid)
        except ProcessLookupError:
            return
        with contextlib.suppress(ProcessLookupError):
            if group == pid:
                os.killpg(group, signal.SIGKILL)
            else:
                os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while self._group_alive(pid) and time.monotonic() < deadline:
            time.sleep(0.02)
        # a new postmaster refuses to start while the old PID exists, even as a zombie that our
        # init has not reaped yet: drop the lock files of the dead one
        if not _alive(pid):
            for lock in (self.data_dir / "postmaster.pid",
                         self._root / f".s.PGSQL.{self._port}.lock"):
                with contextlib.suppress(FileNotFoundError):
                    if lock.read_text().split("\n", 1)[0].strip() == str(pid):
                        lock.unlink()

    @staticmethod
    def _group_alive(pgid: int) -> bool:
        """Whether any process of group ``pgid`` still runs (a new postmaster refuses to start
        while an old backend holds the shared memory)."""
        for path in glob.glob("/proc/[0-9]*/stat"):
            with contextlib.suppress(OSError, IndexError, ValueError):
                fields = Path(path).read_text().rsplit(")", 1)[-1].split()
                if int(fields[2]) == pgid and fields[0] != "Z":
                    return True
        return False

    def _log_tail(self, offset: int = 0, size: int = 2000) -> str:
        try:
            text = self.log_path.read_text(errors="replace")[offset:]
        except OSError:
            return "(no server log)"
        return text[-size:].strip()

    def _stop_at_exit(self) -> None:
        with contextlib.suppress(Exception):
            if self.is_running:
                self._run(["pg_ctl", "stop", "-m", "immediate", "-D", str(self.data_dir)],
                          check=False)

    @staticmethod
    def _check_name(name: str) -> None:
        if not _NAME.match(name):
            raise ValueError(f"not a plain database name: {name!r}")
