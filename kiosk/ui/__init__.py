"""The PySide6 touch UI of the kiosk: a thin view over :class:`kiosk.core.KioskCore`.

- :mod:`kiosk.ui.app` — :class:`~kiosk.ui.app.KioskWindow` (follows core events, one screen at
  a time); :mod:`kiosk.ui.options` — :class:`~kiosk.ui.options.UiOptions`, the ``[kiosk.ui]``
  settings; :mod:`kiosk.ui.names` — the patron's name as shown (masked by default) and branch
  names for codes.
- :mod:`kiosk.ui.launch` — ``run(args) -> int``, the non-headless ``rfid-edge kiosk``.
- :mod:`kiosk.ui.screens` — one class per screen; :mod:`kiosk.ui.widgets` — touch widgets.
- :mod:`kiosk.ui.i18n` — Qt ``.ts`` sources (zh-TW, en, vi, id) and ``build()`` to ``.qm``.
- :mod:`kiosk.ui.audio`, :mod:`kiosk.ui.speech` — cues and spoken prompts; :mod:`kiosk.ui.dates`
  — local dates and the Minguo year; :mod:`kiosk.ui.theme` — sizes in mm, high contrast.

Importing this package does not import Qt; the submodules do.
"""
