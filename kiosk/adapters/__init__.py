"""Adapters from the real modules to the kiosk core's ports (:mod:`kiosk.core.ports`), one
module per port:

- :mod:`.pad` — :class:`ReaderPad`: any :class:`drivers.reader.Reader` as the item pad.
- :mod:`.centre` — :class:`LocalCentre`: an ILS adapter answering online requests in-process.
- :mod:`.offline` — :class:`CachedRules`: the offline cache as the offline-rules port.
- :mod:`.printer` — :class:`SerialPrinter`: ESC/POS receipts on a serial line.
- :mod:`.cards` — :class:`PcscCards`, :class:`ScriptedCards`, :class:`MultiCards`,
  :class:`WedgeCards`: patron cards.

The offline cache's MQTT feed is :class:`sync.edge.cache_feed.CacheFeed` (the edge end of the link).
"""

from __future__ import annotations

from kiosk.adapters.cards import MultiCards, PcscCards, ScriptedCards, WedgeCards
from kiosk.adapters.centre import LocalCentre
from kiosk.adapters.offline import CachedRules
from kiosk.adapters.pad import ReaderPad
from kiosk.adapters.printer import SerialPrinter

__all__ = ["CachedRules", "LocalCentre", "MultiCards", "PcscCards", "ReaderPad", "ScriptedCards",
           "SerialPrinter", "WedgeCards"]
