"""Broker endpoints (issue 18, the MQTT side): the ``brokers`` list in the typed settings, the
sans-I/O rotation policy (order, backoff, wraparound, back to the first), and the shell that
points a real paho client at each endpoint in turn — here with nothing listening, so every
attempt fails; tests/sync/test_failover.py runs it against real brokers."""

from __future__ import annotations

import random
from pathlib import Path

import paho.mqtt.client as mqtt
import pytest
from pydantic import ValidationError

from rfid_edge import config as configuration
from sync.broker import free_port
from sync.centre import service as centre_service
from sync.centre.settings import CentralSettings
from sync.edge import service
from sync.edge.settings import SyncSettings
from sync.endpoints import Endpoint, Rotation, backoff_delay
from sync.errors import SyncError
from sync.failover import Failover

A, B, C = (Endpoint(host=h, port=p) for h, p in (("a", 1883), ("b", 1884), ("c", 1885)))


@pytest.mark.parametrize("text, host, port, tls", [
    ("mqtts://mqtt-a.library.example:8883", "mqtt-a.library.example", 8883, True),
    ("mqtts://mqtt-b.library.example", "mqtt-b.library.example", 8883, True),
    ("mqtt://10.0.0.5", "10.0.0.5", 1883, False),
    ("MQTT://Broker:1999/", "Broker", 1999, False),
    ("broker.example:8884", "broker.example", 8884, None),
    ("[fd00::5]:8883", "fd00::5", 8883, None),
    ("mqtts://[::1]", "::1", 8883, True),
])
def test_an_endpoint_is_read_as_written(text: str, host: str, port: int, tls: bool | None) -> None:
    endpoint = Endpoint.model_validate(text)
    assert (endpoint.host, endpoint.port, endpoint.tls) == (host, port, tls)
    assert Endpoint.model_validate(str(endpoint)) == endpoint  # written back, read the same


@pytest.mark.parametrize("text, why", [
    ("broker.example", "give the port"), ("http://b:80", "mqtt:// or mqtts://"),
    ("b:0", "greater than or equal to 1"), ("b:65536", "less than or equal to 65535"),
    ("mqtts://", "not a broker endpoint"), ("a b:1", "not a broker endpoint"),
])
def test_a_bad_endpoint_is_refused_saying_why(text: str, why: str) -> None:
    with pytest.raises(ValidationError, match=why):
        SyncSettings.from_section({"brokers": [text]})


def test_the_single_host_keys_work_as_before_and_a_list_takes_over() -> None:
    single = SyncSettings.from_section({"broker_host": "mqtt.example", "broker_port": 8883})
    assert single.endpoints == (Endpoint(host="mqtt.example", port=8883),)
    assert SyncSettings().endpoints == (Endpoint(host="127.0.0.1", port=1883),)
    listed = SyncSettings.from_section({"broker_host": "ignored", "brokers": [
        "mqtts://a.example:8883", "mqtts://b.example:8883"]})
    assert [str(e) for e in listed.endpoints] == ["mqtts://a.example:8883",
                                                  "mqtts://b.example:8883"]
    central = CentralSettings.from_section({"brokers": ["a.example:1883", "b.example:1884"]})
    assert [e.port for e in central.endpoints] == [1883, 1884]
    # a dump (``config show``, the defaults) writes the list back in its written form
    assert listed.model_dump(mode="json")["brokers"] == ["mqtts://a.example:8883",
                                                         "mqtts://b.example:8883"]
    assert configuration.defaults()["sync"]["brokers"] == []


@pytest.mark.parametrize("brokers, why", [
    (["a:1883", "A:1883"], "named twice"),
    (["mqtt://a:1883", "mqtts://b:8883"], "cannot be mixed"),
])
def test_a_list_one_client_cannot_use_is_refused(brokers: list[str], why: str) -> None:
    with pytest.raises(ValidationError, match=why):
        CentralSettings.from_section({"brokers": brokers})


def test_a_scheme_must_agree_with_the_mqtt_security(tmp_path: Path) -> None:
    base = {"device": {"id": "kiosk-a", "data_dir": str(tmp_path)}}
    plain = configuration.load(None, {**base, "sync": {"brokers": ["mqtts://a:8883"]}})
    with pytest.raises(SyncError, match=r"sync\.brokers: mqtts://a:8883 is TLS but \[mqtt\] "
                                        r"security = 'none'"):
        service.endpoints(plain)
    tls = configuration.load(None, {**base, "mqtt": {"security": "password"},
                                    "central": {"brokers": ["mqtt://a", "mqtt://b"]}})
    with pytest.raises(SyncError, match=r"central\.brokers: mqtt://a:1883 is plain"):
        centre_service.open_bridge(tls, None)  # type: ignore[arg-type]  # refused before use
    unstated = configuration.load(None, {**base, "sync": {"brokers": ["a:1", "b:2"]}})
    assert [e.port for e in service.endpoints(unstated)] == [1, 2]


def test_the_config_check_names_the_broker_that_is_wrong(tmp_path: Path) -> None:
    conf = tmp_path / "k.toml"
    conf.write_text('[sync]\nbrokers = ["mqtts://a:8883", "b"]\n')
    problems = configuration.check(configuration.read(conf), str(conf))
    assert [(p.section, p.key) for p in problems] == [("sync", "brokers[1]")]
    assert "give the port" in str(problems[0])


# --- the rotation policy ------------------------------------------------------------------
def test_rotation_tries_in_order_and_waits_only_after_a_whole_round() -> None:
    rotation = Rotation([A, B, C], backoff_min_s=1.0, backoff_max_s=8.0, rng=random.Random(1))
    assert rotation.current == A  # the first connection goes to the first
    tried, waits = [], []
    for _ in range(9):
        tried.append(rotation.current)
        waits.append(rotation.lost())
    assert tried == [A, B, C] * 3  # in order, wrapping around after the last
    assert waits[0] == waits[1] == 0 and waits[3] == waits[4] == 0  # the next one at once
    # after each round that all failed: equal-jitter backoff doubling per round, capped
    assert 0.5 <= waits[2] <= 1.0 and 1.0 <= waits[5] <= 2.0 and 2.0 <= waits[8] <= 4.0
    for _ in range(30):
        rotation.lost()
    capped = [rotation.lost() for _ in range(3)]  # the 14th round: at the cap
    assert capped[:2] == [0, 0] and 4.0 <= capped[2] <= 8.0


def test_rotation_stays_where_connected_and_a_drop_moves_on_at_once() -> None:
    rotation = Rotation([A, B], backoff_min_s=1.0, backoff_max_s=8.0, rng=random.Random(2))
    assert rotation.lost() == 0 and rotation.current == B  # A refused: B at once
    rotation.connected()
    assert rotation.current == B and rotation.failures == 0  # no switching back to A
    assert rotation.lost() == 0 and rotation.current == A  # B dropped: back to the first, at once
    assert rotation.lost() == 0 and rotation.current == B  # A still down: B again
    wait = rotation.lost()  # B down too: a whole round failed, so back off
    assert rotation.current == A and 0.5 <= wait <= 1.0


def test_connecting_again_starts_the_backoff_over() -> None:
    rotation = Rotation([A, B], backoff_min_s=1.0, backoff_max_s=64.0, rng=random.Random(3))
    for _ in range(8):
        rotation.lost()  # four failed rounds
    assert rotation.failures == 8 and rotation.current == A
    rotation.connected()
    rotation.lost()  # the drop
    assert rotation.lost() == 0  # first failure of the next outage: the other endpoint at once
    assert 0.5 <= rotation.lost() <= 1.0  # and the first round waits the minimum again


def test_one_endpoint_backs_off_as_the_single_broker_client_did() -> None:
    rotation = Rotation([A], backoff_min_s=0.5, backoff_max_s=8.0, rng=random.Random(4))
    same = random.Random(4)
    for failures in range(1, 8):
        assert rotation.lost() == backoff_delay(failures, 0.5, 8.0, same)
        assert rotation.current == A
    rotation.connected()
    assert rotation.lost() == 0  # a drop: reconnect at once, as before


def test_a_client_that_stops_itself_comes_back_to_the_same_endpoint() -> None:
    rotation = Rotation([A, B])
    rotation.lost()
    rotation.connected()
    rotation.closed()  # a clean stop is no failure of B
    assert rotation.current == B and not rotation.up and rotation.failures == 0
    assert rotation.lost() == 0 and rotation.current == A  # had it failed instead: onwards


def test_a_rotation_needs_an_endpoint() -> None:
    with pytest.raises(ValueError, match="at least one"):
        Rotation([])


# --- the shell, on a real paho client ---------------------------------------------------
def test_the_shell_points_each_attempt_at_the_next_endpoint() -> None:
    """Nothing listens on these ports: each reconnect() fails in the socket, the caller says
    so (or does not), and the next attempt goes to the next endpoint, wrapping around."""
    ports = [free_port(), free_port(), free_port()]
    client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, protocol=mqtt.MQTTv5)
    seen: list[int] = []
    client.on_connect_fail = lambda c, u: seen.append(-1)  # the client's own hook still runs
    shell = Failover(client, [Endpoint(host="127.0.0.1", port=p) for p in ports])
    tried = []
    for attempt in range(5):
        with pytest.raises(OSError):
            if attempt == 0:
                client.connect("127.0.0.1", ports[0])
            else:
                client.reconnect()
        tried.append(client.port)
        if attempt % 2:
            shell.lost()  # said by the caller, or left to the next attempt: counted once
    assert tried == [ports[0], ports[1], ports[2], ports[0], ports[1]]
    assert shell.switches == 4 and shell.rotation.failures == 4
    client._handle_on_connect_fail()  # paho's loop reports a failure: the wrapped hook runs
    assert seen == [-1] and shell.rotation.failures == 5 and shell.current.port == ports[2]
