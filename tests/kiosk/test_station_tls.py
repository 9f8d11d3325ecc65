"""A kiosk and its centre each from nothing but a TOML file, as the examples describe, through a
TLS mosquitto with per-device passwords and the fleet's ACL: the centre (``[central]`` +
``[mqtt]``) runs the bridge over the reference ILS and publishes the offline cache itself; the
kiosk (``[kiosk]`` + ``[sync]`` + ``[mqtt]``) uses the FEIG emulator's pty, the vpcd reader
behind pcscd, its outbox, uplink, online client and cache feed — all over TLS as ``kiosk-07``."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from drivers.tags import Item, encode
from hwsim.iso15693.tag import Iso15693Tag
from hwsim.runner import start_serial_reader
from kiosk.core import commands as C
from kiosk.core import events as E
from kiosk.sim.station import VpcdCardHand
from kiosk.station import build_station
from rfid_edge import config as config_mod
from sync.broker import Broker
from sync.centre import service
from sync.ils.reference import ReferenceILS
from sync.ils.seed import ISIL, demo_data, seed
from sync.security import Fleet
from tests.kiosk.conftest import until

RUN_AS = "root" if os.geteuid() == 0 else None  # mosquitto must read the root-only temp files



def test_kiosk_and_centre_from_their_toml_files_over_tls(tmp_path: Path, pcsc_reader) -> None:
    fleet = Fleet(tmp_path / "mqtt-security").init()
    fleet.provision("kiosk-07")
    (tmp_path / "centre" / "central").mkdir(parents=True)
    with ReferenceILS(tmp_path / "centre" / "central" / "ils.db") as ils:
        data = seed(ils, demo_data(items=120, patrons=30), pin_cost=2)
    patron = data.good_patrons()[0].patron_id
    item = next(i for i in data.available_items() if i.parts == 1 and i.item_type == "BOOK")
    tag = Iso15693Tag("E004010077000001", dsfid=0x3E, afi=0x07, memory=encode(Item(
        model="iso28560-3", primary_item_id=item.item_id, owner_library=ISIL,
        parts_in_item=1, part_number=1, type_of_usage=1)))
    pcsc_reader.reset()
    hand = VpcdCardHand(pcsc_reader)
    hand.wait_clear()
    pad = start_serial_reader({"name": "pad", "protocol": "feig"}, realistic=False)
    try:
        with Broker(fleet.broker_config(mode="password", run_as=RUN_AS)) as broker:
            (tmp_path / "centre.toml").write_text(f"""
    [device]
    data_dir = "{tmp_path / 'centre'}"
    [central]
    broker_port = {broker.port}
    cache_interval_s = 600
    cache_min_interval_s = 0.2
    [mqtt]
    security = "password"
    security_dir = "{fleet.root}"
    """)
            (tmp_path / "kiosk.toml").write_text(f"""
    [device]
    id = "kiosk-07"
    branch = "TPML-MAIN"
    library_isil = "{ISIL}"
    data_dir = "{tmp_path / 'kiosk'}"
    [kiosk]
    pad_url = "feig://{pad.port}?timeout=1.0"
    card_url = "pcsc://{pcsc_reader.port}"
    [sync]
    broker_port = {broker.port}
    [mqtt]
    security = "password"
    security_dir = "{fleet.root}"
    """)
            centre = config_mod.load(tmp_path / "centre.toml")
            ils = service.open_ils(centre)
            bridge = service.open_bridge(centre, ils).start()
            events: list[E.Event] = []
            try:
                assert bridge.connected.wait(10)
                with build_station(config_mod.load(tmp_path / "kiosk.toml"),
                                   listeners=[events.append], connect_wait_s=5) as station:
                    assert station.online.online  # TLS + password accepted, response topic allowed
                    until(lambda: station.cache.age_s() is not None)  # published by the bridge
                    hand.present(patron)
                    until(lambda: any(isinstance(e, E.PatronIdentified) and not e.offline
                                      for e in events))
                    pad.field.place(tag)
                    until(lambda: any(isinstance(e, E.StackRow) and e.status == E.RowStatus.OK
                                      for e in events))
                    station.core.submit(C.ConfirmCheckout())
                    out = until(lambda: next((e for e in events if isinstance(e, E.ItemOutcome)),
                                             None))
                    assert (out.result, out.offline, tag.afi) == (E.ItemResult.DONE, False, 0xC2)
                    until(lambda: not station.outbox.unanswered(limit=1))
                    hand.remove()
            finally:
                bridge.stop()
                ils.close()
    finally:
        pad.stop()
    db = sqlite3.connect(tmp_path / "centre" / "central" / "ils.db")
    try:
        row = db.execute("SELECT patron_id, due FROM loans WHERE item_id=? AND returned IS NULL",
                         (item.item_id,)).fetchone()
    finally:
        db.close()
    assert row == (patron, out.due_date.isoformat())
