"""The edge end of the link as typed, validated settings: the ``[sync]`` section.

Its defaults live here only (``rfid_edge.config`` takes them from this model), and
:mod:`sync.edge.service` builds the outbox, the uplink and the online client from it, so a
misspelt key or a window of 0 is named when the file is loaded, not when the uplink stalls.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from sync.endpoints import Brokers, Endpoint, endpoint_list

__all__ = ["SyncSettings"]

#: MQTT's Session Expiry Interval is a four-byte integer (MQTT 5 §3.1.2.11.2)
_SESSION_EXPIRY_MAX = 2**32 - 1


class SyncSettings(BaseModel):
    """The ``[sync]`` section: where the centre's broker is, and how the uplink drains."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    broker_host: str = Field("127.0.0.1", min_length=1)
    broker_port: int = Field(1883, ge=1, le=65535)
    #: brokers to fail over between, in order of preference (``"mqtts://a.example:8883"``,
    #: ``"b.example:8883"``); empty: ``broker_host``:``broker_port`` alone
    brokers: Brokers = ()
    #: the first topic levels of every message (no wildcards, no empty level)
    topic_prefix: str = Field("rfid/v1", pattern=r"^[^/+#\x00]+(/[^/+#\x00]+)*$")
    #: the durable outbox (SQLite, WAL), relative to ``[device] data_dir``
    outbox: str = Field("outbox.db", min_length=1)
    #: transactions published and not yet answered
    window: int = Field(4000, ge=1)
    #: transactions per MQTT message when draining a backlog (the schema's batch holds 1000)
    batch_max: int = Field(200, ge=1, le=1000)
    #: QoS 1 messages unacknowledged; at most the broker's Receive Maximum (0: no limit)
    max_inflight_messages: int = Field(20, ge=0, le=65535)
    #: resend a transaction unanswered this long
    reply_timeout_s: float = Field(15.0, gt=0)
    #: online requests (patron, item, authorise): after this, offline rules
    request_timeout_s: float = Field(2.0, gt=0)
    #: the broker keeps this device's replies this long while it is away
    session_expiry_s: int = Field(604800, ge=0, le=_SESSION_EXPIRY_MAX)
    #: reconnect backoff, doubling from the minimum up to the maximum
    backoff_min_s: float = Field(0.5, gt=0)
    backoff_max_s: float = Field(60.0, gt=0)
    #: applied transactions are purged from the outbox after this
    retention_days: float = Field(7, ge=0)

    @model_validator(mode="after")
    def _backoff_in_order(self) -> SyncSettings:
        if self.backoff_max_s < self.backoff_min_s:
            raise ValueError(f"backoff_max_s ({self.backoff_max_s}) is below backoff_min_s "
                             f"({self.backoff_min_s})")
        return self

    @classmethod
    def from_section(cls, section: Mapping[str, Any] | None) -> SyncSettings:
        """Validated settings from a config section (missing keys take the defaults).

        :raises pydantic.ValidationError: naming the key that is wrong.
        """
        return cls.model_validate(dict(section or {}))

    @property
    def endpoints(self) -> tuple[Endpoint, ...]:
        """The brokers the uplink, the online client and the cache feed try, in order."""
        return endpoint_list(self.brokers, self.broker_host, self.broker_port)

    @property
    def retention_s(self) -> float:
        return self.retention_days * 86400
