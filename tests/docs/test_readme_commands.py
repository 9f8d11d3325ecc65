"""Every command README.md, docs/*.md and the examples' comments show works exactly as written
(issue 17). Each shown line is classified in TABLE, reviewed by hand, never guessed:

RUN     run as written through ``sh -c`` in a temp directory with a clean environment
        (PATH = the venv's bin first, HOME = the temp dir); exit 0.
LONG    a service: started as written, checked for its ready output, then SIGTERMed.
SIM     run with the simulator's pty path put where the text shows the placeholder
        ``feig:///tmp/…/pad`` (``sim up --demo`` runs in the background from its own row on).
FRESH   RUN, but in a fresh directory of its own (a line of prose, not a step of the tour).
VENV    run as written in the folder that holds ``.venv`` (the clone's root).
MAKE    ``make -n TARGET`` in the repository: the target exists (running it installs packages).
HELP    needs what a test cannot have (a real reader, an ILS, /etc/rfid-edge, the library's
        own files, a placeholder to fill in, or too long for this file's budget): the same
        command path with ``--help`` exits 0, and every option the line shows is in that help.

A shown command missing from TABLE fails the test: classify it here when you add it to the docs.
"""
from __future__ import annotations

import argparse
import shlex
import subprocess
from pathlib import Path

import pytest

from rfid_edge.cli import build_parser
from tests.docs.extract import ROOT, all_shown
from tests.docs.shell import VENV_HOME, Background, clean_env, options, run

RUN, FRESH, LONG, SIM, VENV, MAKE, HELP = "RUN", "FRESH", "LONG", "SIM", "VENV", "MAKE", "HELP"
PAD = "feig:///tmp/…/pad"

# command as shown -> (kind, ready regex for LONG / note for HELP)
TABLE: dict[str, tuple[str, str]] = {
    "make demo": (MAKE, "installs Debian packages, runs for minutes"),
    "make test": (MAKE, "the whole suite"),
    ".venv/bin/rfid-edge --help": (VENV, ""),
    ". .venv/bin/activate": (VENV, ""),
    "rfid-edge tag encode --model iso28560-3 --item-id 3100000001 --owner TW-TPML": (RUN, ""),
    "rfid-edge tag decode 11010133313030303030303031000000000000C02454572D54504D4C0000000000000000":
        (RUN, ""),
    "rfid-edge sim up --demo": (LONG, r'"name": "pad".*"port": "/tmp/'),
    "rfid-edge reader scan feig:///tmp/…/pad?baud=38400 --read": (SIM, ""),
    "rfid-edge kiosk --headless --scenario self_checkout": (LONG, r'"event": "state"'),
    "rfid-edge central seed && rfid-edge central run": (LONG, r"(?i)connect"),
    "rfid-edge sync run": (LONG, r"(?i)connect"),
    "rfid-edge sync status": (RUN, ""),
    "rfid-edge sync enqueue checkin '{\"item_id\": \"31234000123456\"}'": (RUN, ""),
    "rfid-edge central dead-letters": (RUN, ""),
    "rfid-edge inventory sweep --reader feig:///tmp/…/pad --shelf-list 2F.csv > sweep.jsonl":
        (HELP, "a handheld reader and the library's shelf list"),
    "rfid-edge central shelf-list --branch TPML-MAIN --range 800..900 > 2F.jsonl": (RUN, ""),
    "rfid-edge central inventory passes --branch TPML-MAIN": (RUN, ""),
    # README "Handheld inventory": run as written by tests/handheld/test_readme_inventory.py
    "rfid-edge sim up --scenario hardware-sim/hwsim/scenarios/shelf-handheld.toml":
        (HELP, "run by tests/handheld/test_readme_inventory.py"),
    "rfid-edge inventory sweep --reader 'feig:///tmp/…/ttyhandheld?baud=115200' "
    "--shelf-list /tmp/…/shelf.csv --headless": (HELP, "run by tests/handheld/test_readme_inventory.py"),
    "rfid-edge inventory screen --reader 'feig:///tmp/…/ttyhandheld?baud=115200' "
    "--shelf-list /tmp/…/shelf.csv --language en": (HELP, "run by tests/handheld/test_readme_inventory.py"),
    "rfid-edge inventory screen --reader 'feig:///tmp/…/ttyhandheld?baud=115200' "
    "--pull-list holds.csv": (HELP, "run by tests/handheld/test_readme_inventory.py"),
    "rfid-edge central import --branches hardware-sim/hwsim/scenarios/shelf-branches.csv":
        (HELP, "run by tests/handheld/test_readme_inventory.py"),
    "rfid-edge central import --items /tmp/…/shelf.csv": (HELP, "run by tests/handheld/test_readme_inventory.py"),
    "rfid-edge central run": (HELP, "run by tests/handheld/test_readme_inventory.py"),
    "rfid-edge inventory sweep --reader 'feig:///tmp/…/ttyhandheld?baud=115200' --from-centre 100..102 "
    "--headless --outbox": (HELP, "run by tests/handheld/test_readme_inventory.py"),
    "rfid-edge central inventory passes --branch MAIN": (HELP, "run by tests/handheld/test_readme_inventory.py"),
    "rfid-edge inventory screen --reader feig:///tmp/…/pad --shelf-list 2F.csv":
        (HELP, "a handheld's touch screen and reader"),
    "rfid-edge inventory find --reader feig:///tmp/…/pad --pull-list pull.csv":
        (HELP, "a handheld reader and the library's pull list"),
    "rfid-edge central conflicts --csv conflicts.csv": (RUN, ""),
    "rfid-edge central stats --csv stats.csv --chart ratio.svg": (RUN, ""),
    "rfid-edge sip2 --host ils.example --port 6001 --user kiosk --password secret --encoding big5 "
    "patron P123": (HELP, "a real SIP2 server"),
    "printf '863.57 835\\n863.57 8345\\nJ 859.6 8734 v.2\\n' | rfid-edge inventory sort --scheme ccl":
        (RUN, ""),
    "rfid-edge inventory reconcile --shelf-list 2F.csv --reads sweep.jsonl --report-html 2F.html":
        (HELP, "the library's shelf list and a sweep's reads"),
    "rfid-edge bench inventory --json": (HELP, "over 20 s: beyond this file's budget"),
    "rfid-edge tag program --reader feig:///tmp/…/pad --item-id 3100000001 --parts 2 --online":
        (HELP, "blank tags on the pad (the demo pad holds item tags) and a centre"),
    "rfid-edge tag program --reader feig:///tmp/…/pad --batch cart.txt":
        (HELP, "blank tags on the pad and the library's cart file"),
    "rfid-edge tag screen --reader feig:///tmp/…/pad --language vi": (HELP, "a staff touch screen"),
    "rfid-edge bench program --json": (HELP, "about 15 s: beyond this file's budget"),
    # README "The centre on PostgreSQL": minutes each; small runs in tests/pg/test_bench_*.py
    "rfid-edge bench sync --database postgresql --bridges 2 --json":
        (HELP, "a 100,000-transaction drain: beyond this file's budget"),
    "rfid-edge bench sync --database postgresql --bridges 1 --devices 50 --count 165000 --json":
        (HELP, "165,000 transactions: minutes"),
    "rfid-edge bench failover --json": (HELP, "a 3,000-transaction failover: beyond the budget"),
    "rfid-edge bench sync --database postgresql --bridges 4 --items 50000 --patrons 10000"
    " --count 20000 --json": (HELP, "seeding 60,000 records and a 20,000-transaction drain"),
    "rfid-edge reader ports": (RUN, ""),
    "rfid-edge reader scan URL --read": (HELP, "placeholder URL: a real reader"),
    "rfid-edge kiosk --config /etc/rfid-edge/kiosk.toml": (HELP, "/etc/rfid-edge, real readers"),
    "rfid-edge kiosk --config /etc/rfid-edge/kiosk.toml --headless": (HELP, "/etc/rfid-edge"),
    "rfid-edge sync run --config …": (HELP, "placeholder config path"),
    "rfid-edge central conflicts": (RUN, ""),
    "rfid-edge central seed": (FRESH, "the tour seeded already; seeding twice needs --force"),
    "rfid-edge central run --config central.toml": (HELP, "the site's central.toml"),
    "rfid-edge config check FILE": (HELP, "placeholder FILE"),
    "rfid-edge central provision central --host <broker name>": (HELP, "placeholder broker name"),
    "rfid-edge central provision <device-id>": (HELP, "placeholder device id"),
    "rfid-edge bench NAME --json": (HELP, "placeholder NAME"),
    "rfid-edge central provision central --host mqtt.library.example":
        (HELP, "writes the site's CA and broker certificate"),
    "rfid-edge central provision kiosk-01": (HELP, "after the site's CA exists"),
    "rfid-edge central provision fastbook-03": (HELP, "after the site's CA exists"),
    "rfid-edge central import": (HELP, "bare command name in the text"),
    "rfid-edge central import --config central.toml --branches branches.csv":
        (HELP, "the library's own files"),
    "rfid-edge central import --config central.toml --items koha-holdings.mrc --dry-run":
        (HELP, "the library's own files"),
    "rfid-edge central import --config central.toml --items koha-holdings.mrc":
        (HELP, "the library's own files"),
    "rfid-edge central import --config central.toml --patrons patrons.csv":
        (HELP, "the library's own files"),
    "rfid-edge config check /etc/rfid-edge/central.toml": (HELP, "/etc/rfid-edge"),
    "rfid-edge central seed --config /etc/rfid-edge/central.toml": (HELP, "/etc/rfid-edge"),
    "rfid-edge central run  --config /etc/rfid-edge/central.toml": (HELP, "/etc/rfid-edge"),
    "rfid-edge central provision kiosk-07 --config …": (HELP, "placeholder config path"),
    "rfid-edge central provision": (HELP, "bare command name in a comment"),
    "rfid-edge config check /etc/rfid-edge/kiosk.toml": (HELP, "/etc/rfid-edge"),
    "rfid-edge kiosk": (HELP, "a touch UI on the simulator; its --headless form is run above"),
    "rfid-edge sync run --config <this file>": (HELP, "placeholder config path"),
}

SHOWN = all_shown()


def test_every_shown_command_is_classified() -> None:
    missing = [f"{s.where}: {s.command!r}" for s in SHOWN if s.command not in TABLE]
    assert not missing, "classify these in TABLE:\n" + "\n".join(missing)


def test_table_has_no_stale_rows() -> None:
    shown = {s.command for s in SHOWN}
    assert not [c for c in TABLE if c not in shown]


def _written(command: str) -> list[str]:
    """The files a command line names as its outputs (``--csv F``, ``--chart F``)."""
    tokens = shlex.split(command)
    return [tokens[i + 1] for i, t in enumerate(tokens[:-1]) if t in ("--csv", "--chart")]


def _command_path(command: str) -> list[str]:
    """The subcommand words of an ``rfid-edge …`` line (``central provision``)."""
    words: list[str] = []
    parser = build_parser()
    for token in shlex.split(command.split("|")[-1].split("&&")[-1])[1:]:
        subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        if not subs or token not in subs[0].choices:
            break
        words.append(token)
        parser = subs[0].choices[token]
    return words


@pytest.mark.parametrize("command", sorted(c for c, (k, _) in TABLE.items() if k == HELP))
def test_hardware_command_and_its_options_exist(command: str, tmp_path: Path) -> None:
    path = _command_path(command)
    assert path, command
    result = run(shlex.join(["rfid-edge", *path, "--help"]), tmp_path, clean_env(tmp_path))
    assert result.returncode == 0, result.stderr
    helped = set(result.stdout.replace(",", " ").split())
    name = shlex.split(command)[len(path) + 1:][:1]
    if path == ["bench"] and name and not name[0].startswith(("-", "NAME")):
        # a benchmark's own options are in its own help (`bench NAME --help`)
        own = run(shlex.join(["rfid-edge", "bench", name[0], "--help"]), tmp_path,
                  clean_env(tmp_path))
        assert own.returncode == 0, own.stderr
        helped |= set(own.stdout.replace(",", " ").split())
    assert [o for o in options(command) if o not in helped] == [], result.stdout


@pytest.mark.parametrize("target", ["demo", "test"])
def test_make_targets_exist(target: str) -> None:
    result = subprocess.run(["make", "-n", target], cwd=ROOT, capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stderr


def test_runnable_commands_work_as_written(tmp_path: Path) -> None:
    """RUN, LONG, SIM and VENV rows in the order the docs show them, in one temp directory."""
    env = clean_env(tmp_path)
    sim: Background | None = None
    failures: list[str] = []
    done: set[str] = set()
    try:
        for shown in SHOWN:
            kind, ready = TABLE.get(shown.command, (HELP, ""))
            if kind in (HELP, MAKE) or shown.command in done:
                continue
            done.add(shown.command)
            command = shown.command
            if kind == SIM:
                assert sim is not None, "sim up --demo must come before " + command
                pad = next(line for line in sim.wait_for("pad").splitlines() if '"pad"' in line)
                command = command.replace(PAD, "feig://" + pad.split('"port": "')[1].split('"')[0])
            if kind == LONG and sim is not None:  # the simulator's rows are done: free its pty and vpcd slot
                sim.stop()
                sim = None
            if kind == LONG:
                proc = Background(command, tmp_path, env)
                try:
                    proc.wait_for(ready, timeout=45)
                except AssertionError as error:
                    failures.append(f"{shown.where}: {error}")
                if "sim up" in command:
                    sim = proc
                else:
                    proc.stop()
                continue
            cwd = {VENV: VENV_HOME, FRESH: tmp_path / f"fresh-{len(done)}"}.get(kind, tmp_path)
            cwd.mkdir(exist_ok=True)
            result = run(command, cwd, env)
            if result.returncode != 0:
                failures.append(f"{shown.where}: {command!r} -> {result.returncode}\n"
                                f"{result.stderr[-1500:]}")
            failures += [f"{shown.where}: {command!r} wrote no {name}"
                         for name in _written(command) if not (cwd / name).is_file()]
    finally:
        if sim is not None:
            sim.stop()
    assert not failures, "\n\n".join(failures)
