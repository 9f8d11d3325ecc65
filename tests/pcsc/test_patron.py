"""Patron identification, sans I/O: the driver talks straight to the simulated reader firmware (issue 4)."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drivers.errors import TagError
from drivers.pcsc.apdu import CardRemoved
from drivers.pcsc.patron import (
    CardUnreadable,
    IdentifyOptions,
    NotAPatronCard,
    PatronId,
    UidFormat,
    identify,
    mask,
    render_uid,
)
from hwsim.iso15693.tag import Iso15693Tag
from hwsim.pcsc.cards import Type2Tag, Type4Tag, UidCard, VicinityCard
from hwsim.pcsc.firmware import ReaderFirmware
from hwsim.pcsc.runner import card_from_spec, patron_vicinity_tag


def firmware_with(card) -> ReaderFirmware:
    fw = ReaderFirmware()
    fw.card = VicinityCard(card) if isinstance(card, Iso15693Tag) else card
    return fw


def ident(card, **options) -> PatronId:
    fw = firmware_with(card)
    return identify(fw.handle, fw.atr(), IdentifyOptions(**options))


@pytest.mark.parametrize(
    ("uid", "fmt", "expected"),
    [
        ("04A1B2C3", UidFormat(), "04A1B2C3"),
        ("04A1B2C3", UidFormat(byte_order="lsb"), "C3B2A104"),
        ("04A1B2C3", UidFormat(rendering="decimal", width=10), "0077705923"),
        ("04A1B2C3", UidFormat(byte_order="lsb", rendering="decimal", width=10), "3283263748"),
        ("04112233445566", UidFormat(rendering="decimal"), str(0x04112233445566)),
    ],
)
def test_uid_rendering(uid, fmt, expected):
    assert render_uid(bytes.fromhex(uid), fmt) == expected


def test_uid_format_checked_when_built():
    with pytest.raises(ValueError):
        UidFormat(byte_order="middle")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        IdentifyOptions(sources=("barcode",))


@pytest.mark.parametrize("uid", ["04A1B2C3", "04A1B2C3D4E5F6", "04A1B2C3D4E5F60718 29".replace(" ", "")])
def test_uid_cards_of_every_length(uid):
    patron = ident(UidCard(uid))
    assert (patron.value, patron.source, patron.uid, patron.technology) == (uid, "uid", uid, "iso14443a")


@pytest.mark.parametrize("record", ["text", "uri"])
def test_ndef_on_type2_and_type4(record):
    assert ident(Type2Tag(patron_id="A123456789", record=record)).value == "A123456789"
    patron = ident(Type4Tag(patron_id="館-0042", record=record))
    assert (patron.value, patron.source, patron.technology) == ("館-0042", "ndef", "iso14443-4")


def test_long_ndef_message_spans_many_pages():
    long_id = "P" + "9" * 120  # needs a 3-byte TLV? no: 1-byte length, but 30+ pages
    assert ident(Type2Tag(patron_id=long_id)).value == long_id


def test_empty_type2_falls_back_to_uid_unless_ndef_is_required():
    tag = Type2Tag("04A1B2C3D4E5F6")
    assert ident(tag).source == "uid"
    with pytest.raises(TagError, match="no patron identifier"):
        ident(tag, sources=("ndef",))


def test_iso28560_3_patron_card():
    patron = ident(patron_vicinity_tag("B123456", uid="E004010000ABCDEF"))
    assert (patron.value, patron.source, patron.uid, patron.owner_library) == ("B123456", "iso28560-3", "E004010000ABCDEF", "TW-TPML")


def test_15693_uid_is_normalised_and_rendered():
    blank = Iso15693Tag("E004010000ABCDEF")
    assert ident(blank).value == "E004010000ABCDEF"
    assert ident(blank, uid_format=UidFormat(byte_order="lsb")).value == "EFCDAB00000104E0"


def test_item_tag_is_not_a_patron():
    item = card_from_spec({"kind": "iso15693", "item_id": "31234000123456"})
    with pytest.raises(NotAPatronCard):
        ident(item)


def test_card_swapped_mid_read_is_not_mixed_up():
    fw = firmware_with(Type2Tag("04A1B2C3D4E5F6", patron_id="FIRST"))
    calls = []

    def transmit(command: bytes) -> bytes:
        calls.append(command)
        if len(calls) == 3:  # after the NDEF read, someone swaps cards
            fw.card = Type2Tag("04000000000001", patron_id="SECOND")
        return fw.handle(command)

    with pytest.raises(CardRemoved):
        identify(transmit, fw.atr())


def test_patron_ids_are_masked_in_repr():
    patron = ident(Type2Tag(patron_id="A123456789"))
    assert "A123456789" not in repr(patron) and mask("A123456789") in repr(patron)
    assert mask("1234") == "****"


def test_write_without_timer_reports_timeout_though_it_took():
    # what an ACR1552U does: the tag needs longer to program than the reader listens by default
    from drivers.pcsc import apdu

    tag = Iso15693Tag("E004010000ABCDEF")
    fw = firmware_with(tag)
    fw.handle(apdu.start_session())
    fw.handle(apdu.switch_iso15693())
    frame = bytes([0x22, 0x27]) + tag.uid_air + b"\xc2"
    with pytest.raises(apdu.CardTimeout):
        apdu.parse_transparent(fw.handle(apdu.transceive(frame)))
    assert tag.afi == 0xC2
    assert apdu.parse_transparent(fw.handle(apdu.transceive(frame, timeout_us=50_000))).answer == b"\x00"


def test_options_from_the_device_config():
    from rfid_edge.config import load

    options = IdentifyOptions.from_config(load(overrides={"pcsc": {"uid_byte_order": "lsb", "uid_rendering": "decimal", "uid_width": 10}})["pcsc"])
    assert ident(UidCard("04A1B2C3"), uid_format=options.uid_format).value == "3283263748"
    assert IdentifyOptions.from_config(load()["pcsc"]) == IdentifyOptions()


@settings(max_examples=300)
@given(st.binary(max_size=40))
def test_emulated_firmware_answers_any_apdu_without_crashing(data):
    for card in (Type2Tag(patron_id="X"), Type4Tag(patron_id="X"), UidCard("04A1B2C3"), Iso15693Tag("E004010000ABCDEF")):
        response = firmware_with(card).handle(data)
        assert len(response) >= 2


@given(st.binary(max_size=40))
def test_system_info_parser_never_crashes(data):
    from drivers.errors import FrameError
    from drivers.pcsc.reader import parse_system_info

    with contextlib.suppress(FrameError):
        parse_system_info(data)


def test_options_from_pcsc_settings() -> None:
    """``[pcsc]`` is validated by its model and IdentifyOptions is built from it."""
    import pydantic

    from drivers.pcsc.settings import PcscSettings

    opts = IdentifyOptions.from_config({"sources": ["uid"], "uid_byte_order": "lsb",
                                        "uid_rendering": "decimal", "uid_width": 10})
    assert opts.sources == ("uid",)
    assert opts.uid_format == UidFormat(byte_order="lsb", rendering="decimal", width=10)
    assert IdentifyOptions.from_settings(PcscSettings()) == IdentifyOptions()
    with pytest.raises(pydantic.ValidationError, match="readr"):
        IdentifyOptions.from_config({"readr": "pcsc://x"})


@pytest.mark.parametrize("card", [
    lambda: Type2Tag(patron_id="A12\x003456"),
    lambda: Type4Tag(patron_id="A123\r\n456"),
    lambda: patron_vicinity_tag("B12\x1b3456"),
])
def test_a_patron_id_with_a_control_character_is_an_unreadable_card(card):
    """Card data written badly: a clear error at the reader, never an id the wire refuses."""
    with pytest.raises(CardUnreadable, match=r"cannot hold a control character \(U\+00"):
        ident(card())
    with pytest.raises(ValueError, match="control character"):
        PatronId(value="A1\u2028", source="ndef", uid="04A1B2C3", technology="iso14443a")
