"""Screenshots that prove something: not blank, and every visible string drawable by the font.

Used by the UI tests and by the headless ``rfid-edge demo``. "Drawable" is checked on the font
Qt actually resolved for each widget (:class:`QRawFont`), not the family we asked for, so a
silent fallback or a missing-glyph box fails the check.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtGui import QFontDatabase, QImage, QRawFont
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QWidget

from kiosk.ui import fonts


@dataclass(frozen=True, kw_only=True)
class ShotReport:
    path: Path
    texts: tuple[str, ...]
    missing: dict[str, tuple[str, ...]] = field(default_factory=dict)  # text -> missing chars
    wrong_family: tuple[str, ...] = ()  # families other than the kiosk font
    ink_ratio: float = 0.0  # share of pixels not of the dominant colour
    colours: int = 0

    @property
    def blank(self) -> bool:
        return self.colours < 8 or self.ink_ratio < 0.01

    @property
    def ok(self) -> bool:
        return not self.blank and not self.missing and not self.wrong_family


def visible_texts(window: QWidget) -> list[tuple[QWidget, str]]:
    """(widget, text) of every visible label, button and line edit with text."""
    out = []
    for w in window.findChildren(QWidget):
        if not w.isVisibleTo(window):
            continue
        if isinstance(w, QLabel | QAbstractButton):
            text = w.text()
        elif isinstance(w, QLineEdit):
            text = w.displayText()
        else:
            continue
        if text.strip():
            out.append((w, text))
    return out


def ink(image: QImage, step: int = 3) -> tuple[float, int]:
    """(share of sampled pixels not of the dominant colour, number of distinct colours).

    Counted a row slice at a time over the ARGB32 words, which are exactly what
    ``QImage.pixel`` returns (one call per pixel cost ~0.1 s per screenshot)."""
    argb = image.convertToFormat(QImage.Format.Format_ARGB32)
    width, height, stride = argb.width(), argb.height(), argb.bytesPerLine() // 4
    counts: Counter[int] = Counter()
    if width and height:
        words = memoryview(argb.constBits()).cast("I")  # native-endian 0xAARRGGBB
        for y in range(0, height, step):
            counts.update(words[y * stride:y * stride + width:step])
    total = sum(counts.values()) or 1
    dominant = counts.most_common(1)[0][1] if counts else 0
    return 1 - dominant / total, len(counts)


def capture(window: QWidget, path: Path) -> ShotReport:
    """Save ``window`` as PNG at ``path`` and check it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    pixmap = window.grab()
    pixmap.save(str(path))
    ratio, colours = ink(pixmap.toImage())
    texts, missing, families = [], {}, set()
    for widget, text in visible_texts(window):
        texts.append(text)
        font = widget.font()
        raw = QRawFont.fromFont(font, QFontDatabase.WritingSystem.TraditionalChinese)
        if raw.familyName() != fonts.FAMILY:
            families.add(raw.familyName())
        gone = tuple(fonts.missing_glyphs(text, font))
        if gone:
            missing[text] = gone
    return ShotReport(path=path, texts=tuple(texts), missing=missing, wrong_family=tuple(sorted(families)),
                      ink_ratio=ratio, colours=colours)
