"""Cards whose data cannot be read (issue 19 finding 10): an empty UID, a broken Type 2 TLV, an
NDEF URI that does not parse. Identification raises :class:`CardUnreadable` (a ``TagError``),
never a bare ``ValueError``, and never passes the card off as its UID; through the real pcscd and
vpcd the watcher reports ``patron-failed`` and the kiosk tells the patron the card could not be
read. Hypothesis holds the parsers to raising only their documented errors."""

from __future__ import annotations

import contextlib

import ndef
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drivers.errors import ReaderError
from drivers.pcsc.patron import CardUnreadable, IdentifyOptions, identify
from drivers.tags.item import TagDataError
from drivers.tags.ndef import (
    encode_message,
    parse_patron_id,
    parse_shelf_location,
    unwrap_type2_tlv,
)
from hwsim.pcsc.cards import Card, Type2Tag, Type4Tag, storage_atr
from hwsim.pcsc.firmware import ReaderFirmware

PATRON = ("patron-identified", "patron-failed")
BAD_URI = encode_message(ndef.UriRecord("http://[x/?patron=1"))


class OddUidCard(Card):
    """An ISO 14443-A card answering ``FF CA`` with whatever UID it is given (empty, too)."""

    kind = "uid"

    def __init__(self, uid: bytes) -> None:
        self.uid = uid
        self.atr = storage_atr(0x03, 0x0001)

    def uid_bytes(self) -> bytes:
        return self.uid


def broken_tlv_tag() -> Type2Tag:
    """An NDEF-formatted Type 2 tag whose NDEF TLV claims more bytes than the tag has."""
    tag = Type2Tag("04A1B2C3D4E5F6", patron_id="P-1")
    tag.memory[16:20] = b"\x03\xff\x7f\xff"
    return tag


def ident(card: Card, **options):
    fw = ReaderFirmware()
    fw.card = card
    return identify(fw.handle, fw.atr(), IdentifyOptions(**options))


@pytest.mark.parametrize("card", [OddUidCard(b""), broken_tlv_tag(), Type2Tag(ndef=BAD_URI),
                                  Type4Tag(ndef=BAD_URI)], ids=["empty-uid", "tlv", "uri-t2", "uri-t4"])
def test_unreadable_card_is_reported_not_passed_off_as_its_uid(card: Card) -> None:
    with pytest.raises(CardUnreadable):
        ident(card)


def test_parsers_raise_only_tag_data_error_on_a_bad_uri() -> None:
    for parse in (parse_patron_id, parse_shelf_location):
        with pytest.raises(TagDataError):
            parse(BAD_URI)
    assert parse_patron_id(encode_message(ndef.UriRecord("https://lib.example/?patron=77"))) == "77"


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=300))
def test_ndef_parsers_never_crash(data: bytes) -> None:
    for parse in (parse_patron_id, parse_shelf_location, unwrap_type2_tlv):
        with contextlib.suppress(TagDataError):
            parse(data)


uris = st.one_of(st.text(max_size=40), st.builds(lambda a, b: f"http://{a}/?patron={b}",
                                                 st.text(max_size=12), st.text(max_size=8)))


@settings(max_examples=300)
@given(uris)
def test_any_uri_record_parses_or_says_tag_data_error(uri: str) -> None:
    try:
        message = encode_message(ndef.UriRecord(uri))
    except TagDataError:
        return
    try:
        value = parse_patron_id(message)
    except TagDataError:
        return
    assert value is None or (value and value == value.strip())


@settings(max_examples=300, deadline=None)
@given(st.binary(min_size=0, max_size=180))
def test_identify_any_type2_memory_never_raises_other_than_reader_errors(memory: bytes) -> None:
    tag = Type2Tag("04A1B2C3D4E5F6")
    tag.memory[12:12 + len(memory)] = memory[: len(tag.memory) - 12]
    try:
        patron = ident(tag)
    except ReaderError:
        return
    assert patron.value


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=120), st.binary(max_size=12))
def test_identify_any_type4_ndef_or_uid_never_raises_other_than_reader_errors(message: bytes,
                                                                              uid: bytes) -> None:
    for card in (Type4Tag(ndef=message or None), OddUidCard(uid)):
        with contextlib.suppress(ReaderError):
            assert ident(card).value


# --- through the real pcscd and vpcd ------------------------------------------------------------
@pytest.mark.parametrize("card", [OddUidCard(b""), broken_tlv_tag(), Type2Tag(ndef=BAD_URI)],
                         ids=["empty-uid", "tlv", "uri"])
def test_watcher_reports_an_unreadable_card(pad, watcher, card: Card) -> None:
    pad.present(card)
    event = watcher.get(5, kinds=PATRON)
    assert event.kind == "patron-failed", event.patron
    assert isinstance(event.error, CardUnreadable)


def test_watcher_reports_a_card_that_breaks_identification(pad, watcher, monkeypatch) -> None:
    """Whatever goes wrong reading a card, the patron hears of it: the watcher never drops it."""
    import drivers.pcsc.monitor as monitor

    def broken(*args, **kwargs):
        raise KeyError("a bug")

    monkeypatch.setattr(monitor, "identify", broken)
    pad.present(OddUidCard(b"\x04\x01\x02\x03"))
    event = watcher.get(5, kinds=PATRON)
    assert event.kind == "patron-failed" and isinstance(event.error, CardUnreadable)


def test_kiosk_tells_the_patron_the_card_is_not_readable(pad) -> None:
    from kiosk.adapters.cards import PcscCards

    got = []
    cards = PcscCards(f"pcsc://{pad.port}")
    cards.start(got.append)
    try:
        import time

        deadline = time.monotonic() + 5
        while not cards.readers and time.monotonic() < deadline:
            time.sleep(0.02)
        pad.present(Type2Tag(ndef=BAD_URI))
        while not got and time.monotonic() < deadline + 5:
            time.sleep(0.02)
    finally:
        cards.stop()
    assert got and got[0].present and got[0].patron_id is None
    assert got[0].error == "The card could not be read."
