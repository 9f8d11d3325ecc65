"""The pad: any :class:`drivers.reader.Reader` as a surface items are placed on, for any station.

- :mod:`.pad` — :class:`Pad`: debounced entered/left (:class:`drivers.scan.Scanner`), each
  tag's library data read once while it stays, tag operations ahead of inventories.
- :mod:`.events` — the typed events a pad reports (:class:`TagEntered`, :class:`TagLeft`,
  :class:`ReaderLost`, :class:`ReaderBack`).
- :mod:`.turns` — :class:`ReaderTurns`: operations before the next inventory round.
- :mod:`.quiet` — :class:`TurnTakingInventory`: rounds in turn, stay-quiet and RF reset where
  the reader declares them.
"""

from __future__ import annotations

from drivers.pad.events import Event, ReaderBack, ReaderLost, TagEntered, TagLeft
from drivers.pad.pad import Pad
from drivers.pad.quiet import TurnTakingInventory
from drivers.pad.turns import ReaderTurns

__all__ = ["Event", "Pad", "ReaderBack", "ReaderLost", "ReaderTurns", "TagEntered", "TagLeft",
           "TurnTakingInventory"]
