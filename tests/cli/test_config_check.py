"""`rfid-edge config check FILE`: each kind of problem is one line naming the file, the table and
the key, with what is allowed; exit 1 on any problem, 0 and one OK line when there is none."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.conftest import rfid_edge, write


@pytest.mark.parametrize("name", ["examples/kiosk.toml", "examples/central.toml"])
def test_examples_pass_as_the_readme_shows(name: str) -> None:
    done = rfid_edge("config", "check", name)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", f"{name}: OK\n")


@pytest.mark.parametrize(("toml", "line"), [
    ('[centrl]\nbroker_port = 1883\n',
     "[centrl]: unknown section (did you mean [central]?)"),
    ('[nonsense]\nx = 1\n',
     "[nonsense]: unknown section (known: central, device, inventory, kiosk, mqtt, pcsc, "
     "security, sync, tagprog)"),
    ('[readers]\nfeig = "feig:///dev/ttyUSB0"\n',  # never read by anything: reported
     "[readers]: unknown section (known: central, device, inventory, kiosk, mqtt, pcsc, "
     "security, sync, tagprog)"),
    ('[security]\nuse_eass = true\n',
     "[security] use_eass: unknown key (did you mean use_eas?)"),
    ('[device]\nbranchcode = "X"\n',
     "[device] branchcode: unknown key (did you mean branch?)"),
    ('[device]\ncolour = "blue"\n',
     "[device] colour: unknown key (allowed: branch, data_dir, id, library_isil)"),
    ('[security]\nafi_on_loan = "fast"\n',
     '[security] afi_on_loan: "fast" is not allowed (should be a valid integer, unable to parse '
     'string as an integer)'),
    ('[security]\nafi_in_library = 300\n',
     "[security] afi_in_library: 300 is not allowed (should be less than or equal to 255)"),
    ('[device]\ndata_dir = 5\n',
     "[device] data_dir: 5 is not allowed (should be a valid string)"),
    ('[kiosk.wedge]\nmin_lenght = 4\n',
     "[kiosk.wedge] min_lenght: unknown key (did you mean min_length?)"),
    ('[kiosk.wedge]\nmax_gap_ms = 0\n',
     "[kiosk.wedge] max_gap_ms: 0 is not allowed (should be greater than 0)"),
    ('[kiosk]\nstation = "selfcheck"\n',  # a station type lists the valid ones
     "[kiosk] station: \"selfcheck\" is not allowed (should be 'self_checkout', 'self_return', "
     "'combined', 'holds_pickup' or 'fastbook')"),
    ('[kiosk.fastbook]\nslots = 0\n',
     "[kiosk.fastbook] slots: 0 is not allowed (should be greater than or equal to 1)"),
    ('[kiosk.ui]\nlarge_typ = true\n',
     "[kiosk.ui] large_typ: unknown key (did you mean large_type?)"),
    ('[sync]\nbroker_port = "fast"\n',
     '[sync] broker_port: "fast" is not allowed (should be a valid integer, unable to parse '
     'string as an integer)'),
    ('[sync]\nwindoww = 3\n', "[sync] windoww: unknown key (did you mean window?)"),
    ('[mqtt]\nsecurity = "tls"\n',
     "[mqtt] security: \"tls\" is not allowed (should be 'none', 'password' or 'certificate')"),
    ('[central]\nbroker_port = "fast"\n',
     '[central] broker_port: "fast" is not allowed (should be a valid integer, unable to parse '
     'string as an integer)'),
    ('[central]\nils = "koha"\n',
     "[central] ils: \"koha\" is not allowed (should be 'reference' or 'sip2')"),
    ('[central]\ngroupp = "b"\n', "[central] groupp: unknown key (did you mean group?)"),
    ('[inventory]\nscheme = "udc"\n',
     "[inventory] scheme: \"udc\" is not allowed (should be 'ccl', 'dewey' or 'lc')"),
    ('device = "kiosk-01"\n',
     "[device]: not a table (write it as [section] with keys under it)"),
])
def test_each_problem_is_one_line(tmp_path: Path, toml: str, line: str) -> None:
    conf = write(tmp_path / "k.toml", toml)
    done = rfid_edge("config", "check", str(conf))
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.splitlines() == [f"{conf}: {line}"]


def test_key_outside_any_section(tmp_path: Path) -> None:
    conf = write(tmp_path / "k.toml", 'station = "self_return"\n')
    done = rfid_edge("config", "check", str(conf))
    assert done.returncode == 1
    assert done.stderr == (f"{conf}: station: a key outside any section (keys go under one of "
                           "[device], [security], [pcsc], [kiosk], [sync], [mqtt], [central], "
                           "[inventory], [tagprog])\n")


def test_not_toml_and_missing_file(tmp_path: Path) -> None:
    conf = write(tmp_path / "k.toml", "[device]\nid = \n")
    done = rfid_edge("config", "check", str(conf))
    assert done.returncode == 1
    assert done.stderr.startswith(f"{conf}: not valid TOML: ") and done.stderr.count("\n") == 1
    done = rfid_edge("config", "check", str(tmp_path / "none.toml"))
    assert done.returncode == 1
    assert done.stderr == f"{tmp_path / 'none.toml'}: cannot read: No such file or directory\n"


def test_every_problem_reported_at_once_and_as_json(tmp_path: Path) -> None:
    conf = write(tmp_path / "k.toml", '[device]\nid = "kiosk 7"\nfoo = 1\n[centrl]\n'
                                      '[security]\nafi_on_loan = -1\n')
    done = rfid_edge("config", "check", str(conf))
    lines = done.stderr.splitlines()
    assert done.returncode == 1 and len(lines) == 4
    assert [line.split(": ")[1] for line in lines] == [
        "[device] id", "[device] foo", "[centrl]", "[security] afi_on_loan"]
    done = rfid_edge("config", "check", "--json", str(conf))
    problems = [json.loads(line) for line in done.stdout.splitlines()]
    assert done.returncode == 1 and done.stderr == f"{conf}: 4 problems\n"
    assert [(p["file"], p["section"], p["key"]) for p in problems] == [
        (str(conf), "device", "id"), (str(conf), "device", "foo"), (str(conf), "centrl", ""),
        (str(conf), "security", "afi_on_loan")]
    assert [p["line"] for p in problems] == lines


def test_check_needs_a_file() -> None:
    done = rfid_edge("config", "check")
    assert done.returncode == 2 and "FILE" in done.stderr
