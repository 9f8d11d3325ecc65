"""Patron cards through the real pcscd: vpcd reader → pcscd → PatronWatcher → PcscCards → core."""

from __future__ import annotations

from kiosk.adapters import PcscCards
from kiosk.core import commands as C
from kiosk.core import events as E
from kiosk.core.flows.staff import hash_pin
from kiosk.sim.station import card_uid, pcscd_sees_card
from rfid_edge import config as config_mod
from sync.schema import mask
from tests.kiosk.conftest import state_is


def test_card_identifies_the_patron_and_removal_ends_the_session(make_station):
    st = make_station(cards="pcsc")
    p = st.patron()
    st.cards.present(p.patron_id)
    ident = st.wait_for(lambda e: isinstance(e, E.PatronIdentified))
    assert ident.patron == mask(p.patron_id) != p.patron_id
    st.wait_for(state_is(E.State.STACK))
    assert pcscd_sees_card(st.card_sim.port) is True
    assert st.card_port.identified == 1 and st.card_port.failed == 0
    st.cards.remove()
    ended = st.wait_for(lambda e: isinstance(e, E.SessionEnded), timeout=10)
    assert ended.reason == E.EndReason.CARD_REMOVED
    st.core.wait_idle()
    assert st.core.context.session is None
    kinds = [r["type"] for r in st.outbox.db.query("SELECT type FROM outbox ORDER BY seq")]
    assert kinds == ["session_start", "session_end"]
    assert p.patron_id not in str([e.to_json() for e in st.events])


def test_item_tag_on_the_card_reader_is_refused_in_words(make_station):
    st = make_station(cards="pcsc")
    st.cards.present(None)  # a book's ISO 28560 tag laid on the patron card reader
    refused = st.wait_for(lambda e: isinstance(e, E.PatronRefused), timeout=10)
    assert refused.reason == E.Refusal.CARD_UNREADABLE
    assert "not a library card" in refused.message
    assert st.core.state is E.State.IDLE and st.card_port.failed == 1


def test_staff_card_on_the_reader_asks_for_the_pin(make_station):
    staff = "STAFF-CARD-07"
    st = make_station(cards="pcsc",
                      overrides={"kiosk": {"staff": {staff: hash_pin("1357", "s")}}})
    st.cards.present(staff)
    asked = st.wait_for(lambda e: isinstance(e, E.PinRequested), timeout=10)
    assert asked.purpose == "staff"
    st.core.submit(C.EnterPin(pin="1357"))
    diag = st.wait_for(lambda e: isinstance(e, E.StaffDiagnostics))
    card = next(r for r in diag.readers if r.name == "card")
    assert card.ok and st.card_sim.port in (card.detail or "")
    assert card.url == f"pcsc://{st.card_sim.port}"


def test_a_second_patron_card_after_the_first_left(make_station):
    st = make_station(cards="pcsc")
    first, second = st.patron(index=0), st.patron(index=1)
    st.cards.present(first.patron_id)
    st.wait_for(state_is(E.State.STACK))
    st.cards.present(second.patron_id)  # the first card is taken away, the second laid down
    ended = st.wait_for(lambda e: isinstance(e, E.SessionEnded), timeout=10)
    assert ended.reason == E.EndReason.CARD_REMOVED
    st.wait_for(lambda e: sum(isinstance(x, E.PatronIdentified) for x in st.events) == 2,
                timeout=10)
    idents = [x for x in st.events if isinstance(x, E.PatronIdentified)]
    assert [i.patron for i in idents] == [mask(first.patron_id), mask(second.patron_id)]
    assert st.card_port.identified == 2
    assert card_uid(first.patron_id) != card_uid(second.patron_id)


def test_card_source_from_config():
    """The station's card port from ``kiosk.card_url`` and the ``[pcsc]`` options."""
    from kiosk.station import _card_sources, build_station

    station = build_station(config_mod.load(None, overrides={
        "kiosk": {"pad_url": "feig:///dev/null", "card_url": "pcsc://ACS ACR1552*"},
        "pcsc": {"uid_rendering": "decimal", "uid_width": 10, "apdu_timeout_s": 1.5}}))
    cards = _card_sources(station.settings.kiosk.wedge, station.card_url, station.pcsc)
    assert isinstance(cards, PcscCards)
    assert cards.url == "pcsc://ACS ACR1552*" and cards.apdu_timeout == 1.5
    assert cards.options.uid_format.rendering == "decimal" and cards.options.uid_format.width == 10
    assert cards.diagnostics() == {"ok": False, "detail": "not started"}
