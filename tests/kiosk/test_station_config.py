"""A station built from nothing but a device TOML file (kiosk.station.build_station, and
``rfid-edge kiosk --headless --config``), pointed at simulator ports: the FEIG pad emulator's pty,
the vpcd reader's PC/SC name behind the real pcscd, the receipt printer's pty, and a real
mosquitto with the central bridge over the reference ILS. A checkout goes all the way to the
centre; the tag's AFI says "on loan"."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import paho.mqtt.client as mqtt
import pytest

from drivers.tags import Item, encode
from hwsim.iso15693.tag import Iso15693Tag
from hwsim.printer import start_printer
from hwsim.runner import start_serial_reader
from kiosk.core import commands as C
from kiosk.core import events as E
from kiosk.sim.station import VpcdCardHand
from kiosk.station import StationError, build_station
from rfid_edge import config as config_mod
from sync.broker import Broker
from sync.centre.bridge import Bridge, Ledger
from sync.edge.offline_cache import build, publish
from sync.ils.reference import ReferenceILS
from sync.ils.seed import ISIL, demo_data, seed
from tests.kiosk.conftest import until

AFI_IN, AFI_OUT = 0x07, 0xC2


class World:
    """The centre and the simulated hardware a device config points at."""

    def __init__(self, tmp: Path, card_reader: Any) -> None:
        self.tmp = tmp
        for sub in ("mqtt", "central"):
            (tmp / sub).mkdir()
        # everything started is closed again, also when a later part fails to come up
        self._stack = contextlib.ExitStack()
        with self._stack as stack:
            self.broker = Broker(workdir=tmp / "mqtt").start()
            stack.callback(self.broker.close)
            self.ils = ReferenceILS(tmp / "central" / "ils.db", durable=False)
            stack.callback(self.ils.close)
            self.data = seed(self.ils, demo_data(items=200, patrons=40), pin_cost=2)
            self.ledger = Ledger(tmp / "central" / "ledger.db", durable=False)
            stack.callback(self.ledger.close)
            self.bridge = Bridge(self.ils, self.ledger, port=self.broker.port).start()
            stack.callback(self.bridge.stop)
            self.printer_server, self.printer = start_printer(str(tmp / "ttyprinter"))
            stack.callback(self.printer_server.stop)
            self.pad = start_serial_reader({"name": "pad", "protocol": "feig"}, realistic=False)
            stack.callback(self.pad.stop)
            self.card_reader = card_reader
            card_reader.reset()
            self.hand = VpcdCardHand(card_reader)
            stack.callback(self.hand.remove)
            self.hand.wait_clear()
            self.publish_cache()
            self._stack = stack.pop_all()

    def publish_cache(self) -> None:
        client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id="centre-cache",
                             protocol=mqtt.MQTTv5)
        client.connect("127.0.0.1", self.broker.port)
        client.loop_start()
        try:
            for info in publish(client, build(self.ils)):
                info.wait_for_publish(5)
        finally:
            client.disconnect()
            client.loop_stop()

    def close(self) -> None:
        self._stack.close()

    def config_file(self, name: str = "kiosk.toml", **kiosk: Any) -> Path:
        path = self.tmp / name
        extra = "".join(f"{k} = {json.dumps(v)}\n" for k, v in kiosk.items())
        path.write_text(f"""
[device]
id = "kiosk-07"
branch = "TPML-MAIN"
library_isil = "{ISIL}"
data_dir = "{self.tmp / name.split('.')[0]}"

[sync]
broker_host = "127.0.0.1"
broker_port = {self.broker.port}
request_timeout_s = 2.0

[kiosk]
station = "self_checkout"
pad_url = "feig://{self.pad.port}?timeout=1.0"
card_url = "pcsc://{self.card_reader.port}"
receipt_printer = "{self.printer_server.port}"
{extra}""")
        return path

    def book(self, n: int = 0) -> tuple[str, Iso15693Tag]:
        item = [i for i in self.data.available_items() if i.parts == 1
                and i.item_type == "BOOK"][n]
        tag = Iso15693Tag(f"E00401AA{n:08X}", dsfid=0x3E, afi=AFI_IN, memory=encode(Item(
            model="iso28560-3", primary_item_id=item.item_id, owner_library=ISIL,
            parts_in_item=1, part_number=1, type_of_usage=1)))
        return item.item_id, tag

    def on_loan_to(self, item_id: str) -> str | None:
        return self.ils.borrower(item_id)


@pytest.fixture
def world(tmp_path, pcsc_reader):
    w = World(tmp_path, pcsc_reader)
    yield w
    w.close()


def wait_for(events: list, predicate: Any, timeout: float = 15.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for ev in list(events):
            if predicate(ev):
                return ev
        time.sleep(0.01)
    raise TimeoutError(f"no matching event; last: {[e.kind for e in events[-8:]]}")



def test_checkout_through_a_station_built_from_its_toml_file(world):
    config = config_mod.load(world.config_file(receipt_auto=False))  # Print is what prints
    events: list[E.Event] = []
    patron = world.data.good_patrons()[0].patron_id
    book, tag = world.book()
    with build_station(config, listeners=[events.append], connect_wait_s=5) as station:
        assert station.uplink is not None and station.online.online
        until(lambda: station.cache.age_s() is not None)  # the retained cache parts arrived
        world.hand.present(patron)  # pcscd → PatronWatcher → core
        ident = wait_for(events, lambda e: isinstance(e, E.PatronIdentified))
        assert ident.offline is False and patron not in json.dumps(ident.to_json())
        world.pad.field.place(tag)  # FEIG emulator → pty → FEIG driver → ReaderPad → core
        wait_for(events, lambda e: isinstance(e, E.StackRow) and e.item_id == book
                 and e.status == E.RowStatus.OK)
        station.core.submit(C.ConfirmCheckout())
        out = wait_for(events, lambda e: isinstance(e, E.ItemOutcome) and e.item_id == book)
        assert (out.result, out.security_ok, out.offline) == (E.ItemResult.DONE, True, False)
        assert tag.afi == AFI_OUT
        until(lambda: world.on_loan_to(book) == patron)  # outbox → uplink → mosquitto → bridge
        until(lambda: not station.outbox.unanswered(limit=1))
        wait_for(events, lambda e: isinstance(e, E.Receipt))
        station.core.wait_idle()
        assert world.printer.cuts == 0  # receipt_auto = false: nothing printed by itself
        station.core.submit(C.PrintReceipt())
        until(lambda: book in world.printer.printed_text())
        world.hand.remove()
        wait_for(events, lambda e: isinstance(e, E.SessionEnded))
    assert Path(config["device"]["data_dir"], "outbox.db").is_file()


def test_headless_cli_prints_the_station_events(world):
    path = world.config_file("cli.toml")
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "rfid_edge.cli", "kiosk", "--headless",
                             "--config", str(path)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)
    watchdog = threading.Timer(60, proc.kill)  # a hung kiosk fails the test, never hangs it
    watchdog.start()
    try:
        lines: list[dict] = []

        def read_until(predicate: Any) -> dict:
            for line in proc.stdout:  # type: ignore[union-attr]
                lines.append(json.loads(line))
                if predicate(lines[-1]):
                    return lines[-1]
            raise AssertionError(f"stdout ended: {lines[-5:]}, {proc.stderr.read()}")  # type: ignore[union-attr]

        read_until(lambda x: x.get("event") == "state" and x["state"] == "IDLE")
        world.hand.present(world.data.good_patrons()[1].patron_id)
        read_until(lambda x: x.get("event") == "state" and x["state"] == "STACK")
    finally:
        proc.send_signal(signal.SIGTERM)
        rest, err = proc.communicate(timeout=20)
        watchdog.cancel()
    assert proc.returncode == 0, err
    assert json.loads(rest.splitlines()[-1])["event"] == "stopped"
    assert "pad feig://" in err


def test_config_mistakes_are_named(tmp_path):
    def load(**kiosk: Any) -> dict:
        return config_mod.load(None, {"kiosk": kiosk, "device": {"data_dir": str(tmp_path / "x")}})

    with pytest.raises(StationError, match="pad_url"):
        build_station(load())
    with pytest.raises(StationError, match="fastbook"):
        build_station(load(pad_url="feig:///dev/null", station="fastbook"))
    with pytest.raises(StationError, match="uplink"):
        build_station(load(pad_url="feig:///dev/null", uplink="cron"))
    station = build_station(load(pad_url="feig:///nonexistent/tty"))
    with pytest.raises(StationError, match="kiosk.pad_url"):
        station.start()
    assert station.core is None  # what was opened is closed again


def test_uplink_as_a_separate_sync_service(world):
    """``kiosk.uplink = "service"``: the kiosk only commits to the outbox; ``rfid-edge sync run``
    with the same config file drains it to the centre (both open the one SQLite file)."""
    path = world.config_file("svc.toml", uplink="service")
    config = config_mod.load(path)
    events: list[E.Event] = []
    patron = world.data.good_patrons()[2].patron_id
    book, tag = world.book(1)
    with build_station(config, listeners=[events.append], connect_wait_s=5) as station:
        assert station.uplink is None
        world.hand.present(patron)
        wait_for(events, lambda e: isinstance(e, E.StateChanged) and e.state is E.State.STACK)
        world.pad.field.place(tag)
        wait_for(events, lambda e: isinstance(e, E.StackRow) and e.item_id == book
                 and e.status == E.RowStatus.OK)
        station.core.submit(C.ConfirmCheckout())
        out = wait_for(events, lambda e: isinstance(e, E.ItemOutcome) and e.item_id == book)
        assert out.result == E.ItemResult.DONE
        assert station.outbox.status()["queue_depth"] >= 1 and world.on_loan_to(book) is None
        service = subprocess.Popen([sys.executable, "-m", "rfid_edge.cli", "sync", "--config",
                                    str(path), "run"], stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True)
        try:
            until(lambda: world.on_loan_to(book) == patron, timeout=30)
            until(lambda: not station.outbox.unanswered(limit=1))
        finally:
            service.send_signal(signal.SIGTERM)
            service.communicate(timeout=20)
        assert service.returncode == 0
        world.hand.remove()
