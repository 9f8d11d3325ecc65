"""Every fuzz target runs briefly under atheris and finds no crash (issue 19, DESIGN.md
invariant 4: no parser crashes on any byte string), and every seed input replays cleanly.

The targets run two at a time, one process each (libFuzzer ends its process when a run
ends), about two seconds or a few thousand executions each; the whole file stays under a minute.
Longer runs: ``python -m fuzz --seconds 60``.
"""

from __future__ import annotations

import contextlib
import importlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from fuzz import TARGETS
from fuzz.runner import CORPUS, Outcome, command, run


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Outcome]:
    work = tmp_path_factory.mktemp("fuzz")
    with ThreadPoolExecutor(2) as pool:
        runs = {name: pool.submit(run, name, seconds=2, runs=4000, work=work) for name in TARGETS}
        return {name: f.result() for name, f in runs.items()}


@pytest.mark.timeout(300)
@pytest.mark.parametrize("target", list(TARGETS))
def test_target_runs_without_a_crash(outcomes: dict[str, Outcome], target: str) -> None:
    outcome = outcomes[target]
    assert outcome.ok, f"{target} crashed: {outcome.crashes}\n{outcome.log_tail}"
    assert outcome.executions >= 100, outcome.log_tail  # it really fuzzed (seeds alone are fewer)


@pytest.mark.parametrize("target", list(TARGETS))
def test_seed_inputs_replay_without_a_crash(target: str) -> None:
    """The seed corpus (real frames and records from the tests) passes the target in-process."""
    module = importlib.import_module(f"fuzz.targets.{target}")
    seeds = sorted((CORPUS / target).iterdir())
    assert seeds, f"no seed inputs for {target}"
    for seed in seeds:
        with contextlib.suppress(module.ALLOWED):
            module.one_input(seed.read_bytes())


def test_every_target_has_a_module_and_seeds_and_the_runner_names_its_corpus(tmp_path: Path) -> None:
    assert sorted(p.name for p in CORPUS.iterdir()) == sorted(TARGETS)
    args = command("ndef", seconds=1, runs=10, work=tmp_path)
    assert args[-1] == str(CORPUS / "ndef") and args[-2] == str(tmp_path / "ndef" / "corpus")
    assert "-runs=10" in args and "-max_total_time=1" in args


def test_the_harness_passes_allowed_errors_and_lets_everything_else_crash() -> None:
    from types import SimpleNamespace

    from fuzz.harness import entry

    def one_input(data: bytes) -> None:
        raise (ValueError if data == b"ok" else KeyError)(data)

    test_one_input = entry(SimpleNamespace(ALLOWED=(ValueError,), one_input=one_input))  # type: ignore[arg-type]
    test_one_input(b"ok")
    with pytest.raises(KeyError):
        test_one_input(b"boom")


def test_the_sim_frames_target_checks_the_3m_emulators_span_crcs() -> None:
    """A span CRC that disagrees with the plain one fails the target (the check is not dead code)."""
    from fuzz.targets.sim_frames import _M810

    fw = _M810()
    fw.receive(bytes.fromhex("D6 00 05 FE 00"))  # a frame short of its CRC: nothing checked yet
    fw._buf._crc.of = lambda start, end: 0  # type: ignore[attr-defined, method-assign]
    with pytest.raises(AssertionError):
        fw.receive(bytes.fromhex("07 00 00"))  # whole: its CRC (00 00) is what the broken span CRC says
