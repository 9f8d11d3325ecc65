"""The two ends of the link stay apart (issue 13): the edge never loads the centre or the ILS
layer, and the shared wire modules at the top of ``sync/`` import neither end."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SYNC = Path(__file__).resolve().parents[2] / "sync"


def _imports(path: Path) -> set[str]:
    """Every module a file imports, at module level or inside a function."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            out.add(node.module)
            out.update(f"{node.module}.{a.name}" for a in node.names)
    return out


def _offending(files: list[Path], forbidden: tuple[str, ...]) -> list[str]:
    return sorted(f"{f.relative_to(SYNC.parent)} imports {name}" for f in files
                  for name in _imports(f) if name.startswith(forbidden))


def test_the_edge_never_imports_the_centre_or_the_ils() -> None:
    files = sorted((SYNC / "edge").rglob("*.py"))
    assert files and _offending(files, ("sync.centre", "sync.ils")) == []


@pytest.mark.parametrize("name", sorted(p.name for p in SYNC.glob("*.py")))
def test_shared_wire_modules_import_neither_end(name: str) -> None:
    assert _offending([SYNC / name], ("sync.edge", "sync.centre", "sync.ils")) == []
