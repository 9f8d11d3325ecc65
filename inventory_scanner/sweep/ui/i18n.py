"""The sweep screen's translations: ``sweep_<lang>.ts`` next to this module, compiled with the
same ``lrelease`` as the programming screen's (English is the source language)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from inventory_scanner.programming.ui import i18n as _staff
from inventory_scanner.programming.ui.i18n import DEFAULT_LANGUAGE, LANGUAGES, TranslationError

HERE = Path(__file__).resolve().parent

__all__ = ["DEFAULT_LANGUAGE", "LANGUAGES", "TranslationError", "compiled", "translator"]


def compiled(lang: str) -> Path:
    """The sweep screen's ``.qm`` of ``lang`` (the staff screens' one compile step)."""
    return _staff.compiled(lang, stem="sweep", here=HERE)


def translator(lang: str) -> Any:
    """A loaded ``QTranslator`` for ``lang``; None for English (the source language)."""
    return _staff.translator(lang, stem="sweep", here=HERE)
