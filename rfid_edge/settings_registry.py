"""Which package owns each section of the device configuration, by dotted import string.

As python-can's ``BACKENDS`` names interfaces, :data:`SECTIONS` names a section's settings
model as ``"module:Class"`` and :func:`model` imports it on first use, so ``rfid-edge tag
decode`` never imports pydantic or the kiosk. A model is a frozen pydantic v2 model with
``extra="forbid"`` and a ``from_section(mapping)`` classmethod; its field defaults are the
section's defaults. A section mapped to None is known (not reported as unknown) but its keys
are not checked yet: its owner has no model.

A dotted name (``kiosk.wedge``) is a table inside another section with a model of its own; the
parent's model is given the parent's table without it.
"""

from __future__ import annotations

import importlib
from functools import cache
from typing import Any

__all__ = ["SECTIONS", "children", "model", "top_level"]

SECTIONS: dict[str, str | None] = {
    "device": "sync.device:DeviceSettings",
    "security": "drivers.tags.marker:MarkerSettings",
    "pcsc": "drivers.pcsc.settings:PcscSettings",
    "kiosk": "kiosk.settings:KioskSettings",
    "kiosk.wedge": "drivers.wedge.settings:WedgeSettings",
    "sync": "sync.edge.settings:SyncSettings",
    "mqtt": "sync.mqtt:MqttSettings",
    "central": "sync.centre.settings:CentralSettings",
    "inventory": "inventory_scanner.settings:InventorySettings",
    "tagprog": "inventory_scanner.programming.settings:ProgrammingSettings",
}


@cache
def model(section: str) -> Any:
    """The settings model of ``section``, imported now; None if it has none (yet).

    :raises KeyError: ``section`` is not a known section.
    """
    target = SECTIONS[section]
    if target is None:
        return None
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)


def top_level() -> list[str]:
    """The names a configuration file may use as top-level tables."""
    return [name for name in SECTIONS if "." not in name]


def children(section: str) -> list[str]:
    """The registered tables directly inside ``section`` (``kiosk`` → ``["wedge"]``)."""
    prefix = section + "."
    return [name[len(prefix):] for name in SECTIONS
            if name.startswith(prefix) and "." not in name[len(prefix):]]
