"""Finding the record a new one duplicates, with the evidence for every decision.

Candidates come from blocking, so no run compares all pairs: records sharing an identifier, and
records sharing one of the query's rarest title (or abstract) words. Each candidate is then
scored; a candidate counts as the same paper when

* it shares an arXiv id or DOI (identifiers are decisive), or
* its title is at least ``threshold`` similar and no guard objects, or
* where a title is only provisional (an abstract-only digest), its abstract is at least
  ``abstract_threshold`` similar and no guard objects.

Guards veto a title or abstract match: different non-arXiv DOIs, years too far apart, no shared
author when both sides name authors, different part numbers ("Part I" vs "Part II"), and titles
too short or generic to tell papers apart.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from zsync.config import DedupeSettings
from zsync.dedupe.record import Record

MAX_YEAR_GAP = 2
MIN_TITLE_WORDS = 3
GENERIC_TITLES = {"introduction", "editorial", "preface", "foreword", "conclusion", "index", "erratum",
                  "corrigendum", "reply", "response", "commentary", "book review", "abstracts"}
STOPWORDS = {"a", "an", "the", "of", "for", "and", "in", "on", "with", "to", "via", "by", "from", "at",
             "is", "are", "we", "our", "this", "that", "as", "its", "into", "using", "towards", "toward"}
PART = re.compile(r"\b(?:part|volume|vol|chapter|episode|edition|version)\s+(\w+)\b")
BLOCK_WORDS = 3
ABSTRACT_WORDS = 80  # abstract blocking uses the opening words, where wording is most stable


@dataclass
class Match:
    """Why ``ref`` is (or nearly is) the same paper as the query."""

    ref: str
    label: str
    same: bool
    reason: str
    scores: dict[str, float] = field(default_factory=dict)
    vetoes: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        scores = ", ".join(f"{k} {v:.2f}" for k, v in self.scores.items())
        veto = f"; but {', '.join(self.vetoes)}" if self.vetoes else ""
        return f"{self.reason}{f' ({scores})' if scores else ''}{veto}"


def words(text: str) -> list[str]:
    return [w for w in text.split() if w not in STOPWORDS and len(w) > 1]


class DedupeIndex:
    def __init__(self, settings: DedupeSettings | None = None):
        self.settings = settings or DedupeSettings()
        self.records: dict[str, Record] = {}
        self.by_id: dict[str, list[str]] = defaultdict(list)
        self.by_title_word: dict[str, list[str]] = defaultdict(list)
        self.by_abstract_word: dict[str, list[str]] = defaultdict(list)

    def __len__(self) -> int:
        return len(self.records)

    def add(self, record: Record) -> None:
        self.records[record.ref] = record
        for identifier in record.identifiers:
            self.by_id[identifier].append(record.ref)
        if record.title and not record.title_provisional:
            for word in set(words(record.title)):
                self.by_title_word[word].append(record.ref)
        for word in set(words(record.abstract)[:ABSTRACT_WORDS]):
            self.by_abstract_word[word].append(record.ref)

    def remove(self, ref: str) -> None:
        record = self.records.pop(ref, None)
        if record is None:
            return
        for table in (self.by_id, self.by_title_word, self.by_abstract_word):
            for refs in table.values():
                if ref in refs:
                    refs.remove(ref)

    def _rarest(self, table: dict[str, list[str]], tokens: list[str], n: int) -> set[str]:
        ranked = sorted(set(tokens), key=lambda w: len(table.get(w, ())))
        return {ref for word in ranked[:n] for ref in table.get(word, ())}

    def candidates(self, query: Record) -> set[str]:
        refs = {ref for identifier in query.identifiers for ref in self.by_id.get(identifier, ())}
        if query.title and not query.title_provisional:
            refs |= self._rarest(self.by_title_word, words(query.title), BLOCK_WORDS)
        if query.abstract:
            refs |= self._rarest(self.by_abstract_word, words(query.abstract)[:ABSTRACT_WORDS], BLOCK_WORDS + 1)
        refs.discard(query.ref)
        return refs

    def matches(self, query: Record) -> list[Match]:
        """Every candidate with its evidence, the same paper first, then by score."""
        found = [self.compare(query, self.records[ref]) for ref in self.candidates(query)]
        return sorted(found, key=lambda m: (not m.same, -max(m.scores.values(), default=0)))

    def find(self, query: Record) -> Match | None:
        """The record ``query`` duplicates, or ``None``."""
        best = self.matches(query)
        return best[0] if best and best[0].same else None

    def compare(self, a: Record, b: Record) -> Match:
        shared_arxiv = a.arxiv & b.arxiv
        if shared_arxiv:
            return Match(b.ref, b.label, True, f"same arXiv id {min(shared_arxiv)}")
        shared_doi = a.dois & b.dois
        if shared_doi:
            return Match(b.ref, b.label, True, f"same DOI {min(shared_doi)}")
        scores: dict[str, float] = {}
        vetoes = self.vetoes(a, b)
        if a.title and b.title and not a.title_provisional and not b.title_provisional:
            scores["title"] = fuzz.ratio(a.title, b.title) / 100
            if len(a.title.split()) < MIN_TITLE_WORDS or a.title in GENERIC_TITLES:
                vetoes.append("title too short or generic to decide on")
            same = scores["title"] >= self.settings.threshold
            reason = f"title {'at or above' if same else 'below'} threshold {self.settings.threshold:.2f}"
        elif a.abstract and b.abstract:
            scores["abstract"] = fuzz.ratio(a.abstract, b.abstract) / 100
            same = scores["abstract"] >= self.settings.abstract_threshold
            reason = (f"provisional title, so abstracts compared: "
                      f"{'at or above' if same else 'below'} threshold {self.settings.abstract_threshold:.2f}")
        else:
            return Match(b.ref, b.label, False, "nothing comparable (no shared identifier, title or abstract)")
        return Match(b.ref, b.label, same and not vetoes, reason, scores, vetoes)

    @staticmethod
    def vetoes(a: Record, b: Record) -> list[str]:
        found = []
        if a.dois and b.dois and not a.dois & b.dois:
            found.append("different DOIs")
        if a.year and b.year and abs(a.year - b.year) > MAX_YEAR_GAP:
            found.append(f"years {a.year} and {b.year} too far apart")
        if a.authors and b.authors and not a.authors & b.authors:
            found.append("no author in common")
        if set(PART.findall(a.title)) != set(PART.findall(b.title)):
            found.append("different part, volume or edition numbers")
        return found
