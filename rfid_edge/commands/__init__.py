"""One module per `rfid-edge` subcommand; each defines ``register(subparsers)``."""

from __future__ import annotations

import argparse
from typing import Any

from rfid_edge import config as configuration
from rfid_edge.output import ProblemsError


def load_config(args: argparse.Namespace, section: str | None = None,
                **options: object) -> dict[str, Any]:
    """The configuration ``--config`` (or ``$RFID_EDGE_CONFIG``) names, checked, with the
    command-line ``options`` the user gave (None: not given) over the keys of ``section``.
    Shared by every command, so a file is checked as it is loaded and each problem is one
    line on stderr (as ``rfid-edge config check`` prints it), never a traceback.

    :raises ProblemsError: the file cannot be read, is not TOML, or has problems (exit 2).
    """
    given = {k: v for k, v in options.items() if v is not None}
    try:
        return configuration.load(getattr(args, "config", None),
                                  {section: given} if section else None, checked=True)
    except configuration.ConfigError as exc:
        raise ProblemsError(exc.problems, exit_code=2) from exc
