"""Who this device is: the ``[device]`` section every edge and centre process starts from.

The device id names the device on the wire (topics, credentials, transaction ids), so it lives
with the link; the kiosk, the handheld and the tag station take the same typed object.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from sync import fields

__all__ = ["DeviceSettings"]


class DeviceSettings(BaseModel):
    """The ``[device]`` section."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field("kiosk-01", min_length=1, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
    #: on every transaction: a wire id (no control character), refused here, not per message
    branch: Annotated[str, AfterValidator(lambda v: fields.identifier("branch", v))] = Field(
        "TPML-MAIN", min_length=1)
    library_isil: str = Field("TW-TPML", min_length=1)
    #: relative paths in other sections are taken from here
    data_dir: str = "var"

    @classmethod
    def from_section(cls, section: Mapping[str, Any] | None) -> DeviceSettings:
        """Validated settings from a config section (missing keys take the defaults).

        :raises pydantic.ValidationError: naming the key that is wrong.
        """
        return cls.model_validate(dict(section or {}))

    def path(self, name: str | Path) -> Path:
        """``name`` as a path: absolute as given, relative under :attr:`data_dir`."""
        p = Path(name)
        return p if p.is_absolute() else Path(self.data_dir) / p
