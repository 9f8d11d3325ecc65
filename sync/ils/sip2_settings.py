"""The ``[central.sip2]`` table: how the centre reaches an existing ILS over SIP2 (the adapter's
policy and the :class:`~sync.ils.sip2.client.SIP2Client` link parameters). Defaults live here
only."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["Sip2Settings"]

Destination = Literal["reshelve", "hold_shelf", "transit", "staff"]


class Sip2Settings(BaseModel):
    """The ``[central.sip2]`` table."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    host: str = Field(min_length=1)
    port: int = Field(ge=1, le=65535)
    #: SIP2 login (93); None: no login message
    user: str | None = None
    password: str = ""
    #: AO
    institution: str = ""
    #: CP
    location: str | None = None
    terminal_password: str = ""
    #: as the ILS speaks: "utf-8", "big5", "cp850"…
    encoding: str = "utf-8"
    terminator: Literal["\r", "\r\n"] = "\r"
    #: AY/AZ sequence numbers and checksums
    error_detection: bool = True
    tls: bool = False
    timeout: float = Field(10.0, gt=0)
    min_timeout: float = Field(1.0, gt=0)
    connect_timeout: float = Field(5.0, gt=0)
    max_resends: int = Field(3, ge=0)
    reconnects: int = Field(1, ge=0)
    #: an item the patron already has, checked out again: "renew" or "keep"
    rescan: Literal["renew", "keep"] = "renew"
    currency: str = Field("TWD", pattern=r"^[A-Z]{3}$")
    #: SIP2 links kept open
    pool_size: int = Field(2, ge=1)
    #: the ILS's sort bin codes (CL) -> where the item goes
    sort_bins: dict[str, Destination] = Field(default_factory=dict)

    @classmethod
    def from_section(cls, section: Mapping[str, Any] | None) -> Sip2Settings:
        """Validated settings from a config table.

        :raises pydantic.ValidationError: naming the key that is wrong.
        """
        return cls.model_validate(dict(section or {}))

    def adapter_options(self) -> dict[str, Any]:
        """Keyword arguments of :class:`~sync.ils.sip2_adapter.SIP2Adapter` (link parameters
        included), without those left at None."""
        return self.model_dump(exclude_none=True)
