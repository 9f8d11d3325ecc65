"""What a :class:`drivers.pad.Pad` tells its listener: typed events, one class per kind (h11 style).

``at`` is ``time.monotonic()`` of the inventory round that noticed the change.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Event", "ReaderBack", "ReaderLost", "TagEntered", "TagLeft"]


@dataclass(frozen=True, kw_only=True)
class TagEntered:
    """A tag came onto the pad (debounced); ``dsfid`` as its inventory reported it."""

    uid: str
    dsfid: int
    at: float


@dataclass(frozen=True, kw_only=True)
class TagLeft:
    """A tag missed enough rounds in a row to count as lifted."""

    uid: str
    at: float


@dataclass(frozen=True, kw_only=True)
class ReaderLost:
    """The reader stopped answering (unplugged); the tags' state is kept across the gap."""

    error: str
    at: float


@dataclass(frozen=True, kw_only=True)
class ReaderBack:
    """The reader answers again after :class:`ReaderLost`."""

    at: float


Event = TagEntered | TagLeft | ReaderLost | ReaderBack
