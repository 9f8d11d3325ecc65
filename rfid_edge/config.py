"""One TOML file per device (read with :mod:`tomllib`), layered over defaults that run the simulator.

Order, as in python-can's ``load_config``: explicit overrides > the file (``--config``, else the
one ``$RFID_EDGE_CONFIG`` names) > the defaults. Each section belongs to one package, whose
settings model (:mod:`rfid_edge.settings_registry`) holds its defaults and checks it; this module
only layers the sources and reports every problem of a file at once (:func:`check`), one line
each, naming the file, the table and the key.
"""

from __future__ import annotations

import copy
import os
import tomllib
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from rfid_edge import settings_registry as registry
from rfid_edge.config_problems import Problem, from_validation_error, unknown_section

__all__ = ["ConfigError", "Problem", "check", "defaults", "load", "read"]

#: Defaults of the sections whose owner has no settings model yet (``SECTIONS`` maps them to
#: None). When a model lands, its section goes from here: the model's fields are its defaults.
_UNMODELLED: dict[str, Any] = {}


class ConfigError(ValueError):
    """A configuration that cannot be used: :attr:`problems` lists each thing wrong, one line
    each in ``str()``."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


def _section_defaults(name: str) -> dict[str, Any]:
    """A modelled section's defaults in the shape of its TOML table: ``defaults_section()`` of
    the model's default instance when it has one (fields that are not the keys), else its dump."""
    from pydantic import ValidationError

    try:
        settings = registry.model(name).from_section({})
    except ValidationError:  # a key without a default: the file must give it
        return {}
    shaped = getattr(settings, "defaults_section", None)
    if shaped is not None:
        return dict(shaped())
    return settings.model_dump(mode="json", by_alias=True, exclude_none=True)


@cache
def _defaults() -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in sorted(registry.SECTIONS, key=lambda n: n.count(".")):  # a table before its own
        if registry.model(name) is not None:
            *parents, last = name.split(".")
            table = out
            for part in parents:
                table = table.setdefault(part, {})
            table[last] = _section_defaults(name)
        elif "." not in name and name in _UNMODELLED:
            out[name] = _merge(_UNMODELLED[name], out.get(name, {}))
    return out


def defaults() -> dict[str, Any]:
    """Every section's defaults (a fresh copy): the configuration without a file."""
    return copy.deepcopy(_defaults())


def __getattr__(name: str) -> Any:
    # DEFAULTS is built on first use: it imports the owners' settings models (and pydantic)
    if name == "DEFAULTS":
        return defaults()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _merge(base: Mapping[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(dict(base))
    for key, value in over.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = _merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def read(path: str | os.PathLike[str]) -> dict[str, Any]:
    """The tables of one TOML file, unchecked.

    :raises ConfigError: the file cannot be read or is not TOML (one problem naming the file).
    """
    try:
        with Path(path).open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError([Problem(str(path), "", "", f"not valid TOML: {exc}")]) from exc
    except OSError as exc:
        raise ConfigError([Problem(str(path), "", "", f"cannot read: {exc.strerror or exc}")]) \
            from exc


def check(tables: Mapping[str, Any], source: str) -> list[Problem]:
    """Every problem of ``tables`` (a file's, maybe with overrides), in the file's order:
    unknown sections, and whatever each section's model refuses (unknown or misspelt keys,
    wrong types, bad values). Sections whose owner has no model yet are only checked to exist.
    """
    known = registry.top_level()
    out: list[Problem] = []
    for name, table in tables.items():
        if name not in known and not isinstance(table, Mapping):
            out.append(Problem(source, "", "", f"{name}: a key outside any section (keys go "
                                               f"under one of [{'], ['.join(known)}])"))
        elif name not in known:
            out.append(unknown_section(source, name, known))
        else:
            out.extend(_check_section(name, table, source))
    return out


def _check_section(name: str, table: Any, source: str) -> list[Problem]:
    if not isinstance(table, Mapping):
        return [Problem(source, name, "", "not a table (write it as [section] with keys under it)")]
    out: list[Problem] = []
    own = dict(table)
    for child in registry.children(name):  # tables with a model of their own
        if child in own:
            out.extend(_check_section(f"{name}.{child}", own.pop(child), source))
    model = registry.model(name)
    if model is None:
        return out
    from pydantic import ValidationError

    try:
        model.from_section(own)
    except ValidationError as exc:
        errors = exc.errors(include_url=False, include_context=False)
        return from_validation_error(source, name, own, model, errors) + out
    except (ValueError, TypeError) as exc:  # a rule checked outside pydantic's fields
        return [Problem(source, name, "", str(exc) or type(exc).__name__), *out]
    return out


def load(path: str | os.PathLike[str] | None = None, overrides: Mapping[str, Any] | None = None,
         *, checked: bool = False) -> dict[str, Any]:
    """The device configuration: ``overrides`` > the file at ``path`` (else the one
    ``$RFID_EDGE_CONFIG`` names) > :func:`defaults`.

    :param checked: check the file and the overrides first (:func:`check`).
    :raises ConfigError: the file cannot be read or is not TOML; with ``checked``, any problem.
    """
    path = path or os.environ.get("RFID_EDGE_CONFIG")
    given = _merge(read(path) if path else {}, overrides or {})
    if checked:
        problems = check(given, str(path) if path else "defaults")
        if problems:
            raise ConfigError(problems)
    return _merge(_defaults(), given)
