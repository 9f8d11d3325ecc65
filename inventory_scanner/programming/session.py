"""Programming one item's tag(s), sans-I/O (h11 style): results in, commands out.

For each assigned tag, in part order: write the image → read it back → compare → write the
DSFID (only where the model prescribes one and the reader can) → write the AFI → (lock the AFI
and blocks, when asked and the reader can) → done. The image is read back
because a multi-block write can be cut short between blocks; a Write AFI is one command the tag
answers only after programming it (an error flag otherwise), so its answer is its verification. A
read-back that differs or fails (the tag left the pad mid-write, the write was cut short) is
written again, up to ``attempts`` writes per tag. A tag the batch journal says was being
written before a crash is *read first*: if it already holds the image, it is not written again.

The shell (:mod:`inventory_scanner.programming.station`) performs each :data:`Command` and
feeds what happened back with :meth:`ItemSession.feed`; :attr:`ItemSession.result` is set when
the item is finished. Nothing here touches a reader, a file or a clock.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from inventory_scanner.programming.plan import Assignment, PartPlan, SeenTag

__all__ = ["AfiRead", "Command", "Failed", "ItemResult", "ItemSession", "LockAfi", "LockBlocks",
           "Note", "Ok", "ReadAfi", "ReadBack", "ReadBackData", "TagResult", "WriteAfi",
           "WriteDsfid", "WriteImage"]


# --- commands (out) --------------------------------------------------------------------------
@dataclass(frozen=True, kw_only=True)
class WriteImage:
    """Write ``image`` from block 0 (no verification: :class:`ReadBack` follows)."""

    uid: str
    image: bytes


@dataclass(frozen=True, kw_only=True)
class ReadBack:
    uid: str
    size: int


@dataclass(frozen=True, kw_only=True)
class WriteAfi:
    uid: str
    afi: int


@dataclass(frozen=True, kw_only=True)
class WriteDsfid:
    """Write the DSFID (answered only once programmed, like a Write AFI: its answer verifies it)."""

    uid: str
    dsfid: int


@dataclass(frozen=True, kw_only=True)
class ReadAfi:
    """Read the AFI (and the DSFID) back: on resume, what a tag already holds."""

    uid: str


@dataclass(frozen=True, kw_only=True)
class LockBlocks:
    """Lock blocks ``first`` .. ``first + count - 1`` for good."""

    uid: str
    first: int
    count: int


@dataclass(frozen=True, kw_only=True)
class LockAfi:
    uid: str


Command = WriteImage | ReadBack | WriteDsfid | WriteAfi | ReadAfi | LockBlocks | LockAfi


# --- events (in) -----------------------------------------------------------------------------
class Why(enum.StrEnum):
    """Why a command failed, as the shell tells it from the driver's error."""

    GONE = "gone"  # the tag did not answer (left the field)
    LOCKED = "locked"  # locked blocks / AFI
    PROTECTED = "protected"  # password-protected AFI/EAS
    UNSUPPORTED = "unsupported"  # the reader cannot do it
    ERROR = "error"  # anything else the reader or tag reported


@dataclass(frozen=True, kw_only=True)
class Ok:
    """The command was done (writes, locks)."""

    uid: str


@dataclass(frozen=True, kw_only=True)
class ReadBackData:
    uid: str
    data: bytes


@dataclass(frozen=True, kw_only=True)
class AfiRead:
    """The tag's AFI and, when it reports one, its DSFID."""

    uid: str
    afi: int
    dsfid: int | None = None


@dataclass(frozen=True, kw_only=True)
class Failed:
    uid: str
    why: Why
    detail: str = ""


Event = Ok | ReadBackData | AfiRead | Failed


# --- what it tells staff -----------------------------------------------------------------------
@dataclass(frozen=True, kw_only=True)
class Note:
    """A progress line: ``kind`` one of ``writing``, ``rewrite``, ``verified``, ``resumed``,
    ``dsfid``, ``afi``, ``locked``."""

    kind: str
    uid: str
    part: int
    detail: str = ""


@dataclass(frozen=True, kw_only=True)
class TagResult:
    uid: str
    part: int
    model: str
    afi: int
    writes: int
    locked: bool = False
    retag: bool = False


@dataclass(frozen=True, kw_only=True)
class ItemResult:
    """``status``: ``done`` (every tag verified), ``failed`` (``reason``, ``message``)."""

    item_id: str
    status: str
    tags: tuple[TagResult, ...] = ()
    reason: str | None = None
    message: str | None = None


_MESSAGES = {
    Why.LOCKED: "its blocks, DSFID or AFI are locked: this tag cannot be reprogrammed; use a new tag",
    Why.PROTECTED: "its AFI/EAS is password protected: unlock it or use a new tag",
    Why.GONE: "the tag left the pad: place it again",
    Why.UNSUPPORTED: "this reader cannot do that",
}


class _Step(enum.Enum):
    CHECK = "check"  # resumed: read what is on the tag first
    WRITE = "write"
    VERIFY = "verify"
    DSFID = "dsfid"
    AFI = "afi"
    AFI_CHECK = "afi_check"
    LOCK_BLOCKS = "lock_blocks"
    LOCK_AFI = "lock_afi"
    DONE = "done"


@dataclass
class _Tag:
    plan: PartPlan
    seen: SeenTag
    image: bytes
    retag: bool
    resumed: bool
    step: _Step = _Step.WRITE
    writes: int = 0
    locked: bool = False
    afi_writes: int = 0
    dsfid_writes: int = 0
    afi_ok: bool = False  # resumed: the AFI read back was right already


@dataclass
class ItemSession:
    """One item's tags through write, verify, AFI and lock.

    :param afi: the AFI to set (the item's status: :class:`drivers.tags.marker.MarkerSettings`).
    :param lock: lock the written blocks and the AFI for good (only where ``can_lock_*``).
    :param can_write_dsfid: the reader writes DSFIDs; a part whose model prescribes one
        (:attr:`PartPlan.dsfid`) gets it written after the verified image.
    :param attempts: writes per tag before it is given up (a lifted tag is written again).
    :param resumed: UIDs the batch journal says were being written: read before writing.
    :param memory_size: the tag's user memory in bytes per UID, for re-tags: the image is
        padded with zeros to it so no old data survives behind the new.
    """

    assignment: Assignment
    afi: int
    lock: bool = False
    can_lock_blocks: bool = False
    can_lock_afi: bool = False
    can_write_dsfid: bool = False
    attempts: int = 3
    resumed: frozenset[str] = frozenset()
    memory_size: dict[str, int] = field(default_factory=dict)
    notes: list[Note] = field(default_factory=list)
    result: ItemResult | None = None

    def __post_init__(self) -> None:
        self._tags: list[_Tag] = []
        for plan, seen in self.assignment.pairs:
            retag = seen.uid in self.assignment.retag
            image = plan.image
            size = self.memory_size.get(seen.uid)
            if retag and size and size > len(image):
                image = image.ljust(size, b"\x00")
            resumed = seen.uid in self.resumed
            self._tags.append(_Tag(plan=plan, seen=seen, image=image, retag=retag,
                                   resumed=resumed,
                                   step=_Step.CHECK if resumed else _Step.WRITE))
        self._at = 0
        self.item_id = self.assignment.pairs[0][0].item_id

    # -- the protocol ---------------------------------------------------------------------------
    def start(self) -> Command | None:
        """The first command (None: nothing to do, :attr:`result` is set)."""
        return self._command()

    def feed(self, event: Event) -> Command | None:
        """What happened to the last command; returns the next one, or None when finished."""
        if self.result is not None:
            raise RuntimeError("the item is finished")
        tag = self._tags[self._at]
        if event.uid != tag.seen.uid:
            raise ValueError(f"event for {event.uid}, expected {tag.seen.uid}")
        if isinstance(event, Failed):
            return self._failed(tag, event)
        step = tag.step
        if step in (_Step.CHECK, _Step.VERIFY):
            assert isinstance(event, ReadBackData)
            if event.data[:len(tag.image)] == tag.image:
                self._note("resumed" if step is _Step.CHECK else "verified", tag,
                           "already written before the restart" if step is _Step.CHECK else "")
                tag.step = _Step.AFI_CHECK if step is _Step.CHECK else self._after_verify(tag)
            elif step is _Step.CHECK:
                tag.step = _Step.WRITE
            else:
                return self._rewrite(tag, "the read-back differs from what was written")
        elif step is _Step.WRITE:
            tag.writes += 1
            tag.step = _Step.VERIFY
        elif step is _Step.DSFID:  # answered only once programmed, as a Write AFI is
            tag.dsfid_writes += 1
            self._note("dsfid", tag, f"{tag.plan.dsfid:02X}")
            if tag.afi_ok:
                self._note("afi", tag, f"{self.afi:02X}")
                tag.step = self._after_afi()
            else:
                tag.step = _Step.AFI
        elif step is _Step.AFI:  # the tag answers a Write AFI only once it is programmed
            tag.afi_writes += 1
            self._note("afi", tag, f"{self.afi:02X}")
            tag.step = self._after_afi()
        elif step is _Step.AFI_CHECK:
            assert isinstance(event, AfiRead)
            if self._wants_dsfid(tag) and event.dsfid != tag.plan.dsfid:
                tag.afi_ok = event.afi == self.afi
                tag.step = _Step.DSFID
            elif event.afi != self.afi:
                if tag.afi_writes >= self.attempts:
                    return self._fail(tag, "afi", f"the AFI reads {event.afi:02X}, not {self.afi:02X}")
                tag.step = _Step.AFI
            else:
                self._note("afi", tag, f"{self.afi:02X}")
                tag.step = self._after_afi()
        elif step is _Step.LOCK_BLOCKS:
            tag.step = _Step.LOCK_AFI if self.can_lock_afi else _Step.DONE
            tag.locked = True
        elif step is _Step.LOCK_AFI:
            tag.locked = True
            self._note("locked", tag, "blocks and AFI" if self.can_lock_blocks else "AFI")
            tag.step = _Step.DONE
        return self._command()

    # -- internals ----------------------------------------------------------------------------
    def _wants_dsfid(self, tag: _Tag) -> bool:
        return tag.plan.dsfid is not None and self.can_write_dsfid

    def _after_verify(self, tag: _Tag) -> _Step:
        if self._wants_dsfid(tag):
            return _Step.DSFID
        if tag.plan.dsfid is not None:  # staff should know: other systems may misread the tag
            self._note("dsfid", tag, f"not set: this reader cannot write the DSFID "
                                     f"({tag.plan.model} expects {tag.plan.dsfid:02X})")
        return _Step.AFI

    def _after_afi(self) -> _Step:
        if not self.lock:
            return _Step.DONE
        if self.can_lock_blocks:
            return _Step.LOCK_BLOCKS
        return _Step.LOCK_AFI if self.can_lock_afi else _Step.DONE

    def _command(self) -> Command | None:
        while self._at < len(self._tags):
            tag = self._tags[self._at]
            uid = tag.seen.uid
            if tag.step is _Step.DONE:
                self._at += 1
                continue
            if tag.step is _Step.CHECK:
                return ReadBack(uid=uid, size=len(tag.image))
            if tag.step is _Step.WRITE:
                if tag.writes == 0:
                    self._note("writing", tag, f"part {tag.plan.part} of {tag.plan.parts}")
                return WriteImage(uid=uid, image=tag.image)
            if tag.step is _Step.VERIFY:
                return ReadBack(uid=uid, size=len(tag.image))
            if tag.step is _Step.DSFID:
                assert tag.plan.dsfid is not None
                return WriteDsfid(uid=uid, dsfid=tag.plan.dsfid)
            if tag.step is _Step.AFI:
                return WriteAfi(uid=uid, afi=self.afi)
            if tag.step is _Step.AFI_CHECK:
                return ReadAfi(uid=uid)
            if tag.step is _Step.LOCK_BLOCKS:
                return LockBlocks(uid=uid, first=0, count=(len(tag.image) + 3) // 4)
            if tag.step is _Step.LOCK_AFI:
                return LockAfi(uid=uid)
        self.result = ItemResult(item_id=self.item_id, status="done", tags=tuple(
            TagResult(uid=t.seen.uid, part=t.plan.part, model=t.plan.model, afi=self.afi,
                      writes=t.writes, locked=t.locked, retag=t.retag) for t in self._tags))
        return None

    def _rewrite(self, tag: _Tag, why: str) -> Command | None:
        if tag.writes >= self.attempts:
            return self._fail(tag, "verify", f"{why} after {tag.writes} writes")
        tag.step = _Step.WRITE
        self._note("rewrite", tag, f"{why}: write {tag.writes + 1} of at most {self.attempts}")
        return self._command()

    def _failed(self, tag: _Tag, event: Failed) -> Command | None:
        step = tag.step
        if step in (_Step.WRITE, _Step.VERIFY, _Step.CHECK) and event.why in (Why.GONE, Why.ERROR):
            if step is _Step.WRITE:
                tag.writes += 1
            if step is _Step.CHECK:
                tag.step = _Step.WRITE
                return self._command()
            return self._rewrite(tag, f"the write was not confirmed ({event.detail or event.why})")
        if step is _Step.AFI_CHECK and event.why is Why.GONE and tag.afi_writes < self.attempts:
            tag.step = _Step.AFI
            return self._command()
        if step is _Step.DSFID and event.why is Why.GONE:
            tag.dsfid_writes += 1
            if tag.dsfid_writes < self.attempts:  # put back: write it again
                return self._command()
        return self._fail(tag, event.why.value, f"{_MESSAGES.get(event.why, event.detail)}"
                                                 + (f" ({event.detail})" if event.detail else ""))

    def _fail(self, tag: _Tag, reason: str, message: str) -> None:
        done = tuple(TagResult(uid=t.seen.uid, part=t.plan.part, model=t.plan.model,
                               afi=self.afi, writes=t.writes, locked=t.locked, retag=t.retag)
                     for t in self._tags[:self._at])
        self.result = ItemResult(item_id=self.item_id, status="failed", tags=done, reason=reason,
                                 message=f"tag {tag.seen.uid} (part {tag.plan.part}): {message}")
        return None

    def _note(self, kind: str, tag: _Tag, detail: str = "") -> None:
        self.notes.append(Note(kind=kind, uid=tag.seen.uid, part=tag.plan.part, detail=detail))
