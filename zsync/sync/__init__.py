"""A sync run from Python: ``run_sync(paths, library, settings)`` → :class:`~zsync.report.RunReport`.

Stages: :mod:`~zsync.sync.prepare` (read, map, enrich) → :mod:`~zsync.sync.plan` (dedupe and
decide) → :mod:`~zsync.sync.apply` (write in batches, planning again when the library changed
under the plan). The CLI is a thin layer over this; it holds the library lock around a run
that writes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable

from zsync.config import Settings
from zsync.fetch import Fetcher
from zsync.library.base import Library
from zsync.report import Line, RunReport, utc_now
from zsync.sources import ParseContext, SourceRegistry
from zsync.sync.apply import Progress, apply, report_plan
from zsync.sync.plan import Action, Plan, Step, plan
from zsync.sync.replay import fingerprint, recall, remember, rerun_report
from zsync.sources.read import read_and_resolve
from zsync.sync.prepare import Candidate, Preparer

__all__ = ["Action", "Candidate", "Plan", "Preparer", "Step", "run_sync", "plan", "apply"]


def run_sync(
    paths: Iterable[str | Path],
    library: Library,
    settings: Settings,
    *,
    registry: SourceRegistry | None = None,
    context: ParseContext | None = None,
    format: str | None = None,
    collection: str | None = None,
    dry_run: bool = False,
    progress: Progress = lambda n: None,
    on_plan: Callable[[Plan], None] | None = None,
    fetcher: Fetcher | None = None,
) -> RunReport:
    """Read (or fetch) the digests, resolve what they leave out (unless offline), plan against
    ``library`` and (unless ``dry_run``) apply the plan."""
    registry, context, paths = registry or SourceRegistry.from_entry_points(), context or ParseContext(), list(paths)
    key = None if dry_run or library.pending() else fingerprint(paths, settings, registry, context, format, collection,
                                                                 library)
    if key and (replayed := recall(library, key)):  # the same digests, and the library as they left it
        return replayed
    read = read_and_resolve(paths, settings, registry, context, format, fetcher)
    preparer = Preparer(settings)
    candidates = [preparer.prepare(entry) for entry in read.entries]
    report = RunReport(library=library.id, dry_run=dry_run, sources=read.sources)
    report.rejected = [Line(location=str(r.location), detail=r.message, title=r.excerpt[:80]) for r in read.rejects]
    report.warnings = [Line(location=str(n.location), detail=n.message) for n in read.notices]
    report.failed = [Line(location=u.source, detail=u.error.message) for u in read.unreachable]  # the others go on; exit 5
    dropped = 0 if dry_run else library.settle()  # a read-only run leaves queued writes queued
    if dropped:
        report.warnings.append(Line(location=library.id, detail=(
            f"{dropped} queued write batches were dropped unsent: the library changed since they were planned. "
            "Entries of this run's digests were planned again against it; others will be when their digests are synced")))
    collection_key = library.collection(collection, create=not dry_run) if collection else None
    if collection and collection_key is None:
        collection_key = f"(new collection {collection})"

    def plan_against_library(some: list[Candidate]) -> Plan:
        return plan(some, library, settings.dedupe, collection_key, settings.recreate_deleted)

    def replan(some: list[Candidate]) -> Plan:
        library.reload()
        return plan_against_library(some)

    the_plan = plan_against_library(candidates)
    if on_plan:
        on_plan(the_plan)
    report.possible_duplicates = [
        Line(location=str(s.candidate.entry.location), title=s.candidate.entry.title or "", key=s.key,
             detail="possibly the same paper as " + "; ".join(why for _, why in s.possible))
        for s in the_plan.of(Action.CREATE) if s.possible]
    if dry_run:
        report_plan(the_plan, report)
    else:
        download = (fetcher or Fetcher.for_settings(settings)).download if settings.pdf.mode == "file" else None
        apply(the_plan, library, report, replan, progress, download)
    report.library_version = library.version
    report.finished_at = utc_now()
    if not dry_run:
        remember(library, key, rerun_report(the_plan, report))
    return report
