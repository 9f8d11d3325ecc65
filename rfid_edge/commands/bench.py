"""`rfid-edge bench NAME [--json]`: run one benchmark module from :mod:`rfid_edge.bench`."""

from __future__ import annotations

import argparse
import importlib
import pkgutil

from rfid_edge import bench
from rfid_edge.output import CommandError, emit, say


def available() -> list[str]:
    return sorted(m.name for m in pkgutil.iter_modules(bench.__path__) if not m.name.startswith("_"))


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("bench", help="run a benchmark and print its figures")
    p.add_argument("name", help=f"benchmark name (one of: {', '.join(available())})")
    p.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    p.add_argument("extra", nargs=argparse.REMAINDER, help="options passed to the benchmark")
    p.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    if args.name not in available():
        raise CommandError(f"unknown benchmark {args.name!r}; available: {', '.join(available())}")
    # REMAINDER hands over every word after NAME, so `bench NAME --help` reaches the
    # benchmark's own parser; bench's own --json and a `--` separator are taken out here,
    # once, so each benchmark parses only its options (and refuses unknown ones)
    as_json = args.json or "--json" in args.extra
    extra = [a for a in args.extra if a not in ("--json", "--")]
    module = importlib.import_module(f"{bench.__name__}.{args.name}")
    figures = module.run(extra)
    if as_json:
        emit(figures)
    else:
        for key, value in figures.items():
            say(f"{key:>28}: {value}")
    return 0
