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

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kiosk.core.core import KioskCore, Listener

__all__ = ["KioskCore", "Listener"]


def __getattr__(name: str) -> Any:
    # imported on first use: a view that only reads events and commands (the UI's first paint)
    # does not load the machine, its flows and the settings models
    if name in __all__:
        from kiosk.core import core

        return getattr(core, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
