"""Barcode and QR scanners in HID keyboard-wedge mode, as a driver.

A wedge scanner is a USB keyboard that types the code and presses Enter. Its keystrokes come
from a Linux evdev device (grabbed so the keys do not also reach the screen) or from a character
stream (a terminal in raw mode, a pty in the simulator). Layers, sans-I/O first (h11 style):

- :mod:`.keys` — bytes → :class:`Keystroke` s (:class:`EvdevDecoder`, :class:`StreamDecoder`).
- :mod:`.lines` — keystrokes → :class:`WedgeLine` s, with the scanner-speed rule
  (:class:`LineAssembler`).
- :mod:`.codes` — a scanned code → the patron identifier it carries (:func:`patron_id_from_code`).
- :mod:`.transport` — thin transports (:class:`EvdevKeys`, :class:`StreamKeys`, :func:`open_keys`).
- :mod:`.scanner` — :class:`WedgeScanner`: a transport through the assembler, lines to a listener.
- :mod:`.settings` — :class:`WedgeSettings`, the ``[kiosk.wedge]`` section.
"""

from __future__ import annotations

from drivers.wedge.codes import patron_id_from_code
from drivers.wedge.keys import (
    BACKSPACE,
    ENTER,
    INPUT_EVENT,
    EvdevDecoder,
    Keystroke,
    StreamDecoder,
)
from drivers.wedge.lines import LineAssembler, WedgeLine
from drivers.wedge.scanner import WedgeScanner
from drivers.wedge.settings import WedgeSettings
from drivers.wedge.transport import EvdevKeys, StreamKeys, open_keys

__all__ = [
    "BACKSPACE", "ENTER", "INPUT_EVENT", "EvdevDecoder", "EvdevKeys", "Keystroke", "LineAssembler",
    "StreamDecoder", "StreamKeys", "WedgeLine", "WedgeScanner", "WedgeSettings", "open_keys",
    "patron_id_from_code",
]
