"""A simulated library shelf swept by a handheld FEIG reader, with problems planted.

- :mod:`.layout` — :class:`ShelfSettings` and :func:`build_layout`: ranges of books at
  positions, each with an ISO 28560-3, ISO 28560-2 or 3M tag, a shelf-marker tag at each range
  start, and the planted problems; the ground truth (JSON) and the shelf list (the inventory
  core's CSV) exported for scoring.
- :mod:`.field` — :class:`SimClock`, :class:`Walker` (the handheld moving at walking speed)
  and :class:`ShelfField`: the tags within the antenna's reach answer, with misses as in the field.
- :mod:`.runner` — :func:`start_shelf_reader`: the handheld's FEIG ISC firmware on a pty, as
  ``protocol = "shelf"`` in a scenario (``rfid-edge sim up --scenario``).
"""

from hwsim.shelf.field import ShelfField, SimClock, Walker
from hwsim.shelf.layout import Book, Layout, ShelfSettings, build_layout
from hwsim.shelf.runner import ShelfReader, start_shelf_reader

__all__ = ["Book", "Layout", "ShelfField", "ShelfReader", "ShelfSettings", "SimClock", "Walker",
           "build_layout", "start_shelf_reader"]
