"""`rfid-edge tag decode|encode` and `rfid-edge bench tagdata` (acceptance interface, issue 2)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from rfid_edge.bench import tagdata
from rfid_edge.cli import main
from tests.tags.test_iso28560_3 import hand_built

RFID_EDGE = Path(sys.executable).with_name("rfid-edge")
KNOWN = hand_built().hex().upper()


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(RFID_EDGE), *args], capture_output=True, text=True, timeout=60)


def test_decode_prints_one_json_line():
    result = run("tag", "decode", KNOWN)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    out = json.loads(lines[0])
    for key in ("model", "primary_item_id", "owner_library", "parts_in_item", "part_number", "type_of_usage", "crc_ok"):
        assert key in out
    assert out["model"] == "iso28560-3" and out["crc_ok"] is True
    assert out["primary_item_id"] == "31234000123456" and out["owner_library"] == "TW-TPML"


def test_encode_prints_upper_case_hex_that_decodes_back():
    result = run("tag", "encode", "--model", "iso28560-3", "--item-id", "31234000123456",
                 "--owner", "TW-TPML", "--parts", "1", "--part", "1", "--usage", "1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == KNOWN + "0000"
    assert result.stdout.strip().isupper()


def test_bad_hex_one_line_reason_no_traceback():
    result = run("tag", "decode", "11zz")
    assert result.returncode != 0
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert "not a hex string" in result.stderr


@pytest.mark.parametrize(
    "args, reason",
    [
        (["tag", "decode", "1101"], "unrecognised"),
        (["tag", "decode", "--model", "iso28560-3", "1101"], "at least 32 bytes"),
        (["tag", "decode", ""], "empty"),
        (["tag", "encode", "--model", "3m", "--item-id", "1", "--owner", "TW-TPML"], "no ISIL"),
        (["tag", "encode", "--model", "iso28560-3", "--item-id", "1", "--parts", "2"], "go together"),
        (["tag", "encode", "--model", "iso28560-3", "--item-id", "1", "--parts", "2", "--part", "3"], "not within"),
        (["tag", "encode", "--model", "iso28560-3", "--item-id", "1", "--usage", "16"], "type of usage"),
        (["tag", "encode", "--model", "iso28560-3", "--item-id", "12345678901234567"], "holds 16"),
    ],
)
def test_bad_input_exits_non_zero_with_reason(capsys, args, reason):
    assert main(args) != 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert reason in captured.err and len(captured.err.strip().splitlines()) == 1


@pytest.mark.parametrize("model", ["iso28560-2", "3m"])
def test_encode_decode_other_models(capsys, model):
    owner = ["--owner", "TW-TPML"] if model == "iso28560-2" else []
    assert main(["tag", "encode", "--model", model, "--item-id", "31234000123456", *owner, "--parts", "2", "--part", "1"]) == 0
    image = capsys.readouterr().out.strip()
    assert main(["tag", "decode", image, "--model", "auto"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["model"] == model and out["primary_item_id"] == "31234000123456"
    assert (out["parts_in_item"], out["part_number"]) == (2, 1)


def test_decode_dsfid_hint_and_spaced_hex(capsys):
    image = "11 02 01 41" + " 00" * 30
    assert main(["tag", "decode", image, "--dsfid", "06"]) == 0
    assert json.loads(capsys.readouterr().out)["model"] == "iso28560-2"


def test_decode_blank(capsys):
    assert main(["tag", "decode", "55" * 24 + "00" * 4]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["model"] == "blank" and out["blank"] is True


def test_bench_tagdata_figures():
    figures = tagdata.run(["--seconds", "0.01"])
    for model in ("iso28560-3", "iso28560-2", "3m"):
        assert figures[model]["decode_per_s"] > 0 and figures[model]["encode_per_s"] > 0
    assert figures["auto_detect_per_s"] > 0
    assert tagdata.DESCRIPTION


def test_bench_command_runs(capsys):
    assert main(["bench", "tagdata", "--seconds", "0.01"]) == 0
    assert "decode_per_s" in capsys.readouterr().err
