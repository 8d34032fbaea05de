"""``zsync parse``, ``zsync list`` and ``zsync formats``: looking without writing."""

from __future__ import annotations

import json
import sys

import click

from zsync.cli.app import App, cli
from zsync.cli.options import as_of_date, digest_options, json_option, library_option
from zsync.errors import ExitCode
from zsync.library import open_library
from zsync.model import Reject
from zsync.sources import ParseContext, read_digest


@cli.command()
@click.argument("digest", type=click.Path(dir_okay=False))
@digest_options
@json_option
@click.pass_obj
def parse(app: App, digest: str, format_name: str | None, as_of, strict: bool, as_json: bool) -> None:
    """Show the entries zsync reads from a digest; rejects go to stderr.

    With --json, one JSON object a line.

    \b
    Example:
      zsync parse daily-papers.txt --json | jq .title
    """
    text = read_digest(digest)
    source = app.registry.get(format_name) if format_name else app.registry.detect(text)
    rejects = 0
    for found in source.parse(text.text, text.origin, ParseContext(as_of=as_of_date(as_of))):
        if isinstance(found, Reject):
            rejects += 1
            click.secho(f"rejected {found}", fg="yellow", err=True)
        elif as_json:
            click.echo(found.model_dump_json(exclude_defaults=True))
        else:
            click.echo(f"{found.location}  {found.date or '':<10}  {found.title}")
    if strict and rejects:
        sys.exit(ExitCode.REJECTED)


@cli.command("list")
@library_option
@json_option
@click.pass_obj
def list_items(app: App, library_spec: str | None, as_json: bool) -> None:
    """List the papers in the library, with their code links.

    With --json, each item's Zotero JSON, one object a line.
    """
    with open_library(library_spec, app.settings) as library:
        items = list(library.items())
        links: dict[str, list[str]] = {}
        for item in items:
            if item.parentItem and item.itemType == "attachment":
                links.setdefault(item.parentItem, []).append(item.get("url"))
        parents = [item for item in items if not item.parentItem]
        for item in parents:
            if as_json:
                click.echo(json.dumps(item.to_json(), ensure_ascii=False))
            else:
                click.echo(f"{item.key}  {item.get('date'):<10}  {item.get('title')}")
                for url in links.get(item.key or "", []):
                    click.echo(f"{'':<10}{'':<12}↳ {url}")
        if not as_json:
            click.echo(f"{library.id}: {len(parents)} items, version {library.version}", err=True)


@cli.command()
@click.pass_obj
def formats(app: App) -> None:
    """List the digest formats zsync can read (built in, or added by plugins)."""
    for name, source in app.registry.sources.items():
        click.echo(f"{name:<16} {source.description}")
    for name, why in app.registry.broken.items():
        click.secho(f"{name:<16} (failed to load: {why})", fg="red")
