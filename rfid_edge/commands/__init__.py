"""One module per `rfid-edge` subcommand; each defines ``register(subparsers)``."""

from __future__ import annotations

import argparse
from typing import Any

from rfid_edge import config as configuration
from rfid_edge.output import CommandError


def load_config(args: argparse.Namespace, section: str | None = None,
                **options: object) -> dict[str, Any]:
    """The configuration ``--config`` (or ``$RFID_EDGE_CONFIG``) names, with the command-line
    ``options`` the user gave (None: not given) over the keys of ``section``. Shared by every
    command so an unreadable or malformed file is one line on stderr, never a traceback.

    :raises CommandError: the file cannot be read or is not valid TOML.
    """
    given = {k: v for k, v in options.items() if v is not None}
    try:
        return configuration.load(args.config, {section: given} if section else None)
    except (OSError, ValueError) as exc:
        raise CommandError(str(exc)) from exc
