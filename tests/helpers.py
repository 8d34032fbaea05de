"""Small helpers for tests: parsing a seed into entries and rejects."""

from __future__ import annotations

from pathlib import Path

from zsync.model import Entry, Reject
from zsync.sources import ParseContext, SourceRegistry, decode_digest, read_digest


def parse_file(path: Path, context: ParseContext, registry: SourceRegistry | None = None) -> tuple[list[Entry], list[Reject]]:
    digest = read_digest(path)
    return parse_digest(digest.text, digest.origin, context, registry)


def parse_text(text: str, context: ParseContext, origin: str = "digest.txt") -> tuple[list[Entry], list[Reject]]:
    return parse_digest(decode_digest(text.encode(), origin).text, origin, context)


def parse_digest(text: str, origin: str, context: ParseContext, registry: SourceRegistry | None = None):
    registry = registry or SourceRegistry.from_entry_points()
    source = registry.detect(decode_digest(text.encode(), origin))
    found = list(source.parse(text, origin, context))
    return [f for f in found if isinstance(f, Entry)], [f for f in found if isinstance(f, Reject)]
