"""The pad's inventory rounds, taken in turn and, where the reader can, kept quiet.

Readers that can send ISO 15693 *stay quiet* and an RF reset (:class:`drivers.reader.Capability`
``STAY_QUIET`` and ``RF_RESET``: FEIG) silence the tags already reported, so a round costs only
the air time of the tags just placed. What :class:`drivers.scan.Scanner` inventories on a pad is a
:class:`TurnTakingInventory`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from drivers.errors import ReaderError
from drivers.pad.turns import ReaderTurns
from drivers.reader import Capability, Reader, TagInfo

log = logging.getLogger(__name__)

__all__ = ["TurnTakingInventory"]


class TurnTakingInventory:
    """What :class:`drivers.scan.Scanner` inventories: the pad's reader, in its turn.

    With ``quiet_known`` (readers that can send ISO 15693 *stay quiet* and an RF reset: FEIG)
    tags already reported are silenced, so a round costs the air time of the tags just placed,
    not of the whole stack: every tag answering an inventory answers ~4 ms of air plus its
    record on the serial line, and a new tag would otherwise wait for a round of ten (~80 ms).
    A silenced tag still answers addressed commands; one of them is asked for its system
    information each round, in turn, and is reported present while it answers. When one does
    not (lifted, or a glitch), an RF reset wakes every tag and the next round counts the pad
    afresh, so a lifted tag is missed as before. A tag that lost its quiet state (power dip,
    lifted and put back) answers the inventory and is silenced again.

    A silenced tag nobody keeps track of would stay on the pad unseen: so an RF reset that
    failed, or a stay quiet whose answer was lost (the tag may have obeyed), makes the next round
    start with an RF reset, until one succeeds.
    """

    def __init__(self, reader: Reader, turns: ReaderTurns, *, quiet_known: bool = False,
                 before_round: Callable[[], None] | None = None) -> None:
        self.reader = reader
        self.turns = turns
        self.before_round = before_round
        self.quiet_known = quiet_known and reader.supports(Capability.STAY_QUIET,
                                                            Capability.RF_RESET)
        self.quiet: dict[str, TagInfo] = {}  # silenced, answering when pinged
        self._answered: list[TagInfo] = []  # answered the last round: silence them next
        self._ping = 0
        self._reset_due = False  # a tag may be silenced without being in ``quiet``

    @property
    def settled(self) -> bool:
        """Every tag that answered has been silenced (nothing waits to be)."""
        return not self._answered

    def inventory(self, afi: int | None = None) -> list[TagInfo]:
        """One round, in its turn: the reader's inventory, or (quiet) the new tags and the
        silenced ones still there."""
        if self.before_round is not None:
            self.before_round()
        if self.quiet_known and self._reset_due:
            with self.turns.operation(own=True):
                self._reset()
        if self.quiet_known and self._answered:
            with self.turns.operation(own=True):
                self._silence_answered()
        with self.turns.inventory():
            if not self.quiet_known:
                return self.reader.inventory(afi)
            return self._quiet_round(afi)

    def _quiet_round(self, afi: int | None) -> list[TagInfo]:
        """One inventory of the tags not silenced yet, reported with the silenced ones.

        Tags that answered are silenced before the next round (:meth:`inventory`, after the
        pad's prefetch read them), not before this round's events go out; one silenced tag is
        pinged right after an inventory that found nothing new, so the next round starts with
        its inventory and a tag placed meanwhile is seen as soon as possible.
        """
        seen = self.reader.inventory(afi)
        self._answered = list(seen)
        if not seen:
            self._housekeeping()
        merged = {**self.quiet, **{t.uid: t for t in seen}}
        return [merged[u] for u in sorted(merged)]

    def _silence_answered(self) -> None:
        for tag in self._answered:
            try:
                self.reader.stay_quiet(tag.uid)
                self.quiet[tag.uid] = tag
            except ReaderError:
                self.quiet.pop(tag.uid, None)  # it will answer the next round, if still there
                self._reset_due = True  # ... unless it obeyed and only the answer was lost
        self._answered = []

    def _housekeeping(self) -> None:
        reader = self.reader
        self._silence_answered()
        if not self.quiet:
            return
        uids = sorted(self.quiet)
        uid = uids[self._ping % len(uids)]
        self._ping += 1
        try:
            reader.system_info(uid)
        except ReaderError:
            self._reset()

    def _reset(self) -> None:
        """Wake every tag: the next inventory counts the pad afresh. Until an RF reset
        succeeds, each round starts by trying again."""
        self.quiet.clear()
        try:
            self.reader.rf_reset()
        except ReaderError as exc:
            log.debug("RF reset failed: %s", exc)
            self._reset_due = True
        else:
            self._reset_due = False
