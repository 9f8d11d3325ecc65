"""The reference ILS, split by role: :mod:`.schema` (its tables), :mod:`.store` (the SQLite
file, write transactions and the undo log), :mod:`.rules` (loan rules, blocks, holds, fees),
:mod:`.pins` and :mod:`.ils` (the adapter answering queries and applying operations)."""

from sync.ils.reference.ils import ReferenceILS
from sync.ils.reference.pins import check_pin, hash_pin
from sync.ils.reference.rules import MESSAGES
from sync.ils.reference.store import Store

__all__ = ["MESSAGES", "ReferenceILS", "Store", "check_pin", "hash_pin"]
