"""The programming station's I/O shell: a :class:`drivers.reader.Reader`, the batch journal and
the outbox around the sans-I/O core (:mod:`.plan`, :mod:`.session`).

:meth:`Station.program` programs the item whose tag(s) lie on the pad now;
:meth:`Station.run_batch` works through a journalled queue, asking for each item's tags
(``place`` event), waiting until they lie still, programming them and reporting done, skipped
and failed items. Every step goes to the ``emit`` callback as one JSON-able dict (the CLI prints
them as JSON lines; a screen shows them).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from typing import Any

from drivers.errors import (
    NoTransponder,
    ReaderError,
    TagCommandError,
    TagLocked,
    Unsupported,
    WriteVerifyError,
)
from drivers.reader import Capability, Reader
from drivers.tags import TagDataError, decode
from drivers.tags.marker import MarkerSettings
from inventory_scanner.programming import session as s
from inventory_scanner.programming.journal import BatchJournal
from inventory_scanner.programming.plan import Assignment, Refusal, SeenTag, assign, plan_item
from inventory_scanner.programming.settings import ProgrammingSettings
from sync.errors import Offline
from sync.messages import TagProgrammed
from sync.results import ItemInfo, ItemStatus
from sync.results import Outcome as LookupOutcome

log = logging.getLogger(__name__)

__all__ = ["Outcome", "Station"]

Emit = Callable[[dict[str, Any]], None]
#: the centre's item lookup (:meth:`sync.edge.client.OnlineClient.item_info`); raises Offline
Lookup = Callable[[str], ItemInfo]

#: blocks read first to tell a blank tag: one ISO 15693 block holds the first byte of every data
#: model a station reads or writes (ISO 28560-3 version/usage, ISO 28560-2's first precursor,
#: 3M's ``04``), never ``00`` or ``FF``; a second block would only cost air time (on a FEIG
#: reader at 38400 baud, 5 bytes each way: ~2.8 ms an item)
BLANK_PROBE_BLOCKS = 1


@dataclass(frozen=True, kw_only=True)
class Outcome:
    """One item's end: ``status`` ``done``, ``skipped`` (refused: ``reason``) or ``failed``."""

    item_id: str
    status: str
    reason: str | None = None
    message: str | None = None
    tags: tuple[s.TagResult, ...] = ()
    needs_confirmation: bool = False

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"event": "item", "item_id": self.item_id, "status": self.status}
        if self.reason:
            out["reason"] = self.reason
        if self.message:
            out["message"] = self.message
        if self.needs_confirmation:
            out["needs_confirmation"] = True
        out["tags"] = [asdict(t) for t in self.tags]
        return out


class Station:
    """A tag programming station on one reader.

    :param outbox: where each programmed tag's ``tag_programmed`` transaction goes (None: none
        sent, e.g. a bench).
    :param owner: the owner ISIL written (ISO 28560-2/-3) when the centre's lookup does not
        name the item's own owner (in a borrow-anywhere consortium a branch tags items other
        libraries own: the item's owner wins, this station's library is the fallback).
    :param lookup: the centre's item lookup: title, call number, parts and loan status (for the
        AFI) before anything is written; unreachable, the tag is programmed anyway and its
        record waits in the outbox (an ``offline`` event says so). None: no lookup.
    :param before_write: called just before each image write command (tests crash here).
    """

    def __init__(self, reader: Reader, *, settings: ProgrammingSettings | None = None,
                 marker: MarkerSettings | None = None, owner: str | None = None,
                 outbox: Any = None, emit: Emit | None = None, lookup: Lookup | None = None,
                 before_write: Callable[[str], None] | None = None) -> None:
        self.reader = reader
        self.settings = settings or ProgrammingSettings()
        self.marker = marker or MarkerSettings()
        self.owner = owner
        self.outbox = outbox
        self.emit: Emit = emit or (lambda event: None)
        self.lookup = lookup
        self.before_write = before_write
        self.data_writes = 0  # image write commands sent (the bench and the tests count them)

    # -- what lies on the pad ----------------------------------------------------------------------
    def scan(self) -> list[SeenTag]:
        """The tags on the pad, each with its data decoded (or why not)."""
        return [self._identify(t.uid, t.dsfid) for t in self.reader.inventory()]

    def _identify(self, uid: str, dsfid: int | None) -> SeenTag:
        """Read what the tag holds: its first block tells a blank tag (every data model starts
        at block 0 with a byte that is never ``00`` or ``FF``, :data:`BLANK_PROBE_BLOCKS`);
        anything else is read and decoded in full."""
        try:
            head = self.reader.read_blocks(uid, 0, BLANK_PROBE_BLOCKS)
        except ReaderError:
            head = b""
        try:
            if head and (not any(head) or head.count(0xFF) == len(head)):
                return SeenTag(uid=uid, item=decode(bytes(32)))
            return SeenTag(uid=uid, item=self.reader.read_item(uid, dsfid=dsfid))
        except TagDataError as exc:
            return SeenTag(uid=uid, error=str(exc))
        except ReaderError as exc:
            return SeenTag(uid=uid, error=f"cannot read it: {exc}")

    def settled(self, *, want: Callable[[list[str]], bool], timeout_s: float) -> list[str] | None:
        """Wait until the pad's UIDs satisfy ``want`` and stay the same for ``settle_s``;
        None when ``timeout_s`` passes first."""
        deadline = time.monotonic() + timeout_s
        last: list[str] | None = None
        since = 0.0
        while time.monotonic() < deadline:
            try:
                uids = [t.uid for t in self.reader.inventory()]
            except ReaderError as exc:
                log.debug("inventory failed: %s", exc)
                uids = []
            now = time.monotonic()
            if uids != last:
                last, since = uids, now
            if uids and want(uids) and now - since >= self.settings.settle_s:
                return uids
            time.sleep(0.01)
        return None

    # -- one item --------------------------------------------------------------------------------
    def identify(self, item_id: str) -> ItemInfo | Outcome | None:
        """Ask the centre about the item (``identified`` event); an :class:`Outcome` when it
        does not know the item, None when it cannot be asked (``offline`` event)."""
        if self.lookup is None:
            return None
        try:
            info = self.lookup(item_id)
        except Offline as exc:
            self.emit({"event": "offline", "item_id": item_id,
                       "message": f"the centre cannot be reached ({exc}): the tag is programmed "
                                  "and its record waits in the outbox"})
            return None
        if info.outcome is LookupOutcome.REFUSED:
            return Outcome(item_id=item_id, status="skipped", reason=info.reason or "unknown_item",
                           message=f"the centre does not know item {item_id}")
        self.emit({"event": "identified", "item_id": item_id, "title": info.title,
                   "call_number": info.call_number, "parts": info.parts,
                   "status": info.status.value})
        return info

    def program(self, item_id: str, *, parts: int | None = None, confirm_retag: bool = False,
                journal: BatchJournal | None = None, uids: list[str] | None = None) -> Outcome:
        """Program the item whose tag(s) lie on the pad now; the outcome is also emitted.

        :param parts: the item's parts, each its own tag (default: as the centre says, else 1).
        :param uids: the tags on the pad, if an inventory just found them (none is repeated).
        """
        info = self.identify(item_id)
        if isinstance(info, Outcome):
            return self._end(info)
        return self._program(item_id, info, parts=parts, confirm_retag=confirm_retag,
                             journal=journal, uids=uids)

    def _program(self, item_id: str, info: ItemInfo | None, *, parts: int | None,
                 confirm_retag: bool, journal: BatchJournal | None,
                 uids: list[str] | None) -> Outcome:
        if parts is None:
            parts = info.parts if info is not None else 1
        on_loan = info is not None and info.status is ItemStatus.ON_LOAN
        owner = self.owner_of(info)
        try:
            plans = plan_item(item_id, model=self.settings.model, owner=owner, parts=parts,
                              type_of_usage=self.settings.type_of_usage)
        except TagDataError as exc:
            return self._end(Outcome(item_id=item_id, status="failed", reason="encode",
                                     message=str(exc)))
        seen = self.scan() if uids is None else [self._identify(u, None) for u in uids]
        known = journal.tags() if journal is not None else {}
        decision = assign(plans, seen, confirm_retag=confirm_retag, journal=known)
        if isinstance(decision, Refusal):
            return self._end(Outcome(item_id=item_id, status="skipped", reason=decision.reason,
                                     message=decision.message,
                                     needs_confirmation=decision.needs_confirmation))
        resumed = frozenset(uid for uid, (owner, _) in known.items() if owner == item_id)
        sizes = self._sizes(decision)
        session = s.ItemSession(
            decision, afi=self.marker.afi(on_loan=on_loan), lock=self.settings.lock,
            can_lock_afi=self.reader.supports(Capability.LOCK_AFI),
            can_lock_blocks=self.reader.supports(Capability.LOCK_BLOCKS),
            can_write_dsfid=self.reader.supports(Capability.WRITE_DSFID),
            attempts=self.settings.attempts, resumed=resumed, memory_size=sizes)
        self._run(session, journal)
        result = session.result
        assert result is not None
        if result.status == "done":
            self._tell_centre(result, owner)
        return self._end(Outcome(item_id=item_id, status=result.status, reason=result.reason,
                                 message=result.message, tags=result.tags))

    def _sizes(self, decision: Assignment) -> dict[str, int]:
        """User memory of the tags to re-tag (their old data is cleared behind the image)."""
        sizes = {}
        for uid in decision.retag:
            try:
                info = self.reader.system_info(uid)
                sizes[uid] = info.block_count * info.block_size
            except ReaderError as exc:
                log.debug("system info of %s: %s", uid, exc)
        return sizes

    def _run(self, session: s.ItemSession, journal: BatchJournal | None) -> None:
        command = session.start()
        shown = 0
        while command is not None:
            if isinstance(command, s.WriteImage) and journal is not None:
                pair = next(p for p, t in session.assignment.pairs if t.uid == command.uid)
                journal.writing(command.uid, pair.item_id, pair.part, command.image)
            event = self._perform(command)
            if isinstance(event, s.Failed) and event.why is s.Why.GONE:
                self._wait_back(session.item_id, event.uid)
            command = session.feed(event)
            for note in session.notes[shown:]:
                if journal is not None and note.kind == "afi":  # the tag is finished
                    journal.tag_done(note.uid)
                self.emit({"event": note.kind, "item_id": session.item_id, "uid": note.uid,
                           "part": note.part, **({"detail": note.detail} if note.detail else {})})
            shown = len(session.notes)

    def _wait_back(self, item_id: str, uid: str) -> bool:
        """A tag left the pad mid-operation: ask for it back and wait (up to ``return_s``) until
        an inventory finds it; the session then writes it again or gives up."""
        self.emit({"event": "tag_left", "item_id": item_id, "uid": uid,
                   "message": "the tag left the pad: put it back"})
        deadline = time.monotonic() + self.settings.return_s
        while True:
            try:
                if any(t.uid == uid for t in self.reader.inventory()):
                    return True
            except ReaderError as exc:
                log.debug("inventory failed: %s", exc)
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.02)

    def _perform(self, command: s.Command) -> s.Event:
        """One command on the reader, its outcome as an event for the session."""
        uid = command.uid
        r = self.reader
        try:
            if isinstance(command, s.WriteImage):
                if self.before_write is not None:
                    self.before_write(uid)
                self.data_writes += 1
                r.write_blocks(uid, 0, command.image, verify=False)
                return s.Ok(uid=uid)
            if isinstance(command, s.ReadBack):
                return s.ReadBackData(uid=uid, data=r.read_blocks(uid, 0, (command.size + 3) // 4))
            if isinstance(command, s.WriteDsfid):
                r.write_dsfid(uid, command.dsfid)
                return s.Ok(uid=uid)
            if isinstance(command, s.WriteAfi):
                r.write_afi(uid, command.afi)
                return s.Ok(uid=uid)
            if isinstance(command, s.ReadAfi):
                info = r.system_info(uid)
                if info.afi is None:
                    return s.Failed(uid=uid, why=s.Why.ERROR, detail="the tag does not report its AFI")
                return s.AfiRead(uid=uid, afi=info.afi, dsfid=info.dsfid)
            if isinstance(command, s.LockAfi):
                r.lock_afi(uid)
                return s.Ok(uid=uid)
            if isinstance(command, s.LockBlocks):
                r.lock_blocks(uid, command.first, command.count)
                return s.Ok(uid=uid)
        except WriteVerifyError as exc:  # the write failed or was cut short: why, if known
            if isinstance(exc.__cause__, TagLocked):
                return s.Failed(uid=uid, why=s.Why.LOCKED, detail=str(exc.__cause__))
            return s.Failed(uid=uid, why=s.Why.GONE if exc.unknown else s.Why.ERROR,
                            detail=str(exc))
        except NoTransponder as exc:
            return s.Failed(uid=uid, why=s.Why.GONE, detail=str(exc))
        except TagLocked as exc:
            return s.Failed(uid=uid, why=s.Why.LOCKED, detail=str(exc))
        except Unsupported as exc:
            return s.Failed(uid=uid, why=s.Why.UNSUPPORTED, detail=str(exc))
        except TagCommandError as exc:
            why = s.Why.PROTECTED if isinstance(command, s.WriteAfi) else s.Why.ERROR
            return s.Failed(uid=uid, why=why, detail=str(exc))
        except ReaderError as exc:
            return s.Failed(uid=uid, why=s.Why.ERROR, detail=str(exc))
        raise TypeError(f"unknown command {command!r}")

    def owner_of(self, info: ItemInfo | None) -> str | None:
        """The ISIL written on the item's tags: its owner as the centre names it, else this
        station's library."""
        if info is not None and info.owner:
            return info.owner
        return self.owner

    def _tell_centre(self, result: s.ItemResult, owner: str | None) -> None:
        if self.outbox is None:
            return
        if result.tags and result.tags[0].model == "3m":
            owner = None
        for tag in result.tags:
            self.outbox.enqueue(TagProgrammed(item_id=result.item_id, uid=tag.uid,
                                              model=tag.model, afi=tag.afi, owner=owner))

    def _end(self, outcome: Outcome) -> Outcome:
        self.emit(outcome.to_json())
        return outcome

    # -- a batch ---------------------------------------------------------------------------------
    def run_batch(self, journal: BatchJournal, items: Iterable[tuple[str, int | None]] = (), *,
                  confirm_retag: bool = False) -> dict[str, Any]:
        """Queue ``items`` (those not queued before; parts None: as the centre says) and program
        every pending one, each when its tag(s) lie on the pad; returns (and emits) the
        report."""
        journal.add(items)
        for entry in journal.items("pending"):
            mine = journal.tags()
            info = self.identify(entry.item_id)
            if isinstance(info, Outcome):
                self._end(info)
                journal.finish(entry.item_id, info.status, reason=info.reason,
                               detail={"message": info.message, "tags": []})
                continue
            parts = entry.parts or (info.parts if info is not None else 1)
            self.emit({"event": "place", "item_id": entry.item_id, "parts": parts})

            def new_tags(uids: list[str], item_id: str = entry.item_id,
                         mine: dict[str, tuple[str, int]] = mine) -> bool:
                return all(mine.get(u, (item_id,))[0] == item_id for u in uids)

            uids = self.settled(want=new_tags, timeout_s=self.settings.place_timeout_s)
            if uids is None:
                outcome = self._end(Outcome(item_id=entry.item_id, status="skipped",
                                            reason="no_tag", message="no new tag was placed"))
            else:
                outcome = self._program(entry.item_id, info, parts=parts,
                                        confirm_retag=confirm_retag, journal=journal, uids=uids)
            journal.finish(entry.item_id, outcome.status, reason=outcome.reason,
                           detail={"message": outcome.message,
                                   "tags": [t.uid for t in outcome.tags]})
        return self.report(journal)

    def report(self, journal: BatchJournal) -> dict[str, Any]:
        """Done, skipped, failed and still pending items of the batch (emitted too)."""
        out: dict[str, Any] = {"event": "report"}
        for state in ("done", "skipped", "failed", "pending"):
            out[state] = [{"item_id": i.item_id, **({"reason": i.reason} if i.reason else {}),
                           **(i.detail or {})} for i in journal.items(state)]
        out["counts"] = journal.counts()
        self.emit(out)
        return out
