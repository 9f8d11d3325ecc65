"""Start a simulated contactless PC/SC reader behind the real pcscd (registered as ``pcsc``).

``start_pcsc_reader(spec, realistic=...)`` starts pcscd if needed, claims a free vpcd slot, and
returns a :class:`PcscRunningReader` whose ``port`` is the reader name pcscd shows (open it as
``pcsc://Virtual PCD 00 00``). Scenario keys: ``name``, ``slot`` (0/1, default first free),
``card`` (a card table, see :func:`card_from_spec`) or ``cards`` (a list of them; the first with
``present = true`` lies on the reader at start, the others wait in :attr:`PcscRunningReader.cards`
for :meth:`~PcscRunningReader.present`), ``tags`` (ISO 15693 tag tables placed in the field).
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import time
from dataclasses import dataclass
from typing import Any

from hwsim.field import Field
from hwsim.iso15693.tag import Iso15693Tag
from hwsim.iso15693.timing import AirTiming
from hwsim.pcsc.cards import Card, Type2Tag, Type4Tag, UidCard, VicinityCard
from hwsim.pcsc.firmware import Faults, ReaderFirmware
from hwsim.pcsc.vpcd import BASE_PORT, VpcdEmulator, claim_slot
from hwsim.pcscd import Pcscd, ensure_pcscd, vpcd_readers
from hwsim.runner import RunningReader

log = logging.getLogger(__name__)

__all__ = ["PcscRunningReader", "card_from_spec", "patron_vicinity_tag", "start_pcsc_reader"]


def patron_vicinity_tag(patron_id: str, *, uid: str = "E004010000C0FFEE", owner: str = "TW-TPML") -> Iso15693Tag:
    """An ISO 15693 tag holding an ISO 28560-3 patron card (type of usage 8)."""
    from drivers.tags import Item, encode

    image = encode(Item(model="iso28560-3", primary_item_id=patron_id, owner_library=owner, parts_in_item=1, part_number=1, type_of_usage=8))
    return Iso15693Tag(uid, memory=image, dsfid=0x3E)


def card_from_spec(spec: dict[str, Any]) -> Card | Iso15693Tag:
    """Build a card from a scenario table.

    ``{"kind": "uid", "uid": "04A1B2C3"}``; ``{"kind": "type2"|"type4", "patron_id": "…",
    "record": "text"|"uri"}``; ``{"kind": "iso28560-3", "patron_id": "…", "uid": "E0…"}``;
    ``{"kind": "iso15693", "uid": "E0…", "item_id": "…", "afi": 7}`` (an item tag).
    """
    kind = spec.get("kind", "uid")
    if kind == "patron":  # a library card: NDEF Text record on a Type 2 tag, else its UID
        uid = spec.get("uid", "04A1B2C3D4E5F6")
        if spec.get("patron_id") and len(bytes.fromhex(uid)) == 7:
            kind = "type2"
        else:
            return UidCard(uid)
    if kind == "uid":
        return UidCard(spec.get("uid", "04A1B2C3"))
    if kind == "type2":
        return Type2Tag(spec.get("uid", "04A1B2C3D4E5F6"), patron_id=spec.get("patron_id"), record=spec.get("record", "text"))
    if kind == "type4":
        return Type4Tag(spec.get("uid", "04112233445566"), patron_id=spec.get("patron_id"), record=spec.get("record", "text"))
    if kind == "iso28560-3":
        return patron_vicinity_tag(spec["patron_id"], uid=spec.get("uid", "E004010000C0FFEE"), owner=spec.get("owner", "TW-TPML"))
    if kind == "iso15693":
        from drivers.tags import Item, encode

        memory = b""
        if spec.get("item_id"):
            memory = encode(Item(model="iso28560-3", primary_item_id=spec["item_id"], owner_library=spec.get("owner", "TW-TPML"),
                                 parts_in_item=1, part_number=1, type_of_usage=1))
        return Iso15693Tag(spec.get("uid", "E004010012345678"), memory=memory, afi=int(spec.get("afi", 0x07)))
    raise ValueError(f"unknown card kind {kind!r}: expected uid, type2, type4, iso28560-3 or iso15693")


@dataclass(kw_only=True, eq=False)
class PcscRunningReader(RunningReader):
    """A running simulated PC/SC reader: present/remove cards, unplug/replug, faults."""

    emulator: VpcdEmulator | None = None
    pcscd: Pcscd | None = None
    slot: int = 0
    cards: dict[str, Card | Iso15693Tag] = dataclasses.field(default_factory=dict)

    @property
    def fw(self) -> ReaderFirmware:
        assert self.emulator is not None
        return self.emulator.firmware

    @property
    def faults(self) -> Faults:  # type: ignore[override]
        return self.fw.faults

    @property
    def card(self) -> Card | None:
        return self.fw.card

    def present(self, card: Card | Iso15693Tag) -> Card:
        """Put a card (or an ISO 15693 tag) in the field, removing whatever was there."""
        self.remove()
        assert self.field is not None
        if isinstance(card, VicinityCard):
            card = card.tag
        if isinstance(card, Iso15693Tag):
            self.field.place(card)  # the field listener makes it the current card
            current = self.fw.card
            assert current is not None
            return current
        with self.fw.lock:
            self.fw.card = card
            self.fw.session = False
        self._changed()
        return card

    def remove(self) -> Card | None:
        """Take the card out of the field (no-op when there is none)."""
        card = self.fw.card
        if card is None:
            return None
        if isinstance(card, VicinityCard):
            assert self.field is not None
            self.field.lift(card.tag.uid_hex)
        else:
            with self.fw.lock:
                self.fw.card = None
            self._changed()
        return card

    def unplug(self) -> None:
        """The USB cable is pulled: the emulator disconnects and stays away."""
        assert self.emulator is not None
        self.emulator.unplug()

    def replug(self) -> None:
        assert self.emulator is not None
        self.emulator.replug()

    def reset(self) -> None:
        """Back to an empty field with no faults (between tests)."""
        self.fw.faults.clear()
        self.remove()
        assert self.field is not None
        self.field.clear()
        self.replug()

    def wait_connected(self, connected: bool = True, timeout: float = 5.0) -> bool:
        """Wait until vpcd has (or no longer has) this emulator connected."""
        assert self.emulator is not None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.emulator.connected == connected:
                return True
            time.sleep(0.005)
        return False

    @property
    def air_total_s(self) -> float:
        card = self.fw.card
        return card.air_s if isinstance(card, VicinityCard) else 0.0

    def _changed(self) -> None:
        assert self.emulator is not None
        self.emulator.changed()

    def describe(self) -> dict[str, Any]:
        out = super().describe()
        if self.fw.card is not None:
            out["card"] = self.fw.card.describe()
        return out


def start_pcsc_reader(spec: dict[str, Any], *, realistic: bool = True, card: Card | Iso15693Tag | None = None) -> PcscRunningReader:
    """Start one simulated PC/SC reader (and pcscd, if it is not running).

    :raises hwsim.pcscd.PcscdError: pcscd cannot be started.
    :raises hwsim.pcsc.vpcd.SlotBusy: both vpcd slots are taken.
    """
    daemon = ensure_pcscd()
    try:
        lock = claim_slot(spec.get("slot"))
    except Exception:
        daemon.stop()
        raise
    names = vpcd_readers()
    port_name = names[lock.slot] if lock.slot < len(names) else f"Virtual PCD 00 {lock.slot:02d}"
    firmware = ReaderFirmware(realistic=realistic)
    fld = Field(sensitivity=float(spec.get("sensitivity", -70.0)))
    timing = AirTiming(realistic=realistic)

    def on_field(event: str, tag: Iso15693Tag) -> None:
        with firmware.lock:
            current = firmware.card
            if event == "enter" and current is None:
                vc = VicinityCard(tag, fld)
                vc.timing = timing
                firmware.card = vc
                firmware.session = False
            elif event == "leave" and isinstance(current, VicinityCard) and current.tag is tag:
                firmware.card = None
        emulator.changed()

    fld.subscribe(on_field)
    emulator = VpcdEmulator(firmware, port=BASE_PORT + lock.slot)
    emulator.not_before = lock.free_at
    reader = PcscRunningReader(name=str(spec.get("name", f"pcsc{lock.slot}")), protocol="pcsc", port=port_name, field=fld,
                               firmware=firmware, spec=spec, emulator=emulator, pcscd=daemon, slot=lock.slot)
    reader.control = reader

    def removed_mid_command() -> None:
        reader.remove()

    emulator.on_removed_mid_command = removed_mid_command  # type: ignore[assignment]

    def on_stop() -> None:
        emulator.stop()
        lock.release()
        with contextlib.suppress(Exception):
            daemon.stop()

    reader.on_stop = on_stop
    emulator.start()
    first = card if card is not None else (card_from_spec(spec["card"]) if spec.get("card") else None)
    for card_spec in spec.get("cards", []):
        built_card = card_from_spec(card_spec)
        uid = built_card.uid_hex if isinstance(built_card, Iso15693Tag) else built_card.uid_bytes().hex().upper()
        reader.cards[uid] = built_card
        if first is None and card_spec.get("present", True):
            first = built_card
    for tag_spec in spec.get("tags", []):
        built = card_from_spec({"kind": "iso15693", **tag_spec})
        assert isinstance(built, Iso15693Tag)
        fld.place(built)
    if first is not None:
        reader.present(first)
    return reader
