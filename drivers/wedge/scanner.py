"""A keyboard-wedge scanner as one driver object: a transport's keystrokes through the line
assembler, each finished line handed to a listener (on the transport's thread)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from drivers.wedge.keys import Keystroke
from drivers.wedge.lines import LineAssembler, WedgeLine
from drivers.wedge.settings import WedgeSettings
from drivers.wedge.transport import EvdevKeys, StreamKeys, open_keys

log = logging.getLogger(__name__)

__all__ = ["WedgeScanner"]


class WedgeScanner:
    """Lines typed on a wedge input, as :class:`WedgeLine` s (scanned or typed, by their timing).

    :param keys: an :class:`EvdevKeys` / :class:`StreamKeys` (not started).
    :param assembler: the scanner-speed rule (defaults: :class:`LineAssembler`'s).
    """

    def __init__(self, keys: EvdevKeys | StreamKeys, *,
                 assembler: LineAssembler | None = None) -> None:
        self.keys = keys
        self.assembler = assembler or LineAssembler()
        self.url = f"{'evdev' if isinstance(keys, EvdevKeys) else 'tty'}://{keys.path}"
        self.lines = {"scanner": 0, "keyboard": 0}
        self._listener: Callable[[WedgeLine], None] | None = None
        self._lock = threading.Lock()

    @classmethod
    def from_settings(cls, settings: WedgeSettings) -> WedgeScanner:
        """The scanner at ``settings.url`` with its scanner-speed rule (not started).

        :raises ValueError: the URL names no wedge transport.
        """
        assembler = LineAssembler(min_length=settings.min_length,
                                  max_gap_s=settings.max_gap_ms / 1000)
        return cls(open_keys(settings.url, grab=settings.grab), assembler=assembler)

    @property
    def error(self) -> str | None:
        """Why the input cannot be read (not there, unplugged), or None."""
        return self.keys.error

    def start(self, listener: Callable[[WedgeLine], None]) -> None:
        """Read the input and call ``listener`` with each line (from the reading thread).

        :raises OSError: the input cannot be opened.
        """
        self._listener = listener
        self.keys.start(self._on_key)

    def stop(self) -> None:
        self.keys.stop()
        self._listener = None

    def _on_key(self, key: Keystroke) -> None:
        with self._lock:
            line = self.assembler.feed(key)
        if line is None:
            return
        self.lines[line.kind] += 1
        if self._listener is not None:
            self._listener(line)
