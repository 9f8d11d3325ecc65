"""``python -m fuzz --seconds N [TARGET…]``: every target (or the ones named) for N seconds each,
one process per target; prints executions and any crash file per target, exits 1 on a crash."""

from __future__ import annotations

import argparse
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from fuzz import TARGETS
from fuzz.runner import Outcome, run


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m fuzz", description=__doc__)
    p.add_argument("targets", nargs="*", metavar="TARGET", help=f"default: all ({', '.join(TARGETS)})")
    p.add_argument("--seconds", type=float, default=10.0, help="fuzzing time per target (default 10)")
    p.add_argument("--runs", type=int, default=-1, help="stop a target after this many executions")
    p.add_argument("--jobs", type=int, default=1, help="targets run at once (default 1)")
    p.add_argument("--work", type=Path, default=Path("build/fuzz"),
                   help="where new corpus entries and crash files go (default build/fuzz)")
    p.add_argument("--list", action="store_true", help="list the targets and exit")
    return p


def _line(o: Outcome) -> str:
    verdict = "CRASH " + ", ".join(str(c) for c in o.crashes) if not o.ok else "ok"
    return f"{o.target:<18} {o.executions:>10} execs {o.seconds:7.1f} s  {verdict}"


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.list:
        for name, what in TARGETS.items():
            print(f"{name:<18} {what}")
        return 0
    unknown = [t for t in args.targets if t not in TARGETS]
    if unknown:
        print(f"unknown target(s): {', '.join(unknown)}; see --list", file=sys.stderr)
        return 2
    names = args.targets or list(TARGETS)
    with ThreadPoolExecutor(max(1, args.jobs)) as pool:
        futures = [pool.submit(run, n, seconds=args.seconds, runs=args.runs, work=args.work) for n in names]
        outcomes = []
        for f in futures:
            outcomes.append(f.result())
            print(_line(outcomes[-1]), flush=True)
    total = sum(o.executions for o in outcomes)
    crashed = [o for o in outcomes if not o.ok]
    print(f"{'total':<18} {total:>10} execs, {len(crashed)} target(s) crashed")
    for o in crashed:
        print(f"--- {o.target}\n{o.log_tail}", file=sys.stderr)
    return 1 if crashed else 0


if __name__ == "__main__":
    sys.exit(main())
