"""A paper as the deduplicator sees it, whether it comes from a digest, a .bib file or the library.

Everything is normalised once, here, so comparing is cheap: titles (also without their subtitle),
identifiers (arXiv DOIs become arXiv ids), author names, the kind of publication, the venue and
the bibliographic coordinates (volume, issue, first page).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Sequence

from zsync.dedupe.normalize import (
    arxiv_from_doi, arxiv_from_text, arxiv_from_url, normalize_doi, normalize_text, year_of,
)
from zsync.model import Entry, ZoteroItem, split_arxiv_id

NEEDS_TITLE_TAG = "zsync:needs-title"
ABSTRACT_CHARS = 2000  # enough to tell abstracts apart; keeps a 100,000-item index small
LEADING_NUMBER = re.compile(r"\s*0*(\d+)")
PAGE_RANGE = re.compile(r"\s*(\d+)\s*[-–]+\s*(\d+)")
FIRST_PAGE = re.compile(r"\s*([A-Za-z]?)0*(\d+)")
SUBTITLE = re.compile(r"\s*(?::|\s[-–—]\s|\?\s|\[|\()")

#: Zotero item types and BibTeX entry types -> the kind of publication they are
KINDS = {
    "journalArticle": "journal", "article": "journal", "magazineArticle": "journal",
    "conferencePaper": "conference", "inproceedings": "conference", "conference": "conference",
    "proceedings": "conference", "bookSection": "chapter", "incollection": "chapter", "inbook": "chapter",
    "book": "book", "thesis": "thesis", "phdthesis": "thesis", "mastersthesis": "thesis",
    "report": "report", "techreport": "report", "preprint": "preprint", "unpublished": "preprint",
}


@dataclass(frozen=True, slots=True)
class Record:
    ref: str  # who this is: an entry's position in the run, or a library item key
    label: str  # the title as written, for explanations
    title: str  # normalised
    main_title: str = ""  # normalised title without its subtitle
    title_provisional: bool = False
    abstract: str = ""  # normalised, cut at ABSTRACT_CHARS
    dois: frozenset[str] = field(default_factory=frozenset)  # normalised, arXiv DOIs excluded
    arxiv: frozenset[str] = field(default_factory=frozenset)  # ids without version
    year: int | None = None
    surnames: frozenset[str] = field(default_factory=frozenset)
    names: frozenset[str] = field(default_factory=frozenset)  # every name part of 2+ letters
    kind: str = ""  # a value of KINDS, or "" when unknown
    venue: str = ""  # normalised journal or proceedings title
    volume: str = ""
    issue: str = ""
    first_page: str = ""
    page_count: int = 0  # from a page range, 0 when unknown

    @property
    def identifiers(self) -> list[str]:
        return [f"arxiv:{a}" for a in sorted(self.arxiv)] + [f"doi:{d}" for d in sorted(self.dois)]

    @property
    def coordinates(self) -> str | None:
        """Volume and first page: with the venue, where a paper is, whatever its title says."""
        return f"{self.volume}|{self.first_page}" if self.volume and self.first_page else None


def leading_number(text: str, year: int | None = None) -> str:
    """``"174 AISC"`` → ``"174"``; a volume that is only the year says nothing and becomes ``""``."""
    m = LEADING_NUMBER.match(text or "")
    return "" if not m or (year and m[1] == str(year)) else m[1]


def page_count(pages: str) -> int:
    m = PAGE_RANGE.match(pages or "")
    return int(m[2]) - int(m[1]) + 1 if m and int(m[2]) >= int(m[1]) else 0


def first_page(pages: str) -> str:
    m = FIRST_PAGE.match(pages or "")
    return f"{m[1].lower()}{m[2]}" if m else ""


def person_parts(pairs: list[tuple[str, str]]) -> tuple[frozenset[str], frozenset[str]]:
    surnames, names = set(), set()
    for first, last in pairs:
        surname = normalize_text(last)
        if surname:
            surnames.add(surname)
        names.update(w for w in normalize_text(f"{first} {last}").split() if len(w) > 1)
    return frozenset(surnames), frozenset(names)


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


def titles(title: str) -> tuple[str, str]:
    """The normalised title and the normalised main title (before a subtitle separator)."""
    main = SUBTITLE.split(title or "", maxsplit=1)[0]
    return normalize_text(title or ""), normalize_text(main)


def make_record(ref: str, *, title: str, provisional: bool = False, abstract: str = "", dois: Sequence[str] = (),
                arxiv: Sequence[str] = (), date: str = "", people: Sequence[tuple[str, str]] = (), kind: str = "",
                venue: str = "", volume: str = "", issue: str = "", pages: str = "") -> Record:
    plain_dois, arxiv_ids = split_ids(list(dois), list(arxiv))
    full, main = titles(title)
    surnames, names = person_parts(list(people))
    year = year_of(date)
    return Record(
        ref=ref, label=title or "", title=full, main_title=main, title_provisional=provisional,
        abstract=normalize_text(abstract[:ABSTRACT_CHARS + 200])[:ABSTRACT_CHARS], dois=plain_dois, arxiv=arxiv_ids, year=year,
        surnames=surnames, names=names, kind=kind, venue=normalize_text(venue),
        volume=leading_number(volume, year), issue=leading_number(issue, year), first_page=first_page(pages),
        page_count=page_count(pages),
    )


def record_from_entry(entry: Entry, ref: str) -> Record:
    return make_record(
        ref, title=entry.title or "", provisional=entry.title_provisional, abstract=entry.abstract or "",
        dois=[entry.doi or ""], arxiv=[entry.arxiv_id or "", arxiv_from_url(entry.url or "") or ""],
        date=entry.date or "", people=[(p.first, p.last or p.name) for p in entry.authors],
        kind=KINDS.get(entry.kind or "", "preprint" if entry.arxiv_id else ""),
    )


def bibtex_names(text: str) -> list[tuple[str, str]]:
    """``"Deng, Chaoqun and Ravichandran, T."`` → ``[("Chaoqun", "Deng"), ("T.", "Ravichandran")]``."""
    names = []
    for name in re.split(r"\s+and\s+", text or "", flags=re.I):
        name = name.strip().strip("{}")
        if not name or name.lower() == "others":
            continue
        if "," in name:
            last, first = name.split(",", 1)
        else:
            first, _, last = name.rpartition(" ")
        names.append((first.strip(), last.strip()))
    return names


def record_from_fields(ref: str, fields: dict[str, str]) -> Record:
    """A record from BibTeX-style fields (``title``, ``author``, ``year``, ``doi``, ``journal``, …)."""
    eprint = split_arxiv_id(fields.get("eprint", "")) if fields.get("eprint") else None
    return make_record(
        ref, title=fields.get("title", ""), abstract=fields.get("abstract", ""), dois=[fields.get("doi", "")],
        arxiv=[eprint[0] if eprint else ""], date=fields.get("year") or fields.get("date", ""),
        people=bibtex_names(fields.get("author", "")), kind=KINDS.get(fields.get("ENTRYTYPE", "").lower(), ""),
        venue=fields.get("journal") or fields.get("booktitle") or "", volume=fields.get("volume", ""),
        issue=fields.get("number") or fields.get("issue") or "", pages=fields.get("pages", ""),
    )


def record_from_item(item: ZoteroItem) -> Record:
    extra = item.get("extra")
    dois = [item.get("DOI"), *(line.split(":", 1)[1] for line in extra.splitlines() if line.lower().startswith("doi:"))]
    return make_record(
        item.key or "", title=item.get("title"), provisional=NEEDS_TITLE_TAG in item.tag_names(),
        abstract=item.get("abstractNote"), dois=dois,
        arxiv=[arxiv_from_url(item.get("url")) or "", *arxiv_from_text(item.get("archiveID")), *arxiv_from_text(extra)],
        date=item.get("date"), people=[(c.firstName or "", c.lastName or c.name or "") for c in item.creators],
        kind=KINDS.get(item.itemType, ""),
        venue=item.get("publicationTitle") or item.get("proceedingsTitle") or item.get("bookTitle"),
        volume=item.get("volume"), issue=item.get("issue"), pages=item.get("pages"),
    )
