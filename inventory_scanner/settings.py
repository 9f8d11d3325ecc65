"""The ``[inventory]`` section: how this library files and reports (typed, validated).

The AFI values a sweep checks come from ``[security]`` (:class:`drivers.tags.marker.MarkerSettings`)
and the branch from ``[device]`` (:class:`sync.device.DeviceSettings`); only what is the
inventory's own lives here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from inventory_scanner.shelflist.csv_source import COLUMNS
from inventory_scanner.shelflist.marc_source import LOCAL_095

__all__ = ["InventorySettings"]


class InventorySettings(BaseModel):
    """The ``[inventory]`` section."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    #: call-number scheme of the shelves: ccl (中國圖書分類法), dewey or lc
    scheme: Literal["ccl", "dewey", "lc"] = "ccl"
    #: how author numbers compare (ccl): decimal (8345 < 835) or integer (835 < 8345)
    author_number: Literal["decimal", "integer"] = "decimal"
    #: language of the printable report
    language: Literal["zh-TW", "en"] = "zh-TW"
    #: subfield code of each shelf-list column in the local MARC 095 field
    marc_095: dict[str, str] = Field(default_factory=lambda: dict(LOCAL_095))

    @field_validator("marc_095")
    @classmethod
    def _known_columns(cls, value: dict[str, str]) -> dict[str, str]:
        for column, code in value.items():
            if column not in COLUMNS:
                raise ValueError(f"marc_095: {column!r} is not a shelf-list column ({', '.join(COLUMNS)})")
            if len(code) != 1 or not code.isalnum():
                raise ValueError(f"marc_095.{column}: {code!r} is not one subfield code")
        if "item_id" not in value:
            raise ValueError("marc_095 needs an item_id subfield")
        return value

    @classmethod
    def from_section(cls, section: Mapping[str, Any] | None) -> InventorySettings:
        """Validated settings from a config section (missing keys take the defaults).

        :raises pydantic.ValidationError: naming the key that is wrong.
        """
        return cls.model_validate(dict(section or {}))
