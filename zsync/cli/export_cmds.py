"""``zsync export`` and ``zsync convert``: BibTeX out of a library or straight from digests."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from zsync.cli.app import App, cli
from zsync.errors import ZsyncError
from zsync.cli.options import (
    LibraryChoice, as_of_date, digest_options, library_options, offline_settings, read_outcome,
)

#: the exporter's dialects (``zsync.export.bibtex.DIALECTS``), named here so that `--help` imports no exporter
DIALECTS = ("bibtex", "biblatex")

dialect_option = click.option(
    "--dialect", type=click.Choice(DIALECTS), default="bibtex", show_default=True,
    help="bibtex: year/month, for BibTeX and biber; biblatex: date, for biber only.")


def output_file(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """``-o FILE`` checked before any work: a folder, or a file in a folder that does not exist,
    is bad usage (exit 2), not a failure after the digests were read."""
    if value in (None, "-"):
        return value
    path = Path(value)
    if path.is_dir():
        raise click.BadParameter(f"{value} is a folder; name a file in it ({path / 'papers.bib'})", ctx, param)
    if not path.parent.is_dir():
        raise click.BadParameter(f"{value}: the folder {path.parent} does not exist", ctx, param)
    return value


def write(text: str, output: str | None) -> None:
    if output in (None, "-"):
        click.echo(text, nl=False)
        return
    try:
        with open(output, "w", encoding="utf-8") as f:
            f.write(text)
    except OSError as exc:  # no permission, a full disk: said where, not as "unexpected"
        raise ZsyncError(f"{output}: cannot write the BibTeX file: {exc.strerror}") from None


output_option = click.option("-o", "--output", metavar="FILE", callback=output_file,
                             help="Write here instead of standard output.")


@cli.command()
@click.option("--format", "export_format", type=click.Choice(["bibtex"]), default="bibtex", show_default=True)
@output_option
@click.option("--collection", metavar="PATH", help='Only the items in this collection ("A/B").')
@dialect_option
@library_options
@click.pass_obj
def export(app: App, export_format: str, output: str | None, collection: str | None, dialect: str,
           library: LibraryChoice) -> None:
    """Export the library's papers as BibTeX, with stable citation keys.

    \b
    Example:
      zsync export --format bibtex -o team.bib --library groups/98765 --collection "Daily Papers"
    """
    from zsync.export import export_library
    from zsync.report import counted

    with library.open(app.settings, create=False) as target:
        text, count = export_library(target, app.settings, collection, dialect)
    write(text, output)
    if output not in (None, "-"):
        app.say(f"{counted(count, 'entries')} written to {output}", err=True)


@cli.command()
@click.argument("digests", nargs=-1, required=True)
@output_option
@dialect_option
@digest_options
@click.option("--dedupe", is_flag=True, help="Write a paper listed more than once only once, as a sync would.")
@click.pass_obj
def convert(app: App, digests: tuple[str, ...], output: str | None, dialect: str, format_name: str | None, as_of,
            strict: bool, offline: bool, dedupe: bool) -> None:
    """Convert digests straight to BibTeX, without a library: every entry, as written (a
    round trip keeps them all); with --dedupe, the papers a sync into an empty library would
    create, each once, with the code links of all its copies.

    \b
    Example:
      zsync convert daily-papers.txt -o daily-papers.bib
    """
    from zsync.export import convert_digests
    from zsync.report import counted
    from zsync.sources import ParseContext

    text, read, folded = convert_digests(digests, offline_settings(app.settings, offline), app.registry, ParseContext(as_of=as_of_date(as_of)),
                                         format_name, dedupe=dedupe, dialect=dialect)
    for problem in [*read.notices, *read.rejects]:
        app.say(f"{'rejected' if problem in read.rejects else 'warning'} {problem}", err=True, fg="yellow")
    write(text, output)
    if output not in (None, "-"):
        duplicates = f" ({counted(folded, 'duplicates')} folded into them)" if folded else ""
        app.say(f"{counted(len(read.entries) - folded, 'entries')} written to {output}{duplicates}", err=True)
    sys.exit(read_outcome(read, strict))
