"""The sweep screen's translations: ``sweep_<lang>.ts`` next to this module, compiled with the
same ``lrelease`` as the programming screen's (English is the source language)."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

from inventory_scanner.programming.ui.i18n import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    TranslationError,
    _lrelease,
    cache_dir,
)

HERE = Path(__file__).resolve().parent

__all__ = ["DEFAULT_LANGUAGE", "LANGUAGES", "TranslationError", "compiled", "translator"]


def compiled(lang: str) -> Path:
    """The ``.qm`` of ``lang``, compiled now if missing or older than its ``.ts``."""
    ts = HERE / f"sweep_{lang}.ts"
    qm = cache_dir().parent / "i18n-sweep" / f"sweep_{lang}.qm"
    if not qm.exists() or qm.stat().st_mtime < ts.stat().st_mtime:
        qm.parent.mkdir(parents=True, exist_ok=True)
        done = subprocess.run([*_lrelease(), "-silent", str(ts), "-qm", str(qm)],
                              capture_output=True, text=True, check=False)
        if done.returncode != 0 or not qm.exists():
            raise TranslationError(f"lrelease {ts.name}: {done.stderr.strip() or done.returncode}")
    return qm


def translator(lang: str) -> Any:
    """A loaded ``QTranslator`` for ``lang``; None for English (the source language)."""
    from PySide6.QtCore import QTranslator

    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; one of {', '.join(LANGUAGES)}")
    if lang == "en":
        return None
    tr = QTranslator()
    if not tr.load(str(compiled(lang))):
        raise TranslationError(f"cannot load the {lang} translation")
    return tr
