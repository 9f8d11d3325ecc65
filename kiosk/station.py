"""A kiosk on real hardware, built from one device config (:mod:`rfid_edge.config`).

:func:`build_station` reads the TOML sections and returns a :class:`Station`; nothing is opened
until :meth:`Station.start` (or ``with``), which brings up, in order:

============================  =================================================================
part                          from the config
============================  =================================================================
durable outbox (SQLite)       ``[sync] outbox`` under ``[device] data_dir``
MQTT uplink                   ``[sync]`` broker; ``[kiosk] uplink = "thread"`` runs it in this
                              process, ``"service"`` leaves it to ``rfid-edge sync run`` with the
                              same config file (both open the one outbox file: WAL)
online client (centre port)   ``[sync]`` broker and ``request_timeout_s``
offline cache (SQLite)        ``[kiosk] offline_cache`` under ``data_dir``, fed from the retained
                              ``<topic_prefix>/cache/#`` parts (:class:`sync.edge.cache_feed.CacheFeed`)
item pad                      ``[kiosk] pad_url`` through :func:`drivers.registry.open_reader`
                              (``feig:///dev/ttyUSB0``, ``m810:///dev/ttyUSB1``, ``pcsc://…``)
patron cards                  ``[kiosk] card_url`` (else ``[pcsc] reader``) through pcscd with
                              the ``[pcsc]`` options, plus the ``[kiosk.wedge]`` barcode scanner
receipt printer               ``[kiosk] receipt_printer`` (a serial port; ESC/POS)
============================  =================================================================

then the :class:`kiosk.core.KioskCore` over them. :meth:`Station.stop` closes everything in
reverse order. A part that cannot be opened raises :class:`StationError` naming the config key.

Example::

    config = rfid_edge.config.load("/etc/rfid-edge/kiosk.toml")
    with build_station(config, listeners=[print]) as station:
        station.core.submit(...)
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from drivers.pcsc.settings import PcscSettings
from drivers.wedge.settings import WedgeSettings
from kiosk.core import KioskCore
from kiosk.core import events as E
from kiosk.settings import KioskSettings, StationSettings
from sync.edge.settings import SyncSettings
from sync.mqtt import MqttSettings

log = logging.getLogger(__name__)


class StationError(Exception):
    """The config does not make a working station, or a part of it cannot be opened."""


class Station:
    """One kiosk's parts and its core (see the module docstring). Use as a context manager.

    Attributes once started: ``core``, ``outbox``, ``uplink`` (None with ``uplink =
    "service"``), ``online``, ``cache``, ``feed``, ``reader``, ``pad``, ``cards``, ``printer``.
    """

    def __init__(self, config: dict[str, Any], *, listeners: Iterable[Callable[[E.Event], None]] = (),
                 connect_wait_s: float = 0.0) -> None:
        self.config = config
        self.listeners = tuple(listeners)
        self.connect_wait_s = connect_wait_s
        #: ``[kiosk]``, ``[security]`` and ``[device]``, typed (what the core reads)
        self.settings = StationSettings.from_config(config)
        #: the ``[pcsc]`` section, typed (owned by :mod:`drivers.pcsc`)
        self.pcsc = PcscSettings.from_section(config.get("pcsc"))
        #: the ``[sync]`` and ``[mqtt]`` sections, typed (owned by :mod:`sync`): checked here so
        #: a wrong key is named when the station is built, not when it starts
        self.sync = SyncSettings.from_section(config.get("sync"))
        self.mqtt = MqttSettings.from_section(config.get("mqtt"))
        #: the PC/SC patron-card reader: ``kiosk.card_url``, else ``[pcsc] reader``
        self.card_url = self.settings.kiosk.card_url or self.pcsc.reader
        self.uplink_mode = self.settings.kiosk.uplink
        self._stack = contextlib.ExitStack()
        self._lock = threading.Lock()
        self.core: KioskCore | None = None
        self.outbox: Any = None
        self.uplink: Any = None
        self.online: Any = None
        self.cache: Any = None
        self.feed: Any = None
        self.reader: Any = None
        self.pad: Any = None
        self.cards: Any = None
        self.printer: Any = None

    # --- lifecycle ---------------------------------------------------------------------------
    def __enter__(self) -> Station:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> Station:
        """Open every part and start the core.

        :raises StationError: a part could not be opened (what was opened is closed again).
        """
        with self._lock:
            if self.core is not None:
                return self
            from sync.errors import SyncError

            try:
                self._open()
            except BaseException as exc:
                self._stack.close()
                self.core = None
                if isinstance(exc, SyncError | OSError):
                    raise StationError(f"the station cannot start: {exc}") from exc
                raise
        return self

    def stop(self) -> None:
        with self._lock:
            self._stack.close()
            self.core = None

    def _open(self) -> None:
        from drivers.errors import ReaderError
        from kiosk.adapters import CachedRules, ReaderPad
        from sync.edge import service

        cfg, dev, k = self.config, self.settings.device, self.settings.kiosk
        Path(dev.data_dir).mkdir(parents=True, exist_ok=True)
        self.outbox = service.open_outbox(cfg)
        self._stack.callback(self.outbox.close)
        force_sync = None
        if self.uplink_mode == "thread":
            self.uplink = service.open_uplink(cfg, self.outbox).start()
            self._stack.callback(self.uplink.stop)
            self._stack.callback(self._drain, k.stop_drain_s)
            force_sync = self.uplink.wake
        self.online = service.open_online_client(cfg).start(wait_s=self.connect_wait_s)
        self._stack.callback(self.online.close)

        from sync.edge.cache_feed import CacheFeed
        from sync.edge.offline_cache import OfflineCache

        self.cache = OfflineCache(service.data_path(cfg, k.offline_cache),
                                  max_age_s=k.offline_max_age_s)
        self._stack.callback(self.cache.conn.close)
        self.feed = CacheFeed(self.cache, endpoints=service.endpoints(cfg),
                              prefix=self.sync.topic_prefix, device_id=dev.id,
                              configure=_client_security(cfg)).start()
        self._stack.callback(self.feed.close)

        url = k.pad_url
        try:
            self.reader = _open_reader(url)
        except ReaderError as exc:
            raise StationError(f"kiosk.pad_url {url!r}: {exc}") from exc
        self._stack.callback(self.reader.close)
        self.pad = ReaderPad(self.reader, url=url,
                             miss_rounds=k.pad_miss_rounds, quiet_known=k.pad_quiet_known)
        self.cards = _card_sources(k.wedge, self.card_url, self.pcsc)
        self.printer = _printer(k)
        self.core = KioskCore(self.settings, centre=self.online, outbox=self.outbox,
                              offline=CachedRules(self.cache, branch=dev.branch),
                              pad=self.pad, cards=self.cards, printer=self.printer,
                              force_sync=force_sync)
        for listener in self.listeners:
            self.core.subscribe(listener)
        try:
            self.core.start()
        except Exception as exc:  # a card source that cannot start (pcscd down, no wedge)
            self.core.stop()
            raise StationError(f"the station cannot start: {exc}") from exc
        self._stack.callback(self.core.stop)


    def _drain(self, timeout_s: float) -> None:
        """On stop, after the core: give the uplink a moment to send the session's last rows
        (what it cannot send stays in the outbox for next time)."""
        deadline = time.monotonic() + timeout_s
        while self.uplink.connected and self.outbox.unanswered(limit=1):
            if time.monotonic() > deadline:
                return
            self.uplink.wake()
            time.sleep(0.05)


def build_station(config: dict[str, Any], *,
                  listeners: Iterable[Callable[[E.Event], None]] = (),
                  connect_wait_s: float = 0.0) -> Station:
    """A :class:`Station` for ``config`` (as :func:`rfid_edge.config.load` returns it), checked
    but not started.

    :param listeners: core event listeners, subscribed before the core starts (so none is missed).
    :param connect_wait_s: how long :meth:`Station.start` waits for the broker (0: the core
        starts at once and works offline until the broker answers).
    :raises StationError: a missing or contradictory setting, or a key its section's model
        refuses (unknown, misspelt or of the wrong type: named).
    """
    try:
        built = Station(config, listeners=listeners, connect_wait_s=connect_wait_s)
    except ValidationError as exc:
        raise StationError(f"the config: {exc}") from exc
    k = built.settings.kiosk
    if not k.pad_url:
        raise StationError("kiosk.pad_url is not set (e.g. feig:///dev/ttyUSB0)")
    if k.station == E.StationType.FASTBOOK.value:
        raise StationError("kiosk.station = \"fastbook\" needs a dispenser driver, which only the"
                           " simulator has so far (rfid-edge kiosk without --config)")
    if not (built.card_url or built.settings.kiosk.wedge.url):
        raise StationError("no patron card source: set kiosk.card_url or kiosk.wedge.url")
    return built


def _open_reader(url: str) -> Any:
    from drivers.registry import open_reader

    return open_reader(url)


def _card_sources(wedge: WedgeSettings, card_url: str, pcsc: PcscSettings) -> Any:
    """PC/SC cards on ``card_url`` (:attr:`Station.card_url`; ``"none"`` for none) with the
    ``[pcsc]`` options, and the barcode wedge (``kiosk.wedge.url``), as one card port."""
    from kiosk.adapters import MultiCards, PcscCards

    sources: list[Any] = []
    if card_url and card_url != "none":
        sources.append(PcscCards.from_settings(card_url, pcsc))
    if wedge.url:
        from kiosk.adapters import WedgeCards

        try:
            sources.append(WedgeCards.from_settings(wedge))
        except (OSError, ValueError) as exc:
            raise StationError(f"kiosk.wedge.url {wedge.url!r}: {exc}") from exc
    if not sources:
        raise StationError("no patron card source: set kiosk.card_url or kiosk.wedge.url")
    return sources[0] if len(sources) == 1 else MultiCards(*sources)


def _printer(k: KioskSettings) -> Any:
    from kiosk.adapters import SerialPrinter

    if not k.receipt_printer:
        return None
    return SerialPrinter(k.receipt_printer, baudrate=k.receipt_baud)


def _client_security(config: dict[str, Any]) -> Callable[[Any], Any]:
    """Secure the cache feed's MQTT client as the uplink's: the ``[mqtt]`` table's TLS and
    credentials (:func:`sync.mqtt.configure_mqtt`; nothing for ``security = "none"``)."""
    from sync.mqtt import configure_mqtt

    return lambda client: configure_mqtt(client, config)
