"""Run one target under atheris in this process: ``python -m fuzz.harness TARGET [libFuzzer args…]``.

The project's packages are instrumented for coverage as the target imports them; an exception
outside the target's :data:`ALLOWED` errors is a crash (atheris prints it, libFuzzer saves the
input and exits non-zero). Given files instead of directories, it replays them once.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import sys
from collections.abc import Callable
from types import ModuleType

import atheris

from fuzz import TARGETS

#: packages whose code is instrumented for coverage
INSTRUMENTED = ("drivers", "sync", "inventory_scanner", "ndef", "hwsim")


def load(name: str) -> ModuleType:
    """Import target ``name`` with the project's modules instrumented."""
    if name not in TARGETS:
        raise SystemExit(f"unknown fuzz target {name!r}; one of {', '.join(TARGETS)}")
    with atheris.instrument_imports(include=list(INSTRUMENTED)):
        return importlib.import_module(f"fuzz.targets.{name}")


def entry(module: ModuleType) -> Callable[[bytes], None]:
    """The libFuzzer entry point: the target's ``one_input``, its allowed errors swallowed."""
    allowed: tuple[type[BaseException], ...] = module.ALLOWED
    one_input: Callable[[bytes], None] = module.one_input

    def test_one_input(data: bytes) -> None:
        with contextlib.suppress(allowed):
            one_input(data)

    return test_one_input


def main(argv: list[str]) -> None:
    if len(argv) < 2:
        raise SystemExit("usage: python -m fuzz.harness TARGET [libFuzzer args…]")
    logging.disable(logging.CRITICAL)  # parsers log what they drop; millions of lines otherwise
    module = load(argv[1])
    atheris.Setup([argv[0], *argv[2:]], entry(module))
    atheris.Fuzz()


if __name__ == "__main__":
    main(sys.argv)
