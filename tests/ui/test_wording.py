"""One word per thing in each language: the desk, the pad, the library card (issue 17 saw
書/資料 and 櫃台/服務台 drift on one screen)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from kiosk.ui import i18n

#: English source term -> the one word each translation uses for it
GLOSSARY = {
    "desk": {"zh_TW": "服務台", "vi": "quầy", "id": "meja layanan"},
    "pad": {"zh_TW": "感應區", "vi": "vùng cảm ứng", "id": "pad"},
    "library card": {"zh_TW": "借書證", "vi": "thẻ thư viện", "id": "kartu perpustakaan"},
}
#: words that drifted in and must not come back
NEVER = {
    "en": ("book pad", "book reader"),
    "zh_TW": ("櫃台", "櫃檯", "借閱證", "書籍感應器", "放書", "此書", "再將書"),
    "vi": ("bàn đọc", "cuốn này"),
    "id": ("pad buku", "pembaca buku", "letakkan buku"),
}


def _messages(lang: str) -> list[tuple[str, str, list[str]]]:
    out = []
    for ctx in ET.parse(i18n.ts_path(lang)).getroot().iter("context"):
        for m in ctx.iter("message"):
            tr = m.find("translation")
            texts = [f.text for f in tr.findall("numerusform")] if m.get("numerus") == "yes" else [tr.text]
            out.append((ctx.find("name").text, m.find("source").text, texts))
    return out


@pytest.mark.parametrize("lang", ["zh_TW", "vi", "id"])
def test_glossary_terms_are_translated_one_way(lang: str) -> None:
    for _, source, texts in _messages(lang):
        for term, words in GLOSSARY.items():
            if re.search(rf"\b{term}\b", source, re.IGNORECASE):
                assert all(words[lang].lower() in t.lower() for t in texts), (lang, term, source, texts)


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_drifted_words_are_gone(lang: str) -> None:
    for _, source, texts in _messages(lang):
        for text in [source, *texts] if lang == "en" else texts:
            for word in NEVER[lang]:
                assert word.lower() not in text.lower(), (lang, word, source, text)


def test_zh_tw_calls_items_ziliao_outside_fastbook() -> None:
    """Items are 資料 (they include DVDs and magazines); 書 stays only in set terms (借書證,
    預約書, 借書/還書/取書, 圖書館) and on FastBook, which holds books."""
    for context, source, texts in _messages("zh_TW"):
        if "item" in source.lower() and "FastBook" not in context and "reserved" not in source.lower():
            for text in texts:
                plain = re.sub("借書證|預約書|借書|還書|取書|圖書館", "", text)
                assert "書" not in plain, (source, text)
