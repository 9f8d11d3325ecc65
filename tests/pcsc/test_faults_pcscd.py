"""Faults through the real pcscd: unplug/replug, removal mid-read, wrong status words, timeouts (issue 4)."""

from __future__ import annotations

import pytest

from drivers.errors import NoTransponder, ReaderTimeout
from drivers.pcsc.apdu import CardRemoved, CardTimeout, FunctionNotSupported, StatusWordError
from drivers.pcsc.monitor import identify_on
from drivers.registry import open_reader
from hwsim.iso15693.tag import Iso15693Tag
from hwsim.pcsc.cards import Type2Tag, Type4Tag, UidCard
from tests.pcsc.conftest import wait_card

PATRON = ("patron-identified", "patron-failed")


def test_reader_unplugged_and_replugged_is_picked_up_again(pad, watcher):
    pad.present(Type2Tag(patron_id="BEFORE-1"))
    assert watcher.get(5, kinds=PATRON).patron.value == "BEFORE-1"
    connections = pad.emulator.connections
    pad.unplug()
    assert watcher.get(5, kinds=("card-removed",)).reader == pad.port
    assert pad.wait_connected(False)
    pad.replug()  # the card is still lying on the pad
    event = watcher.get(5, kinds=PATRON)
    assert event.kind == "patron-identified" and event.patron.value == "BEFORE-1"
    assert pad.emulator.connections == connections + 1


def test_card_removed_mid_read_is_reported_not_mistaken(pad, watcher):
    pad.faults.remove_after = 2  # FF CA and the CC read answer, then the card leaves
    pad.present(Type2Tag("04A1B2C3D4E5F6", patron_id="FIRST-CARD"))
    failed = watcher.get(5, kinds=PATRON)
    assert failed.kind == "patron-failed" and isinstance(failed.error, CardRemoved)
    assert failed.patron is None
    assert watcher.get(5, kinds=("card-removed",)).reader == pad.port
    pad.present(Type4Tag("04112233445566", patron_id="SECOND-CARD"))
    event = watcher.get(5, kinds=PATRON)
    assert (event.kind, event.patron.value, event.patron.uid) == ("patron-identified", "SECOND-CARD", "04112233445566")


def test_item_removed_mid_read_raises_no_transponder(pad):
    tag = Iso15693Tag("E004010012345678", memory=bytes(range(112)))
    pad.present(tag)
    wait_card(pad.port, True)
    with open_reader(f"pcsc://{pad.port}") as reader:
        [info] = reader.inventory()
        pad.faults.remove_after = 3
        with pytest.raises(NoTransponder):
            reader.read_blocks(info.uid, 0, 28)
    assert pad.card is None


@pytest.mark.parametrize(
    ("sw", "error", "text"),
    [(0x6A81, FunctionNotSupported, "function not supported"), (0x6300, Exception, "operation failed"),
     (0x6B00, StatusWordError, "wrong parameters")],
)
def test_wrong_status_words_map_to_clear_errors(pad, sw, error, text):
    pad.present(UidCard("04A1B2C3"))
    wait_card(pad.port, True)
    pad.faults.force_status(sw)
    with pytest.raises(error) as info:
        identify_on(pad.port)
    assert text in str(info.value) and f"{sw:04X}" in str(info.value)
    assert identify_on(pad.port).value == "04A1B2C3"  # the next read is fine again


def test_silent_card_times_out(pad):
    pad.present(Type2Tag(patron_id="X1"))
    wait_card(pad.port, True)
    pad.faults.silent = True
    with pytest.raises(CardTimeout) as info:
        identify_on(pad.port)
    assert "6401" in str(info.value)
    pad.faults.silent = False
    assert identify_on(pad.port).value == "X1"


def test_hung_reader_times_out_and_recovers(pad, watcher):
    pad.faults.hang_after = 1  # answers FF CA, then stops answering
    pad.present(Type2Tag(patron_id="HANG-1"))
    failed = watcher.get(5, kinds=PATRON)
    assert failed.kind == "patron-failed" and isinstance(failed.error, ReaderTimeout)
    pad.faults.release()
    pad.remove()
    watcher.get(5, kinds=("card-removed",))
    pad.present(Type2Tag(patron_id="HANG-2"))
    assert watcher.get(5, kinds=PATRON).patron.value == "HANG-2"


def test_item_tag_on_the_patron_pad_is_refused(pad, watcher):
    from hwsim.pcsc.runner import card_from_spec

    pad.present(card_from_spec({"kind": "iso15693", "item_id": "31234000123456"}))
    event = watcher.get(5, kinds=PATRON)
    assert event.kind == "patron-failed" and "not a patron card" in str(event.error)


def test_pcscd_restart_readers_vanish_and_come_back(pcscd, pad, watcher):
    """A reader gone from pcscd's list (pcscd restarted: like a USB reader pulled) is picked up again.

    pcscd is shared machine-wide; it is restarted only if this session started it. Otherwise the
    emulator's cable is pulled instead, which is the same to the driver minus the reader list.
    """
    pad.present(UidCard("04A1B2C3"))
    assert watcher.get(5, kinds=PATRON).patron.value == "04A1B2C3"
    if pcscd.started:
        pcscd.restart()
        assert watcher.get(10, kinds=("reader-removed",)).reader == pad.port
        assert watcher.get(10, kinds=("reader-added",)).reader == pad.port
    else:
        pad.unplug()
        assert watcher.get(10, kinds=("card-removed",)).reader == pad.port
        pad.replug()
    event = watcher.get(10, kinds=PATRON)
    assert (event.kind, event.patron.value) == ("patron-identified", "04A1B2C3")
