"""Option decorators shared by several commands (sqlite-utils style)."""

from __future__ import annotations

import datetime as dt
from typing import Callable, TypeVar

import click

F = TypeVar("F", bound=Callable[..., object])


def library_option(f: F) -> F:
    return click.option(
        "--library", "library_spec", metavar="LIBRARY", envvar="ZSYNC_LIBRARY",
        help="local (the embedded default), local:PATH, users/ID or groups/ID.",
    )(f)


def digest_options(f: F) -> F:
    f = click.option("--format", "format_name", metavar="NAME",
                     help="Force a digest format instead of detecting it (see `zsync formats`).")(f)
    f = click.option("--as-of", type=click.DateTime(formats=["%Y-%m-%d"]),
                     help="Reference day for dates printed without a year (default: today).")(f)
    f = click.option("--strict", is_flag=True, help="Exit with code 3 when any entry was rejected.")(f)
    return f


def as_of_date(value: dt.datetime | None) -> dt.date:
    return value.date() if value else dt.date.today()


def json_option(f: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")(f)
