"""Output conventions of the acceptance interface: JSON lines on stdout, human text on stderr."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import Any


class CommandError(Exception):
    """A failure the CLI reports as one line on stderr with a non-zero exit (no traceback)."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code

    def lines(self) -> list[str]:
        """What the CLI prints on stderr."""
        return [f"rfid-edge: {self}"]


class ProblemsError(CommandError):
    """Several problems found at once (a configuration file's), each printed as its own line,
    exactly as ``rfid-edge config check`` prints them."""

    def __init__(self, problems: Sequence[object], exit_code: int = 2) -> None:
        super().__init__("\n".join(str(p) for p in problems), exit_code)
        self.problems = list(problems)

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems]


def _default(obj: Any) -> Any:
    if isinstance(obj, bytes | bytearray):
        return obj.hex().upper()
    if hasattr(obj, "to_json"):
        return obj.to_json()
    if hasattr(obj, "isoformat"):
        return obj.isoformat()
    if isinstance(obj, set | frozenset | tuple):
        return list(obj)
    raise TypeError(f"not JSON serialisable: {type(obj).__name__}")


def emit(obj: dict[str, Any]) -> None:
    """Print one machine-readable JSON object as a line on stdout and flush it at once."""
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, default=_default) + "\n")
    sys.stdout.flush()


def say(message: str) -> None:
    """A human message: always stderr, so stdout stays machine-readable."""
    sys.stderr.write(message + "\n")
    sys.stderr.flush()
