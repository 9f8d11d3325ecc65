"""A whole station on simulated hardware: the headless runner, the e2e tests and the bench use it.

What runs for real: the FEIG ISC emulator behind a pty with the real FEIG driver (the item pad),
a thermal printer emulator behind a pty (ESC/POS), the FastBook dispenser model, the durable
outbox on disk, the reference ILS on disk, and — with ``mqtt=True`` — a real mosquitto with the
central bridge, the MQTT uplink and the online client (stop the broker to go offline). Without
``mqtt`` the centre answers in-process (:class:`kiosk.adapters.LocalCentre`) and
:meth:`SimStation.drain` applies the outbox the way the bridge does.
Patron cards: with ``cards="pcsc"`` a simulated contactless reader behind the real pcscd (vpcd)
holds the cards, and the core hears of them through :class:`kiosk.adapters.PcscCards`
(pcscd → :class:`drivers.pcsc.monitor.PatronWatcher` → core); ``st.cards.present(patron_id)``
lays an NFC Forum Type 2 library card carrying the identifier (an NDEF Text record) on that
reader and ``st.cards.remove()`` takes it away. With ``cards="script"`` (the default) the same
two calls go straight to the core (:class:`kiosk.adapters.ScriptedCards`), which needs no vpcd
slot (Debian's vpcd has two).

Configuration: the caller layers the device config (``rfid_edge.config.load()``: defaults, file,
environment) and passes it in; the station lays its simulated world's keys (station type,
device id, short idle timers) and the caller's ``overrides`` over it (:func:`layer`), and names
the seed's branches in ``[kiosk.ui] branch_names`` unless the config names them. The kiosk
never loads configuration itself.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import hashlib
import logging
import os
import tempfile
import threading
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from drivers.pcsc.settings import PcscSettings
from drivers.registry import open_reader
from drivers.tags import Item, encode
from hwsim.fastbook import FastBookSim
from hwsim.iso15693.tag import Iso15693Tag
from hwsim.printer import start_printer
from hwsim.runner import start_serial_reader
from kiosk.adapters import (
    CachedRules,
    LocalCentre,
    MultiCards,
    PcscCards,
    ReaderPad,
    ScriptedCards,
    SerialPrinter,
)
from kiosk.core import KioskCore
from kiosk.core.events import Event
from kiosk.settings import StationSettings
from sync.edge.cache_feed import CacheFeed
from sync.edge.outbox import Outbox
from sync.ils.reference import ReferenceILS
from sync.ils.seed import BRANCHES, ISIL, DemoData, demo_data, seed

log = logging.getLogger(__name__)

CARD_SOURCES = ("script", "pcsc")


def layer(base: Mapping[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    """``over`` laid on ``base``: tables merge key by key, any other value replaces; neither input
    changes. How the simulated world's keys go over the config the caller passed in."""
    out = copy.deepcopy(dict(base))
    for key, value in over.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = layer(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def card_uid(patron_id: str) -> str:
    """A stable 7-byte NXP UID (``04…``) for the simulated library card of ``patron_id``."""
    return "04" + hashlib.sha256(patron_id.encode()).hexdigest()[:12].upper()


def pcscd_sees_card(reader: str) -> bool | None:
    """Whether pcscd currently reports a card in ``reader`` (None: pcscd not reachable)."""
    from smartcard import scard

    hresult, ctx = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    if hresult != scard.SCARD_S_SUCCESS:
        return None
    try:
        hresult, states = scard.SCardGetStatusChange(ctx, 0, [(reader, scard.SCARD_STATE_UNAWARE)])
        if hresult != scard.SCARD_S_SUCCESS:
            return None
        return bool(states[0][1] & scard.SCARD_STATE_PRESENT)
    finally:
        scard.SCardReleaseContext(ctx)


def start_card_reader(*, realistic: bool = False, wait_s: float = 60.0) -> Any:
    """Start a simulated PC/SC reader behind pcscd, waiting up to ``wait_s`` for a free vpcd slot
    (another process — a second test run, ``rfid-edge sim up`` — may hold both for a while).

    :raises hwsim.pcsc.vpcd.SlotBusy: still no free slot after ``wait_s``.
    :raises hwsim.pcscd.PcscdError: pcscd cannot be started.
    """
    from hwsim.pcsc.runner import start_pcsc_reader
    from hwsim.pcsc.vpcd import SlotBusy

    deadline = time.monotonic() + wait_s
    while True:
        try:
            return start_pcsc_reader({"name": "card"}, realistic=realistic)
        except SlotBusy:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.25)


class VpcdCardHand:
    """The patron's hand at a simulated PC/SC reader: lays library cards on it and takes them off.

    Same calls as :class:`kiosk.adapters.ScriptedCards` (``present``/``remove``), so scenarios,
    tests and the simulator control window drive either.
    """

    def __init__(self, reader: Any) -> None:
        self.reader = reader

    def present(self, patron_id: str | None, *, source: str = "card", error: str | None = None) -> None:
        """Lay the card of ``patron_id`` on the reader (None: an item tag, which is no patron card)."""
        from hwsim.pcsc.cards import Type2Tag
        from hwsim.pcsc.runner import card_from_spec

        if patron_id is None:
            self.reader.present(card_from_spec({"kind": "iso15693", "uid": "E004010012345678",
                                                "item_id": "31234000123456"}))
            return
        self.reader.present(Type2Tag(card_uid(patron_id), patron_id=patron_id))

    def remove(self) -> None:
        self.reader.remove()

    def wait_clear(self, timeout: float = 5.0) -> None:
        """Block until pcscd no longer shows a card (a station must not start on a stale one)."""
        deadline = time.monotonic() + timeout
        while pcscd_sees_card(self.reader.port) is not False:
            if time.monotonic() > deadline:
                raise TimeoutError(f"pcscd still shows a card in {self.reader.port}")
            time.sleep(0.02)


class SimStation:
    """One station and its simulated world. Use as a context manager.

    :param config: the device config to start from, as the caller layered it
        (``rfid_edge.config.load()``); every section the station reads must be there.
    :param station: station type (``self_checkout``, ``self_return``, ``combined``,
        ``holds_pickup``, ``fastbook``).
    :param realistic: simulator air timing and line pacing (the bench); instant otherwise.
    :param mqtt: go through mosquitto + bridge + uplink + online client.
    :param cards: ``"script"`` (card events by call) or ``"pcsc"`` (a vpcd reader behind pcscd).
    :param card_reader: with ``cards="pcsc"``, a running :class:`hwsim.pcsc.runner.PcscRunningReader`
        to use (tests share one per session: vpcd has two slots); None starts one (and stops it
        with the station).
    :param wedge: a barcode scanner in keyboard-wedge mode behind a pty (:mod:`drivers.wedge`):
        :meth:`scan_barcode` types a code into it.
    """

    def __init__(self, *, config: Mapping[str, Any], station: str = "self_checkout", workdir: str | Path | None = None,
                 realistic: bool = False, mqtt: bool = False, items: int = 400, patrons: int = 60,
                 overrides: dict[str, Any] | None = None, printer: bool = True,
                 listeners: tuple[Any, ...] = (), cards: str = "script",
                 card_reader: Any = None, wedge: bool = False) -> None:
        if cards not in CARD_SOURCES:
            raise ValueError(f"cards must be one of {CARD_SOURCES}, not {cards!r}")
        self._tmp = None if workdir else tempfile.TemporaryDirectory(prefix="rfid-edge-kiosk-")
        self.workdir = Path(workdir or self._tmp.name)  # type: ignore[union-attr]
        self.realistic, self.mqtt = realistic, mqtt
        base = {"kiosk": {"station": station, "idle_timeout_s": 60, "idle_warning_s": 10},
                "device": {"id": "kiosk-01", "branch": "TPML-MAIN", "library_isil": ISIL}}
        # the simulated library's branches by name (the caller's config may name them otherwise)
        names = {"kiosk": {"ui": {"branch_names": dict(BRANCHES)}}}
        self.config = layer(layer(layer(names, config), base), overrides or {})
        #: the sections the station reads, checked (a wrong key fails here, naming it)
        self.settings = StationSettings.from_config(self.config)
        self.items_n, self.patrons_n = items, patrons
        self.want_printer = printer
        self.listeners = listeners
        self.events: list[Event] = []
        self._events_lock = threading.Lock()
        self._stack = contextlib.ExitStack()
        self.tags: dict[str, Iso15693Tag] = {}
        self.broker: Any = None
        self.fastbook: FastBookSim | None = None
        self.printer_fw: Any = None
        self.card_source = cards
        self.card_sim: Any = card_reader
        self.want_wedge = wedge
        self.wedge_cards: Any = None
        self._wedge_fd: int | None = None

    # --- lifecycle -------------------------------------------------------------------------
    def __enter__(self) -> SimStation:
        try:
            self._start()
        except BaseException:
            self._stack.close()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._stack.close()
        if self._tmp is not None:
            self._tmp.cleanup()

    def _start(self) -> None:
        kiosk, dev = self.settings.kiosk, self.settings.device
        self.ils = ReferenceILS(self.workdir / "ils.sqlite", durable=False)
        self._stack.callback(self.ils.close)
        self.data: DemoData = seed(self.ils, demo_data(items=self.items_n, patrons=self.patrons_n),
                                   pin_cost=2)
        self.pad_sim = start_serial_reader({"name": "pad", "protocol": "feig"},
                                           realistic=self.realistic)
        self._stack.callback(self.pad_sim.stop)
        url = f"feig://{self.pad_sim.port}?timeout=1.0"
        self.reader = open_reader(url)
        self._stack.callback(self.reader.close)
        self.pad = ReaderPad(self.reader, url=url,
                             miss_rounds=kiosk.pad_miss_rounds, quiet_known=kiosk.pad_quiet_known)
        printer = None
        if self.want_printer:
            server, self.printer_fw = start_printer(str(self.workdir / "ttyprinter"))
            self._stack.callback(server.stop)
            printer = SerialPrinter(server.port)
        if kiosk.station == "fastbook":
            assert self.pad_sim.field is not None
            self.fastbook = FastBookSim(self.pad_sim.field, slots=12,
                                        move_s=0.2 if self.realistic else 0.0)
        self.outbox = Outbox(self.workdir / "outbox.sqlite", device_id=dev.id, branch=dev.branch)
        self._stack.callback(self.outbox.close)
        force_sync = None
        if self.mqtt:
            from sync.broker import Broker
            from sync.centre.bridge import Bridge, Ledger
            from sync.edge.client import OnlineClient
            from sync.edge.uplink import Uplink

            (self.workdir / "mqtt").mkdir(exist_ok=True)
            self.broker = Broker(workdir=self.workdir / "mqtt").start()
            self._stack.callback(self.broker.close)
            # the ledger in the ILS's database, as the centre keeps it (one commit a batch)
            self.bridge = Bridge(self.ils, Ledger.inside(self.ils), port=self.broker.port).start()
            self._stack.callback(self.bridge.stop)
            self.uplink = Uplink(self.outbox, port=self.broker.port, reply_timeout_s=3.0,
                                 backoff_min_s=0.1, backoff_max_s=0.5).start()
            self._stack.callback(self.uplink.stop)
            self.centre: Any = OnlineClient(device_id=dev.id, branch=dev.branch,
                                            port=self.broker.port, timeout_s=1.0).start(wait_s=5)
            self._stack.callback(self.centre.close)
            force_sync = self.uplink.wake
        else:
            self.centre = LocalCentre(self.ils, branch=dev.branch)
        from sync.edge.offline_cache import OfflineCache

        self.cache = OfflineCache(self.workdir / "offline-cache.sqlite",
                                  max_age_s=kiosk.offline_max_age_s)
        self._stack.callback(self.cache.close)
        self.offline = CachedRules(self.cache, branch=dev.branch)
        if self.mqtt:
            feed = CacheFeed(self.cache, port=self.broker.port, device_id=dev.id).start()
            self._stack.callback(feed.close)
        self.publish_cache()
        self.card_port = self._card_port()
        cards: Any = self.card_port
        if self.want_wedge:
            cards = MultiCards(self.card_port, self._wedge())
        self.core = KioskCore(self.settings, centre=self.centre, outbox=self.outbox,
                              offline=self.offline, pad=self.pad, cards=cards, printer=printer,
                              fastbook=self.fastbook, force_sync=force_sync)
        self.core.subscribe(self._record)
        for listener in self.listeners:
            self.core.subscribe(listener)
        self.core.start()
        self._stack.callback(self.core.stop)

    def _card_port(self) -> Any:
        """The core's card source, and ``self.cards``, the hand that presents cards to it."""
        if self.card_source == "script":
            self.cards: Any = ScriptedCards()
            return self.cards
        if self.card_sim is None:
            self.card_sim = start_card_reader(realistic=self.realistic)
            self._stack.callback(self.card_sim.stop)
        hand = VpcdCardHand(self.card_sim)
        self.card_sim.reset()
        hand.wait_clear()
        self._stack.callback(self.card_sim.remove)
        self.cards = hand
        url = f"pcsc://{self.card_sim.port}"
        return PcscCards.from_settings(url, PcscSettings.from_section(self.config.get("pcsc")))

    def _wedge(self) -> Any:
        """A pty standing in for the scanner's USB keyboard: the core reads its slave end."""
        from kiosk.adapters import WedgeCards

        master, slave = os.openpty()
        self._wedge_fd = master
        self._stack.callback(os.close, slave)
        self._stack.callback(os.close, master)
        wedge = self.settings.kiosk.wedge.model_copy(update={"url": f"tty://{os.ttyname(slave)}"})
        self.wedge_cards = WedgeCards.from_settings(wedge)
        return self.wedge_cards

    def scan_barcode(self, code: str, *, typed_gap_s: float | None = None) -> None:
        """Type ``code`` and Enter into the wedge: at once, as a scanner does, or one key every
        ``typed_gap_s`` seconds, as a person at a keyboard."""
        if self._wedge_fd is None:
            raise RuntimeError("this station has no wedge (SimStation(wedge=True))")
        data = code.encode() + b"\r"
        if typed_gap_s is None:
            os.write(self._wedge_fd, data)
            return
        for i in range(len(data)):
            os.write(self._wedge_fd, data[i:i + 1])
            time.sleep(typed_gap_s)

    def _record(self, event: Event) -> None:
        with self._events_lock:
            self.events.append(event)

    # --- the world -------------------------------------------------------------------------
    def tag(self, item_id: str, *, part: int = 1, parts: int | None = None, usage: int = 1,
            owner: str | None = ISIL, blank: bool = False, afi: int | None = None) -> Iso15693Tag:
        """A tag for ``item_id`` (part ``part``), created once and kept (same UID every time)."""
        key = f"{item_id}#{part}"
        if key in self.tags:
            return self.tags[key]
        n = len(self.tags) + 1
        uid = f"E004015{n:09X}"
        if parts is None:
            try:
                parts = next(i.parts for i in self.data.items if i.item_id == item_id)
            except StopIteration:
                parts = 1
        memory = b"" if blank else encode(Item(
            model="iso28560-3", primary_item_id=item_id, owner_library=owner,
            parts_in_item=parts, part_number=part, type_of_usage=usage))
        on_loan = self.on_loan_to(item_id) is not None
        sec = self.settings.security
        tag = Iso15693Tag(uid, memory=memory, dsfid=0x3E if not blank else 0,
                          afi=sec.afi(on_loan=on_loan) if afi is None else afi,
                          eas=sec.use_eas and not on_loan)
        self.tags[key] = tag
        return tag

    def place(self, item_id: str, *, part: int = 1, **kw: Any) -> Iso15693Tag:
        tag = self.tag(item_id, part=part, **kw)
        assert self.pad_sim.field is not None
        self.pad_sim.field.place(tag)
        return tag

    def lift(self, item_id: str, *, part: int = 1) -> None:
        assert self.pad_sim.field is not None
        self.pad_sim.field.lift(self.tags[f"{item_id}#{part}"].uid_hex)

    def clear_pad(self) -> None:
        assert self.pad_sim.field is not None
        self.pad_sim.field.clear()

    def publish_cache(self, *, generated: dt.datetime | None = None, timeout: float = 5.0) -> None:
        """The centre builds the offline cache from its ILS and sends it: retained over MQTT
        (the station's :class:`sync.edge.cache_feed.CacheFeed` stores it), or straight into the
        station's cache without MQTT. ``generated`` backdates it (a stale cache)."""
        from sync import schema
        from sync.edge.offline_cache import build, publish

        parts = build(self.ils)
        if generated is not None:
            stamp = schema.format_time(generated)
            parts = {name: {**body, "generated": stamp} for name, body in parts.items()}
        if not self.mqtt:
            for name, body in parts.items():
                self.cache.store(name, body)
            return
        import paho.mqtt.client as mqtt

        centre = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id="centre-cache",
                             protocol=mqtt.MQTTv5)
        centre.connect("127.0.0.1", self.broker.port)
        centre.loop_start()
        try:
            for info in publish(centre, parts):
                info.wait_for_publish(timeout)
        finally:
            centre.disconnect()
            centre.loop_stop()
        def arrived() -> bool:
            got = {name: self.cache.part(name) or {} for name in parts}
            return (got["blocked"].get("salt") == parts["blocked"]["salt"]
                    and all(got[n].get("generated") == parts[n]["generated"] for n in parts))

        deadline = time.monotonic() + timeout
        while not arrived():
            if time.monotonic() > deadline:
                raise TimeoutError("the station did not receive the offline cache")
            time.sleep(0.01)

    def go_offline(self) -> None:
        if self.mqtt:
            self.broker.stop()
        else:
            self.centre.online = False

    def go_online(self) -> None:
        if self.mqtt:
            self.broker.start()
            self.centre.start(wait_s=5)
        else:
            self.centre.online = True

    def on_loan_to(self, item_id: str) -> str | None:
        """Who has ``item_id`` on loan at the centre now (None: nobody)."""
        return self.ils.borrower(item_id)

    def drain(self, timeout: float = 20.0) -> int:
        """Apply every pending transaction at the centre (in-process, or wait for the uplink)."""
        if self.mqtt:
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                if not self.outbox.unanswered(limit=1):
                    return 0
                self.uplink.wake()
                time.sleep(0.05)
            raise TimeoutError("the outbox did not drain")
        from sync import schema
        from sync.centre.bridge import apply_transaction
        from sync.edge.outbox import Reply

        rows = self.outbox.unanswered()
        replies = []
        for row in rows:
            msg = schema.decode("transaction", row.message)
            apply_transaction(self.ils, msg)
            replies.append(Reply(txn_id=row.txn_id, status="applied", body=b"{}"))
        if rows:
            self.outbox.mark_sent([r.txn_id for r in rows])
            self.outbox.record(replies)
        return len(rows)

    # --- waiting on the core ---------------------------------------------------------------
    def wait_for(self, predicate: Any, timeout: float = 15.0) -> Event:
        """The first recorded event matching ``predicate`` (waits for it)."""
        deadline = time.monotonic() + timeout
        seen = 0
        while True:
            with self._events_lock:
                batch = self.events[seen:]
            for ev in batch:
                if predicate(ev):
                    return ev
            seen += len(batch)
            if time.monotonic() > deadline:
                raise TimeoutError(f"no matching event; last: {[e.kind for e in self.events[-8:]]}")
            time.sleep(0.01)

    def patron(self, *, good: bool = True, index: int = 0) -> Any:
        patrons = self.data.good_patrons() if good else [
            p for p in self.data.patrons if p.blocked or p.expires < self.data.today]
        return patrons[index]

    def free_items(self, n: int, *, parts: int = 1) -> list[Any]:
        items = [i for i in self.data.available_items() if i.parts == parts
                 and i.item_type in ("BOOK", "AV", "CHILD")]
        return items[:n]
