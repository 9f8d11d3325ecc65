"""Entry point of `rfid-edge`.

Every module in :mod:`rfid_edge.commands` that defines ``register(subparsers)`` adds one
subcommand; handlers are set with ``parser.set_defaults(func=...)`` and return an exit code
(or ``None`` for 0). Heavy imports (Qt, pyscard, paho) happen inside handlers, so
``rfid-edge tag decode`` stays fast and works without the optional stacks.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import pkgutil
import sys
from collections.abc import Sequence

from rfid_edge import __version__, commands
from rfid_edge.output import CommandError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="rfid-edge",
        description="Library RFID edge stack: readers, simulator, kiosk, sync and inventory.",
    )
    parser.add_argument("--version", action="version", version=f"rfid-edge {__version__}")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="log more (stderr)")
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(sub)
    _share_config_option(parser)
    return parser


def _subcommands(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    return [child for action in parser._actions if isinstance(action, argparse._SubParsersAction)
            for child in dict.fromkeys(action.choices.values())]  # aliases share a parser


def _share_config_option(parser: argparse.ArgumentParser,
                         inherited: argparse.Action | None = None) -> None:
    """Let ``--config FILE`` follow the action of every command that takes it
    (``central run --config F`` as well as ``central --config F run``), solved here once.

    Each action's parser gets the command's option with a suppressed default, so a value given
    before the action is not overwritten when none is given after it.
    """
    own = parser._option_string_actions.get("--config")
    if own is None and inherited is not None:
        parser.add_argument("--config", dest=inherited.dest, default=argparse.SUPPRESS,
                            metavar=inherited.metavar or "FILE", help=inherited.help)
    for child in _subcommands(parser):
        _share_config_option(child, own or inherited)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    level = logging.WARNING - 10 * min(args.verbose, 2)
    logging.basicConfig(level=level, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s")
    func = getattr(args, "func", None)
    if func is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        code = func(args)
    except CommandError as exc:
        for line in exc.lines():
            print(line, file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # stdout closed by a pager or `head`: not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # one line, never a traceback, unless asked for
        if args.debug:
            raise
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        print(f"rfid-edge: {type(exc).__name__}: {reason}", file=sys.stderr)
        return 1
    return int(code or 0)


if __name__ == "__main__":
    sys.exit(main())
