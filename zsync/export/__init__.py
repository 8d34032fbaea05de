"""Writing items out as BibTeX: from a library (``export_library``) or straight from digests
(``convert_digests``). The format itself is in ``zsync.export.bibtex``."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from zsync.config import Settings
from zsync.dedupe import record_from_item
from zsync.dedupe.decide import decide
from zsync.errors import ZsyncError
from zsync.export.bibtex import BibTeXExporter
from zsync.library.base import Library, papers_and_links
from zsync.mapping import Mapper
from zsync.model import ZoteroItem
from zsync.sources import ParseContext, SourceRegistry
from zsync.sources.read import ReadResult, read_and_resolve
from zsync.sync.prepare import Preparer


def exporter(settings: Settings, dialect: str = "bibtex") -> BibTeXExporter:
    return BibTeXExporter(Mapper.from_dirs(*settings.mapping_dirs()), settings.bibtex.citekey_format, dialect)


def export_library(library: Library, settings: Settings, collection: str | None = None,
                   dialect: str = "bibtex") -> tuple[str, int]:
    """The library's papers (or one collection's, its subcollections included, as Zotero shows
    them) as BibTeX, and how many were written."""
    top = library.collection(collection, create=False) if collection else None
    if collection and top is None:
        known = sorted(library.collection_paths().values())
        raise ZsyncError(f"{library.id}: no collection {collection!r}",
                         hint=f"collections: {', '.join(known)}" if known else "this library has no collections")
    wanted = library.subcollections(top) if top else None
    papers, links = papers_and_links(library.items())
    parents = sorted((p for p in papers if wanted is None or wanted & set(p.collections)),
                     key=lambda i: (i.get("date"), i.get("title"), i.key or ""))
    code = {i: [(a.get("title"), a.get("url")) for a in links.get(p.key or "", [])] for i, p in enumerate(parents)}
    return exporter(settings, dialect).export(parents, code), len(parents)


def convert_digests(paths: Iterable[str | Path], settings: Settings, registry: SourceRegistry,
                    context: ParseContext, format: str | None = None, dedupe: bool = False,
                    dialect: str = "bibtex") -> tuple[str, ReadResult, int]:
    """Digests straight to BibTeX, every entry as mapped; with ``dedupe``, the items a sync into
    an empty library would create (a paper listed twice is written once, with the code links of
    both). Also how many entries were folded."""
    read = read_and_resolve(paths, settings, registry, context, format)
    preparer = Preparer(settings)
    candidates = [preparer.prepare(entry) for entry in read.entries]
    if not dedupe:
        return exporter(settings, dialect).export([c.item for c in candidates], {i: c.links for i, c in enumerate(candidates)}), read, 0
    records = [record_from_item(c.item, f"entry:{i}") for i, c in enumerate(candidates)]
    kept: dict[str, list[tuple[str, str]]] = {}
    items: list[ZoteroItem] = []
    for candidate, decision in zip(candidates, decide(records, settings.dedupe)):
        keeper = decision.keeper or decision.record.ref
        if keeper not in kept:
            items.append(candidate.item)
            kept[keeper] = []
        kept[keeper] += [link for link in candidate.links if link not in kept[keeper]]
    text = exporter(settings, dialect).export(items, dict(enumerate(kept.values())))
    return text, read, len(candidates) - len(items)
