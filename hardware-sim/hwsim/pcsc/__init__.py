"""A contactless PC/SC reader and its cards behind the real pcscd, through vsmartcard's vpcd.

- :mod:`hwsim.pcsc.cards` — UID cards, NFC Forum Type 2/4 tags, ISO 15693 tags on a pad.
- :mod:`hwsim.pcsc.firmware` — the reader firmware (pseudo-APDUs, transparent session), sans I/O.
- :mod:`hwsim.pcsc.vpcd` — the vpcd socket protocol: connect while a card is in the field.
- :mod:`hwsim.pcsc.runner` — ``start_pcsc_reader(spec, realistic=...)`` for scenarios and tests.
"""

from hwsim.pcsc.cards import Card, Type2Tag, Type4Tag, UidCard, VicinityCard
from hwsim.pcsc.firmware import Faults, ReaderFirmware

__all__ = ["Card", "Faults", "ReaderFirmware", "Type2Tag", "Type4Tag", "UidCard", "VicinityCard"]
