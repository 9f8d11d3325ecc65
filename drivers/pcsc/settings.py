"""The PC/SC patron-card reader's options as typed, validated settings: the ``[pcsc]`` section.

Its field defaults are the section's only defaults; :class:`drivers.pcsc.patron.IdentifyOptions`
and the kiosk's card adapter are built from it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["PcscSettings", "Source"]

#: where a patron identifier may come from, in the order tried (see :mod:`drivers.pcsc.patron`)
Source = Literal["ndef", "iso28560-3", "uid"]


class PcscSettings(BaseModel):
    """Which reader to watch, where the patron id is read from, and how a UID is printed."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    #: ``pcsc://NAME`` (``*`` = the first reader); ``[kiosk] card_url`` overrides it
    reader: str = "pcsc://*"
    #: tried in this order; a non-empty subset of ``ndef``, ``iso28560-3``, ``uid``
    sources: tuple[Source, ...] = Field(("ndef", "iso28560-3", "uid"), min_length=1)
    #: ``msb`` = as the card sends it, ``lsb`` = reversed
    uid_byte_order: Literal["msb", "lsb"] = "msb"
    #: ``hex`` (upper case) or ``decimal`` (the ordered bytes as a big-endian number)
    uid_rendering: Literal["hex", "decimal"] = "hex"
    #: zero-pad a decimal UID to this many digits (0 = no padding)
    uid_width: int = Field(0, ge=0, le=40)
    #: seconds one APDU may take before the card counts as gone
    apdu_timeout_s: float = Field(2.0, gt=0)

    @classmethod
    def from_section(cls, section: Mapping[str, Any] | None) -> PcscSettings:
        """Validated settings from a config section (missing keys take the defaults).

        :raises pydantic.ValidationError: naming the key that is wrong.
        """
        return cls.model_validate(dict(section or {}))
