"""``zsync sync``: digests into the library."""

from __future__ import annotations

import sys
from contextlib import ExitStack
from typing import TYPE_CHECKING

import click

from zsync.cli.app import App, cli
from zsync.cli.options import LibraryChoice, as_of_date, digest_options, json_option, library_options, offline_settings
from zsync.team.lock import DEFAULT_TIMEOUT

if TYPE_CHECKING:
    from zsync.report import RunReport

PROGRESS_MIN = 100  # a progress bar only for runs long enough to need one
#: what a dry run says for each outcome: nothing happened yet
DRY_RUN_LABELS = {"created": "would create", "updated": "would update", "unchanged": "unchanged",
                  "duplicates": "duplicate", "skipped": "would skip"}


@cli.command()
@click.argument("digests", nargs=-1, required=True)
@library_options
@digest_options
@click.option("--collection", metavar="PATH", help='Put the items in this collection ("A/B"), created if missing.')
@click.option("--threshold", type=click.FloatRange(0.5, 1.0), help="Title similarity that makes two papers one.")
@click.option("--pdf", "pdf_mode", type=click.Choice(["link", "file", "none"]),
              help='Each arXiv paper\'s "Preprint PDF": a link (default), the file stored in the library, or none.')
@click.option("--dry-run", is_flag=True, help="Show what would be created or changed; write nothing.")
@click.option("--explain", is_flag=True, help="Say for every entry what was decided and why.")
@click.option("--resolve/--no-resolve", default=None, help="Look up arXiv ids and missing titles (default: on when online).")
@click.option("--lock-timeout", type=click.FloatRange(0), default=DEFAULT_TIMEOUT, show_default=True, metavar="SECONDS",
              help="How long to wait for another writing zsync on the same library, then exit 6.")
@json_option
@click.pass_obj
def sync(app: App, digests: tuple[str, ...], library: LibraryChoice, format_name: str | None, as_of, strict: bool,
         offline: bool, collection: str | None, threshold: float | None, pdf_mode: str | None, dry_run: bool,
         explain: bool, resolve: bool | None, lock_timeout: float, as_json: bool) -> None:
    """Parse digests, drop duplicates and write new papers to the library.

    A digest is a file, a URL, or a named source: hf:daily, hf:daily/2026-11-20, arxiv:cs.CL.
    Re-running a digest changes nothing; papers already in the library only gain missing tags,
    code links and the collection. Online, arXiv ids and missing titles are looked up.

    \b
    Example:
      zsync sync daily-papers.txt
      zsync sync daily-papers.txt --library desktop --pdf file
      zsync sync daily-papers.txt --library local:team.sqlite --dry-run
      ZOTERO_API_KEY=... zsync sync daily-papers.txt --library groups/98765 --collection "Daily/2026-11"
    """
    from zsync.config import data_dir
    from zsync.sources import ParseContext
    from zsync.sync import run_sync
    from zsync.team.lock import LibraryLock

    settings = offline_settings(app.settings, offline).with_threshold(threshold).with_pdf(pdf_mode)
    if resolve is not None:
        settings = settings.model_copy(update={"resolve": resolve})
    with ExitStack() as stack:
        target = stack.enter_context(library.open(settings))
        if not dry_run:  # every writing command holds the library's lock; a dry run writes nothing
            target.ready_to_write()
            stack.enter_context(LibraryLock(target.lock_file(data_dir()), target.id, lock_timeout, "zsync sync"))
        bar = _Bar(stack, enabled=sys.stderr.isatty() and not as_json)
        report = run_sync(digests, target, settings, registry=app.registry, format=format_name,
                          context=ParseContext(as_of=as_of_date(as_of)), collection=collection,
                          dry_run=dry_run, progress=bar, on_plan=lambda plan: bar.start(len(plan.steps)))
    if as_json:
        click.echo(report.model_dump_json(indent=2))
    else:
        _print_report(report, explain or app.verbose, app)
    sys.exit(report.outcome(strict))


class _Bar:
    """A progress bar on a terminal for long runs; silent otherwise."""

    def __init__(self, stack: ExitStack, enabled: bool):
        self.stack, self.enabled, self.bar = stack, enabled, None

    def start(self, total: int) -> None:
        if self.enabled and total >= PROGRESS_MIN:
            self.bar = self.stack.enter_context(click.progressbar(length=total, label="syncing", file=sys.stderr))

    def __call__(self, n: int) -> None:
        if self.bar is not None:
            self.bar.update(n)


def _print_report(report: RunReport, explain: bool, app: App) -> None:
    from zsync.report import counted

    for source in report.sources:
        app.say(f"{source.path}: {counted(source.entries, 'entries')} ({source.label})"
                + (f", {source.rejected} rejected" if source.rejected else ""))
    for warning in report.warnings:
        app.say(f"warning {warning.location}: {warning.detail}", err=True, fg="yellow")
    for rejected in report.rejected:
        click.secho(f"rejected {rejected.location}: {rejected.detail}", fg="yellow", err=True)
    for failed in report.failed:
        click.secho(f"failed {failed.location}: {failed.detail}", fg="red", err=True)
    if explain or report.dry_run:
        labels = DRY_RUN_LABELS if report.dry_run else {}
        column = max([10, *map(len, labels.values())])
        for action in ("created", "updated", "unchanged", "duplicates", "skipped"):
            label = labels.get(action, action)
            for line in getattr(report, action):
                click.echo(f"{label:<{column}} {line.location}  {line.title[:70]}")
                if explain:
                    click.echo(f"{'':<{column}} {line.detail}")
    app.say(f"{report.library}: {report.summary()}")
