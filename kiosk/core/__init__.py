"""The kiosk core: patron sessions of every self-service station, Qt-free and headless-runnable.

Public API (a view imports only these):

- :class:`KioskCore` — build with the device config and the ports; ``subscribe(listener)``,
  ``submit(command)``, ``start()``/``stop()``. Work runs on the core's worker thread.
- :mod:`kiosk.core.events` — what the core tells a view (frozen dataclasses, stable codes).
- :mod:`kiosk.core.commands` — what a view may ask.
- :mod:`kiosk.core.ports` — the Protocols of the hardware and sync pieces the core drives, and
  the errors each may raise (the port-error contract).

Inside, the layers are: :mod:`kiosk.core.worker` (the thread and queue) feeds
:mod:`kiosk.core.machine` (synchronous: one input at a time, events out), which runs the flows of
:mod:`kiosk.core.flows` over one :class:`kiosk.core.context.Context` (session, pad rows, ports,
settings from :mod:`kiosk.settings`, the event sink). Unit tests drive the machine directly with
in-memory ports (``tests/kiosk/flows``).
"""

from kiosk.core.core import KioskCore, Listener

__all__ = ["KioskCore", "Listener"]
