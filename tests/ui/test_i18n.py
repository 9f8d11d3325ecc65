"""Translations go through Qt: .ts sources complete in every language, compiled by lrelease."""

from __future__ import annotations

import os
import shutil
import xml.etree.ElementTree as ET

import pytest
from PySide6.QtCore import QCoreApplication

from kiosk.ui import i18n


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_every_source_string_is_translated(lang: str) -> None:
    root = ET.parse(i18n.ts_path(lang)).getroot()
    messages = list(root.iter("message"))
    assert len(messages) > 150
    for m in messages:
        tr = m.find("translation")
        assert tr.get("type") not in ("unfinished", "obsolete", "vanished"), m.find("source").text
        texts = [f.text for f in tr.findall("numerusform")] if m.get("numerus") == "yes" else [tr.text]
        assert all(t and t.strip() for t in texts), m.find("source").text
        src = m.find("source").text
        for marker in ("%1", "%2", "%n"):
            if marker in src:
                assert all(marker in t for t in texts), (lang, src, texts)


def test_translations_differ_from_english() -> None:
    """zh-TW, vi and id are real translations, not copies of the English source."""
    for lang in ("zh_TW", "vi", "id"):
        root = ET.parse(i18n.ts_path(lang)).getroot()
        same = {m.find("source").text for m in root.iter("message")
                if m.get("numerus") != "yes" and m.find("translation").text == m.find("source").text}
        # only loanwords and names may stay as they are ("OK", "FastBook", "Online", "Slot %1")
        assert len(same) <= 6, (lang, same)


def test_build_compiles_missing_and_stale(tmp_path) -> None:
    written = i18n.build(out_dir=tmp_path)
    assert sorted(p.name for p in written) == sorted(f"kiosk_{lang}.qm" for lang in i18n.LANGUAGES)
    assert i18n.build(out_dir=tmp_path) == []  # up to date: nothing to do
    stale = i18n.qm_path("vi", tmp_path)
    old = i18n.ts_path("vi").stat().st_mtime - 60  # older than its source, whenever it was checked out
    os.utime(stale, (old, old))
    assert i18n.build(out_dir=tmp_path) == [stale]
    assert stale.read_bytes()[:4] == bytes.fromhex("3cb86418")  # the .qm magic


def test_translator_translates(qapp) -> None:
    for lang, expected in (("zh_TW", "結束"), ("vi", "Kết thúc"), ("id", "Selesai"), ("en", "Finish")):
        tr = i18n.translator(lang)
        qapp.installTranslator(tr)
        try:
            assert QCoreApplication.translate("StackScreen", "Finish") == expected
            assert QCoreApplication.translate("StackScreen", "Borrow %n item(s)", "", 3) in (
                "借閱 3 件", "Mượn 3 tài liệu", "Pinjam 3 item", "Borrow 3 items")
        finally:
            qapp.removeTranslator(tr)
    tr = i18n.translator("en")
    qapp.installTranslator(tr)
    try:
        assert QCoreApplication.translate("StackScreen", "Borrow %n item(s)", "", 1) == "Borrow 1 item"
    finally:
        qapp.removeTranslator(tr)


def test_lrelease_ships_with_the_binding() -> None:
    tool = i18n._tool("lrelease")[0]
    assert os.access(tool, os.X_OK) or shutil.which(tool)


@pytest.mark.parametrize(("tag", "lang"), [("zh-TW", "zh_TW"), ("zh_Hant_TW", "zh_TW"), ("en-US", "en"),
                                           ("vi", "vi"), ("id-ID", "id"), ("fr", None), (None, None)])
def test_language_tags(tag, lang) -> None:
    assert i18n.from_tag(tag) == lang
