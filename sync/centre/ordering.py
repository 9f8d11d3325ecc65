"""In which order the centre applies transactions: the applier an ILS adapter gets.

An adapter that declares ``supports_undo_log`` (the reference ILS) gets event-time order with
exact rebase over late arrivals (:class:`~sync.centre.rebase.RebasingApplier`); any other
adapter (SIP2) arrival order, late arrivals reported as conflicts
(:class:`~sync.centre.inorder.InOrderApplier`). Order keys and the clock model are
:mod:`sync.centre.skew`.
"""

from __future__ import annotations

from sync.centre.conflicts import ConflictStore
from sync.centre.inorder import InOrderApplier
from sync.centre.rebase import RebasingApplier
from sync.centre.skew import ClockSkew, Skew, order_key
from sync.ils.base import ILSAdapter
from sync.ils.undo import UndoLogILS

__all__ = ["ClockSkew", "InOrderApplier", "RebasingApplier", "Skew", "order_key",
           "sequencer_for"]


def sequencer_for(ils: ILSAdapter, *, conflicts: ConflictStore | None = None,
                  skew: ClockSkew | None = None,
                  targeted: bool = True) -> RebasingApplier | InOrderApplier:
    """The journalled applier for ``ils``, chosen by its declared capabilities.

    :param conflicts: where broken rules go (default: a store in the ILS's own database with an
        undo log; otherwise in memory — production passes one on disk).
    :param targeted: with rebase, rebase only what a late batch can affect.
    """
    if ils.supports_undo_log and isinstance(ils, UndoLogILS):
        return RebasingApplier(ils, conflicts=conflicts, skew=skew, targeted=targeted)
    return InOrderApplier(ils, conflicts=conflicts, skew=skew)
