"""``zsync parse``, ``zsync list`` and ``zsync formats``: looking without writing."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

import click

from zsync.cli.app import App, cli
from zsync.cli.options import (
    LibraryChoice, as_of_date, digest_options, json_option, library_options, offline_settings, read_outcome,
)
from zsync.errors import LibraryError

if TYPE_CHECKING:
    from zsync.model import ZoteroItem


@cli.command()
@click.argument("digest")
@digest_options
@json_option
@click.pass_obj
def parse(app: App, digest: str, format_name: str | None, as_of, strict: bool, offline: bool, as_json: bool) -> None:
    """Show the entries zsync reads from a digest (a file, a URL, hf:daily, arxiv:cs.CL);
    rejects and warnings go to stderr.

    With --json, one JSON object a line.

    \b
    Example:
      zsync parse daily-papers.txt --json | jq .title
    """
    from zsync.fetch import Fetcher
    from zsync.report import counted
    from zsync.sources import ParseContext
    from zsync.sources.read import read_digests

    read = read_digests([digest], app.registry, ParseContext(as_of=as_of_date(as_of)), format_name,
                        Fetcher.for_settings(offline_settings(app.settings, offline)))
    for notice in read.notices:
        app.say(f"warning {notice}", err=True, fg="yellow")
    for reject in read.rejects:
        click.secho(f"rejected {reject}", fg="yellow", err=True)
    for entry in read.entries:
        if as_json:
            click.echo(entry.model_dump_json(exclude_defaults=True))
        else:
            click.echo(f"{entry.location}  {entry.date or '':<10}  {entry.title}")
    for source in read.sources if not as_json else ():  # JSON lines name the format in each entry
        app.say(f"{source.path}: {counted(source.entries, 'entries')}, {source.rejected} rejected ({source.label})", err=True)
    sys.exit(read_outcome(read, strict))


@cli.command("list")
@library_options
@json_option
@click.pass_obj
def list_items(app: App, library: LibraryChoice, as_json: bool) -> None:
    """List the papers in the library, with their code links.

    With --json, one paper a line: its Zotero JSON, with "children" (code links, PDFs: their
    Zotero JSON) and "collectionPaths" (the names of its collections, "Team/Daily Papers").
    """
    from zsync.library.base import papers_and_links
    from zsync.report import counted

    with library.open(app.settings, create=False) as target:
        everything = list(target.items())
        parents, links = papers_and_links(everything)
        paths = target.collection_paths() if as_json else {}
        children: dict[str, list[ZoteroItem]] = {}
        for child in everything:
            if child.parentItem:
                children.setdefault(child.parentItem, []).append(child)
        for item in parents:
            if as_json:
                click.echo(json.dumps({**item.to_json(), "children": [c.to_json() for c in children.get(item.key or "", [])],
                                       "collectionPaths": [paths.get(k, k) for k in item.collections]},
                                      ensure_ascii=False))
            else:
                click.echo(f"{item.key}  {item.get('date'):<10}  {item.get('title')}")
                for link in links.get(item.key or "", []):
                    click.echo(f"{'':<10}{'':<12}↳ {link.get('url')}")
        if not as_json:
            click.echo(f"{target.id}: {counted(len(parents), 'items')}, version {target.version}", err=True)


@cli.command()
@click.pass_obj
def formats(app: App) -> None:
    """List the digest formats zsync can read (built in, or added by plugins)."""
    for name, source in app.registry.sources.items():
        click.echo(f"{name:<16} {source.description}")
        for variant, marks in getattr(source, "variants", {}).items():
            click.echo(f"{'':<16}   {variant}: {marks}")
    for name, why in app.registry.broken.items():
        click.secho(f"{name:<16} (failed to load: {why})", fg="red")


@cli.command()
@library_options
@json_option
@click.pass_obj
def check(app: App, library: LibraryChoice, as_json: bool) -> None:
    """Show what the API key may read and write in the library; for the desktop app, whether
    Zotero answers, its local API is on and takes writes, its server ID, and whether zsync holds
    a key.

    \b
    Example:
      ZOTERO_API_KEY=... zsync check --library groups/98765
      zsync check --library desktop
    """
    with library.open(app.settings, create=False) as target:
        access = target.access()
    if as_json:
        click.echo(json.dumps({"library": access.library, "user": access.holder, "userID": access.user_id,
                               "access": access.rights, "notes": list(access.notes)}))
    elif access.notes:
        click.echo(f"{access.library} at {access.where}")
        for note in access.notes:
            click.echo(f"  {note}")
    elif access.holder is None:
        may = [word for right, word in (("library", "read"), ("write", "write")) if access.rights.get(right)]
        click.echo(f"{access.library}: a local library file; zsync may {' and '.join(may) or 'not read'} it")
    else:
        click.echo(f"{access.library} at {access.where}: key of {access.holder} (user {access.user_id})")
        click.echo("  " + "  ".join(f"{right}: {'yes' if access.rights.get(right) else 'no'}"
                                    for right in ("library", "write", "notes", "files")
                                    if right in access.rights or right in ("library", "write")))
    if not access.rights.get("library"):
        raise LibraryError(f"{access.library}: this API key cannot read the library",
                           hint="create a key with access to it at https://www.zotero.org/settings/keys")
