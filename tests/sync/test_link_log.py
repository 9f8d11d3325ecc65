"""Services say on stderr what their MQTT link is doing (issue 17 item 2): connecting,
connected, lost and why, the next attempt, and a client-id clash — read from the stderr of real
`rfid-edge central run` and `sync run` processes against a real mosquitto."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from sync.broker import Broker, BrokerConfig, free_port
from tests.sync.conftest import wait_until


class Service:
    """A running `rfid-edge` service whose stderr lines are collected as they come."""

    def __init__(self, env: dict, *args: str) -> None:
        self.proc = subprocess.Popen([sys.executable, "-m", "rfid_edge", *args], env=env,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.lines: list[str] = []
        self.stdout: list[str] = []
        self._threads = [threading.Thread(target=self._read, args=(s, out), daemon=True)
                         for s, out in ((self.proc.stderr, self.lines),
                                        (self.proc.stdout, self.stdout))]
        for t in self._threads:
            t.start()

    @staticmethod
    def _read(stream, out: list[str]) -> None:
        for line in stream:
            out.append(line.rstrip("\n"))

    def said(self, pattern: str) -> list[str]:
        return [x for x in self.lines if re.search(pattern, x)]

    def wait(self, pattern: str, timeout: float = 30.0) -> str:
        wait_until(lambda: self.said(pattern), timeout, f"{pattern!r} in {self.lines}")
        return self.said(pattern)[0]

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(30)
        for t in self._threads:
            t.join(5)


@pytest.fixture
def env(tmp_path: Path) -> Iterator[dict]:
    conf = tmp_path / "site.toml"
    conf.write_text(f'[device]\nid = "kiosk-07"\ndata_dir = "{tmp_path / "var"}"\n')
    yield dict(os.environ, RFID_EDGE_CONFIG=str(conf))


@pytest.mark.parametrize("command", [("central", "run"), ("sync", "run")])
def test_no_broker_then_a_broker_then_it_goes_away(env: dict, command: tuple[str, str]) -> None:
    port = free_port()
    service = Service(env, *command, "--port", str(port))
    broker = Broker(BrokerConfig(port=port))
    try:
        service.wait(rf"connecting to 127\.0\.0\.1:{port} as client id")
        unreachable = service.wait(rf"cannot reach the broker at 127\.0\.0\.1:{port}")
        assert "retrying in" in unreachable and "needs an MQTT broker" in unreachable
        assert unreachable.startswith("WARNING sync.link:")
        broker.start()
        connected = service.wait(rf"connected to 127\.0\.0\.1:{port}")
        assert connected.startswith("INFO sync.link:")
        broker.stop()
        lost = service.wait(rf"connection to 127\.0\.0\.1:{port} lost")
        assert "the connection closed" in lost or "the broker said" in lost
        assert re.search(r"(reconnecting|retrying) in \d+ s", "\n".join(service.lines[-3:]))
        broker.start()
        wait_until(lambda: len(service.said("connected to")) >= 2, 60, "the reconnection")
    finally:
        service.stop()
        broker.close()
    assert service.proc.returncode == 0, service.lines
    assert len(service.said("needs an MQTT broker")) == 1  # the hint once, not every retry


@pytest.mark.parametrize(("command", "client_id"), [
    (("central", "run", "--client-id", "bridge-x"), "bridge-x"),
    (("sync", "run"), "edge-kiosk-07"),  # two uplinks of one device id
])
def test_two_services_with_one_client_id_are_told(env: dict, broker: Broker, tmp_path: Path,
                                                  command: tuple[str, ...],
                                                  client_id: str) -> None:
    other = tmp_path / "other.toml"
    other.write_text(f'[device]\nid = "kiosk-07"\ndata_dir = "{tmp_path / "var2"}"\n')
    first = Service(env, *command, "--port", str(broker.port))
    first.wait("connected to")
    second = Service(dict(env, RFID_EDGE_CONFIG=str(other)), *command, "--port",
                     str(broker.port))
    try:
        for service in (first, second):
            warning = service.wait("in use by another process", 60)
            assert warning.startswith("WARNING sync.link:") and repr(client_id) in warning
        assert len(first.said("lost")) >= 3, first.lines
    finally:
        first.stop()
        second.stop()
    for service in (first, second):  # one warning, not one per take-over
        assert len(service.said("in use by another process")) == 1


def test_two_centres_on_one_host_get_their_own_client_ids(env: dict, broker: Broker,
                                                         tmp_path: Path) -> None:
    other = tmp_path / "other.toml"
    other.write_text(f'[device]\nid = "central-2"\ndata_dir = "{tmp_path / "var2"}"\n')
    services = [Service(e, "central", "run", "--port", str(broker.port))
                for e in (env, dict(env, RFID_EDGE_CONFIG=str(other)))]
    try:
        for s in services:
            wait_until(lambda s=s: s.stdout, 30, "the running line")
        ids = [json.loads(s.stdout[0])["client_id"] for s in services]
        assert ids[0] != ids[1] and all(str(s.proc.pid) in i for s, i in zip(services, ids, strict=True))
        time.sleep(3)  # a clash would have knocked one off by now (reconnect delay 1 s)
        for s in services:
            assert len(s.said("connected to")) == 1 and not s.said("lost|in use"), s.lines
    finally:
        for s in services:
            s.stop()
