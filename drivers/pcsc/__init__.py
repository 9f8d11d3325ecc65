"""Contactless PC/SC readers through pyscard: patron cards and single-item ISO 15693 pads.

| module | what | pyscard |
|---|---|---|
| :mod:`.apdu` | APDU builders/parsers, ATR classification, status words → errors | no |
| :mod:`.patron` | :func:`~.patron.identify` a patron from UID, NDEF (Type 2/4) or ISO 28560-3 | no |
| :mod:`.transport` | :class:`~.transport.CardChannel`, reader globs, PC/SC codes → errors | yes |
| :mod:`.monitor` | :class:`~.monitor.CardMonitor`, :class:`~.monitor.PatronWatcher` (events) | yes |
| :mod:`.reader` | :class:`~.reader.PcscReader`, the ``pcsc://`` backend of :mod:`drivers.registry` | yes |

Importing this package does not import pyscard; the modules that need it do.
"""

from drivers.pcsc.apdu import CardRemoved, CardTimeout, FunctionNotSupported, StatusWordError
from drivers.pcsc.patron import (
    CardUnreadable,
    IdentifyOptions,
    NotAPatronCard,
    PatronId,
    UidFormat,
    identify,
)

__all__ = [
    "CardRemoved",
    "CardTimeout",
    "CardUnreadable",
    "FunctionNotSupported",
    "IdentifyOptions",
    "NotAPatronCard",
    "PatronId",
    "StatusWordError",
    "UidFormat",
    "identify",
]
