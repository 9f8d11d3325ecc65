"""The station on a PC/SC pad through the real pcscd (vpcd): a blank tag programmed, verified
and — with ``lock`` — its blocks and AFI locked for good; a foreign tag refused."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from drivers.registry import open_reader
from drivers.tags import decode, encode, make_item
from hwsim.iso15693.tag import Iso15693Tag
from inventory_scanner.programming.settings import ProgrammingSettings
from inventory_scanner.programming.station import Station
from tests.pcsc.conftest import pad, sim_reader, wait_card  # noqa: F401  (fixtures)


@pytest.fixture
def pcsc_station(pad) -> Iterator[tuple[object, Station]]:  # noqa: F811
    def make(tag: Iso15693Tag, **settings: object) -> Station:
        pad.present(tag)
        wait_card(pad.port, True)
        reader = open_reader(f"pcsc://{pad.port}")
        readers.append(reader)
        return Station(reader, settings=ProgrammingSettings(settle_s=0.0, **settings),
                       owner="TW-TPML")

    readers: list = []
    yield make  # type: ignore[misc]
    for r in readers:
        r.close()


def test_blank_tag_programmed_and_locked_on_the_pcsc_pad(pcsc_station) -> None:
    tag = Iso15693Tag("E004010040000001")
    station = pcsc_station(tag, lock=True)
    outcome = station.program("31234000123456")
    assert outcome.status == "done", outcome
    assert outcome.tags[0].locked
    assert decode(tag.read_memory()).primary_item_id == "31234000123456"
    assert tag.afi == 0x07 and tag.afi_locked
    assert all(tag.block_locks[:9]) and not any(tag.block_locks[9:])


def test_foreign_tag_refused_on_the_pcsc_pad(pcsc_station) -> None:
    memory = encode(make_item("39999000000001", owner_library="TW-NTL"))
    tag = Iso15693Tag("E004010040000002", memory=memory)
    outcome = pcsc_station(tag).program("31234000123456")
    assert (outcome.status, outcome.reason) == ("skipped", "foreign_tag")
    assert tag.read_memory()[:len(memory)] == memory
