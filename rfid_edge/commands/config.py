"""`rfid-edge config check FILE [--json]`: check a configuration file without starting anything.

Every problem is one line on stderr — ``FILE: [section] key: what is wrong (what is allowed)`` —
the same lines any command prints when it loads the file; with ``--json`` each is a JSON object
on stdout instead. Exit 0 with one ``FILE: OK`` line when there is none, else 1.

Example::

    rfid-edge config check /etc/rfid-edge/kiosk.toml
"""

from __future__ import annotations

import argparse

from rfid_edge import config as configuration
from rfid_edge.output import emit, say


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("config", help="check a device configuration file")
    verbs = p.add_subparsers(dest="config_command", metavar="ACTION", required=True)
    check = verbs.add_parser("check", help="check every section and key of FILE; one line per "
                                           "problem. Example: rfid-edge config check kiosk.toml")
    check.add_argument("file", metavar="FILE", help="the TOML file to check")
    check.add_argument("--json", action="store_true",
                       help="one JSON object per problem on stdout")
    check.set_defaults(func=_check)


def _check(args: argparse.Namespace) -> int:
    try:
        problems = configuration.check(configuration.read(args.file), args.file)
    except configuration.ConfigError as exc:
        problems = exc.problems
    if not problems:
        say(f"{args.file}: OK")
        return 0
    for problem in problems:
        if args.json:
            emit(problem.to_json())
        else:
            say(str(problem))
    if args.json:
        say(f"{args.file}: {len(problems)} problem{'s' if len(problems) > 1 else ''}")
    return 1
