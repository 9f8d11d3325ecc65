"""The view's settings: ``[kiosk.ui]`` (and the two facts of the station it shows: its type and
its branch).

``[kiosk.ui]`` is read through its typed model (:class:`kiosk.settings.UiSettings`, checked with
the rest of ``[kiosk]``): a wrong key or value fails here, naming the key.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.core import events as ev
from kiosk.settings import KioskSettings
from kiosk.ui import i18n
from kiosk.ui.names import DEFAULT_NAME_MODE, NAME_MODES
from sync.device import DeviceSettings


@dataclass
class UiOptions:
    language: str = i18n.DEFAULT_LANGUAGE
    large_type: bool = False
    minguo: bool = False
    speech: bool = True
    sound: bool = True
    follow_patron_language: bool = True
    confirm_step: bool = True
    station: ev.StationType = ev.StationType.SELF_CHECKOUT
    library_name: str = ""
    cue_dir: Path = field(default_factory=lambda: i18n.cache_dir().parent / "cues")
    speech_wav_dir: Path | None = None
    #: the patron's name on screen: "masked" (王○明), "full", or "none" (no name at all)
    show_patron_name: str = DEFAULT_NAME_MODE
    #: this station's branch code ([device] branch): holds waiting elsewhere are not offered
    branch: str = ""
    #: branch code -> the name patrons know it by
    branch_names: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.show_patron_name not in NAME_MODES:
            raise ValueError(f"[kiosk.ui] show_patron_name must be one of {', '.join(NAME_MODES)},"
                             f" not {self.show_patron_name!r}")

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> UiOptions:
        """From the device TOML: ``[kiosk]`` station type, ``[kiosk.ui]`` view settings and
        ``[device]`` branch.

        :raises ValueError: a ``[kiosk.ui]`` value this view cannot use, naming the key.
        """
        kiosk = KioskSettings.from_section(config.get("kiosk"))
        ui = kiosk.ui
        return cls(
            language=i18n.from_tag(ui.language) or i18n.DEFAULT_LANGUAGE,
            large_type=ui.large_type,
            minguo=ui.minguo,
            speech=ui.speech,
            sound=ui.sound,
            follow_patron_language=ui.follow_patron_language,
            confirm_step=ui.confirm_step,
            station=ev.StationType(kiosk.station),
            library_name=ui.library_name,
            show_patron_name=ui.show_patron_name,
            branch=DeviceSettings.from_section(config.get("device")).branch,
            branch_names=dict(ui.branch_names),
        )
