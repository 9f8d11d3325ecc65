"""The staff screens' compiled translations live in a cache every checkout on the machine
shares: a ``.qm`` is named by its ``.ts`` content, so two checkouts whose ``.ts`` texts differ
(with the same file times) never load each other's."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from inventory_scanner.programming.ui import i18n

_TS = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_TW" sourcelanguage="en">
    <context>
        <name>ProgrammingWindow</name>
        <message>
            <source>Barcode</source>
            <translation>{word}</translation>
        </message>
    </context>
</TS>
"""


def _checkout(root: Path, word: str, mtime: float) -> Path:
    root.mkdir()
    ts = root / "tagprog_zh_TW.ts"
    ts.write_text(_TS.format(word=word), encoding="utf-8")
    os.utime(ts, (mtime, mtime))
    return root


def test_two_ts_texts_with_one_mtime_compile_to_different_files(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    when = 1_700_000_000.0
    old = _checkout(tmp_path / "old", "條碼", when)
    new = _checkout(tmp_path / "new", "館藏條碼", when)
    first, second = i18n.compiled("zh_TW", here=old), i18n.compiled("zh_TW", here=new)
    assert first != second and first.parent == second.parent == i18n.cache_dir()
    assert first.read_bytes() != second.read_bytes()
    words = {}
    for root in (old, new):
        tr = i18n.translator("zh_TW", here=root)
        words[root.name] = tr.translate("ProgrammingWindow", "Barcode")
    assert words == {"old": "條碼", "new": "館藏條碼"}
    # the same text again (another checkout, any mtime) reuses the compiled file untouched
    again = _checkout(tmp_path / "again", "條碼", when + 3600)
    made = first.stat().st_mtime_ns
    assert i18n.compiled("zh_TW", here=again) == first and first.stat().st_mtime_ns == made
    assert sorted(p.name for p in first.parent.iterdir()) == sorted([first.name, second.name])
