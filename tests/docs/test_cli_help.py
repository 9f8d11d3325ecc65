"""Every ``rfid-edge`` subcommand and option says what it is for, and README.md names every
subcommand (STYLE.md: a command missing from the docs, or without help text, is a failure)."""
from __future__ import annotations

import argparse
from collections.abc import Iterator

from rfid_edge.cli import build_parser
from tests.docs.extract import ROOT

# subcommands README.md need not name, each with the reason
NOT_IN_README: dict[str, str] = {}


def _walk(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
          ) -> Iterator[tuple[tuple[str, ...], argparse.Action | None, str | None]]:
    """(command path, action, help) for each action, and (path, None, help) for each subcommand."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {choice.dest: choice.help for choice in action._choices_actions}
            for name, child in action.choices.items():
                yield (*path, name), None, helps.get(name)
                yield from _walk(child, (*path, name))
        elif not isinstance(action, argparse._HelpAction):
            yield path, action, action.help


def test_every_subcommand_and_option_has_help() -> None:
    missing = [" ".join(("rfid-edge", *path, *(action.option_strings[:1] or [action.dest]
                                             if action else [])))
               for path, action, text in _walk(build_parser())
               if not (text or "").strip() or text == argparse.SUPPRESS and action is None]
    assert missing == []


def test_every_subcommand_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = {" ".join(path) for path, action, _ in _walk(build_parser()) if action is None}
    absent = sorted(c for c in commands if c not in readme and c not in NOT_IN_README)
    assert absent == [], "name these in README.md (or in NOT_IN_README with a reason)"


def test_not_in_readme_list_is_current() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert [c for c in NOT_IN_README if c in readme] == []
