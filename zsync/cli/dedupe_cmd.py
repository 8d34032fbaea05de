"""``zsync dedupe``: which entries are the same paper, inside the inputs and against a library."""

from __future__ import annotations

import json

import click

from zsync.cli.app import App, cli
from zsync.cli.options import LibraryChoice, as_of_date, digest_options, json_option, library_options
from zsync.dedupe import Match, record_from_entry
from zsync.dedupe.decide import decide
from zsync.model import Entry
from zsync.sources import ParseContext
from zsync.sync.plan import LibraryView
from zsync.sources.read import read_and_resolve


@cli.command()
@click.argument("digests", nargs=-1, required=True)
@library_options
@digest_options
@click.option("--threshold", type=click.FloatRange(0.5, 1.0), help="Title similarity that makes two papers one.")
@click.option("--explain", is_flag=True, help="Also show near misses, with their scores and what vetoed them.")
@json_option
@click.pass_obj
def dedupe(app: App, digests: tuple[str, ...], library: LibraryChoice, format_name: str | None, as_of, strict: bool,
           threshold: float | None, explain: bool, as_json: bool) -> None:
    """Find duplicate papers in digests, and (with --library) papers the library already holds.

    Nothing is written. Every decision names its evidence: a shared identifier, the title or
    abstract score against the threshold, and the guards that vetoed a close call.

    \b
    Example:
      zsync dedupe today.txt yesterday.txt --explain
      zsync dedupe today.txt --library groups/98765
    """
    settings = app.settings.dedupe if threshold is None else app.settings.dedupe.model_copy(update={"threshold": threshold})
    read = read_and_resolve(digests, app.settings, app.registry, ParseContext(as_of=as_of_date(as_of)), format_name)
    records = [record_from_entry(e, f"entry:{i}") for i, e in enumerate(read.entries)]
    view = None
    if library.spec:
        with library.open(app.settings) as target:
            view = LibraryView(target, settings)
    decisions = decide(records, settings, view.index if view else None)

    def who(match: Match) -> str:
        if match.ref.startswith("entry:"):
            entry: Entry = read.entries[int(match.ref.split(":")[1])]
            return f"{entry.location} {entry.title!r}"
        return f"{match.ref} {match.label!r}"

    if as_json:
        for entry, d in zip(read.entries, decisions):
            click.echo(json.dumps({
                "location": str(entry.location), "title": entry.title,
                "duplicate_of": who(d.earlier) if d.earlier else None,
                "in_library": d.existing.ref if d.existing else None,
                "why": str(d.earlier or d.existing) if not d.unique else None,
                "near": [{"of": who(m), "why": str(m)} for m in d.near] if explain else None,
            }, ensure_ascii=False))
        return
    for entry, d in zip(read.entries, decisions):
        match = d.earlier or d.existing
        if match:
            label = "duplicate" if d.earlier else "in library"
            click.echo(f"{label:<10} {entry.location} {entry.title!r}\n{'':<10} = {who(match)}: {match}")
        if explain:
            for near in d.near:
                click.echo(f"{'near miss':<10} {entry.location} {entry.title!r}\n{'':<10} ~ {who(near)}: {near}")
    inside = sum(1 for d in decisions if d.earlier)
    existing = sum(1 for d in decisions if d.existing)
    where = f", {existing} already in {library.spec}" if view else ""
    click.echo(f"{len(decisions)} entries: {inside} duplicates inside the inputs{where}, "
               f"{len(decisions) - inside - existing} unique")

