"""The handheld sweep: an I/O shell around the inventory core.

* :mod:`.session` — :class:`SweepSession` (sans-I/O): inventory rounds in; reads of unknown
  tags, AFI checks, range changes, progress, problems and gaps out; the core's report at the end.
* :mod:`.shell` — :class:`SweepShell`: rounds on any :class:`drivers.reader.Reader`, passes.
* :mod:`.ranges` — shelf-marker tags and what each range should hold; :mod:`.align` — a later
  pass's times on the first pass's time line; :mod:`.events` — what a session says.
"""

from inventory_scanner.sweep.events import (
    CheckAfi,
    Event,
    FixMarker,
    Gaps,
    MarkerFixed,
    Problem,
    Progress,
    RangeEntered,
    ReadTag,
)
from inventory_scanner.sweep.session import SweepSession
from inventory_scanner.sweep.shell import SweepError, SweepShell

__all__ = ["CheckAfi", "Event", "FixMarker", "Gaps", "MarkerFixed", "Problem", "Progress", "RangeEntered",
           "ReadTag", "SweepError", "SweepSession", "SweepShell"]
