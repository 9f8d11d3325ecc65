"""`rfid-edge sip2` and `rfid-edge bench sip2` as subprocesses against the test ACS."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from hwsim.sip2_server import Quirks, TestACS


def run(acs: TestACS, *args: str, password: str = "secret") -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "rfid_edge", "sip2", "--host", acs.host, "--port",
           str(acs.port), "--user", "kiosk", "--password", password, "--institution", "TPML",
           "--location", "MAIN", "--encoding", acs.encoding, "--timeout", "5", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=60)


def lines(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines()]


def test_login_prints_login_and_status(acs: TestACS) -> None:
    r = run(acs, "login")
    assert r.returncode == 0, r.stderr
    login, status = lines(r.stdout)
    assert login["code"] == "94" and login["ok"] is True
    assert status["code"] == "98" and status["online_status"] is True
    assert status["library_name"] == "臺北市立圖書館 測試"


@pytest.mark.parametrize("encoding", ["utf-8", "big5"])
def test_circulation_commands(make_acs, encoding: str) -> None:
    acs = make_acs(encoding=encoding)
    (patron,) = lines(run(acs, "patron", "P0002", "5678").stdout)
    assert patron["code"] == "64" and patron["personal_name"] == "林美麗"
    assert patron["valid_patron_password"] is True
    assert patron["status_flags"] == ["excessive outstanding fines"]
    (item,) = lines(run(acs, "item", "B0001").stdout)
    assert item["title_identifier"] == "三國演義" and item["circulation_status"] == "03"
    (out,) = lines(run(acs, "checkout", "P0001", "B0001").stdout)
    assert out["ok"] is True and out["due_date"]
    (renewed,) = lines(run(acs, "renew", "P0001", "B0001").stdout)
    assert renewed["code"] == "30" and renewed["ok"] is True
    (back,) = lines(run(acs, "checkin", "B0001").stdout)
    assert back["ok"] is True and back["sort_bin"] == "A"
    (status,) = lines(run(acs, "status").stdout)
    assert status["code"] == "98"


def test_refused_login_is_one_line_and_nonzero(acs: TestACS) -> None:
    r = run(acs, "status", password="wrong")
    assert r.returncode == 3 and r.stdout == ""
    assert r.stderr.strip().splitlines() == [r.stderr.strip()]
    assert "login refused" in r.stderr


def test_timeout_and_bad_checksum_errors(make_acs) -> None:
    slow = make_acs(quirks=Quirks(acs_timeout=2, silent_codes=("17",)))
    r = run(slow, "item", "B0001")
    assert r.returncode == 4 and r.stderr.startswith("rfid-edge: timeout:")
    bad = make_acs(quirks=Quirks(bad_checksums=-1))
    r = run(bad, "status")
    assert r.returncode == 5 and "bad checksum" in r.stderr
    r = run(bad, "--no-checksum", "status")
    assert r.returncode == 0 and lines(r.stdout)[0]["code"] == "98"


def test_usage_errors(acs: TestACS) -> None:
    r = run(acs, "checkout", "P0001")
    assert r.returncode == 2 and "usage" in r.stderr
    r = run(acs, "--encoding", "klingon", "status")
    assert r.returncode == 2 and "unknown encoding" in r.stderr


def test_connection_refused() -> None:
    r = subprocess.run([sys.executable, "-m", "rfid_edge", "sip2", "--host", "127.0.0.1",
                        "--port", "1", "--user", "u", "--password", "p", "status"],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 6 and "connection failed" in r.stderr


def test_bench_figures() -> None:
    from rfid_edge.bench import sip2

    figures = sip2.run(["--checkouts", "50", "--codec-seconds", "0.1"])
    assert figures["checkouts"] == 50 and figures["error_detection"] is True
    assert figures["codec_msgs_per_s"] > 0 and figures["checkouts_per_s"] > 0
    assert figures["checkout_ratio"] > 0


def test_bench_command_hands_the_benchmark_only_its_options() -> None:
    # `bench` takes its --json and a `--` out of what follows NAME; the benchmark refuses the rest
    def bench(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "rfid_edge", "bench", "sip2", *args],
                              capture_output=True, text=True, timeout=120)

    r = bench("--json", "--", "--checkouts", "20", "--codec-seconds", "0.05")
    assert r.returncode == 0, r.stderr
    (figures,) = lines(r.stdout)
    assert figures["checkouts"] == 20
    r = bench("--no-such-option")
    assert r.returncode == 2 and "unrecognized arguments: --no-such-option" in r.stderr
