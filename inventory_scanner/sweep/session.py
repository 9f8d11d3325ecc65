"""One handheld sweep, sans-I/O: inventory rounds in, commands and staff news out.

The I/O shell (:mod:`.shell`) runs rounds and calls :meth:`SweepSession.round` with the UIDs
that answered; the session answers with events (:mod:`.events`). Reads reach the core's
:class:`~inventory_scanner.reconcile.Reconciler`, which places each book by the mean time it was
read; this session adds what a walk along real shelves needs:

* UID-only rounds: a UID the shelf list knows is an item at once; any other UID is read once
  (:class:`ReadTag`) and its sightings wait for the answer (an item by id, a shelf marker,
  a blank or another library's tag).
* The security marker without reading it per tag: every ``afi_every``-th round asks only for
  the in-library AFI; a tag that answers those is confirmed, one that stays silent in two while
  in the field is asked its AFI (:class:`CheckAfi`).
* Shelf markers set the current range; progress per range (expected vs seen).
* Passes: after the first, the ranges with gaps (:class:`Gaps`); a later pass's reads of books
  the first one missed are put on the first pass's time line (:class:`~.align.TimeMap`), so
  the shelf order stays right.
* On-the-spot fix (``fix_markers``): a tag whose AFI disagrees with its item's status gets the
  right one (:class:`FixMarker`), written and read back; only a matching read-back counts.
* :meth:`finish` — the core's report, plus the sweep's ranges, passes and rounds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from drivers.tags.item import Item
from drivers.tags.marker import MarkerSettings
from inventory_scanner.callnumbers import AuthorNumber, Scheme
from inventory_scanner.findings import ON_SHELF, STATUS_FINDINGS, in_target
from inventory_scanner.reconcile import Reconciler, Target
from inventory_scanner.shelflist import ShelfItem, ShelfList
from inventory_scanner.sweep.align import TimeMap
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
from inventory_scanner.sweep.ranges import RangeBook, marker_of

__all__ = ["SweepSession"]



@dataclass(slots=True)
class _Tag:
    index: int | None = None  # shelf-list item
    state: str = "known"  # known (by UID), pending (memory being read), item, marker, unknown
    item: Item | None = None
    afi: int | None = None  # confirmed
    first_afi_round: int | None = None  # in-library rounds done when it first answered (this pass)
    afi_asked: bool = False
    last_round: int = -100
    waiting: list[tuple[float, int | None, int]] = field(default_factory=list)  # (t, afi, pass)


class SweepSession:
    """A sweep over ``shelf``; see the module doc."""

    def __init__(self, shelf: ShelfList, *, scheme: Scheme = "ccl", author_number: AuthorNumber = "decimal",
                 marker: MarkerSettings | None = None, target: Target | None = None,
                 library_isil: str | None = None, afi_every: int = 3, progress_every: int = 10,
                 jitter: float = 1.5, max_jitter: float = 4.0, fix_markers: bool = False) -> None:
        self.marker = marker or MarkerSettings()
        self.rec = Reconciler(shelf, scheme=scheme, author_number=author_number, marker=self.marker,
                              target=target, library_isil=library_isil)
        self.shelf = shelf
        self.afi_every = afi_every
        self.progress_every = progress_every
        self.jitter = jitter
        self.max_jitter = max_jitter  # book widths: one read places a book only within the field
        self.fix_markers = fix_markers
        self.fixes: list[dict[str, Any]] = []
        self._by_uid = shelf.uid_index()
        self._by_id = shelf.id_index()
        self._tags: dict[str, _Tag] = {}
        self.sweep_pass = 1
        self._in_pass = False  # rounds since the last end_pass
        self.rounds = 0
        self.afi_rounds = 0
        self.answers = 0
        self.current: str | None = None  # the range the wand is in
        self.ranges = RangeBook(self.rec, self._on_shelf_target)
        self._range_times: list[tuple[float, int, str]] = []  # (t, pass, label)
        self._first_pass: set[str] = set()  # UIDs read in pass 1
        self._later: dict[str, list[tuple[float, int | None]]] = {}  # later-pass reads, not in pass 1
        self._anchor: dict[str, list[float]] = {}  # later-pass [sum t, count] of pass-1 tags
        self._late_afi: dict[str, tuple[float, int]] = {}  # later-pass AFI of pass-1 tags
        self._later_seen: set[int] = set()
        self._reported: set[str] = set()

    # -- helpers -----------------------------------------------------------------------------
    def _on_shelf_target(self, index: int) -> bool:
        return (self.shelf.items[index].status in ON_SHELF
                and in_target(self.rec, self.rec.resolved_target())(index))

    def seen_indices(self) -> set[int]:
        """Shelf-list items seen so far, in any pass."""
        return set(self.rec.seen()) | self._later_seen

    def round_afi(self) -> int | None:
        """The AFI the next round asks for (None: every tag)."""
        return self.marker.afi_in_library if self.rounds % self.afi_every == self.afi_every - 1 else None

    # -- events in ---------------------------------------------------------------------------
    def round(self, t: float, uids: list[str], afi: int | None = None) -> list[Event]:
        """One inventory round at ``t`` (asking for ``afi``) answered by ``uids``."""
        out: list[Event] = []
        self.rounds += 1
        self._in_pass = True
        self.answers += len(uids)
        for uid in uids:
            tag = self._tags.get(uid)
            if tag is None:
                tag = self._meet(uid, out)
            confirmed = None
            if afi is not None and tag.afi is None:
                tag.afi = confirmed = afi
                self._check_security(uid, tag, out)
            elif afi is not None:
                confirmed = afi
            if afi is None:
                if tag.first_afi_round is None:
                    tag.first_afi_round = self.afi_rounds
                tag.last_round = self.rounds
                if (tag.afi is None and not tag.afi_asked and tag.index is not None
                        and self.afi_rounds - tag.first_afi_round >= 2):
                    tag.afi_asked = True  # silent in two in-library rounds while here: ask it
                    out.append(CheckAfi(uid))
            self._sight(t, uid, tag, confirmed, out)
        if afi is not None:
            self.afi_rounds += 1
        if self.current is not None and self.rounds % self.progress_every == 0:
            out.append(self.progress(self.current))
        return out

    def tag_data(self, t: float, uid: str, item: Item | None, *, error: str | None = None) -> list[Event]:
        """The answer to :class:`ReadTag`: the decoded data, or None and why (unreadable data;
        ``error="absent"`` when the tag had gone: it is read again when it answers again)."""
        out: list[Event] = []
        tag = self._tags[uid]
        if item is None and error == "absent":
            tag.state = "retry"
            return out
        waiting, tag.waiting = tag.waiting, []
        if item is None:
            tag.state = "unknown"
            self._problem("unknown_tag", uid, tag, out, reason="unreadable", error=error)
        elif (found := marker_of(item)) is not None:
            tag.state, tag.item = "marker", item
            label, start = found
            self.ranges.meet(label, start)
            when = waiting[0][0] if waiting else t
            self._enter(label, start, when, out)
            return out
        else:
            tag.state, tag.item = "item", item
            tag.index = self._resolve(item)
            if tag.index is None:
                self._unknown_problem(uid, tag, item, out)
            else:
                self._status_problems(uid, tag, out)
                self._check_security(uid, tag, out)
        for when, afi, sweep_pass in waiting:
            self._sink(when, uid, tag, afi, sweep_pass)
        return out

    def learn(self, item: ShelfItem) -> bool:
        """Add an item the shelf list lacked (the shell asked the centre about a tag whose data
        names it: a book of another range, say), so it is found where it stands and said to be
        misplaced rather than unknown. False if the list already has it (nothing changes)."""
        if item.item_id in self._by_id:
            return False
        self.shelf.extend([item])
        return item.item_id in self._by_id

    def afi_read(self, t: float, uid: str, afi: int | None) -> list[Event]:
        """The answer to :class:`CheckAfi` (None: the tag did not answer)."""
        out: list[Event] = []
        tag = self._tags[uid]
        if afi is None:
            tag.afi_asked = False
            tag.first_afi_round = None
            return out
        tag.afi = afi
        self._sink(t, uid, tag, afi, self.sweep_pass)
        self._check_security(uid, tag, out)
        return out

    def end_pass(self) -> list[Event]:
        """The wand was lifted: the gaps so far, and the next reads belong to a new pass."""
        out: list[Event] = []
        if self.current is not None:
            out.append(self.progress(self.current))
        gaps = []
        seen = self.seen_indices()
        for label, start in self.ranges.starts.items():
            expected = self.ranges.expected(label) or []
            missing = [self.shelf.items[i] for i in expected if i not in seen]
            if missing:
                gaps.append({"range": label, "start": start, "expected": len(expected),
                             "missing": [{"item_id": m.item_id, "call_number": m.call_number} for m in missing]})
        out.append(Gaps(self.sweep_pass, tuple(gaps)))
        self.sweep_pass += 1
        self._in_pass = False
        self.current = None
        for tag in self._tags.values():
            tag.last_round = -100
            tag.first_afi_round = None
        return out

    # -- inside ------------------------------------------------------------------------------
    def _meet(self, uid: str, out: list[Event]) -> _Tag:
        index = self._by_uid.get(uid)
        tag = _Tag(index=index, state="known" if index is not None else "pending")
        self._tags[uid] = tag
        if index is None:
            out.append(ReadTag(uid))
        else:
            self._status_problems(uid, tag, out)
        return tag

    def _sight(self, t: float, uid: str, tag: _Tag, afi: int | None, out: list[Event]) -> None:
        if tag.state in ("pending", "retry"):
            tag.waiting.append((t, afi, self.sweep_pass))
            if tag.state == "retry":
                tag.state = "pending"
                out.append(ReadTag(uid))
            return
        if tag.state == "marker":
            label, start = marker_of(tag.item)  # type: ignore[arg-type, misc]
            if self.current != label:
                self._enter(label, start, t, out)
            return
        self._sink(t, uid, tag, afi, self.sweep_pass)

    def _sink(self, t: float, uid: str, tag: _Tag, afi: int | None, sweep_pass: int) -> None:
        """A sighting to the reconciler (first pass) or kept to be aligned (later passes)."""
        if sweep_pass == 1:
            self._first_pass.add(uid)
            self.rec.feed_tag(t, uid, tag.item if tag.state != "known" else None, afi)
        elif uid in self._first_pass:
            anchor = self._anchor.setdefault(uid, [0.0, 0])
            anchor[0] += t
            anchor[1] += 1
            if afi is not None:
                self._late_afi[uid] = (t, afi)  # the marker learnt (or fixed) later reaches the report
        else:
            self._later.setdefault(uid, []).append((t, afi))
            if tag.index is not None:
                self._later_seen.add(tag.index)

    def _enter(self, label: str, start: str | None, t: float, out: list[Event]) -> None:
        if self.current is not None and self.current != label:
            out.append(self.progress(self.current))
        self.current = label
        self._range_times.append((t, self.sweep_pass, label))
        out.append(RangeEntered(label, start, t, self.sweep_pass))

    def progress(self, label: str) -> Progress:
        expected = self.ranges.expected(label)
        seen = self.seen_indices()
        return Progress(label, None if expected is None else len(expected),
                        sum(1 for i in expected or () if i in seen), self.sweep_pass)

    def _problem(self, problem: str, uid: str, tag: _Tag, out: list[Event], **detail: Any) -> None:
        key = f"{problem}/{uid}"
        if key in self._reported:
            return
        self._reported.add(key)
        item = self.shelf.items[tag.index] if tag.index is not None else None
        out.append(Problem(problem, uid, item.item_id if item else (tag.item.primary_item_id or None) if tag.item else None,
                           item.call_number if item else None, self.current,
                           {k: v for k, v in detail.items() if v is not None}))

    def _resolve(self, item: Item) -> int | None:
        """The shelf-list item a tag's data names (None: blank, another library's, no such item)."""
        isil = self.rec.library_isil
        if item.is_blank or not item.primary_item_id:
            return None
        if item.owner_library and isil is not None and item.owner_library != isil:
            return None
        return self._by_id.get(item.primary_item_id)

    def _unknown_problem(self, uid: str, tag: _Tag, item: Item, out: list[Event]) -> None:
        isil = self.rec.library_isil
        if item.is_blank or not item.primary_item_id:
            reason = "blank"
        elif item.owner_library and isil is not None and item.owner_library != isil:
            reason = "foreign"
        else:
            reason = "no_such_item"
        self._problem("unknown_tag", uid, tag, out, reason=reason, owner=item.owner_library)

    def _status_problems(self, uid: str, tag: _Tag, out: list[Event]) -> None:
        assert tag.index is not None
        item = self.shelf.items[tag.index]
        target = self.rec.resolved_target()
        if not in_target(self.rec, target)(tag.index):
            self._problem("misplaced", uid, tag, out, belongs={"branch": item.branch, "location": item.location,
                                                               "range": self.rec.number(tag.index).division})
        finding = STATUS_FINDINGS.get(item.status)
        if finding is not None:
            self._problem(finding, uid, tag, out, status=item.status)

    def _check_security(self, uid: str, tag: _Tag, out: list[Event]) -> None:
        if tag.index is None or tag.afi is None:
            return
        item = self.shelf.items[tag.index]
        if item.status == "withdrawn":
            return
        should = "on_loan" if item.status == "on_loan" else "in_library"
        if self.marker.state(tag.afi) != should:
            right = self.marker.afi(on_loan=should == "on_loan")
            self._problem("security_mismatch", uid, tag, out, afi=tag.afi, status=item.status,
                          expected_afi=right)
            if self.fix_markers and f"fix/{uid}" not in self._reported:
                self._reported.add(f"fix/{uid}")
                out.append(FixMarker(uid, right))

    def marker_written(self, t: float, uid: str, wanted: int, back: int | None) -> list[Event]:
        """The answer to :class:`FixMarker`: the AFI read back after the write (None: no answer).
        Only a read-back equal to what was written counts as fixed (as the kiosk's invariant 2)."""
        tag = self._tags[uid]
        before = tag.afi
        verdict = "ok" if back == wanted else ("unknown" if back is None else "unchanged")
        if back is not None:
            tag.afi = back
            self._sink(t, uid, tag, back, self.sweep_pass)
        item_id = self.shelf.items[tag.index].item_id if tag.index is not None else ""
        fixed = MarkerFixed(uid, item_id, before, back, verdict)
        self.fixes.append(fixed.to_json())
        return [fixed]

    # -- the end -----------------------------------------------------------------------------
    def _align(self) -> TimeMap:
        """Feed the later passes' reads of books the first pass missed, on its time line."""
        first = self.rec.seen()
        anchors = []
        for uid, (total, count) in self._anchor.items():
            index = self._tags[uid].index
            if index is not None and index in first:
                anchors.append((total / count, self.rec.seen_at(index)))
        to_first = TimeMap(anchors)
        for uid, reads in self._later.items():
            tag = self._tags[uid]
            for t, afi in reads:
                self.rec.feed_tag(to_first(t), uid, tag.item if tag.state != "known" else None, afi)
        for uid, (t, afi) in self._late_afi.items():
            tag = self._tags[uid]
            self.rec.feed_tag(to_first(t), uid, tag.item if tag.state != "known" else None, afi)
        self._later.clear()
        self._later_seen.clear()
        self._late_afi.clear()
        return to_first

    def _drop_jitter(self, report: dict[str, Any]) -> None:
        """Take back moves that are only read-time noise: a book whose estimated place is within
        ``jitter`` × √2 book widths of the gap it should stand in (more where it or a neighbour
        was read less often than most, at most ``max_jitter``) is not out of order: two
        neighbours were read in swapped order. A book truly out of place stands further away.
        They are listed under ``sweep_order_noise``, and the KPIs counted again."""
        seen = self.rec.seen()
        times = sorted(self.rec.seen_at(i) for i in seen)
        gaps = sorted(b - a for a, b in zip(times, times[1:], strict=False) if b > a)
        if not gaps:
            report["sweep_order_noise"] = []
            return
        gap = gaps[len(gaps) // 2]
        counts = sorted(entry[1] for entry in seen.values())
        usual = counts[len(counts) // 2]
        kept, noise = [], []
        for move in report["moves"]:
            at = move["seen_at"]
            # a book read less often is placed less surely (the mean's error ~ 1/sqrt(reads)),
            # and so is the gap it belongs in if a neighbour was: the errors add up
            own = usual / max(self._reads_of(move["item_id"], usual), 1)
            near = max(usual / max(self._reads_of(move[key], usual), 1) for key in ("after", "before"))
            tolerance = gap * min(self.max_jitter, self.jitter * (own + near) ** 0.5)
            low = self._time_of(move["after"], at)
            high = self._time_of(move["before"], at)
            nearest = min(max(at, min(low, high)), max(low, high))
            (noise if abs(at - nearest) <= tolerance else kept).append(move)
        report["moves"] = kept
        report["sweep_order_noise"] = noise
        kpi = report["kpi"]
        kpi["moves"] = len(kept)
        if kpi.get("seen"):
            kpi["misshelf_rate"] = round((len(kept) + kpi["misplaced"]) / kpi["seen"], 4)

    def _reads_of(self, item_id: str | None, default: int) -> int:
        index = self._by_id.get(item_id) if item_id is not None else None
        seen = self.rec.seen()
        return seen[index][1] if index is not None and index in seen else default

    def _time_of(self, item_id: str | None, default: float) -> float:
        index = self._by_id.get(item_id) if item_id is not None else None
        if index is None or index not in self.rec.seen():
            return default
        return self.rec.seen_at(index)

    def finish(self) -> dict[str, Any]:
        """The core's report of the whole sweep, with the sweep's own ranges and counts."""
        to_first = self._align()
        marks = sorted((t if p == 1 else to_first(t), label) for t, p, label in self._range_times)
        firsts: dict[str, float] = {}
        for t, label in marks:
            firsts.setdefault(label, t)
        along = sorted((t, label) for label, t in firsts.items())

        def shelf_range(seen_at: float | None) -> str | None:
            label = None
            for t, name in along:
                if seen_at is not None and t <= seen_at:
                    label = name
            return label

        report = self.rec.report()
        self._drop_jitter(report)
        for entry in (*report["moves"], *report["misplaced"]):
            entry["shelf_range"] = shelf_range(entry.get("seen_at"))
        seen = set(self.rec.seen())
        ranges = []
        for label, start in sorted(self.ranges.starts.items(), key=lambda kv: firsts.get(kv[0], 0.0)):
            expected = self.ranges.expected(label) or []
            found = [i for i in expected if i in seen]
            ranges.append({"range": label, "start": start, "expected": len(expected), "found": len(found),
                           "missing": [self.shelf.items[i].item_id for i in expected if i not in seen]})
        passes = self.sweep_pass if self._in_pass else self.sweep_pass - 1
        report["sweep"] = {"passes": passes, "rounds": self.rounds, "answers": self.answers,
                           "ranges": ranges, "problems": len(self._reported), "marker_fixes": self.fixes}
        return report
