"""The ``[central]`` section: the bridge, its ILS and where the centre keeps its records.

Defaults live here only (``rfid_edge.config`` hands the section down as read). Paths are
relative to ``[device] data_dir`` (:meth:`sync.device.DeviceSettings.path`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from sync.endpoints import Brokers, Endpoint, endpoint_list
from sync.ils.sip2_settings import Sip2Settings

__all__ = ["CentralSettings"]


class CentralSettings(BaseModel):
    """The ``[central]`` section."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    #: the MQTT broker the kiosks connect to
    broker_host: str = Field("127.0.0.1", min_length=1)
    broker_port: int = Field(1883, ge=1, le=65535)
    #: brokers to fail over between, in order of preference; empty: broker_host:broker_port
    brokers: Brokers = ()
    #: must match the kiosks' ``[sync] topic_prefix``
    topic_prefix: str = Field("rfid/v1", min_length=1)
    #: shared-subscription group of the bridges
    group: str = Field("central", min_length=1)
    #: empty: ``bridge-<group>-<hostname>-<pid>``, a session that ends when the bridge stops.
    #: A configured id (distinct for each bridge) keeps its session for a week, so a restarted
    #: bridge gets what the broker queued for it meanwhile; a bridge retired for good under
    #: such an id holds its share of the group's messages until the devices resend them
    client_id: str = ""
    #: "reference" (the embedded reference ILS in ``ils_db``) or "sip2" (``sip2`` table)
    ils: Literal["reference", "sip2"] = "reference"
    #: empty: SQLite files (``ils_db``, ``ledger``, ``conflicts_db``); else a PostgreSQL URL
    #: (``postgresql://user@host:5432/centre``, multi-host ``postgresql://h1:5432,h2:5432/
    #: centre?target_session_attrs=read-write``) holding everything the centre keeps
    database: str = ""
    ils_db: str = "central/ils.db"
    #: empty: in the reference ILS's own database (SIP2: ``central/ledger.db``)
    ledger: str = ""
    #: conflict records for a non-reference ILS (the reference ILS keeps them in its database)
    conflicts_db: str = "central/conflicts.db"
    #: transactions applied per ILS batch
    batch_size: int = Field(500, ge=1)
    #: replies unacknowledged; <= the broker's Receive Maximum
    max_inflight_messages: int = Field(20, ge=1, le=65535)
    #: ``central seed``: the demo data's random seed
    seed: int = 2026
    #: publish the offline cache this often (0: never)
    cache_interval_s: float = Field(300, ge=0)
    #: and soon after a change, at most this often
    cache_min_interval_s: float = Field(5, ge=0)
    #: compact the ordering journal this often (0: never)
    compact_interval_s: float = Field(3600, ge=0)
    #: offline backlogs older than this are not rebased over
    undo_horizon_days: float = Field(30, gt=0)
    #: inventory: an item on loan seen on a shelf is checked in (false: a note for staff)
    inventory_checkin_on_shelf: bool = False
    #: inventory: an item is recorded missing after this many passes of its range without it
    inventory_missing_after_passes: int = Field(2, ge=1)
    #: the ``[central.sip2]`` table (with ``ils = "sip2"``)
    sip2: Sip2Settings | None = None

    @field_validator("database")
    @classmethod
    def _postgres_url(cls, value: str) -> str:
        if value and not value.startswith(("postgresql://", "postgres://")):
            raise ValueError("must be empty (SQLite files) or a postgresql:// URL")
        return value

    @classmethod
    def from_section(cls, section: Mapping[str, Any] | None) -> CentralSettings:
        """Validated settings from a config section (missing keys take the defaults).

        :raises pydantic.ValidationError: naming the key that is wrong.
        """
        return cls.model_validate(dict(section or {}))

    @property
    def endpoints(self) -> tuple[Endpoint, ...]:
        """The brokers the bridge tries, in order."""
        return endpoint_list(self.brokers, self.broker_host, self.broker_port)

    @property
    def uses_reference(self) -> bool:
        return self.ils == "reference"

    @property
    def ledger_file(self) -> str:
        """The ledger's path: ``ledger``, or the reference ILS's database, or (SIP2)
        ``central/ledger.db``."""
        return self.ledger or (self.ils_db if self.uses_reference else "central/ledger.db")

    @property
    def conflicts_file(self) -> str:
        """Where conflict records are: the reference ILS's database (they commit with the
        loans), else ``conflicts_db``."""
        return self.ils_db if self.uses_reference else (self.conflicts_db
                                                        or "central/conflicts.db")
