"""Find the shell commands the docs show a reader, so a test can run each one as written."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_INLINE = re.compile(r"`((?:\.venv/bin/)?rfid-edge [^`]+)`")
_COMMENT = re.compile(r"\s+#\s.*$")


@dataclass(frozen=True)
class Shown:
    """One command line as a document shows it, and where."""

    command: str
    where: str


def _strip(line: str) -> str:
    return _COMMENT.sub("", line).strip()


def from_markdown(path: Path) -> list[Shown]:
    """Lines of ```sh blocks, 4-space indented ``rfid-edge`` lines, inline `rfid-edge …` spans."""
    found: list[Shown] = []
    fence: str | None = None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        where = f"{path.relative_to(ROOT)}:{number}"
        if line.startswith("```"):
            fence = None if fence is not None else line[3:].strip()
            continue
        if fence is not None:
            if fence == "sh" and line.strip() and not line.lstrip().startswith("#"):
                found.append(Shown(_strip(line), where))
            continue
        if line.startswith("    ") and line.strip().startswith("rfid-edge "):
            found.append(Shown(_strip(line), where))
            continue
        found.extend(Shown(span.strip(), where) for span in _INLINE.findall(line))
    return found


def from_toml_comments(path: Path) -> list[Shown]:
    """Commands quoted in an example file's comments: ``#   rfid-edge …`` lines and `…` spans."""
    found: list[Shown] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        where = f"{path.relative_to(ROOT)}:{number}"
        stripped = line.lstrip()  # a whole-line comment, or the comment after a value
        text = stripped[1:] if stripped.startswith("#") else line.partition("#")[2]
        if text.strip().startswith("rfid-edge "):
            found.append(Shown(_strip(text), where))
            continue
        found.extend(Shown(span.strip(), where) for span in _INLINE.findall(text))
    return found


def all_shown() -> list[Shown]:
    """Every command in README.md, docs/*.md and the comments of examples/*.toml."""
    shown = from_markdown(ROOT / "README.md")
    for path in sorted((ROOT / "docs").glob("*.md")):
        shown += from_markdown(path)
    for path in sorted((ROOT / "examples").glob("*.toml")):
        shown += from_toml_comments(path)
    return shown
