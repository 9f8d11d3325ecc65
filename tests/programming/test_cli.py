"""`rfid-edge tag program` through the real entry point, on the FEIG emulator's pty: one item,
a refusal, and a batch from standard input answered by a cart on the pad."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from drivers.tags import decode, encode, make_item
from hwsim.iso15693.tag import Iso15693Tag
from hwsim.runner import RunningReader
from sync.edge.outbox import Outbox
from tests.cli.conftest import ROOT, rfid_edge, write
from tests.programming.conftest import blank


def _config(tmp_path: Path) -> Path:
    return write(tmp_path / "station.toml",
                 f'[device]\nid = "tagprog-01"\nbranch = "TPML-MAIN"\nlibrary_isil = "TW-TPML"\n'
                 f'data_dir = "{tmp_path}"\n\n[tagprog]\nsettle_s = 0.0\nplace_timeout_s = 5.0\n')


def _lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def _payloads(tmp_path: Path) -> list[dict]:
    with Outbox(tmp_path / "outbox.db", device_id="tagprog-01", branch="TPML-MAIN") as outbox:
        return [json.loads(r.message)["payload"] for r in outbox.unanswered()
                if r.type == "tag_programmed"]


def test_program_one_item(sim: RunningReader, tmp_path: Path) -> None:
    tags = [blank(1), blank(2)]
    for t in tags:
        sim.place(t)
    done = rfid_edge("tag", "program", "--reader", f"feig://{sim.port}?timeout=0.5",
                     "--item-id", "31234000123456", "--parts", "2", "--config",
                     str(_config(tmp_path)))
    assert done.returncode == 0, done.stderr
    out = _lines(done.stdout)
    assert out[-1]["event"] == "item" and out[-1]["status"] == "done"
    assert sorted(decode(t.read_memory()).part_number for t in tags) == [1, 2]
    assert sorted(p["uid"] for p in _payloads(tmp_path)) == sorted(t.uid_hex for t in tags)


def test_program_refuses_another_items_tag(sim: RunningReader, tmp_path: Path) -> None:
    memory = encode(make_item("39999000000001", owner_library="TW-TPML"))
    sim.place(Iso15693Tag("E004010020000001", memory=memory))
    done = rfid_edge("tag", "program", "--reader", f"feig://{sim.port}?timeout=0.5",
                     "--item-id", "31234000123456", "--config", str(_config(tmp_path)))
    assert done.returncode == 1
    last = _lines(done.stdout)[-1]
    assert (last["status"], last["reason"], last["needs_confirmation"]) == \
        ("skipped", "foreign_tag", True)
    assert _payloads(tmp_path) == []


def test_batch_from_stdin(sim: RunningReader, tmp_path: Path) -> None:
    cart = {"31234000000001": [blank(1)], "31234000000002": [blank(2), blank(3)]}
    env = {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'hardware-sim'}"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "rfid_edge", "tag", "program", "--reader",
         f"feig://{sim.port}?timeout=0.5", "--batch", "-", "--config", str(_config(tmp_path))],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env=env, cwd=ROOT)
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write("31234000000001\n31234000000002, 2  # a two-volume set\n")
    proc.stdin.close()
    events = []
    for line in proc.stdout:
        event = json.loads(line)
        events.append(event)
        if event["event"] == "place":  # the staff member swaps the tags on the pad
            assert sim.field is not None
            sim.field.clear()
            for t in cart[event["item_id"]]:
                sim.place(t)
    assert proc.wait(timeout=30) == 0, proc.stderr.read() if proc.stderr else ""
    report = events[-1]
    assert report["event"] == "report"
    assert [i["item_id"] for i in report["done"]] == list(cart)
    assert report["counts"] == {"pending": 0, "done": 2, "skipped": 0, "failed": 0}
    assert (tmp_path / "tagprog.sqlite").exists()
    assert len(_payloads(tmp_path)) == 3


def test_screen_opens_and_closes(sim: RunningReader, tmp_path: Path) -> None:
    done = rfid_edge("tag", "screen", "--reader", f"feig://{sim.port}?timeout=0.5",
                     "--language", "vi", "--quit-after", "0.3", "--config",
                     str(_config(tmp_path)), env={"QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stderr
    assert _lines(done.stdout) == [{"event": "closed", "language": "vi"}]


def test_config_check_names_a_wrong_tagprog_key(tmp_path: Path) -> None:
    conf = write(tmp_path / "bad.toml", '[tagprog]\nmodel = "iso15962"\nattempts = 0\n')
    done = rfid_edge("config", "check", str(conf))
    assert done.returncode == 1
    assert "[tagprog] model" in done.stderr and "[tagprog] attempts" in done.stderr
    ok = rfid_edge("config", "check", str(write(tmp_path / "ok.toml",
                                                 '[tagprog]\nmodel = "3m"\nlock = true\n')))
    assert ok.returncode == 0, ok.stderr


@pytest.mark.parametrize("protocol", ["feig", "m810"])
def test_program_with_lock_then_a_rewrite_is_refused_as_locked(
        tmp_path: Path, protocol: str) -> None:
    """``--lock`` on the serial readers: the image's blocks and the AFI are locked for good, so
    programming the tag again — the same item, or another one with a confirmed re-tag — is
    refused with the clear "locked" message and the tag keeps its data."""
    from hwsim.runner import start_serial_reader

    sim = start_serial_reader({"name": protocol, "protocol": protocol,
                               "port": str(tmp_path / f"tty{protocol}")}, realistic=False)
    try:
        tag = blank(1)
        sim.place(tag)
        url = f"{protocol}://{sim.port}?timeout=0.5"
        config = str(_config(tmp_path))
        done = rfid_edge("tag", "program", "--reader", url, "--item-id", "31234000123456",
                         "--lock", "--config", config)
        assert done.returncode == 0, done.stderr
        last = _lines(done.stdout)[-1]
        assert (last["status"], last["tags"][0]["locked"]) == ("done", True)
        image_blocks = (len(encode(make_item("31234000123456", owner_library="TW-TPML"))) + 3) // 4
        assert [n for n, locked in enumerate(tag.block_locks) if locked] == \
            list(range(image_blocks))
        assert tag.afi_locked and tag.afi == 0x07
        for again in (["--item-id", "31234000123456"],
                      ["--item-id", "39999000000001", "--confirm-retag"]):
            refused = rfid_edge("tag", "program", "--reader", url, *again, "--config", config)
            assert refused.returncode == 1
            last = _lines(refused.stdout)[-1]
            assert (last["status"], last["reason"]) == ("failed", "locked"), last
            assert "locked" in last["message"] and "new tag" in last["message"]
        assert decode(tag.read_memory()).primary_item_id == "31234000123456"
        assert len(_payloads(tmp_path)) == 1  # only the first programming told the centre
    finally:
        sim.stop()
