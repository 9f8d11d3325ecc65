"""What a sweep session says (sans-I/O): commands for the I/O shell and news for staff (:class:`MarkerFixed` too).

Commands — :class:`ReadTag` (read this unknown tag's memory), :class:`CheckAfi` (read this tag's
AFI), :class:`FixMarker` (write the right AFI and read it back) — are answered by the shell through the session's methods. News — :class:`RangeEntered`,
:class:`Progress`, :class:`Problem`, :class:`Gaps` — go to the screen or the JSON lines.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

__all__ = ["CheckAfi", "Event", "FixMarker", "Gaps", "MarkerFixed", "Problem", "Progress", "RangeEntered",
           "ReadTag"]


@dataclass(frozen=True, slots=True)
class ReadTag:
    """Read the memory of a tag the shelf list does not know by UID."""

    uid: str
    dsfid: int | None = None
    kind: str = "read_tag"

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class CheckAfi:
    """Read one tag's AFI: it stayed silent in rounds that asked for the in-library AFI."""

    uid: str
    kind: str = "check_afi"

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class FixMarker:
    """Write ``afi`` on this tag and read it back: its marker disagrees with its item's status."""

    uid: str
    afi: int
    kind: str = "fix_marker"

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class MarkerFixed:
    """The outcome of a :class:`FixMarker`: ``verdict`` ok (read back as written), unchanged
    (still the old AFI) or unknown (the tag did not answer the read-back)."""

    uid: str
    item_id: str
    afi_before: int | None
    afi: int | None
    verdict: str
    kind: str = "marker_fixed"

    def to_json(self) -> dict[str, Any]:
        return {"event": "marker_fixed", "uid": self.uid, "item_id": self.item_id,
                "afi_before": self.afi_before, "afi": self.afi, "verdict": self.verdict}


@dataclass(frozen=True, slots=True)
class RangeEntered:
    """A shelf-marker tag answered: the wand is at the start of range ``range``."""

    range: str
    start: str | None
    t: float
    sweep_pass: int
    kind: str = "range"

    def to_json(self) -> dict[str, Any]:
        return {"event": "range", "range": self.range, "start": self.start, "t": round(self.t, 3),
                "pass": self.sweep_pass}


@dataclass(frozen=True, slots=True)
class Progress:
    """Expected vs seen in one range (``expected`` None while the range's end is unknown)."""

    range: str
    expected: int | None
    seen: int
    sweep_pass: int
    kind: str = "progress"

    def to_json(self) -> dict[str, Any]:
        return {"event": "progress", "range": self.range, "expected": self.expected, "seen": self.seen,
                "pass": self.sweep_pass}


@dataclass(frozen=True, slots=True)
class Problem:
    """Something staff should look at now (one per tag per sweep): ``problem`` is
    misplaced, on_loan_on_shelf, found_again, withdrawn_on_shelf, in_transit_on_shelf,
    security_mismatch or unknown_tag; ``detail`` says where it belongs, what AFI, why unknown."""

    problem: str
    uid: str
    item_id: str | None
    call_number: str | None
    range: str | None
    detail: dict[str, Any] = field(default_factory=dict)
    kind: str = "problem"

    def to_json(self) -> dict[str, Any]:
        return {"event": "problem", "problem": self.problem, "uid": self.uid, "item_id": self.item_id,
                "call_number": self.call_number, "range": self.range, **self.detail}


@dataclass(frozen=True, slots=True)
class Gaps:
    """After a pass: the ranges with expected items not seen yet, to walk again."""

    sweep_pass: int
    ranges: tuple[dict[str, Any], ...]
    kind: str = "gaps"

    def to_json(self) -> dict[str, Any]:
        return {"event": "gaps", "pass": self.sweep_pass, "ranges": list(self.ranges)}


Event = ReadTag | CheckAfi | FixMarker | MarkerFixed | RangeEntered | Progress | Problem | Gaps
