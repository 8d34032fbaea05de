"""``zsync dedupe``: which entries are the same paper, inside the inputs and against a library."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

import click

from zsync.cli.app import App, cli
from zsync.cli.options import (
    LibraryChoice, as_of_date, digest_options, json_option, library_options, offline_settings, read_outcome,
)

if TYPE_CHECKING:
    from zsync.dedupe.report import DedupeReport, Link


@cli.command()
@click.argument("digests", nargs=-1, required=True)
@library_options
@digest_options
@click.option("--threshold", type=click.FloatRange(0.5, 1.0), help="Title similarity that makes two papers one.")
@click.option("--explain", is_flag=True, help="Also show near misses, with their scores and what vetoed them.")
@click.option("--resolve", is_flag=True, help="Look up missing arXiv ids and titles online first (slow: arXiv's pace).")
@json_option
@click.pass_obj
def dedupe(app: App, digests: tuple[str, ...], library: LibraryChoice, format_name: str | None, as_of, strict: bool,
           offline: bool, threshold: float | None, explain: bool, resolve: bool, as_json: bool) -> None:
    """Find duplicate papers in digests, and (with --library) papers the library already holds.

    Nothing is written, and nothing is looked up online unless --resolve. Every decision names
    its evidence: a shared identifier, the title or abstract score against the threshold, the
    guards that vetoed a close call, and what one side lacked.

    \b
    Example:
      zsync dedupe today.txt yesterday.txt --explain
      zsync dedupe refs.bib --json
      zsync dedupe today.txt --library groups/98765
    """
    from zsync.dedupe.report import dedupe_entries, held_index
    from zsync.mapping import Mapper
    from zsync.sources import ParseContext
    from zsync.sources.read import read_and_resolve

    settings = offline_settings(app.settings, offline).with_threshold(threshold).model_copy(update={"resolve": resolve})
    dedupe_settings = settings.dedupe
    read = read_and_resolve(digests, settings, app.registry, ParseContext(as_of=as_of_date(as_of)), format_name)
    mapper = Mapper.from_dirs(*settings.mapping_dirs())
    if library.spec:
        with library.open(settings, create=False) as target:
            index = held_index(target.paper_keys(), dedupe_settings, target.records_of)
            report = dedupe_entries(read.entries, mapper, dedupe_settings, index, target.id, explain)
    else:
        report = dedupe_entries(read.entries, mapper, dedupe_settings, explain=explain)
    if as_json:
        group_of = {name: group[0] for group in report.groups for name in group}
        for line in report.entries:
            data = line.model_dump(exclude={"near"} if not explain else set())
            click.echo(json.dumps({**data, "group": group_of.get(line.name)}, ensure_ascii=False))
        click.echo(json.dumps({"summary": {"entries": len(report.entries), "duplicates": report.duplicates,
                                           "in_library": report.in_library, "unique": report.unique},
                               "groups": report.groups}, ensure_ascii=False))
    else:
        print_report(report, explain)
    sys.exit(read_outcome(read, strict))


def who(link: Link) -> str:
    return f"{link.of} {link.title!r}"


def print_report(report: DedupeReport, explain: bool) -> None:
    from zsync.report import counted

    for e in report.entries:
        if e.duplicate_of:
            label = "duplicate" if e.decision == "duplicate" else "in library"
            click.echo(f"{label:<10} {e.location} {e.title!r}\n{'':<10} = {who(e.duplicate_of)}: {e.duplicate_of.why}")
        for other in e.also:
            click.echo(f"{'':<10} = {who(other)}: {other.why}")
        for other in e.possible:
            click.echo(f"{'possible':<10} {e.location} {e.title!r}\n{'':<10} ? {who(other)}: {other.why}")
        if explain:
            for near in e.near:
                missing = f" [not compared: {', '.join(near.missing)}]" if near.missing else ""
                click.echo(f"{'near miss':<10} {e.location} {e.title!r}\n{'':<10} ~ {who(near)}: {near.why}{missing}")
    where = f", {report.in_library} already in {report.library}" if report.library else ""
    possible = sum(1 for e in report.entries if e.possible)
    click.echo(f"{counted(len(report.entries), 'entries')}: {counted(report.duplicates, 'duplicates')} inside the inputs"
               f"{where}, {report.unique} unique" + (f" ({counted(possible, 'possible duplicates')} to check)" if possible else ""))
