"""One bounded libFuzzer run of one target in a child process, and what it found.

A child per target because libFuzzer ends its process when a run ends. The seed corpus
(``fuzz/corpus/<target>``) is read only; new inputs go to ``<work>/<target>/corpus``.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(__file__).resolve().parent / "corpus"

_EXECS = re.compile(rb"stat::number_of_executed_units:\s*(\d+)")
_PROGRESS = re.compile(rb"^#(\d+)\s", re.M)
_ARTIFACT = re.compile(rb"Test unit written to (\S+)")


@dataclass(frozen=True)
class Outcome:
    """How one run went: ``ok`` unless the child crashed (``crashes`` names the saved inputs)."""

    target: str
    executions: int
    seconds: float
    returncode: int
    crashes: tuple[Path, ...]
    log_tail: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and not self.crashes


def command(target: str, *, seconds: float, runs: int, work: Path) -> list[str]:
    """The child's command line (libFuzzer flags after the target name)."""
    out = work / target
    (out / "corpus").mkdir(parents=True, exist_ok=True)
    args = [sys.executable, "-m", "fuzz.harness", target,
            f"-max_total_time={max(1, round(seconds))}", f"-runs={runs}",
            f"-artifact_prefix={out}/", "-print_final_stats=1", "-timeout=10",
            "-rss_limit_mb=2048", "-max_len=4096", str(out / "corpus")]
    seeds = CORPUS / target
    if seeds.is_dir():
        args.append(str(seeds))
    return args


def run(target: str, *, seconds: float, runs: int = -1, work: Path = Path("build/fuzz")) -> Outcome:
    """Fuzz ``target`` for about ``seconds`` (or ``runs`` executions, whichever ends first)."""
    work = work if work.is_absolute() else ROOT / work
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        p for p in (str(ROOT), str(ROOT / "hardware-sim"), os.environ.get("PYTHONPATH", "")) if p)}
    start = time.monotonic()
    proc = subprocess.run(command(target, seconds=seconds, runs=runs, work=work), cwd=ROOT, env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          timeout=seconds * 3 + 120, check=False)
    log = proc.stdout
    found = _EXECS.search(log)
    progress = _PROGRESS.findall(log)
    executions = int(found.group(1)) if found else int(progress[-1]) if progress else 0
    crashes = tuple(Path(m.decode()) for m in _ARTIFACT.findall(log))
    text = log.decode(errors="replace")
    cut = max(text.rfind("=== Uncaught Python exception"), text.rfind("ERROR: libFuzzer"))
    tail = text[cut:][-4000:] if cut >= 0 else text[-2000:]
    return Outcome(target, executions, time.monotonic() - start, proc.returncode, crashes, tail)
