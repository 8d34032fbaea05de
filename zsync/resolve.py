"""Filling in what a digest leaves out, from the arXiv API (``--resolve``).

The HF page copied as text gives titles but no arXiv ids or author names; the abstract-only list
gives no titles. Entries are looked up in batches (several titles, or several abstract phrases,
OR-ed into one query, so a 47-paper page costs six requests at arXiv's pace of one per three
seconds). A candidate is accepted only when its title (or, for a provisional title, its
abstract) matches above a threshold; the evidence goes into ``extra`` (``resolved: …``). With no
confident match, offline, or on an error, the entry stays as the digest gave it, flagged —
nothing is invented. Lookups are cached on disk for a month.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from rapidfuzz import fuzz

from zsync.batches import chunks
from zsync.dedupe.normalize import normalize_text
from zsync.fetch import Fetcher, FetchError
from zsync.model import Entry, Location, Notice
from zsync.sources.arxiv_atom import atom_entries

ARXIV_API = "https://export.arxiv.org/api/query"
TITLES_PER_QUERY = 8
ABSTRACTS_PER_QUERY = 5
PHRASE_WORDS = 10
CACHE_DAYS = 30


@dataclass(frozen=True)
class Thresholds:
    title: float = 0.93
    abstract: float = 0.90


def phrase(text: str, words: int = PHRASE_WORDS) -> str:
    return " ".join(re.findall(r"[A-Za-z0-9]+", text)[:words])


class Resolver:
    def __init__(self, fetcher: Fetcher, thresholds: Thresholds = Thresholds()):
        self.fetcher = fetcher
        self.thresholds = thresholds

    def resolve(self, entries: list[Entry]) -> list[Notice]:
        """Complete ``entries`` in place; notices say what could not be looked up."""
        by_title = [e for e in entries if e.title and not e.title_provisional and not e.arxiv_id and not e.doi]
        by_abstract = [e for e in entries if e.title_provisional and e.abstract and not e.arxiv_id]
        try:
            for batch in chunks(by_title, TITLES_PER_QUERY):
                query = " OR ".join(f'ti:"{phrase(e.title or "", 14)}"' for e in batch)
                self._match(batch, self._search(query, len(batch) * 3), "title")
            for batch in chunks(by_abstract, ABSTRACTS_PER_QUERY):
                query = " OR ".join(f'abs:"{phrase(e.abstract or "")}"' for e in batch)
                self._match(batch, self._search(query, len(batch) * 3), "abstract")
        except FetchError as exc:
            return [Notice(location=Location(path="arXiv API"), message=f"lookups stopped, entries kept as the digest "
                                                                      f"gave them: {exc.message}")]
        return []

    def _search(self, query: str, limit: int) -> list[Entry]:
        text = self.fetcher.get(ARXIV_API, {"search_query": query, "max_results": str(limit)}, max_age_days=CACHE_DAYS)
        return [e for e in atom_entries(text, "arXiv API") if isinstance(e, Entry)]

    def _match(self, batch: Sequence[Entry], found: list[Entry], by: str) -> None:
        for entry in batch:
            mine = normalize_text(entry.title if by == "title" else entry.abstract or "")
            scored = [(fuzz.ratio(mine, normalize_text((c.title if by == "title" else c.abstract) or "")) / 100, c)
                      for c in found]
            score, best = max(scored, key=lambda pair: pair[0], default=(0.0, None))
            if best is None or score < getattr(self.thresholds, by):
                continue
            entry.arxiv_id, entry.arxiv_version = best.arxiv_id, best.arxiv_version
            entry.arxiv_category = entry.arxiv_category or best.arxiv_category
            entry.authors = entry.authors or best.authors
            entry.doi = entry.doi or best.doi
            if by == "abstract":
                entry.title, entry.title_provisional = best.title, False
            entry.facts["resolved"] = f"arXiv:{best.arxiv_id} via the arXiv API, {by} similarity {score:.2f}"
