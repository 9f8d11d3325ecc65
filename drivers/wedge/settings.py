"""The wedge scanner's options as typed, validated settings: the ``[kiosk.wedge]`` section
(any station with a barcode/QR scanner in keyboard-wedge mode reads the same keys)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["WedgeSettings"]


class WedgeSettings(BaseModel):
    """Where the scanner types, and the scanner-speed rule that tells it from a person."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    #: ``evdev://PATH``, ``tty://PATH``, a path, ``stdin``, or ``""`` for no scanner
    url: str = ""
    #: shorter lines are never taken for a scanner (library barcodes are longer)
    min_length: int = Field(6, ge=1)
    #: a scanner's mean gap between keys is at most this many milliseconds
    max_gap_ms: float = Field(35.0, gt=0)
    #: also take lines a person typed (a keyboard on the same input)
    accept_typed: bool = False
    #: take the evdev device for ourselves, so the keys do not also reach the screen
    grab: bool = True

    @classmethod
    def from_section(cls, section: Mapping[str, Any] | None) -> WedgeSettings:
        """Validated settings from a config section (missing keys take the defaults).

        :raises pydantic.ValidationError: naming the key that is wrong.
        """
        return cls.model_validate(dict(section or {}))
