"""Scenario files: parsing, validation, and a timeline played against real ptys (instant timing)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from drivers.errors import ReaderUnavailable, WriteVerifyError
from drivers.registry import open_reader
from hwsim import scenario as sc
from hwsim.emulators import EMULATORS, Emulator, available

SCENARIOS = Path(__file__).resolve().parents[2] / "hardware-sim" / "scenarios"


def test_shipped_scenarios_parse() -> None:
    names = sorted(p.stem for p in SCENARIOS.glob("*.toml"))
    assert {"demo", "selfcheck-faults", "shelf-sweep"} <= set(names)
    for name in names:
        assert sc.load(SCENARIOS / f"{name}.toml").readers


def test_demo_content() -> None:
    demo = sc.load_builtin("demo")
    pad, chute, card = demo.readers
    assert (pad.protocol, chute.protocol, card.protocol) == ("feig", "m810", "pcsc")
    assert len(pad.tags) == 6 and len(chute.tags) == 3
    assert "cards" in card.raw  # unknown keys pass through to the protocol's runner


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        ({"readers": [{"name": "x"}]}, "needs a protocol"),
        ({"readers": [{"protocol": "feig", "name": "a"}, {"protocol": "feig", "name": "a"}]}, "two readers"),
        ({"readers": [{"protocol": "feig", "tags": [{"uid": "E0"}]}]}, "16 hex digits"),
        ({"readers": [{"protocol": "feig", "tags": [{"memory": "zz"}]}]}, "not hex"),
        ({"readers": [{"protocol": "feig", "tags": [{"item": {"model": "nope"}}]}]}, "bad item"),
        ({"readers": [{"protocol": "feig", "name": "a"}], "timeline": [{"reader": "b", "action": "enter"}]}, "unknown reader"),
        ({"readers": [{"protocol": "feig", "name": "a"}], "timeline": [{"reader": "a", "action": "explode"}]}, "expected one of"),
        ({"readers": [{"protocol": "feig", "name": "a"}], "timeline": [{"reader": "a", "action": "fault", "fault": "fire"}]}, "fault must be"),
    ],
)
def test_invalid_scenarios(doc: dict, message: str) -> None:
    with pytest.raises(sc.ScenarioError, match=message):
        sc.parse(doc)


def test_registry() -> None:
    assert available("feig") and available("m810")
    assert not available("nosuch")
    with pytest.raises(ValueError):
        Emulator(runner="no-colon")
    assert set(EMULATORS) >= {"feig", "m810", "pcsc"}


def _wait(predicate, timeout: float = 5.0) -> bool:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.01)
    return False


def test_timeline_enter_leave_and_faults(tmp_path: Path) -> None:
    doc = {
        "readers": [{"name": "pad", "protocol": "feig", "port": str(tmp_path / "ttyPAD"), "tags": [
            {"uid": "E004010000000011", "afi": 7, "item": {"model": "iso28560-3", "primary_item_id": "B1", "owner_library": "TW-TPML"}},
            {"uid": "E004010000000012", "present": False},
        ]}],
        "timeline": [
            {"at": 0.05, "reader": "pad", "action": "enter", "tag": "E004010000000012"},
            {"at": 0.10, "reader": "pad", "action": "leave", "tag": "E004010000000011"},
            {"at": 0.15, "reader": "pad", "action": "fault", "fault": "corrupt_crc", "count": 1},
        ],
    }
    run = sc.start(sc.parse(doc), realistic=False)
    try:
        pad = run.reader("pad")
        assert pad.port == str(tmp_path / "ttyPAD")
        assert run.finished.wait(5)
        with open_reader(f"feig://{pad.port}?timeout=0.3") as r:
            assert [t.uid for t in r.inventory()] == ["E004010000000012"]  # after one resend
        assert pad.faults.log == ["corrupt"]
    finally:
        run.stop()


def test_timeline_unplug_with_duration_and_mid_write(tmp_path: Path) -> None:
    doc = {
        "readers": [{"name": "pad", "protocol": "feig", "tags": [{"uid": "E004010000000021"}]}],
        "timeline": [
            {"at": 0.0, "reader": "pad", "action": "leave_mid_write", "tag": "E004010000000021", "after": 1, "away_for": 1},
            {"at": 0.0, "reader": "pad", "action": "unplug", "duration": 0.3},
        ],
    }
    run = sc.start(sc.parse(doc), realistic=False)
    try:
        pad = run.reader("pad")
        assert run.finished.wait(5)
        with pytest.raises(ReaderUnavailable):
            open_reader(f"feig://{pad.port}")
        assert _wait(lambda: Path(pad.port).exists())
        with open_reader(f"feig://{pad.port}?timeout=0.3") as r:
            with pytest.raises(WriteVerifyError) as err:
                r.write_blocks("E004010000000021", 0, b"\x01" * 12)
            assert (err.value.changed, err.value.unchanged) == ([0], [1, 2])
    finally:
        run.stop()
    assert not Path(pad.port).exists()


def test_rssi_sweep(tmp_path: Path) -> None:
    run = sc.start(sc.load(SCENARIOS / "shelf-sweep.toml"), realistic=False, timeline=False)
    try:
        wand = run.reader("wand")
        with open_reader(f"feig://{wand.port}?timeout=0.3") as r:
            assert [t.uid for t in r.inventory()] == ["E004010091000001"]
            for event in run.scenario.timeline[:2]:
                run.apply(event)
            assert [t.uid for t in r.inventory()] == ["E004010091000002"]
    finally:
        run.stop()
