"""The capability an ILS adapter declares (``supports_undo_log = True``) so that the centre can
apply transactions in event-time order and rebase over late arrivals
(:mod:`sync.centre.rebase`): its writes log their own inverse on request, in a database
(:mod:`sync.db`) the sequencer's journal shares, so changes, journal and undo log commit together."""

from __future__ import annotations

import abc
import contextlib
from collections.abc import Iterable
from typing import Any, ClassVar

from sync.db import Connection
from sync.ils.base import ILSAdapter


class UndoLogILS(ILSAdapter):
    """An adapter with an explicit undo log (the reference ILS)."""

    supports_undo_log: ClassVar[bool] = True

    @property
    @abc.abstractmethod
    def db(self) -> Connection:
        """The database the adapter's rows live in (the journal is kept beside them)."""

    @property
    @abc.abstractmethod
    def lock(self) -> Any:
        """The re-entrant lock every use of :attr:`db`'s connection takes."""

    @abc.abstractmethod
    def batch(self) -> contextlib.AbstractContextManager[object]:
        """One write transaction (a savepoint when one is open)."""

    @abc.abstractmethod
    def all_or_nothing(self) -> contextlib.AbstractContextManager[None]:
        """Inside :meth:`batch`: the caller rolls the whole batch back on any error, so the
        operations need no savepoint of their own."""

    @abc.abstractmethod
    def recording_undo(self) -> contextlib.AbstractContextManager[list[str]]:
        """Log the inverse SQL of every change made inside into the list yielded; the adapter
        keeps no result memory of its own meanwhile (the caller's journal does)."""

    @abc.abstractmethod
    def undo(self, statements: Iterable[str]) -> None:
        """Run statements from :meth:`recording_undo` (newest change first)."""

    @abc.abstractmethod
    def borrower(self, item_id: str) -> str | None:
        """The patron the item is on loan to now (the sequencer's rebase closure needs it)."""

    def borrowers(self, item_ids: Iterable[str]) -> dict[str, str]:
        """:meth:`borrower` of many items (those on loan only); an adapter answers in one
        query where it can (a rebase closure asks for every item of a batch)."""
        found = {item: self.borrower(item) for item in item_ids}
        return {item: patron for item, patron in found.items() if patron}
