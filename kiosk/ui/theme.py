"""Sizes and colours of the touch UI: a normal theme and a large-type/high-contrast one.

Touch targets are sized in millimetres and converted with the screen's logical DPI, so a
button is at least :data:`MIN_TARGET_MM` wide and tall whatever the panel (WCAG 2.5.5 asks
for 44 CSS px ≈ 9 mm; gloved or unsteady hands need more). Type scales with the shorter side
of the window, so the same layout reads well at 1920×1080, 1080×1920 and 1280×800.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

MIN_TARGET_MM = 9.0
#: Primary actions (start, confirm, finish) get a bigger target than the minimum.
PRIMARY_TARGET_MM = 14.0


def mm_to_px(mm: float, logical_dpi: float) -> int:
    """Millimetres to device-independent pixels at ``logical_dpi`` (rounded up: never smaller)."""
    if logical_dpi <= 0:
        raise ValueError("logical_dpi must be positive")
    px = mm / 25.4 * logical_dpi
    return int(px) + (0 if px == int(px) else 1)


@dataclass(frozen=True, kw_only=True)
class Theme:
    """One look of the kiosk. Colours are CSS hex strings; ``scale`` multiplies type sizes."""

    name: str
    scale: float
    background: str
    surface: str
    text: str
    muted: str
    accent: str
    accent_text: str
    ok: str
    warn: str
    error: str
    border_px: int

    def __post_init__(self) -> None:
        if not 0.5 <= self.scale <= 3.0:
            raise ValueError(f"scale {self.scale} out of range 0.5..3")
        for field in ("background", "surface", "text", "muted", "accent", "accent_text", "ok", "warn", "error"):
            value = getattr(self, field)
            if not (isinstance(value, str) and value.startswith("#") and len(value) == 7):
                raise ValueError(f"{field} must be a #rrggbb colour, got {value!r}")

    def base_px(self, width: int, height: int) -> int:
        """Body text size in pixels for a window of ``width``×``height``."""
        return max(14, round(min(width, height) / 38 * self.scale))

    def stylesheet(self, width: int, height: int, logical_dpi: float, family: str = "Noto Sans CJK TC") -> str:
        """The Qt style sheet for the whole window at this size."""
        base = self.base_px(width, height)
        target = max(mm_to_px(MIN_TARGET_MM, logical_dpi), round(base * 1.9))
        key = max(mm_to_px(MIN_TARGET_MM, logical_dpi), round(base * 1.5))
        primary = max(mm_to_px(PRIMARY_TARGET_MM, logical_dpi), round(base * 2.4))
        b = self.border_px
        return f"""
QWidget {{ background: {self.background}; color: {self.text}; font-family: "{family}"; font-size: {base}px; }}
QLabel#title {{ font-size: {round(base * 1.7)}px; font-weight: bold; }}
QLabel#headline {{ font-size: {round(base * 2.0)}px; font-weight: bold; }}
QLabel#muted {{ color: {self.muted}; }}
QLabel#ok {{ color: {self.ok}; font-weight: bold; }}
QLabel#warn {{ color: {self.warn}; font-weight: bold; }}
QLabel#error {{ color: {self.error}; font-weight: bold; }}
QFrame#card {{ background: {self.surface}; border: {b}px solid {self.muted}; border-radius: 12px; }}
QFrame#card QLabel {{ background: transparent; }}
QFrame#banner {{ background: {self.surface}; border-bottom: {b}px solid {self.muted}; }}
QFrame#banner QLabel {{ background: transparent; }}
QPushButton {{
    min-height: {target}px; min-width: {target}px; padding: 6px 18px;
    background: {self.surface}; color: {self.text};
    border: {b}px solid {self.muted}; border-radius: 10px;
}}
QPushButton:pressed {{ background: {self.accent}; color: {self.accent_text}; }}
QPushButton:checked {{ background: {self.accent}; color: {self.accent_text}; }}
QPushButton:disabled {{ color: {self.muted}; border-style: dashed; }}
QPushButton#primary {{
    min-height: {primary}px; font-size: {round(base * 1.3)}px; font-weight: bold;
    background: {self.accent}; color: {self.accent_text}; border-color: {self.accent};
}}
QPushButton#key {{ font-size: {round(base * 1.2)}px; min-height: {key}px; min-width: {key}px; padding: 2px; }}
QLineEdit {{
    min-height: {target}px; font-size: {round(base * 1.3)}px; padding: 4px 12px;
    background: {self.surface}; color: {self.text};
    border: {b}px solid {self.accent}; border-radius: 8px;
}}
QListWidget, QTableWidget {{
    background: {self.surface}; border: {b}px solid {self.muted}; border-radius: 8px;
}}
QScrollBar:vertical {{ width: {target}px; }}
QProgressBar {{ min-height: {round(base * 0.8)}px; border: {b}px solid {self.muted}; border-radius: 6px; text-align: center; }}
QProgressBar::chunk {{ background: {self.accent}; }}
"""


NORMAL = Theme(
    name="normal",
    scale=1.0,
    background="#f6f3ee",
    surface="#ffffff",
    text="#1d1d1f",
    muted="#6b6b70",
    accent="#0b5cad",
    accent_text="#ffffff",
    ok="#1b7a3a",
    warn="#8a5a00",
    error="#b3261e",
    border_px=2,
)

#: Large type on black with yellow/white — contrast above 15:1 for body text.
LARGE_HIGH_CONTRAST = Theme(
    name="large-high-contrast",
    scale=1.45,
    background="#000000",
    surface="#111111",
    text="#ffffff",
    muted="#d0d0d0",
    accent="#ffd400",
    accent_text="#000000",
    ok="#7dff8a",
    warn="#ffd400",
    error="#ff8a80",
    border_px=3,
)


def contrast_ratio(fg: str, bg: str) -> float:
    """WCAG 2.x contrast ratio of two ``#rrggbb`` colours."""

    def luminance(colour: str) -> float:
        chans = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in chans]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    a, b = luminance(fg), luminance(bg)
    hi, lo = max(a, b), min(a, b)
    return (hi + 0.05) / (lo + 0.05)


def scaled(theme: Theme, scale: float) -> Theme:
    """``theme`` with another type scale (staff can tune it per site)."""
    return replace(theme, scale=scale)
