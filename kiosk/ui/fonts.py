"""The kiosk's typeface, chosen explicitly: Noto Sans CJK TC (Debian ``fonts-noto-cjk``).

Relying on fontconfig fallback would let a Latin font win for mixed strings and leave CJK
glyphs to chance; a kiosk in a Taiwanese library must never show a missing-glyph box. So the
family is loaded from its file and set as the application font, and :func:`missing_glyphs`
lets tests (and a start-up self-check) prove every rendered character is in that font.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase, QRawFont

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
    """Characters of ``text`` the font cannot draw (whitespace and controls ignored).

    Uses :class:`QRawFont`, i.e. the actual font file Qt resolved, not the requested family,
    so a silent substitution is caught too.
    """
    raw = QRawFont.fromFont(qfont or font(24))
    missing = []
    for ch in text:
        if ch.isspace() or not ch.isprintable():
            continue
        if not raw.supportsCharacter(ch):
            missing.append(ch)
    return missing


def resolved_family(qfont: QFont | None = None) -> str:
    """The family Qt really uses for ``qfont`` (after any substitution)."""
    return QRawFont.fromFont(qfont or font(24)).familyName()
