"""sync.pgserver against the real PostgreSQL: clusters, crashes, a synchronous standby, failover."""

from __future__ import annotations

import os
import socket
import time
from pathlib import Path

import psycopg
import pytest

from sync.pgserver import SERVER_USER, PgServer, PgServerError, multi_host_dsn


def _rows(dsn: str) -> list[tuple[int, str]]:
    with psycopg.connect(dsn) as conn:
        return conn.execute("SELECT id, what FROM loans ORDER BY id").fetchall()


def _make_table(dsn: str) -> None:
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("CREATE TABLE loans (id int PRIMARY KEY, what text NOT NULL)")


def _insert(dsn: str, ident: int, what: str) -> None:
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("INSERT INTO loans VALUES (%s, %s)", (ident, what))


def test_pg_dsn_is_a_fresh_database_that_keeps_what_is_written(pg_dsn: str) -> None:
    with psycopg.connect(pg_dsn) as conn:
        tables = conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
        assert tables.fetchone() == (0,)
    _make_table(pg_dsn)
    _insert(pg_dsn, 1, "checkout")
    assert _rows(pg_dsn) == [(1, "checkout")]


def test_the_session_cluster_runs_without_fsync_and_not_as_root(pg_server: PgServer) -> None:
    with psycopg.connect(pg_server.dsn()) as conn:
        assert conn.execute("SHOW fsync").fetchone() == ("off",)
        assert conn.execute("SHOW wal_level").fetchone() == ("replica",)
    pid = int((pg_server.data_dir / "postmaster.pid").read_text().split()[0])
    uid = int(Path(f"/proc/{pid}/status").read_text().split("Uid:")[1].split()[0])
    assert uid != 0
    if os.geteuid() == 0:
        import pwd

        assert uid == pwd.getpwnam(SERVER_USER).pw_uid


def test_a_killed_server_restarts_on_its_port_with_committed_rows_only(tmp_path: Path) -> None:
    server = PgServer(tmp_path / "pg", fsync=False).start()
    try:
        dsn = server.create_database("centre")
        _make_table(dsn)
        _insert(dsn, 1, "committed")
        open_tx = psycopg.connect(dsn)
        open_tx.execute("INSERT INTO loans VALUES (2, 'never committed')")
        port = server.port
        server.kill()
        assert not server.is_running
        open_tx.close()
        server.restart()
        assert server.port == port and server.is_running
        assert _rows(dsn) == [(1, "committed")]
        assert "database system was interrupted" in server.log_path.read_text()
    finally:
        server.stop("immediate")


def test_a_start_that_fails_reports_the_server_log(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        server = PgServer(tmp_path / "pg", port=taken.getsockname()[1], fsync=False)
        with pytest.raises(PgServerError, match="Address already in use"):
            server.start(timeout=10)
    assert not server.is_running


def test_a_synchronous_standby_has_every_commit_the_primary_acknowledged(tmp_path: Path) -> None:
    primary = PgServer(tmp_path / "primary", fsync=False).start()
    standby = None
    try:
        dsn = primary.create_database("centre")
        _make_table(dsn)
        standby = primary.standby(tmp_path / "standby")
        assert standby.port != primary.port
        assert primary.accepts_writes() and not standby.accepts_writes()
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute("INSERT INTO loans VALUES (1, 'acknowledged')")
            commit_lsn = conn.execute("SELECT pg_current_wal_lsn()").fetchone()
            state = conn.execute("SELECT application_name, sync_state FROM pg_stat_replication")
            assert state.fetchall() == [(standby.name, "sync")]
        # synchronous commit: the standby had flushed the commit before the INSERT returned
        with psycopg.connect(standby.dsn("centre"), autocommit=True) as conn:
            received = conn.execute("SELECT pg_last_wal_receive_lsn() >= %s::pg_lsn",
                                    commit_lsn).fetchone()
            assert received == (True,)
            with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
                conn.execute("INSERT INTO loans VALUES (2, 'on a standby')")
        deadline = time.monotonic() + 10
        while _rows(standby.dsn("centre")) != [(1, "acknowledged")]:
            assert time.monotonic() < deadline, "the standby never showed the committed row"
            time.sleep(0.05)
    finally:
        for server in (standby, primary):
            if server is not None:
                server.stop("immediate")


def test_promoting_the_standby_after_the_primary_dies_keeps_rows_and_takes_writes(
        tmp_path: Path) -> None:
    primary = PgServer(tmp_path / "primary", fsync=False).start()
    standby = None
    try:
        dsn = primary.create_database("centre")
        _make_table(dsn)
        standby = primary.standby(tmp_path / "standby")
        _insert(dsn, 1, "before the crash")
        both = multi_host_dsn([primary, standby], "centre")
        with psycopg.connect(both) as conn:
            assert conn.info.port == primary.port
        primary.kill()
        assert not standby.accepts_writes()
        standby.promote()
        assert standby.accepts_writes()
        assert _rows(standby.dsn("centre")) == [(1, "before the crash")]
        # the same multi-host string now lands on the promoted standby, and a commit returns
        # without waiting for a standby of its own
        with psycopg.connect(both, autocommit=True, connect_timeout=5) as conn:
            assert conn.info.port == standby.port
            conn.execute("INSERT INTO loans VALUES (2, 'after the failover')")
        assert _rows(standby.dsn("centre")) == [(1, "before the crash"),
                                                (2, "after the failover")]
    finally:
        for server in (standby, primary):
            if server is not None:
                server.stop("immediate")


def test_multi_host_dsn_names_every_server_in_order(tmp_path: Path) -> None:
    first = PgServer(tmp_path / "a", port=5501)
    second = PgServer(tmp_path / "b", port=5502)
    assert multi_host_dsn([first, second], "centre") == (
        "postgresql://postgres@127.0.0.1:5501,127.0.0.1:5502/centre"
        "?target_session_attrs=read-write")
    assert first.dsn("x") == "postgresql://postgres@127.0.0.1:5501/x"
    with pytest.raises(ValueError):
        multi_host_dsn([], "centre")


def test_an_asynchronous_standby_and_the_context_manager_stopping_both(tmp_path: Path) -> None:
    with PgServer(tmp_path / "primary", fsync=False) as primary:
        with primary.standby(tmp_path / "standby", synchronous=False) as standby:
            with psycopg.connect(primary.dsn()) as conn:
                state = conn.execute("SELECT application_name, sync_state "
                                     "FROM pg_stat_replication").fetchall()
                setting = conn.execute("SHOW synchronous_standby_names").fetchone()
            assert state == [(standby.name, "async")]
            assert setting == ("",)
        assert not standby.is_running and primary.is_running
    assert not primary.is_running
    assert (tmp_path / "primary" / "data" / "PG_VERSION").exists()
