"""README's "Handheld inventory" commands as written: `sim up` on the handheld scenario (made
smaller here), then `inventory screen` on the URL and shelf list it printed, with screenshots.

`sim up` runs ``--instant``: the shelf's clock is then the air time the reader has spent, which
stands still until a command reads, so the wand starts walking once the sweep is reading however
long the commands before it took (in wall time a fixed head start would have to cover them)."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
import time
from pathlib import Path

from sync.broker import Broker

ROOT = Path(__file__).resolve().parents[2]


def _commands() -> list[list[str]]:
    """The section's commands, every ```sh block of it, comments cut."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Handheld inventory", 1)[1].split("\n## ", 1)[0]
    blocks = [part.split("```", 1)[0] for part in section.split("```sh")[1:]]
    return [shlex.split(line.split("  #", 1)[0]) for block in blocks for line in block.strip().splitlines()]


def _small_scenario(tmp_path: Path, sim_up: list[str], **extra: str) -> Path:
    """The README's scenario made smaller (two ranges of ten, one walk)."""
    scenario = (ROOT / sim_up[sim_up.index("--scenario") + 1]).read_text(encoding="utf-8")
    small = re.sub(r"ranges = \d+, items_per_range = \d+", "ranges = 2, items_per_range = 10", scenario)
    small = re.sub(r"walks = \d+", "walks = 1", small)
    for key, value in extra.items():
        small = re.sub(rf"{key} = [\d.]+", f"{key} = {value}", small)
    path = tmp_path / "small.toml"
    path.write_text(small, encoding="utf-8")
    return path


def test_the_readme_screen_command_sweeps_the_simulated_shelf(tmp_path: Path) -> None:
    commands = _commands()
    sim_up = next(c for c in commands if c[1:3] == ["sim", "up"])
    screen = next(c for c in commands if c[1:3] == ["inventory", "screen"] and "--shelf-list" in c)
    small = _small_scenario(tmp_path, sim_up)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    sim = subprocess.Popen([sys.executable, "-m", "rfid_edge", "sim", "up", "--scenario", str(small),
                            "--instant"],
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


def test_the_readme_from_centre_commands_sweep_against_the_centre(tmp_path: Path) -> None:
    """The second block as written (with $RFID_EDGE_CONFIG naming branch MAIN and the broker):
    the centre holds the simulated shelf's items, the sweep fetches its range over the link,
    and the centre lists one pass per range swept."""
    commands = _commands()
    sim_up = next(c for c in commands if c[1:3] == ["sim", "up"])
    block = commands[commands.index(next(c for c in commands if c[1:3] == ["central", "import"])):]
    assert [c[1:3] for c in block] == [["central", "import"], ["central", "import"], ["central", "run"],
                                       ["sync", "run"], ["inventory", "sweep"], ["central", "inventory"]]
    small = _small_scenario(tmp_path, sim_up)
    broker = Broker().start()
    conf = tmp_path / "handheld.toml"
    conf.write_text(f'[device]\nid = "hh-01"\nbranch = "MAIN"\ndata_dir = "{tmp_path / "var"}"\n'
                    f'[sync]\nbroker_port = {broker.port}\n'
                    f'[central]\nbroker_port = {broker.port}\ncache_interval_s = 0\n', encoding="utf-8")
    env = {**os.environ, "RFID_EDGE_CONFIG": str(conf)}
    services: list[subprocess.Popen] = []
    sim = subprocess.Popen([sys.executable, "-m", "rfid_edge", "sim", "up", "--scenario", str(small),
                            "--instant"],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    try:
        assert sim.stdout is not None
        reader = json.loads(sim.stdout.readline())

        def as_written(command: list[str]) -> list[str]:
            return [sys.executable, "-m", "rfid_edge", *(
                reader["url"] if a.startswith("feig://") else reader["shelf_list"] if a.endswith("shelf.csv")
                else a for a in command[1:])]

        for command in block[:2]:
            done = subprocess.run(as_written(command), capture_output=True, text=True, timeout=60,
                                  env=env, cwd=ROOT)
            assert done.returncode == 0 and json.loads(done.stdout)["rejected"] == [], done.stdout + done.stderr
        for command in block[2:4]:
            services.append(subprocess.Popen(as_written(command), stdout=subprocess.PIPE,
                                             stderr=subprocess.DEVNULL, text=True, env=env))
        assert services[0].stdout is not None
        assert json.loads(services[0].stdout.readline())["event"] == "running"
        sweep = subprocess.run([*as_written(block[4]), "--passes", "1", "--idle", "1.5"],
                               capture_output=True, text=True, timeout=180, env=env)
        assert sweep.returncode == 0, sweep.stderr
        assert "from the centre: 20 items, cached in" in sweep.stderr
        enqueued = json.loads(sweep.stdout.splitlines()[-1])["enqueued"]
        strays = json.loads(Path(reader["truth"]).read_text(encoding="utf-8"))["planted"]["misplaced"]
        report = json.loads(sweep.stdout.splitlines()[-2])
        assert {m["item_id"] for m in report["misplaced"]} == set(strays)  # asked about: class 150
        deadline = time.monotonic() + 60
        while True:  # the uplink drains the sweep to the centre; the strays count in no pass
            listed = subprocess.run(as_written(block[5]), capture_output=True, text=True, timeout=60, env=env)
            passes = [json.loads(line) for line in listed.stdout.splitlines()]
            if sum(p["seen"] for p in passes) == enqueued - len(strays):
                break
            assert time.monotonic() < deadline, passes
            time.sleep(0.5)
    finally:
        for proc in (*services, sim):
            proc.terminate()
            proc.wait(20)
        broker.stop()
    assert [p["range_from"] for p in passes] == ["100 1000", "100 1900"]
    assert [p["range_to"] for p in passes] == ["100 1900", "102"]
