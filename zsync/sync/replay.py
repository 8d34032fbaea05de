"""A re-run that can change nothing does not run again: it reads what changed and stops.

After a run that carried its whole plan out (nothing failed, nothing was skipped), the library
is where those digests take it: running them again changes nothing (``tests/sync`` checks this
property on random digests and library edits). So such a run leaves behind its *fingerprint*
(the zsync code, the settings and mappings, the digest files' bytes, the run's options) with the
library version it left and the report a re-run gives: each paper it created, updated or
matched is then unchanged, as "the same arXiv id (DOI, title) as the entry an earlier run synced
to this item"; duplicates and rejects stay what they were.

The next run with the same fingerprint asks the library for its state (the Web API: one
request, a 304 when nothing changed; a local file: its version and a sum over its items' versions)
and, when it is still the one left behind, reports that and stops: no parsing, no mapping, no matching. Anything else (another digest, a new day for
dates read "as of" today, an edit by anyone, a new zsync) runs in full and replaces the
fingerprint. Only digests read from files take this path; remote ones are fetched and planned.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Iterable

from zsync.config import Settings
from zsync.library.base import Library
from zsync.report import Line, RunReport, utc_now
from zsync.sources import ParseContext, SourceRegistry
from zsync.sync.plan import Action, Plan, remembered

PACKAGE = Path(__file__).resolve().parent.parent


def fingerprint(paths: Iterable[str | Path], settings: Settings, registry: SourceRegistry, context: ParseContext,
                format: str | None, collection: str | None, library: Library) -> str | None:
    """What decides a run's plan, besides the library; ``None`` when a digest is not a local file."""
    digest = hashlib.sha256()

    def add(*parts: object) -> None:
        for part in parts:
            digest.update(str(part).encode())
            digest.update(b"\0")

    for path in map(Path, map(str, paths)):
        if not path.is_file():
            return None
        add(path.resolve())
        digest.update(path.read_bytes())
    add(library.id, format, collection, context.as_of, sorted(registry.sources), settings.model_dump_json())
    for folder in [PACKAGE, *settings.mapping_dirs()]:
        for file in sorted(p for p in Path(folder).rglob("*") if p.suffix in (".py", ".toml", ".json")):
            stat = file.stat()
            add(file, stat.st_size, stat.st_mtime_ns)
    return digest.hexdigest()


def rerun_report(plan: Plan, report: RunReport) -> RunReport | None:
    """The report running the same digests again gives, or ``None`` when this run did not take
    the library all the way (a failure, a skipped paper, a warning)."""
    if report.failed or report.skipped or report.warnings or report.dry_run:
        return None
    again = RunReport(library=report.library, profile=report.profile, sources=report.sources,
                      rejected=report.rejected, duplicates=report.duplicates, library_version=report.library_version)
    again.unchanged = [Line(location=str(s.candidate.entry.location), title=s.candidate.entry.title or "", key=s.key,
                            detail=f"same paper as {s.key}: {remembered(s.candidate.entry.identity)}")
                    for s in plan.steps if s.action is not Action.DUPLICATE]
    return again


def remember(library: Library, key: str | None, report: RunReport | None) -> None:
    """Leave this run's fingerprint, or none (when a re-run would not be a no-op)."""
    if key and report:
        library.status.set_last_run(key, library.state(), report.model_dump_json())
    else:
        library.status.set_last_run(None, "", "")


def recall(library: Library, key: str) -> RunReport | None:
    """The report of a run with this fingerprint when the library is still where it left it."""
    last = library.status.last_run()
    if last is None or last[0] != key or library.state() != last[1]:
        return None
    report = RunReport.model_validate_json(last[2])
    report.started_at = report.finished_at = utc_now()
    return report
