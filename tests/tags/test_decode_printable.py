"""`rfid-edge tag decode` never writes a tag's control characters raw (issue 17 item 11): JSON
escapes C0 controls itself, not DEL, C1 (U+009B is CSI) or a right-to-left override."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from rfid_edge.printable import escape, flag_unprintable
from tests.tags.test_iso28560_3 import hand_built

ACCEPTANCE = ("model", "primary_item_id", "owner_library", "parts_in_item", "part_number",
              "type_of_usage", "crc_ok")


def decode(image: bytes) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "rfid_edge", "tag", "decode", "--model",
                           "iso28560-3", image.hex()], capture_output=True, timeout=60)


@pytest.mark.parametrize("pii, shown", [
    (b"3123\x1b[2J\x7f", "3123\\x1b[2J\\x7f"),
    ("31\u009b2J".encode(), "31\\x9b2J"),
    ("31\u202e21".encode(), "31\\u202e21"),
    (b"31\\\x07", "31\\\\\\x07"),
])
def test_unprintable_item_ids_are_escaped_and_flagged(pii: bytes, shown: str) -> None:
    r = decode(hand_built(pii=pii))
    assert r.returncode == 0, r.stderr
    text = r.stdout.decode("utf-8")
    assert all(ch.isprintable() for ch in text.rstrip("\n"))  # nothing a terminal obeys
    out = json.loads(text)
    assert all(key in out for key in ACCEPTANCE) and out["crc_ok"] is True
    assert out["primary_item_id"] == shown
    assert out["printable"] is False and out["unprintable_fields"] == ["primary_item_id"]


def test_a_printable_id_is_unchanged_and_says_so() -> None:
    out = json.loads(decode(hand_built(pii="31234書".encode())).stdout)
    assert out["primary_item_id"] == "31234書" and out["printable"] is True
    assert "unprintable_fields" not in out


def test_nested_values_are_walked() -> None:
    out = flag_unprintable({"elements": [{"name": "title", "value": "a\x85b"}], "n": 3})
    assert out["elements"][0]["value"] == "a\\x85b" and out["n"] == 3
    assert out["unprintable_fields"] == ["elements[0].value"]
    assert escape("\U000e0001") == "\\U000e0001"
