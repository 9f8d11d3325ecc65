"""The view's settings: ``[kiosk.ui]`` (and the two facts of the station it shows: its type and
its branch).

The ``[kiosk.ui]`` section is read raw here for now; the typed model of it
(``kiosk.settings.UiSettings``) is being written alongside the core's settings, and
:meth:`UiOptions.from_config` is the one place to switch over once it has every key this reads
(``show_patron_name`` and ``branch_names`` are new).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.core import events as ev
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
        kiosk = config.get("kiosk", {}) or {}
        ui = kiosk.get("ui", {}) or {}
        station = kiosk.get("station", "self_checkout")
        try:
            station_type = ev.StationType(station)
        except ValueError:
            station_type = ev.StationType.SELF_CHECKOUT
        lang = i18n.from_tag(ui.get("language")) or i18n.DEFAULT_LANGUAGE
        names = ui.get("branch_names", {}) or {}
        if not isinstance(names, Mapping) or not all(isinstance(v, str) for v in names.values()):
            raise ValueError("[kiosk.ui] branch_names must be a table of branch code = \"name\"")
        return cls(
            language=lang,
            large_type=bool(ui.get("large_type", False)),
            minguo=bool(ui.get("minguo", False)),
            speech=bool(ui.get("speech", True)),
            sound=bool(ui.get("sound", True)),
            follow_patron_language=bool(ui.get("follow_patron_language", True)),
            confirm_step=bool(ui.get("confirm_step", True)),
            station=station_type,
            library_name=str(ui.get("library_name", "")),
            show_patron_name=str(ui.get("show_patron_name", DEFAULT_NAME_MODE)),
            branch=DeviceSettings.from_section(config.get("device")).branch,
            branch_names={str(k): v for k, v in names.items()},
        )
