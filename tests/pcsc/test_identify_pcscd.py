"""Patron cards read by pyscard through the real pcscd and vpcd (issue 4: must show)."""

from __future__ import annotations

import pytest

from drivers.pcsc.monitor import identify_on
from drivers.pcsc.patron import IdentifyOptions, UidFormat
from hwsim.pcsc.cards import Type2Tag, Type4Tag, UidCard
from hwsim.pcsc.runner import patron_vicinity_tag

PATRON = ("patron-identified", "patron-failed")


def test_uid_card(pad, watcher):
    pad.present(UidCard("04A1B2C3"))
    assert watcher.get(5, kinds=("card-presented",)).atr == pad.card.atr
    event = watcher.get(5, kinds=PATRON)
    assert event.kind == "patron-identified"
    assert (event.patron.value, event.patron.source) == ("04A1B2C3", "uid")


def test_uid_rendering_as_the_library_prints_it(pad):
    from tests.pcsc.conftest import wait_card

    pad.present(UidCard("04A1B2C3"))
    wait_card(pad.port, True)
    options = IdentifyOptions(uid_format=UidFormat(byte_order="lsb", rendering="decimal", width=10))
    assert identify_on(pad.port, options).value == "3283263748"


@pytest.mark.parametrize("record", ["text", "uri"])
def test_ndef_patron_record_on_type2(pad, watcher, record):
    pad.present(Type2Tag("04A1B2C3D4E5F6", patron_id="T2-00042", record=record))
    event = watcher.get(5, kinds=PATRON)
    assert event.kind == "patron-identified", event.error
    assert (event.patron.value, event.patron.source, event.patron.uid) == ("T2-00042", "ndef", "04A1B2C3D4E5F6")


@pytest.mark.parametrize("record", ["text", "uri"])
def test_ndef_patron_record_on_type4(pad, watcher, record):
    pad.present(Type4Tag("04112233445566", patron_id="手機-0099", record=record))
    event = watcher.get(5, kinds=PATRON)
    assert event.kind == "patron-identified", event.error
    assert (event.patron.value, event.patron.technology) == ("手機-0099", "iso14443-4")


def test_iso28560_3_patron_card(pad, watcher):
    pad.present(patron_vicinity_tag("B0012345", uid="E004010000C0FFEE"))
    event = watcher.get(5, kinds=PATRON)
    assert event.kind == "patron-identified", event.error
    assert (event.patron.value, event.patron.source, event.patron.uid) == ("B0012345", "iso28560-3", "E004010000C0FFEE")


def test_removed_then_next_card(pad, watcher):
    pad.present(UidCard("04000001"))
    assert watcher.get(5, kinds=PATRON).patron.value == "04000001"
    pad.remove()
    assert watcher.get(5, kinds=("card-removed",)).reader == pad.port
    pad.present(UidCard("04000002"))
    assert watcher.get(5, kinds=PATRON).patron.value == "04000002"
