"""Which emulator plays which protocol: a lazy registry (python-can ``BACKENDS`` style).

Each entry names, as import strings, the *runner factory* that starts one simulated reader from
its scenario table: ``factory(spec: dict, *, realistic: bool) -> hwsim.runner.RunningReader``.
Serial protocols share :func:`hwsim.runner.start_serial_reader` and add the firmware class,
built as ``Firmware(field, *, timing=AirTiming(...), **options)``, and the default baud rate.
Nothing is imported until a protocol is used, so a missing optional emulator (pcsc before its
module exists, or without pcscd) only matters to the scenarios that ask for it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, kw_only=True)
class Emulator:
    """How to start one protocol's simulated reader."""

    runner: str  # "module:function"
    firmware: str | None = None  # "module:Class" for serial protocols
    baud: int | None = None

    def __post_init__(self) -> None:
        for ref in (self.runner, self.firmware):
            if ref is not None and ref.count(":") != 1:
                raise ValueError(f"import reference must be 'module:name', got {ref!r}")


EMULATORS: dict[str, Emulator] = {
    "feig": Emulator(runner="hwsim.runner:start_serial_reader", firmware="hwsim.feig.firmware:FeigFirmware", baud=38400),
    "m810": Emulator(runner="hwsim.runner:start_serial_reader", firmware="hwsim.m810.firmware:M810Firmware", baud=19200),
    "pcsc": Emulator(runner="hwsim.pcsc.runner:start_pcsc_reader"),
    "shelf": Emulator(runner="hwsim.shelf.runner:start_shelf_reader"),  # a FEIG handheld over a shelf
}


def load(ref: str) -> Any:
    """Import ``module:name`` and return the object."""
    module_name, _, attr = ref.partition(":")
    return getattr(importlib.import_module(module_name), attr)


def emulator(protocol: str) -> Emulator:
    try:
        return EMULATORS[protocol]
    except KeyError:
        raise KeyError(f"no emulator for protocol {protocol!r}; known: {', '.join(sorted(EMULATORS))}") from None


def available(protocol: str) -> bool:
    """True if the protocol's emulator modules import (e.g. pcsc only once its module exists)."""
    try:
        entry = emulator(protocol)
        load(entry.runner)
        if entry.firmware:
            load(entry.firmware)
    except (KeyError, ImportError, AttributeError):
        return False
    return True


def runner_for(protocol: str) -> Callable[..., Any]:
    """The factory that starts a reader of ``protocol``: ``factory(spec, *, realistic)``."""
    return load(emulator(protocol).runner)
