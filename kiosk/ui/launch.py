"""``rfid-edge kiosk`` with a screen: the touch UI over a station (``run(args) -> int``).

The CLI module (:mod:`rfid_edge.commands.kiosk`, owned by the kiosk core) parses the options
and calls :func:`run`. Without a ``core`` passed in, the station is the simulated one of
:mod:`kiosk.sim.station` — the defaults run the simulator — and the simulator control window
opens next to the kiosk so books can be placed and cards presented by mouse.

Kiosk hardening (with ``[kiosk.ui] fullscreen = true``, the default on real hardware): a
frameless, always-on-top full-screen window, no cursor, close requests ignored; the only way
out is staff sign-in → *Exit to desktop*, which exits with :data:`~kiosk.ui.app.EXIT_STAFF`
so the systemd unit (``kiosk/ui/deploy/rfid-edge-kiosk.service``) does not restart it.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import time
from collections.abc import Mapping
from typing import Any

from kiosk.settings import KioskSettings

log = logging.getLogger(__name__)


def make_app(argv: list[str] | None = None):
    """The QApplication (created once), with the kiosk font and compiled translations."""
    from PySide6.QtWidgets import QApplication

    from kiosk.ui import fonts, i18n

    app = QApplication.instance() or QApplication(argv or [sys.argv[0]])
    i18n.ensure_built()
    family = fonts.load()
    app.setFont(fonts.font(24))
    log.debug("kiosk font %s", family)
    return app


def _quit_on_signals(app: Any) -> Any:
    """SIGTERM/SIGINT end the Qt loop (systemd stop, Ctrl+C); a timer lets Python see them.

    ``exit`` rather than ``quit``: Qt 6's ``quit`` first asks every window to close, and the
    kiosk window refuses (that is the hardening), so ``quit`` would do nothing.
    """
    from PySide6.QtCore import QTimer

    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: app.exit(0))
    timer = QTimer()
    timer.start(200)
    timer.timeout.connect(lambda: None)
    return timer


def harden(window: Any, *, fullscreen: bool) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    if fullscreen:
        window.setWindowFlags(window.windowFlags() | Qt.WindowType.FramelessWindowHint
                              | Qt.WindowType.WindowStaysOnTopHint)
        QApplication.setOverrideCursor(Qt.CursorShape.BlankCursor)
        window.showFullScreen()
    else:
        window.resize(1280, 800)
        window.show()


def run(args: argparse.Namespace, *, config: Mapping[str, Any], core: Any = None,
        station: Any = None) -> int:
    """Run the touch UI until staff exit or a signal; returns the process exit status.

    :param config: the device config (``rfid_edge.config.load()``, layered by the caller): its
        ``[kiosk.ui]`` section, and the simulated station's starting point.
    :param core: a started :class:`kiosk.core.KioskCore` on real hardware (built by the caller).
    :param station: a started :class:`kiosk.sim.station.SimStation` to show (the demo passes its
        own); when neither is given a simulated station of the configured type is started.
    """
    started = time.monotonic()
    app = make_app()
    from kiosk.ui.app import KioskWindow, UiOptions

    sim = None
    owned = None
    if core is None:
        from kiosk.sim.station import SimStation, layer

        if station is None:
            kiosk_cfg = config.get("kiosk", {})
            owned = SimStation(config=config, station=KioskSettings.from_section(kiosk_cfg).station,
                               realistic=bool(getattr(args, "realistic", False)),
                               mqtt=bool(getattr(args, "mqtt", False)),
                               overrides={"kiosk": {k: v for k, v in kiosk_cfg.items() if k != "ui"}})
            station = owned.__enter__()
        sim, core = station, station.core
        # the caller's [kiosk.ui] over the station's (which names the simulated branches)
        config = layer(station.config, {"kiosk": {"ui": config.get("kiosk", {}).get("ui", {})}})
    options = UiOptions.from_config(config)
    window = KioskWindow(core, options)
    ui = KioskSettings.from_section(config.get("kiosk")).ui
    harden(window, fullscreen=ui.fullscreen if ui.fullscreen is not None else sim is None)
    control = None
    if sim is not None and not ui.no_simcontrol:
        from kiosk.sim.control import SimControl

        control = SimControl(sim)
        control.show()
    log.info("kiosk UI up in %.2f s", time.monotonic() - started)
    keep = _quit_on_signals(app)
    try:
        code = app.exec()
    finally:
        del keep
        if control is not None:
            control.close()
        window.shut()
        if owned is not None:
            owned.close()
    return int(code)
