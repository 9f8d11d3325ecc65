"""`sync run` and `central run` with a ``brokers`` list (issue 18): the first endpoint has no
broker, so each service says it moves on and connects to the second; ``--port`` replaces the
list. Real processes against a real mosquitto, read from their stderr."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sync.broker import Broker, free_port
from tests.sync.test_link_log import Service


def _env(tmp_path: Path, section: str, brokers: list[str]) -> dict:
    conf = tmp_path / "site.toml"
    listed = ", ".join(f'"{b}"' for b in brokers)
    conf.write_text(f'[device]\nid = "kiosk-07"\ndata_dir = "{tmp_path / "var"}"\n'
                    f"[{section}]\nbrokers = [{listed}]\n")
    return dict(os.environ, RFID_EDGE_CONFIG=str(conf))


@pytest.mark.parametrize("command, section", [(("sync", "run"), "sync"),
                                              (("central", "run"), "central")])
def test_a_service_moves_on_to_the_next_broker(tmp_path: Path, broker: Broker,
                                               command: tuple[str, str], section: str) -> None:
    dead = free_port()
    env = _env(tmp_path, section, [f"mqtt://127.0.0.1:{dead}", broker.url])
    service = Service(env, *command)
    try:
        service.wait(rf"cannot reach the broker at 127\.0\.0\.1:{dead}")
        service.wait(rf"trying broker mqtt://127\.0\.0\.1:{broker.port} next")
        connected = service.wait(rf"connected to 127\.0\.0\.1:{broker.port}")
        assert connected.startswith("INFO sync.link:")
    finally:
        service.stop()
    assert service.proc.returncode == 0, service.lines


@pytest.mark.parametrize("command, section", [(("sync", "run"), "sync"),
                                              (("central", "run"), "central")])
def test_port_on_the_command_line_replaces_the_list(tmp_path: Path, broker: Broker,
                                                    command: tuple[str, str],
                                                    section: str) -> None:
    env = _env(tmp_path, section, [f"mqtt://127.0.0.1:{free_port()}",
                                   f"mqtt://127.0.0.1:{free_port()}"])
    service = Service(env, *command, "--port", str(broker.port))
    try:
        service.wait(rf"connected to 127\.0\.0\.1:{broker.port}")
    finally:
        service.stop()
    assert not service.said("cannot reach|trying broker"), service.lines
