"""`--config FILE` before or after a command's action (issue 17), and the file checked as it is
loaded by every command that takes it: the same lines as `config check`, exit 2."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from rfid_edge.cli import build_parser
from tests.cli.conftest import rfid_edge, write

#: every command line that takes --config, with F where the README or examples/*.toml put it
FORMS = [
    "central run --config F",
    "central --config F run",
    "central seed --config F",
    "central --config F seed",
    "central provision kiosk-07 --config F",
    "central --config F provision kiosk-07",
    "central dead-letters --config F",
    "central conflicts --config F",
    "central stats --config F",
    "sync run --config F",
    "sync --config F run",
    "sync status --config F",
    "sync --config F status",
    "sync enqueue checkin {\"item_id\":\"3100000001\"} --config F",
    "inventory sort --config F",
    "inventory --config F sort",
    "inventory reconcile --shelf-list s.csv --config F",
    "tag program --reader feig:///dev/null --item-id 3100000001 --config F",
    "tag --config F program --reader feig:///dev/null --item-id 3100000001",
    "kiosk --config F",
    "kiosk --config F --headless",
]


@pytest.mark.parametrize("form", FORMS)
def test_a_bad_file_stops_every_form_naming_the_key(tmp_path: Path, form: str) -> None:
    conf = write(tmp_path / "bad.toml", '[device]\nid = "kiosk 7"\n[sync]\n[synk]\n')
    done = rfid_edge(*[str(conf) if w == "F" else w for w in form.split()])
    assert done.returncode == 2, done.stderr
    assert done.stderr.splitlines() == [
        f'{conf}: [device] id: "kiosk 7" is not allowed (string should match pattern '
        "'^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$')",
        f"{conf}: [synk]: unknown section (did you mean [sync]?)"]
    assert done.stdout == ""


def test_environment_file_is_checked_too(tmp_path: Path) -> None:
    conf = write(tmp_path / "bad.toml", "[security]\nafi_on_loan = 999\n")
    done = rfid_edge("sync", "status", env={"RFID_EDGE_CONFIG": str(conf)})
    assert done.returncode == 2
    assert done.stderr == (f"{conf}: [security] afi_on_loan: 999 is not allowed "
                           "(should be less than or equal to 255)\n")


def test_sync_status_refuses_a_port_that_is_not_a_number(tmp_path: Path) -> None:
    """Issue 17: `broker_port = "fast"` failed late naming neither key nor file, and
    `sync status` accepted it."""
    conf = write(tmp_path / "k.toml", f'[device]\ndata_dir = "{tmp_path}"\n'
                                      '[sync]\nbroker_port = "fast"\n')
    done = rfid_edge("sync", "status", "--config", str(conf))
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == (f'{conf}: [sync] broker_port: "fast" is not allowed (should be a '
                           "valid integer, unable to parse string as an integer)\n")
    assert not (tmp_path / "outbox.db").exists()


def test_missing_file_is_one_line(tmp_path: Path) -> None:
    done = rfid_edge("central", "seed", "--config", str(tmp_path / "nope.toml"))
    assert done.returncode == 2
    assert done.stderr == f"{tmp_path / 'nope.toml'}: cannot read: No such file or directory\n"


@pytest.mark.parametrize("after", [True, False])
def test_the_file_is_used_in_either_place(tmp_path: Path, after: bool) -> None:
    data = tmp_path / "var"
    conf = write(tmp_path / "device.toml", f'[device]\nid = "kiosk-07"\ndata_dir = "{data}"\n')

    def run(command: str, *action: str) -> dict:
        place = [*action, "--config", str(conf)] if after else ["--config", str(conf), *action]
        done = rfid_edge(command, *place)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout.splitlines()[-1])

    from sync.ils.seed import SIM_ITEMS  # the simulator's demo tags' items come with the seed

    seeded = run("central", "seed", "--items", "20", "--patrons", "5")
    assert seeded["ils_db"] == str(data / "central" / "ils.db")
    assert seeded["items"] == 20 + len(SIM_ITEMS)
    provisioned = run("central", "provision", "kiosk-07")
    assert provisioned["certfile"].startswith(str(data / "central" / "security"))
    queued = run("sync", "enqueue", "checkin", '{"item_id": "3100000001"}')
    assert queued["type"] == "checkin"
    status = run("sync", "status")
    assert status["device_id"] == "kiosk-07" and status["queue_depth"] == 1


def _with_actions(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                yield (*path, name), parser, child
                yield from _with_actions(child, (*path, name))


def test_every_action_of_a_command_with_config_takes_it() -> None:
    """Commands added later get the option after their actions too (cli.py, once)."""
    parser = build_parser()
    takes = [(path, child) for path, owner, child in _with_actions(parser)
             if "--config" in owner._option_string_actions and len(path) > 1]
    assert {p[0] for p, _ in takes} >= {"central", "sync"}
    for path, child in takes:
        assert "--config" in child._option_string_actions, path
    args = parser.parse_args(["central", "--config", "a.toml", "run"])
    assert args.config == "a.toml"
    args = parser.parse_args(["central", "--config", "a.toml", "run", "--config", "b.toml"])
    assert args.config == "b.toml"
    assert parser.parse_args(["sync", "status"]).config is None
