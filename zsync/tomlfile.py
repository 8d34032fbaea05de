"""Reading the TOML files a user writes (config, mappings, code-link rules) and saying where they are wrong.

* :func:`read_toml` reads a file; syntax errors become a :class:`~zsync.errors.ConfigError`
  naming the file and line.
* :func:`validate` builds a pydantic model from a table; each problem becomes
  ``line N: key.path: message`` (with the allowed keys when a key is unknown), so config,
  mapping and link-rule errors all point at the line to fix, the same way.
* :data:`Regex`: a string field that must be a valid regular expression (tag and link rules).

This module knows no particular file: ``config.py`` and ``mapping.py`` both build on it.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Sequence, TypeVar

from pydantic import AfterValidator, BaseModel, ValidationError

from zsync.errors import ConfigError

def _compiles(value: str) -> str:
    try:
        re.compile(value)
    except re.error as exc:
        raise ValueError(f"not a regular expression: {exc}") from None
    return value


#: a string that must be a valid regular expression (rules in mapping and config files)
Regex = Annotated[str, AfterValidator(_compiles)]


M = TypeVar("M", bound=BaseModel)
#: how tomllib (3.11-3.13) names the place of a syntax error at the end of its message
AT_LINE = re.compile(r"\s*\(at line (\d+), column \d+\)$")


@dataclass(frozen=True)
class TomlFile:
    """A TOML file's name, its text (for locating problems) and its tables."""

    path: str
    text: str
    data: dict[str, Any]


def parse_toml(text: str, path: str) -> TomlFile:
    """Parse ``text``; a syntax error is a :class:`ConfigError` at ``path:line``."""
    try:
        return TomlFile(path, text, tomllib.loads(text))
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        at = AT_LINE.search(message)
        where = f"{path}:{at[1]}" if at else path
        raise ConfigError(f"{where}: not valid TOML: {AT_LINE.sub('', message)}") from None


def read_toml(path: str | Path) -> TomlFile:
    """Read and parse a TOML file; raises :class:`ConfigError` naming the file (and line)."""
    try:
        text = Path(path).read_text("utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read: {exc.strerror}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 (byte 0x{exc.object[exc.start]:02x})") from None
    return parse_toml(text, str(path))


def validate(model: type[M], data: dict[str, Any], *, text: str, where: str, what: str,
             within: Sequence[str | int] = (), **extra: Any) -> M:
    """``model`` built from ``data`` and the fields zsync sets itself (``extra``, which win over a
    key of the same name in the file), or a :class:`ConfigError` ``"{where}: {what}"`` with one
    located problem per error. ``within`` is the key path of ``data`` in the file (``("links", 2)``)."""
    try:
        return model(**{**data, **extra})
    except ValidationError as exc:
        problems = [located_problem(text, error, model, list(within)) for error in exc.errors()]
        raise ConfigError(f"{where}: {what}", problems=problems) from None


def located_problem(text: str, error: Any, model: type[BaseModel], within: list[str | int]) -> str:
    """``line N: key.path: message``, with the allowed keys when a key is unknown."""
    loc = [str(p) for p in error["loc"]]
    where = line_of(text, [*within, *error["loc"]])
    message = error["msg"]
    if error["type"] == "extra_forbidden":
        keys = allowed_keys(model, loc[:-1])
        if keys:
            message += f"; allowed: {', '.join(keys)}"
    return f"{f'line {where}: ' if where else ''}{'.'.join(loc) or '(top level)'}: {message}"


def line_of(text: str, loc: Sequence[str | int]) -> int:
    """The line of a key path in a TOML text: the deepest table header or key found, in order.

    An index after an array of tables (``[[mappings]]``) moves to that table's header.
    """
    lines = text.split("\n")
    found, start = 0, 0
    names: list[str] = []
    for key in loc:
        if isinstance(key, int):
            header = re.compile(rf"^\s*\[\[\s*{re.escape('.'.join(names))}\s*\]\]\s*$")
            headers = [n for n in range(max(found - 1, 0), len(lines)) if header.match(lines[n])]
            if key < len(headers):
                found = start = headers[key] + 1
            continue
        names.append(key)
        table = re.compile(rf"^\s*\[\[?\s*{re.escape('.'.join(names))}\s*\]\]?\s*$")
        assignment = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=")
        for number in range(start, len(lines)):
            if table.match(lines[number]) or assignment.match(lines[number]):
                found, start = number + 1, number + 1
                break
    return found


def allowed_keys(model: type[BaseModel], loc: list[str]) -> list[str]:
    """The keys the table at ``loc`` (inside ``model``) takes; ``[]`` when that is not a model."""
    current: Any = model
    for key in loc:
        field = current.model_fields.get(key) if hasattr(current, "model_fields") else None
        if field is None:
            if current is model or not hasattr(current, "model_fields"):
                return []
            continue  # a dict key such as a profile name, or a list index
        annotation = field.annotation
        args = getattr(annotation, "__args__", ())
        current = next((a for a in (annotation, *args) if hasattr(a, "model_fields")), annotation)
    return [name for name, field in getattr(current, "model_fields", {}).items() if not field.exclude]
