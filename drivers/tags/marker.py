"""The security marker a library writes on its tags: the AFI (and optionally the NXP EAS bit).

ISO 28560-1 leaves the AFI values to the library: ``0x07`` on the shelf and ``0xC2`` on loan are
the defaults (3M sites used ``0xD7``/``0xDA``). Every station that arms or checks a tag — the
kiosk, the handheld sweep, the tag programming station — takes these values from the device's
``[security]`` section through :class:`MarkerSettings`, so they are defined once.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["MarkerSettings", "MarkerState"]

MarkerState = Literal["in_library", "on_loan", "unknown"]


class MarkerSettings(BaseModel):
    """The ``[security]`` section: which AFI means "in the library" and which "on loan"."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    afi_in_library: int = Field(0x07, ge=0, le=0xFF)
    afi_on_loan: int = Field(0xC2, ge=0, le=0xFF)
    #: set and verify the NXP EAS bit as well as the AFI
    use_eas: bool = False

    @classmethod
    def from_section(cls, section: Mapping[str, Any] | None) -> MarkerSettings:
        """Validated settings from a config section (missing keys take the defaults).

        :raises pydantic.ValidationError: naming the key that is wrong.
        """
        return cls.model_validate(dict(section or {}))

    def afi(self, *, on_loan: bool) -> int:
        """The AFI an item should carry in this loan state."""
        return self.afi_on_loan if on_loan else self.afi_in_library

    def state(self, afi: int | None) -> MarkerState:
        """What a tag's AFI says about it (``unknown`` for any other value or none)."""
        if afi == self.afi_on_loan:
            return "on_loan"
        if afi == self.afi_in_library:
            return "in_library"
        return "unknown"
