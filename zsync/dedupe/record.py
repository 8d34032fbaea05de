"""A paper as the deduplicator sees it, whether it comes from a digest or from the library."""

from __future__ import annotations

from dataclasses import dataclass, field

from zsync.dedupe.normalize import (
    arxiv_from_doi, arxiv_from_text, arxiv_from_url, normalize_doi, normalize_text, year_of,
)
from zsync.model import Entry, ZoteroItem

NEEDS_TITLE_TAG = "zsync:needs-title"


@dataclass(frozen=True)
class Record:
    ref: str  # who this is: an entry's position in the run, or a library item key
    label: str  # the title as written, for explanations
    title: str  # normalised
    title_provisional: bool = False
    abstract: str = ""  # normalised
    dois: frozenset[str] = field(default_factory=frozenset)  # normalised, arXiv DOIs excluded
    arxiv: frozenset[str] = field(default_factory=frozenset)  # ids without version
    year: int | None = None
    authors: frozenset[str] = field(default_factory=frozenset)  # "surname initial"

    @property
    def identifiers(self) -> list[str]:
        return [f"arxiv:{a}" for a in sorted(self.arxiv)] + [f"doi:{d}" for d in sorted(self.dois)]


def author_keys(pairs: list[tuple[str, str]]) -> frozenset[str]:
    keys = set()
    for first, last in pairs:
        surname = normalize_text(last)
        if surname:
            initial = normalize_text(first)[:1]
            keys.add(f"{surname} {initial}".strip())
    return frozenset(keys)


def split_ids(dois: list[str], arxiv: list[str]) -> tuple[frozenset[str], frozenset[str]]:
    """Separate arXiv DOIs (which are arXiv ids in disguise) from other DOIs."""
    plain, ids = set(), set(arxiv)
    for doi in filter(None, dois):
        from_doi = arxiv_from_doi(doi)
        if from_doi:
            ids.add(from_doi)
        else:
            plain.add(normalize_doi(doi))
    return frozenset(plain), frozenset(filter(None, ids))


def record_from_entry(entry: Entry, ref: str) -> Record:
    dois, arxiv = split_ids([entry.doi or ""], [entry.arxiv_id or "", arxiv_from_url(entry.url or "") or ""])
    return Record(
        ref=ref, label=entry.title or "", title=normalize_text(entry.title or ""),
        title_provisional=entry.title_provisional, abstract=normalize_text(entry.abstract or ""),
        dois=dois, arxiv=arxiv, year=year_of(entry.date),
        authors=author_keys([(p.first, p.last or p.name) for p in entry.authors]),
    )


def record_from_item(item: ZoteroItem) -> Record:
    extra = item.get("extra")
    arxiv = [arxiv_from_url(item.get("url")) or "", *arxiv_from_text(item.get("archiveID")), *arxiv_from_text(extra)]
    dois = [item.get("DOI"), *(line.split(":", 1)[1] for line in extra.splitlines() if line.lower().startswith("doi:"))]
    plain, ids = split_ids(dois, arxiv)
    return Record(
        ref=item.key or "", label=item.get("title"), title=normalize_text(item.get("title")),
        title_provisional=NEEDS_TITLE_TAG in item.tag_names(), abstract=normalize_text(item.get("abstractNote")),
        dois=plain, arxiv=ids, year=year_of(item.get("date")),
        authors=author_keys([(c.firstName or "", c.lastName or c.name or "") for c in item.creators]),
    )
