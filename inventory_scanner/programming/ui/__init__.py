"""The programming station's staff screen (PySide6): :class:`~.window.ProgrammingWindow`, a thin
view over :class:`inventory_scanner.programming.station.Station`, in zh-TW, en, vi and id
(:mod:`.i18n`, Qt translation files)."""
