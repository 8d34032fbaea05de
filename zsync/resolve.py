"""Filling in what a digest leaves out, from the arXiv API and Crossref (``--resolve``).

A list of identifiers gives ids and nothing else; a saved HF papers page gives ids and titles
but no author names. Those entries (an arXiv id with a provisional title or no authors, or a DOI
with a provisional title) are looked up by id, in batches: the arXiv API ``id_list`` (20 ids a
request) and Crossref's ``filter=doi:…`` (20 DOIs a request); the answer's title replaces only a
provisional one. The HF page copied as text gives titles but no arXiv ids or author names; the abstract-only
list gives no titles. Those entries are looked up in batches (several titles, or several abstract phrases,
OR-ed into one query, so a 47-paper page costs six requests at arXiv's pace of one per three
seconds). A candidate is accepted only when its title (or, for a provisional title, its
abstract) matches above a threshold; the evidence goes into ``extra`` (``resolved: …``). With no
confident match, offline, or on an error, the entry stays as the digest gave it, flagged —
nothing is invented. Lookups are cached on disk for a month.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Sequence

from rapidfuzz import fuzz

from zsync.batches import chunks
from zsync.dedupe.normalize import normalize_text
from zsync.fetch import Fetcher, FetchError
from zsync.identifiers import normalize_doi
from zsync.model import Entry, Location, Notice, Person
from zsync.sources.arxiv_atom import atom_entries

ARXIV_API = "https://export.arxiv.org/api/query"
CROSSREF_API = "https://api.crossref.org/works"
IDS_PER_QUERY = 20
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
        by_abstract = [e for e in entries if e.title_provisional and e.abstract and not e.arxiv_id and not e.doi]
        by_arxiv_id = [e for e in entries if e.arxiv_id and (e.title_provisional or not e.authors)]
        by_doi = [e for e in entries if e.title_provisional and e.doi and not e.arxiv_id]
        try:
            for batch in chunks(by_arxiv_id, IDS_PER_QUERY):
                self._fill_from_arxiv(batch)
            for batch in chunks(by_doi, IDS_PER_QUERY):
                self._fill_from_crossref(batch)
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

    def _fill_from_arxiv(self, batch: Sequence[Entry]) -> None:
        """Look the batch up by id (``id_list``): the record with the same id completes each entry."""
        ids = list(dict.fromkeys(e.arxiv_id or "" for e in batch))
        text = self.fetcher.get(ARXIV_API, {"id_list": ",".join(ids), "max_results": str(len(ids))},
                                max_age_days=CACHE_DAYS)
        found = {e.arxiv_id: e for e in atom_entries(text, "arXiv API") if isinstance(e, Entry)}
        for entry in batch:
            record = found.get(entry.arxiv_id)
            if record is None or not record.title:
                continue
            if entry.title_provisional or not entry.title:
                entry.title, entry.title_provisional = record.title, False
            entry.authors = entry.authors or record.authors
            entry.abstract = entry.abstract or record.abstract
            entry.date = entry.date or record.date
            entry.arxiv_version = entry.arxiv_version or record.arxiv_version
            entry.arxiv_category = entry.arxiv_category or record.arxiv_category
            entry.doi = entry.doi or record.doi
            entry.facts["resolved"] = f"arXiv:{entry.arxiv_id} via the arXiv API, by id"

    def _fill_from_crossref(self, batch: Sequence[Entry]) -> None:
        """Look the batch's DOIs up in Crossref (one ``filter=doi:…`` request per batch)."""
        dois = list(dict.fromkeys(normalize_doi(e.doi or "") for e in batch))
        text = self.fetcher.get(CROSSREF_API, {"filter": ",".join(f"doi:{d}" for d in dois), "rows": str(len(dois))},
                                max_age_days=CACHE_DAYS)
        try:
            items = json.loads(text)["message"]["items"]
        except (ValueError, KeyError, TypeError):
            raise FetchError(f"{CROSSREF_API}: not a Crossref works answer") from None
        found = {normalize_doi(item.get("DOI", "")): item for item in items if isinstance(item, dict)}
        for entry in batch:
            item = found.get(normalize_doi(entry.doi or ""))
            title = " ".join(" ".join(item.get("title") or []).split()) if item else ""
            if not item or not title:
                continue
            entry.title, entry.title_provisional = title, False
            entry.authors = entry.authors or crossref_people(item.get("author") or [])
            entry.date = entry.date or crossref_date(item)
            entry.facts["resolved"] = f"DOI {entry.doi} via Crossref, by id"

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


def crossref_people(authors: list[Any]) -> list[Person]:
    """Crossref ``author`` objects (``given``/``family``, or ``name`` for organisations)."""
    people = []
    for author in authors:
        if not isinstance(author, dict):
            continue
        if author.get("family"):
            people.append(Person(first=author.get("given", ""), last=author["family"]))
        elif author.get("name"):
            people.append(Person(name=author["name"]))
    return people


def crossref_date(item: dict[str, Any]) -> str | None:
    """The issued (else published) date of a Crossref record, as ``YYYY[-MM[-DD]]``."""
    for key in ("issued", "published", "published-print", "published-online"):
        parts = ((item.get(key) or {}).get("date-parts") or [[None]])[0]
        if parts and parts[0]:
            return "-".join(f"{int(p):02d}" if i else f"{int(p):04d}" for i, p in enumerate(parts[:3]))
    return None
