"""README's "Handheld inventory" commands as written: `sim up` on the handheld scenario (made
smaller here), then `inventory screen` on the URL and shelf list it printed, with screenshots."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _commands() -> list[list[str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("## Handheld inventory", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    return [shlex.split(line.split("  #", 1)[0]) for line in block.strip().splitlines()]


def test_the_readme_screen_command_sweeps_the_simulated_shelf(tmp_path: Path) -> None:
    commands = _commands()
    sim_up = next(c for c in commands if c[1:3] == ["sim", "up"])
    screen = next(c for c in commands if c[1:3] == ["inventory", "screen"] and "--shelf-list" in c)
    scenario = (ROOT / sim_up[sim_up.index("--scenario") + 1]).read_text(encoding="utf-8")
    small = re.sub(r"ranges = \d+, items_per_range = \d+", "ranges = 2, items_per_range = 10", scenario)
    small = re.sub(r"walks = \d+", "walks = 1", small)
    (tmp_path / "small.toml").write_text(small, encoding="utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    sim = subprocess.Popen([sys.executable, "-m", "rfid_edge", "sim", "up", "--scenario", str(tmp_path / "small.toml")],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    try:
        assert sim.stdout is not None
        reader = json.loads(sim.stdout.readline())
        args = [reader["url"] if a.startswith("feig://") else reader["shelf_list"] if a.endswith("shelf.csv") else a
                for a in screen[1:]]
        done = subprocess.run([sys.executable, "-m", "rfid_edge", *args, "--passes", "1", "--idle", "1.5",
                               "--screenshots", str(tmp_path / "shots")],
                              capture_output=True, text=True, timeout=180, env=env)
        truth = json.loads(Path(reader["truth"]).read_text(encoding="utf-8"))  # gone when sim stops
    finally:
        sim.terminate()
        sim.wait(10)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["event"] == "report"
    assert {m["item_id"] for m in report["missing"]} == set(truth["planted"]["missing"])
    assert sorted(p.name for p in (tmp_path / "shots").iterdir()) == [
        "sweep-en-handheld.png", "sweep-en-tablet.png"]
