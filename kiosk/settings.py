"""The kiosk's typed settings: the ``[kiosk]`` section, and the sections a station reads.

Every default of the kiosk lives here, once: ``rfid_edge.config`` takes its ``[kiosk]`` defaults
from :class:`KioskSettings` and the core reads only these models (no ``.get(key, default)``).
The ``[security]`` and ``[device]`` sections belong to :class:`drivers.tags.marker.MarkerSettings`
and :class:`sync.device.DeviceSettings`; :class:`StationSettings` bundles the three for the core.
A wrong key or value fails when the station is built, naming the key (pydantic).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Annotated, Any, Literal, Self

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from drivers.tags.marker import MarkerSettings
from drivers.wedge.settings import WedgeSettings
from sync.device import DeviceSettings

__all__ = ["FastBookSettings", "KioskSettings", "StationKind", "StationSettings", "UiSettings"]

#: the station types (``kiosk.core.events.StationType`` values)
StationKind = Literal["self_checkout", "self_return", "combined", "holds_pickup", "fastbook"]


class _Section(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    @classmethod
    def from_section(cls, section: Mapping[str, Any] | None) -> Self:
        """Validated settings from a config section (missing keys take the defaults).

        :raises pydantic.ValidationError: naming the key that is wrong.
        """
        return cls.model_validate(dict(section or {}))


class FastBookSettings(_Section):
    """``[kiosk.fastbook]``: the dispenser and its pickup rules."""

    slots: int = Field(24, ge=1)
    #: items one patron may take from this station a day (None: no quota)
    station_quota: int | None = Field(3, ge=0)
    #: a reserved item waits this long in its slot
    pickup_window_days: int = Field(7, ge=0)


class UiSettings(_Section):
    """``[kiosk.ui]``: the touch view's settings (read by ``kiosk.ui``; None: the view decides)."""

    #: frameless and on top; None: on real hardware yes, in the simulator no
    fullscreen: bool | None = None
    language: str | None = None
    large_type: bool = False
    minguo: bool = False
    speech: bool = True
    sound: bool = True
    follow_patron_language: bool = True
    confirm_step: bool = True
    library_name: str = ""
    #: the patron's name on screen: "masked" (王○明), "full", or "none"
    show_patron_name: Literal["masked", "full", "none"] = "masked"
    #: branch code -> the name patrons know it by
    branch_names: dict[str, str] = Field(default_factory=dict)
    #: simulator only: hide the simulator control window
    no_simcontrol: bool = False


#: a staff PIN as stored: ``pbkdf2$<salt>$<64 hex digits>`` (a PIN itself is never accepted)
_PIN_HASH = re.compile(r"pbkdf2\$[^$]*\$[0-9a-f]{64}")


def _pin_hash(value: str) -> str:
    if not _PIN_HASH.fullmatch(value):
        raise ValueError("should be pbkdf2$<salt>$<64 hex digits> from"
                         " kiosk.core.flows.staff.hash_pin, never the PIN itself")
    return value


PinHash = Annotated[str, AfterValidator(_pin_hash)]


class KioskSettings(_Section):
    """The ``[kiosk]`` section (examples/kiosk.toml explains each key)."""

    station: StationKind = "self_checkout"
    #: the item pad, a ``drivers.registry`` URL ("" in the simulator: the runner makes one)
    pad_url: str = ""
    card_url: str = "pcsc://*"
    #: inventories a tag must miss before it counts as lifted
    pad_miss_rounds: int = Field(2, ge=1)
    #: silence reported tags (ISO 15693 stay quiet; FEIG readers)
    pad_quiet_known: bool = True
    pin_required: bool = False
    pin_attempts: int = Field(3, ge=1)
    idle_timeout_s: float = Field(60, gt=0)
    idle_warning_s: float = Field(15, ge=0)
    done_timeout_s: float = Field(20, gt=0)
    end_on_card_removed: bool = True
    language: str = Field("zh-TW", min_length=2, max_length=16)
    #: serial port of the ESC/POS printer ("": none)
    receipt_printer: str = ""
    receipt_baud: int = Field(9600, gt=0)
    #: "thread": the MQTT uplink runs inside the kiosk process; "service": `rfid-edge sync run`
    uplink: Literal["thread", "service"] = "thread"
    #: on stop, wait this long for the uplink to send the last rows
    stop_drain_s: float = Field(2.0, ge=0)
    #: under device.data_dir
    offline_cache: str = "offline-cache.db"
    receipt_auto: bool = True
    receipt_width: int = Field(32, ge=8)
    offline_lending: bool = True
    offline_max_age_s: float = Field(86400, ge=0)
    #: once offline, answer from the cache this long before asking again
    offline_retry_s: float = Field(10, ge=0)
    #: retry a failed marker write on a tag still on the pad this often
    security_retry_s: float = Field(0.5, ge=0)
    #: unused: online requests wait [sync] request_timeout_s
    online_timeout_s: float = Field(2.0, gt=0)
    #: loan period when no loan rules are cached at all
    loan_days: int = Field(28, ge=1)
    #: staff card id -> ``kiosk.core.flows.staff.hash_pin(pin, salt)``
    staff: dict[Annotated[str, Field(min_length=1)], PinHash] = Field(default_factory=dict)
    fastbook: FastBookSettings = Field(default_factory=FastBookSettings)
    #: ``[kiosk.wedge]``, the barcode/QR scanner's options (owned by :mod:`drivers.wedge`)
    wedge: WedgeSettings = Field(default_factory=WedgeSettings)
    ui: UiSettings = Field(default_factory=UiSettings)

    def defaults_section(self) -> dict[str, Any]:
        """As a plain ``[kiosk]`` mapping (``rfid_edge.config`` defaults); ``ui`` is left out,
        as its None values mean "the view decides" and TOML has no None."""
        return self.model_dump(mode="json", exclude={"ui"})


class StationSettings(BaseModel):
    """What the kiosk core reads: ``[kiosk]``, ``[security]`` and ``[device]``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kiosk: KioskSettings = Field(default_factory=KioskSettings)
    security: MarkerSettings = Field(default_factory=MarkerSettings)
    device: DeviceSettings = Field(default_factory=DeviceSettings)

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> StationSettings:
        """From a whole device config (``rfid_edge.config.load()``); other sections are ignored.

        :raises pydantic.ValidationError: naming the key that is wrong.
        """
        return cls(kiosk=KioskSettings.from_section(config.get("kiosk")),
                   security=MarkerSettings.from_section(config.get("security")),
                   device=DeviceSettings.from_section(config.get("device")))
