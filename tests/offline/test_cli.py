"""`rfid-edge central conflicts|stats|provision|seed` as a user runs them (issue 6); conflicts
and seed also on PostgreSQL (``[central] database``)."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sync.centre.ordering import sequencer_for
from sync.ils.reference import ReferenceILS
from tests.centredb import PgTemplate
from tests.offline import scenario


def _cli(tmp_path: Path, *args: str, database: str = "") -> subprocess.CompletedProcess:
    conf = tmp_path / "device.toml"
    conf.write_text(f'[device]\ndata_dir = "{tmp_path}"\n'
                    + (f'[central]\ndatabase = "{database}"\n' if database else ""))
    return subprocess.run([sys.executable, "-m", "rfid_edge.cli", "central", "--config",
                           str(conf), *args], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(Path.cwd())})


@pytest.mark.backends
def test_conflicts_list_csv_and_resolve(template: Path | PgTemplate, tmp_path: Path) -> None:
    (tmp_path / "central").mkdir()
    db = scenario.copy_db(template, tmp_path / "central" / "ils.db")
    with ReferenceILS(db) as ils:
        sequencer_for(ils).apply_many(list(reversed(scenario.messages())))
    dsn = str(db) if isinstance(template, PgTemplate) else ""
    done = _cli(tmp_path, "conflicts", "--csv", str(tmp_path / "c.csv"), database=dsn)
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert {r["txn_id"]: r["rule"] for r in rows} == scenario.expected_conflicts()
    assert "loan_limit" in done.stderr and "P1" not in done.stdout  # patrons masked
    table = list(csv.DictReader((tmp_path / "c.csv").open(encoding="utf-8")))
    assert len(table) == len(rows)
    first = rows[0]["id"]
    done = _cli(tmp_path, "conflicts", "--resolve", str(first), "--note", "called patron",
                database=dsn)
    assert done.returncode == 0 and json.loads(done.stdout)["resolved"] == first
    done = _cli(tmp_path, "conflicts", database=dsn)
    assert len(done.stdout.splitlines()) == len(rows) - 1
    assert _cli(tmp_path, "conflicts", "--resolve", "99999", database=dsn).returncode != 0


def test_provision_creates_credentials_and_acl(tmp_path: Path) -> None:
    done = _cli(tmp_path, "provision", "kiosk-07")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert Path(out["certfile"]).exists() and "user kiosk-07" in Path(out["acl"]).read_text()
    assert _cli(tmp_path, "provision", "bad/id").returncode != 0


def test_stats_writes_csv_and_chart(tmp_path: Path) -> None:
    from sync.centre.bridge import Ledger

    (tmp_path / "central").mkdir()
    ledger = Ledger(tmp_path / "central" / "ils.db")  # by default in the reference ILS's db
    rows = [(m["txn_id"], m["device_id"], m["seq"], m["type"], m["branch"], m["wall_time"],
             1, "applied", "applied", None, json.dumps(m), "{}", 0.0)
            for m in scenario.messages()]
    ledger.record(rows, [])
    ledger.close()
    done = _cli(tmp_path, "stats", "--by", "day", "--csv", str(tmp_path / "s.csv"),
                "--chart", str(tmp_path / "r.svg"))
    assert done.returncode == 0, done.stderr
    lines = [json.loads(x) for x in done.stdout.splitlines()]
    assert sum(x["circulation"] for x in lines) == 17
    assert (tmp_path / "r.svg").read_text().startswith("<svg")


def test_seed_stats_and_dead_letters_on_postgres(pg_dsn: str, tmp_path: Path) -> None:
    """``[central] database`` points every central command at PostgreSQL: seed refuses to
    overwrite a reference ILS there without --force, and never shows the password."""
    dsn = pg_dsn.replace("postgres@", "postgres:secret@")  # (trust auth: any password)
    done = _cli(tmp_path, "seed", "--items", "40", "--patrons", "8", database=dsn)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["items"] >= 40 and "secret" not in done.stdout
    assert not (tmp_path / "central").exists()  # nothing went to SQLite files
    again = _cli(tmp_path, "seed", database=dsn)
    assert again.returncode != 0 and "--force" in again.stderr and "secret" not in again.stderr
    forced = _cli(tmp_path, "seed", "--force", "--items", "30", "--patrons", "8", database=dsn)
    assert forced.returncode == 0
    items = json.loads(forced.stdout)["items"]
    assert items < out["items"]  # replaced, not added to
    with ReferenceILS(dsn) as ils:
        assert ils.db.execute("SELECT count(*) FROM items").fetchone()[0] == items
    stats = _cli(tmp_path, "stats", database=dsn)  # seeded, never run: no rows, no error
    assert stats.returncode == 0 and stats.stdout == ""
    dead = _cli(tmp_path, "dead-letters", database=dsn)
    assert dead.returncode == 0 and dead.stdout == ""
