"""`rfid-edge sync`, `rfid-edge central` and `rfid-edge bench sync` (issue 5)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from sync.broker import Broker
from tests.sync.conftest import wait_until


def _cli(*args: str, env: dict, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "rfid_edge", *args], capture_output=True,
                          text=True, env=env, check=check, timeout=120)


@pytest.fixture
def env(tmp_path: Path) -> dict:
    conf = tmp_path / "device.toml"
    conf.write_text(f'[device]\nid = "kiosk-07"\ndata_dir = "{tmp_path / "var"}"\n')
    return dict(os.environ, RFID_EDGE_CONFIG=str(conf))


def test_seed_status_run_and_central_run(env: dict, broker: Broker) -> None:
    seeded = json.loads(_cli("central", "seed", "--items", "200", "--patrons", "20",
                             env=env).stdout)
    from sync.ils.seed import SIM_ITEMS

    assert seeded["items"] == 200 + len(SIM_ITEMS) and seeded["branches"] == 6
    again = _cli("central", "seed", env=env, check=False)
    assert again.returncode != 0 and "--force" in again.stderr and again.stdout == ""
    for _ in range(2):
        _cli("sync", "enqueue", "checkin", '{"item_id": "3100000001"}', env=env)
    bad = _cli("sync", "enqueue", "checkin", '{"item": 1}', env=env, check=False)
    assert bad.returncode == 1 and "item_id" in bad.stderr
    zero_fee = _cli("sync", "enqueue", "fee_paid", '{"patron_id": "2300000001", "amount": "0"}',
                    env=env, check=False)  # issue 19: passed the schema, made the centre raise
    assert zero_fee.returncode == 1 and "payload.amount" in zero_fee.stderr
    status = json.loads(_cli("sync", "status", env=env).stdout)
    assert status["queue_depth"] == 2 and status["device_id"] == "kiosk-07"

    port = str(broker.port)
    central = subprocess.Popen([sys.executable, "-m", "rfid_edge", "central", "run", "--port",
                                port], stdout=subprocess.PIPE, text=True, env=env)
    running = json.loads(central.stdout.readline())
    assert running["event"] == "running" and running["ordering"] == "rebase"
    assert running["offline_cache"] is True
    edge = subprocess.Popen([sys.executable, "-m", "rfid_edge", "sync", "run", "--port", port],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    try:
        wait_until(lambda: json.loads(_cli("sync", "status", env=env).stdout)["queue_depth"] == 0,
                   timeout=60, what="the uplink to drain")
    finally:
        edge.send_signal(signal.SIGTERM)
        central.send_signal(signal.SIGINT)
        edge_out, _ = edge.communicate(timeout=20)
        central_out, _ = central.communicate(timeout=20)
    assert edge.returncode == 0 and json.loads(edge_out.splitlines()[-1])["applied"] == 2
    assert central.returncode == 0
    assert json.loads(central_out.splitlines()[-1])["applied"] == 2
    assert _cli("central", "dead-letters", env=env).stdout == ""


def test_bench_sync_small(env: dict) -> None:
    out = _cli("bench", "sync", "--json", "--count", "400", "--enqueue", "50", env=env).stdout
    figures = json.loads(out)
    assert figures["lost"] == 0 and figures["duplicated"] == 0
    for key in ("enqueue_per_s", "drain_per_s", "raw_publish_per_s", "drain_ratio"):
        assert figures[key] > 0
