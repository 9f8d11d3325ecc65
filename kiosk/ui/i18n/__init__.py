"""Translations of the touch UI through Qt's own system: ``.ts`` sources, ``.qm`` compiled.

Source strings in the code are English (``self.tr()`` / ``QCoreApplication.translate``); the
``kiosk_<lang>.ts`` files next to this module hold the zh-TW (default), en, vi and id texts.
The compiled ``.qm`` files are build products: :func:`build` runs ``lrelease`` (shipped in the
PySide6-Essentials wheel) when a ``.qm`` is missing or older than its ``.ts``. The launcher and
the tests call it, so a fresh checkout works without a Makefile; ``python -m kiosk.ui.i18n``
does the same by hand, and ``python -m kiosk.ui.i18n --update`` refreshes the ``.ts`` sources
from the code with ``lupdate`` (keeping existing translations).
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
UI_DIR = HERE.parent

#: UI language codes (Qt file naming) in the order the language bar shows them.
LANGUAGES: tuple[str, ...] = ("zh_TW", "en", "vi", "id")
DEFAULT_LANGUAGE = "zh_TW"
#: Each language's own name, as patrons look for it (not translated on purpose).
NATIVE_NAMES = {"zh_TW": "中文", "en": "English", "vi": "Tiếng Việt", "id": "Bahasa Indonesia"}
#: UI code ↔ BCP 47 tag used by the core (``SetLanguage``) and by patron records.
BCP47 = {"zh_TW": "zh-TW", "en": "en", "vi": "vi", "id": "id"}


class TranslationBuildError(RuntimeError):
    """lrelease is missing or failed on a ``.ts`` file."""


def ts_path(lang: str) -> Path:
    return HERE / f"kiosk_{lang}.ts"


def qm_path(lang: str, out_dir: Path | None = None) -> Path:
    return (out_dir or HERE) / f"kiosk_{lang}.qm"


def from_tag(tag: str | None) -> str | None:
    """A UI language for a BCP 47-ish tag (``zh-TW``, ``zh_Hant_TW``, ``en-US``, ``vi``) or None."""
    if not tag:
        return None
    t = tag.replace("-", "_").lower()
    if t.startswith("zh"):
        return "zh_TW"
    for lang in LANGUAGES:
        if t == lang.lower() or t.split("_")[0] == lang.lower():
            return lang
    return None


def _tool(name: str) -> list[str]:
    """The Qt tool ``name`` (lrelease/lupdate): the wheel's binary, else the pyside6- wrapper."""
    try:
        import PySide6

        binary = Path(PySide6.__file__).parent / name
        if binary.is_file() and os.access(binary, os.X_OK):
            return [str(binary)]
    except ImportError:  # pragma: no cover - PySide6 is a dependency
        pass
    wrapper = Path(sys.executable).parent / f"pyside6-{name}"
    if wrapper.exists():
        return [str(wrapper)]
    found = shutil.which(f"pyside6-{name}") or shutil.which(name)
    if not found:
        raise TranslationBuildError(f"{name} not found (it ships with PySide6-Essentials)")
    return [found]


def stale(lang: str, out_dir: Path | None = None) -> bool:
    qm, ts = qm_path(lang, out_dir), ts_path(lang)
    return not qm.exists() or qm.stat().st_mtime < ts.stat().st_mtime


def build(*, force: bool = False, out_dir: Path | None = None) -> list[Path]:
    """Compile every ``.ts`` whose ``.qm`` is missing or stale; return the ``.qm`` paths written.

    Writes next to the sources unless ``out_dir`` is given (for read-only installs the launcher
    passes a cache folder; :func:`qm_dir` finds whichever is current).
    """
    written = []
    for lang in LANGUAGES:
        if not force and not stale(lang, out_dir):
            continue
        target = qm_path(lang, out_dir)
        target.parent.mkdir(parents=True, exist_ok=True)
        proc = subprocess.run(
            [*_tool("lrelease"), "-silent", str(ts_path(lang)), "-qm", str(target)],
            capture_output=True, text=True, check=False,
        )
        if proc.returncode != 0 or not target.exists():
            raise TranslationBuildError(f"lrelease {ts_path(lang).name}: {proc.stderr.strip() or proc.returncode}")
        written.append(target)
    return written


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "rfid-edge" / "i18n"


def ensure_built() -> Path:
    """Make sure current ``.qm`` files exist; return their folder (source tree, else cache)."""
    try:
        build()
        return HERE
    except OSError:  # read-only install: compile into the user's cache instead
        out = cache_dir()
        build(out_dir=out)
        return out


def update_sources() -> None:
    """Refresh the ``.ts`` files from the code (lupdate keeps existing translations)."""
    sources = sorted(str(p) for p in UI_DIR.rglob("*.py") if "i18n" not in p.parts)
    for lang in LANGUAGES:
        subprocess.run([*_tool("lupdate"), "-no-obsolete", *sources, "-ts", str(ts_path(lang))], check=True)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if "--update" in args:
        update_sources()
    for path in build(force="--force" in args):
        print(path)
    return 0


def translator(lang: str, folder: Path | None = None):
    """A loaded ``QTranslator`` for ``lang`` (compiling first if needed).

    :raises TranslationBuildError: the ``.qm`` cannot be built or loaded.
    """
    from PySide6.QtCore import QTranslator

    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}")
    folder = folder or ensure_built()
    tr = QTranslator()
    if not tr.load(str(qm_path(lang, folder))):
        raise TranslationBuildError(f"cannot load {qm_path(lang, folder)}")
    return tr
