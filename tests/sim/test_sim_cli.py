"""The acceptance commands as subprocesses: `sim up`, `reader scan`, `reader ports`, `bench stack`."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from hwsim import scenario as sc
from rfid_edge.bench import stack

CLI = [sys.executable, "-m", "rfid_edge"]
SCENARIOS = Path(__file__).resolve().parents[2] / "hardware-sim" / "scenarios"


def _start(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([*CLI, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _lines(proc: subprocess.Popen[str], n: int) -> list[dict]:
    assert proc.stdout is not None
    return [json.loads(proc.stdout.readline()) for _ in range(n)]


def _terminate(proc: subprocess.Popen[str]) -> int:
    proc.send_signal(signal.SIGTERM)
    try:
        return proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()


def test_sim_up_demo_prints_readers_and_stops_on_sigterm() -> None:
    proc = _start("sim", "up", "--demo")
    try:
        serial_readers = _lines(proc, 2)
        assert [(r["name"], r["protocol"]) for r in serial_readers] == [("pad", "feig"), ("chute", "m810")]
        for r in serial_readers:
            assert os.path.exists(r["port"])
        # the demo pad really holds five items (six tags: one two-part set), in realistic timing
        out = subprocess.run([*CLI, "reader", "scan", f"feig://{serial_readers[0]['port']}", "--read"],
                             capture_output=True, text=True, timeout=30)
        tags = [json.loads(line) for line in out.stdout.splitlines()]
        assert len(tags) == 6 and len({t["item"]["primary_item_id"] for t in tags}) == 5
        assert {(t["item"]["parts_in_item"], t["item"]["part_number"]) for t in tags} >= {(2, 1), (2, 2)}
        assert all(t["afi"] == 0x07 and t["dsfid"] == 0x3E for t in tags)
    finally:
        code = _terminate(proc)
    assert code == 0
    for r in serial_readers:
        assert not os.path.exists(r["port"])  # cleaned up on SIGTERM


def test_sim_up_scenario_instant_and_reader_scan_without_read(tmp_path: Path) -> None:
    proc = _start("sim", "up", "--scenario", str(SCENARIOS / "shelf-sweep.toml"), "--instant", "--no-timeline")
    try:
        (wand,) = _lines(proc, 1)
        assert wand == {"name": "wand", "protocol": "feig", "port": wand["port"]}
        out = subprocess.run([*CLI, "reader", "scan", f"feig://{wand['port']}"], capture_output=True, text=True, timeout=30)
        assert [json.loads(line) for line in out.stdout.splitlines()] == [{"uid": "E004010091000001", "afi": 0, "dsfid": 0}]
    finally:
        assert _terminate(proc) == 0


def test_sim_up_bad_scenario(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[[readers]]\nname = 'x'\n")
    out = subprocess.run([*CLI, "sim", "up", "--scenario", str(bad)], capture_output=True, text=True, timeout=30)
    assert out.returncode != 0 and "needs a protocol" in out.stderr and out.stdout == ""


def test_reader_scan_missing_port(tmp_path: Path) -> None:
    out = subprocess.run([*CLI, "reader", "scan", f"feig://{tmp_path}/ttyNONE"], capture_output=True, text=True, timeout=30)
    assert out.returncode == 1 and "unavailable" in out.stderr and len(out.stderr.splitlines()) == 1


def test_reader_ports_lists_json() -> None:
    out = subprocess.run([*CLI, "reader", "ports"], capture_output=True, text=True, timeout=30)
    assert out.returncode == 0
    for line in out.stdout.splitlines():
        assert {"device", "vid", "protocol_guess", "url"} <= set(json.loads(line))


@pytest.mark.parametrize("protocol", ["feig", "m810"])
def test_bench_stack_figures(protocol: str) -> None:
    figures = stack.run_one(protocol, tags=3, rounds=1)
    assert figures["items_read"] == figures["afi_verified"] == 3
    assert figures["air_s"] == pytest.approx(figures["rf_air_s"] + figures["line_s"], abs=1e-3)
    assert figures["rf_air_s"] > 0 and figures["line_s"] > 0
    assert figures["overhead_ratio"] == pytest.approx(figures["wall_s"] / figures["air_s"], rel=0.01)


def test_demo_scenario_loads_from_package() -> None:
    assert sc.load_builtin("demo").name == "demo"
