"""The acceptance CLI on a simulated PC/SC reader: `reader scan pcsc://…` and `bench card --json` (issue 4)."""

from __future__ import annotations

import json
import subprocess
import sys
import time

from hwsim.pcsc.cards import UidCard
from hwsim.pcsc.runner import card_from_spec
from tests.pcsc.conftest import wait_card


def rfid_edge(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "rfid_edge", *args], capture_output=True, text=True, timeout=120)


def test_reader_scan_through_the_registry(pad):
    pad.present(card_from_spec({"kind": "iso15693", "uid": "E004010012345678", "item_id": "31234000123456", "afi": 7}))
    wait_card(pad.port, True)
    out = rfid_edge("reader", "scan", f"pcsc://{pad.port}", "--read")
    assert out.returncode == 0, out.stderr
    [line] = [json.loads(x) for x in out.stdout.splitlines()]
    assert (line["uid"], line["afi"], line["item"]["primary_item_id"]) == ("E004010012345678", 7, "31234000123456")


def test_reader_scan_shows_a_patron_card_uid(pad):
    pad.present(UidCard("04A1B2C3"))
    wait_card(pad.port, True)
    out = rfid_edge("reader", "scan", f"pcsc://{pad.port}")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout.splitlines()[0])["uid"] == "04A1B2C3"


def test_bench_card_json(sim_reader):
    out = rfid_edge("bench", "card", "--json", "--rounds", "4", "--apdus", "50")
    assert out.returncode == 0, out.stderr
    figures = json.loads(out.stdout)
    assert figures["failures"] == 0 and figures["mode"] == "instant"
    assert figures["presented_to_patron_ms_median"] >= figures["identification_ms_median"] > 0
    assert figures["apdu_roundtrip_ms_median"] > figures["apdu_firmware_ms_median"]


def test_scenario_cards_table(pcscd):
    from hwsim.pcsc.runner import start_pcsc_reader

    reader = start_pcsc_reader({"name": "card", "cards": [
        {"kind": "patron", "uid": "04A1B2C3D4E580", "patron_id": "TPML0012345678", "present": True},
        {"kind": "uid", "uid": "04C0FFEE", "present": False},
    ]}, realistic=False)
    try:
        assert reader.describe()["card"] == {"kind": "type2", "uid": "04A1B2C3D4E580"}
        assert set(reader.cards) == {"04A1B2C3D4E580", "04C0FFEE"}
        from drivers.pcsc.apdu import CardRemoved
        from drivers.pcsc.monitor import identify_on

        deadline = time.monotonic() + 5
        while True:  # the slot may still show the previous user's card until pcscd's next poll
            try:
                assert identify_on(reader.port).value == "TPML0012345678"
                break
            except CardRemoved:
                assert time.monotonic() < deadline
                time.sleep(0.05)
    finally:
        reader.stop()
