"""Reading digests: files, URLs and named remote sources, into entries, rejects and notices.

The one path every command that reads digests takes (``parse``, ``dedupe``, ``convert``,
``sync``): :func:`read_and_resolve` reads and, online, completes what digests leave out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from zsync.config import Settings
from zsync.errors import InputError
from zsync.fetch import Fetcher, FetchError, remote
from zsync.model import Entry, Notice, Reject
from zsync.report import SourceSummary
from zsync.resolve import Resolver
from zsync.sources.base import ParseContext, decode_digest, read_digest
from zsync.sources.gate import screen
from zsync.sources.registry import SourceRegistry


@dataclass
class Unreachable:
    """A remote source that could not be fetched: its name as given, and why."""

    source: str
    error: FetchError


@dataclass
class ReadResult:
    entries: list[Entry] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    sources: list[SourceSummary] = field(default_factory=list)
    unreachable: list[Unreachable] = field(default_factory=list)


def read_digests(paths: Iterable[str | Path], registry: SourceRegistry, context: ParseContext,
                 format: str | None = None, fetcher: Fetcher | None = None) -> ReadResult:
    """Parse every digest (a file, ``-`` for standard input, a URL or a named remote source such
    as ``hf:daily``). A file that cannot be read, or gives no papers or mostly junk (the gate in
    :mod:`zsync.sources.gate`), stops the run (InputError); a remote source that cannot be
    fetched is set aside in ``unreachable`` and the others are still read, unless none could be
    (then its FetchError is raised)."""
    result = ReadResult()
    paths = list(paths)
    for path in paths:
        source_at = remote(str(path), context.as_of)
        if source_at is None:
            digest = read_digest(path)
        else:
            try:
                if fetcher is None:
                    raise FetchError(f"{path}: a remote source, but fetching is not set up")
                digest = decode_digest(fetcher.get(source_at.url).encode("utf-8"), str(path))
            except FetchError as error:
                result.unreachable.append(Unreachable(str(path), error))
                continue
        chosen = format or (source_at.format if source_at else None)
        source = registry.get(chosen) if chosen else registry.detect(digest)
        entries: list[Entry] = []
        rejects: list[Reject] = []
        notices: list[Notice] = []
        result.notices += digest.notices
        for found in source.parse(digest.text, digest.origin, context):
            (notices if isinstance(found, Notice) else rejects if isinstance(found, Reject) else entries).append(found)
        if not entries and not rejects and not any(n.nothing_listed for n in notices):  # see Notice
            raise InputError(digest.origin, f"no entries found (read as {source.name})",
                             problems=[str(n) for n in notices],
                             hint=f"--format {format} reads no paper in it: leave --format out to detect the format"
                             if format else "is this the right file? force another format with --format")
        screened = screen(digest.origin, source.name, digest.text, entries, rejects,
                          getattr(source, "keyed_records", False), getattr(source, "free_text", False))
        result.entries += screened.entries
        result.rejects += rejects
        result.notices += notices + screened.notices
        variant = source.variant(digest.text) if hasattr(source, "variant") else None
        result.sources.append(SourceSummary(path=digest.origin, format=source.name, variant=variant,
                                            entries=len(screened.entries), rejected=len(rejects)))
    if result.unreachable and len(result.unreachable) == len(paths):
        raise result.unreachable[0].error
    return result


def read_and_resolve(paths: Iterable[str | Path], settings: Settings, registry: SourceRegistry,
                     context: ParseContext, format: str | None = None, fetcher: Fetcher | None = None) -> ReadResult:
    """Read (or fetch) the digests and, online, look up what they leave out: the entries every
    command that decides about papers (sync, dedupe, convert) starts from."""
    fetcher = fetcher or Fetcher.for_settings(settings)
    read = read_digests(paths, registry, context, format, fetcher)
    if settings.resolve and not settings.offline:
        read.notices += Resolver(fetcher).resolve(read.entries)
    return read
