"""The ``[tagprog]`` section: how this library programs its tags (typed, validated).

The owner ISIL comes from ``[device]`` (:class:`sync.device.DeviceSettings` ``library_isil``)
and the AFI values from ``[security]`` (:class:`drivers.tags.marker.MarkerSettings`); only what
is the programming station's own lives here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["ProgrammingSettings"]


class ProgrammingSettings(BaseModel):
    """The ``[tagprog]`` section."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    #: the data model new tags get
    model: Literal["iso28560-3", "iso28560-2", "3m"] = "iso28560-3"
    #: ISO 28560 type of usage written (1 circulating, 2 not circulating, 0 acquisition)
    type_of_usage: int = Field(1, ge=0, le=15)
    #: lock the written blocks and the AFI — permanent: the tag can never be rewritten
    lock: bool = False
    #: writes per tag before it is given up (a tag lifted mid-write is written again)
    attempts: int = Field(3, ge=1, le=10)
    #: how long the tags on the pad must stay the same before a set counts as placed
    settle_s: float = Field(0.05, ge=0.0, le=5.0)
    #: how long to wait for a tag lifted mid-write to be put back before it is given up
    return_s: float = Field(5.0, ge=0.0, le=60.0)
    #: how long a batch waits for an item's tag(s) before it skips the item
    place_timeout_s: float = Field(60.0, gt=0.0)
    #: the batch journal (relative paths under ``[device] data_dir``)
    journal: str = "tagprog.sqlite"

    @classmethod
    def from_section(cls, section: Mapping[str, Any] | None) -> ProgrammingSettings:
        """Validated settings from a config section (missing keys take the defaults).

        :raises pydantic.ValidationError: naming the key that is wrong.
        """
        return cls.model_validate(dict(section or {}))
