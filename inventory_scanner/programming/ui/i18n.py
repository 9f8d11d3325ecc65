"""The staff screen's translations through Qt's own system: ``tagprog_<lang>.ts`` sources next
to this module (English is the source language), compiled to ``.qm`` with ``lrelease`` (shipped
in the PySide6-Essentials wheel) into the user's cache.

The cache is shared by every checkout on the machine and file times say nothing about content
(a checkout, a branch switch or a copy sets them), so a ``.qm`` is named by a hash of the
``.ts`` bytes it was compiled from: a checkout whose ``.ts`` text differs never loads another's.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent

#: languages the screen offers (Qt file naming), their own names, first the default
LANGUAGES: dict[str, str] = {"zh_TW": "中文", "en": "English", "vi": "Tiếng Việt",
                             "id": "Bahasa Indonesia"}
DEFAULT_LANGUAGE = "zh_TW"


class TranslationError(RuntimeError):
    """lrelease is missing or failed, or a ``.qm`` does not load."""


def _lrelease() -> list[str]:
    import PySide6

    binary = Path(PySide6.__file__).parent / "lrelease"
    if binary.is_file() and os.access(binary, os.X_OK):
        return [str(binary)]
    found = shutil.which("pyside6-lrelease", path=str(Path(sys.executable).parent)) or \
        shutil.which("pyside6-lrelease") or shutil.which("lrelease")
    if not found:
        raise TranslationError("lrelease not found (it ships with PySide6-Essentials)")
    return [found]


def cache_dir(stem: str = "tagprog") -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "rfid-edge" / f"i18n-{stem}"


def compiled(lang: str, *, stem: str = "tagprog", here: Path = HERE) -> Path:
    """The ``.qm`` of ``<stem>_<lang>.ts`` in ``here``, compiled now unless the cache holds one
    made from the same ``.ts`` bytes (each staff screen keeps its own sources and cache
    folder)."""
    ts = here / f"{stem}_{lang}.ts"
    try:
        source = ts.read_bytes()
    except OSError as exc:
        raise TranslationError(f"{ts}: {exc.strerror or exc}") from None
    qm = cache_dir(stem) / f"{stem}_{lang}-{hashlib.sha256(source).hexdigest()[:20]}.qm"
    if qm.exists():
        return qm
    qm.parent.mkdir(parents=True, exist_ok=True)
    # compiled from a private copy of the bytes hashed (the .ts may change meanwhile) into a
    # private name, then renamed: a checkout compiling the same text at once never reads half
    work = qm.with_name(f".{qm.stem}-{os.getpid()}-{threading.get_ident()}")
    src, out = work.with_suffix(".ts"), work.with_suffix(".qm")
    try:
        src.write_bytes(source)
        done = subprocess.run([*_lrelease(), "-silent", str(src), "-qm", str(out)],
                              capture_output=True, text=True, check=False)
        if done.returncode != 0 or not out.exists():
            raise TranslationError(f"lrelease {ts.name}: {done.stderr.strip() or done.returncode}")
        os.replace(out, qm)
    finally:
        src.unlink(missing_ok=True)
        out.unlink(missing_ok=True)
    return qm


def translator(lang: str, *, stem: str = "tagprog", here: Path = HERE) -> Any:
    """A loaded ``QTranslator`` for ``lang``; None for English (the source language)."""
    from PySide6.QtCore import QTranslator

    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; one of {', '.join(LANGUAGES)}")
    if lang == "en":
        return None
    tr = QTranslator()
    if not tr.load(str(compiled(lang, stem=stem, here=here))):
        raise TranslationError(f"cannot load the {lang} translation")
    return tr
