"""Option decorators shared by several commands (sqlite-utils style)."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, TypeVar

import click
from click.core import ParameterSource

from zsync.errors import ExitCode

if TYPE_CHECKING:
    from zsync.config import Settings
    from zsync.library import Library
    from zsync.sources.read import ReadResult

F = TypeVar("F", bound=Callable[..., object])


@dataclass(frozen=True)
class LibraryChoice:
    """The library options of a command, opened on demand with the run's settings."""

    spec: str | None
    endpoint: str | None
    api_key_file: Path | None
    spec_from: str | None = None  # "$ZSYNC_LIBRARY" when the spec came from there, not the command line

    def open(self, settings: Settings, create: bool = True) -> Library:
        """The library; ``create=False`` for commands that only read (no local file appears)."""
        from zsync.library import open_library

        return open_library(self.spec, settings, endpoint=self.endpoint, api_key_file=self.api_key_file, create=create,
                            spec_from=self.spec_from)


def library_options(f: F) -> F:
    """``--library``, ``--endpoint`` and ``--api-key-file``, passed on as ``library: LibraryChoice``."""

    @functools.wraps(f)
    def wrapper(*args: object, library_spec: str | None, endpoint: str | None, api_key_file: str | None,
                **kwargs: object) -> object:
        from_env = click.get_current_context().get_parameter_source("library_spec") == ParameterSource.ENVIRONMENT
        choice = LibraryChoice(library_spec, endpoint, Path(api_key_file) if api_key_file else None,
                               "$ZSYNC_LIBRARY" if from_env else None)
        return f(*args, library=choice, **kwargs)

    wrapper = click.option(
        "--api-key-file", type=click.Path(dir_okay=False), metavar="PATH",
        help="File holding the Zotero API key (default: $ZOTERO_API_KEY).")(wrapper)
    wrapper = click.option(
        "--endpoint", metavar="URL", envvar="ZSYNC_ENDPOINT",
        help="Zotero server: the Web API (default https://api.zotero.org) or, for --library desktop, the "
             "desktop app's local API (default http://localhost:23119/api, or [desktop] endpoint).")(wrapper)
    return click.option(
        "--library", "library_spec", metavar="LIBRARY", envvar="ZSYNC_LIBRARY",
        help="local (the embedded default), local:PATH, users/ID, groups/ID, desktop (the Zotero app) "
             "or desktop:groups/ID.")(wrapper)


def digest_options(f: F) -> F:
    f = click.option("--format", "format_name", metavar="NAME",
                     help="Force a digest format instead of detecting it (see `zsync formats`).")(f)
    f = click.option("--as-of", type=click.DateTime(formats=["%Y-%m-%d"]),
                     help="Reference day for dates printed without a year (default: today).")(f)
    f = click.option("--strict", is_flag=True, help="Exit with code 3 when any entry was rejected.")(f)
    f = click.option("--offline", is_flag=True, help="Fetch nothing: no remote sources, no lookups.")(f)
    return f


def offline_settings(settings: Settings, offline: bool) -> Settings:
    """The run's settings with ``--offline`` applied (``ZSYNC_OFFLINE`` is already in them)."""
    return settings.model_copy(update={"offline": True}) if offline else settings


def read_outcome(read: ReadResult, strict: bool) -> ExitCode:
    """The exit code of a command that only reads digests, after its output: 5 when a remote
    source could not be fetched (each named here; the others were read), 3 with ``--strict``
    when entries were rejected, else 0."""
    for unreachable in read.unreachable:
        click.secho(f"failed {unreachable.source}: {unreachable.error.message}", fg="red", err=True)
    if read.unreachable and read.unreachable[0].error.hint:
        click.echo(f"hint: {read.unreachable[0].error.hint}", err=True)
    if read.unreachable:
        return ExitCode.REMOTE
    return ExitCode.REJECTED if strict and read.rejects else ExitCode.OK


def as_of_date(value: dt.datetime | None) -> dt.date:
    return value.date() if value else dt.date.today()


def json_option(f: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")(f)
