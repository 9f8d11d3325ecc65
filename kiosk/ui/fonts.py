"""The kiosk's typeface, chosen explicitly: Noto Sans CJK TC (Debian ``fonts-noto-cjk``).

Relying on fontconfig fallback would let a Latin font win for mixed strings and leave CJK
glyphs to chance; a kiosk in a Taiwanese library must never show a missing-glyph box. So the
family is loaded from its file and set as the application font, and :func:`missing_glyphs`
lets tests (and a start-up self-check) prove every rendered character is in that font.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase, QFontMetrics, QRawFont

log = logging.getLogger(__name__)

FAMILY = "Noto Sans CJK TC"

#: Where Debian, Fedora and Arch put the Noto CJK collections (regular and bold).
_SEARCH = (
    Path("/usr/share/fonts/opentype/noto"),
    Path("/usr/share/fonts/google-noto-cjk"),
    Path("/usr/share/fonts/noto-cjk"),
    Path("/usr/share/fonts/truetype/noto"),
)
_FILES = ("NotoSansCJK-Regular.ttc", "NotoSansCJK-Bold.ttc")

_loaded: str | None = None


class FontUnavailable(RuntimeError):
    """Noto Sans CJK TC is not installed; install ``fonts-noto-cjk``."""


def load() -> str:
    """Register the Noto Sans CJK collections with Qt and return the family name.

    Needs a ``QGuiApplication``. Idempotent.

    :raises FontUnavailable: if no collection file is found and the family is not known to Qt.
    """
    global _loaded
    if _loaded:
        return _loaded
    for folder in _SEARCH:
        for name in _FILES:
            path = folder / name
            if path.is_file():
                QFontDatabase.addApplicationFont(str(path))
    if FAMILY not in QFontDatabase.families():
        raise FontUnavailable(f"{FAMILY} not found; install fonts-noto-cjk")
    _loaded = FAMILY
    return FAMILY


def font(pixel_size: int, *, bold: bool = False) -> QFont:
    """The kiosk font at a pixel size (pixel, not point, so layouts scale with the DPI rule)."""
    f = QFont(load())
    f.setPixelSize(max(1, pixel_size))
    f.setBold(bold)
    return f


def missing_glyphs(text: str, qfont: QFont | None = None) -> list[str]:
    """Characters of ``text`` the font would draw as the missing-glyph box (whitespace ignored).

    Asks the font file Qt really resolved (:class:`QRawFont`) for each character's glyph
    index — index 0 is ``.notdef``, the box — so a silent substitution is caught too.
    (``QRawFont.supportsCharacter`` gives false negatives on CJK collections in Qt 6.12, so it
    is not used.) :func:`QFontMetrics.inFontUcs4` must agree.
    """
    qfont = qfont or font(24)
    raw = QRawFont.fromFont(qfont, QFontDatabase.WritingSystem.TraditionalChinese)
    metrics = QFontMetrics(qfont)
    missing = []
    for ch in text:
        if ch.isspace() or not ch.isprintable():
            continue
        glyphs = raw.glyphIndexesForString(ch)
        if not glyphs or glyphs[0] == 0 or not metrics.inFontUcs4(ord(ch)):
            missing.append(ch)
    return missing


def resolved_family(qfont: QFont | None = None) -> str:
    """The family Qt really uses for ``qfont`` (after any substitution)."""
    return QRawFont.fromFont(qfont or font(24)).familyName()
