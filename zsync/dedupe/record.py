"""A paper as the deduplicator sees it, built by one function from a Zotero item.

Every path builds its records with :func:`record_from_item`: ``zsync sync`` and ``zsync dedupe``
from the item the mapping makes of each entry (so a .bib entry's journal, volume, issue and
pages are there, exactly as they would be written), the library from its own items, and the
benchmark through ``zsync dedupe`` itself. Everything is normalised once, here, so comparing is
cheap: titles (without database annotations, also without their subtitle), identifiers (arXiv
DOIs become arXiv ids), author names, the kind of publication, the venue and the bibliographic
coordinates (volume, issue, first and last page).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple, Sequence
from urllib.parse import urlsplit

from zsync.dedupe.normalize import normalize_text, year_of
from zsync.identifiers import arxiv_from_doi, arxiv_from_text, arxiv_from_url, normalize_doi
from zsync.model import ZoteroItem

NEEDS_TITLE_TAG = "zsync:needs-title"
ABSTRACT_CHARS = 2000  # enough to tell abstracts apart; keeps a 100,000-item index small
ABSTRACT_PAGES = 2  # a meeting abstract's length: an abstract and its article are two records
LEADING_NUMBER = re.compile(r"\s*0*(\d+)")
SUBTITLE = re.compile(r"\s*(?::|\s[-–—]\s|\?\s|\[|\()")
#: a page as printed: an optional letter prefix (an e-locator, BMJ's c1804), the number, an
#: optional letter suffix (supplement pages, 81A)
PAGE = re.compile(r"\s*([A-Za-z]{0,2})0*(\d+)([A-Za-z]?)\b")
PAGE_RANGE = re.compile(r"\s*([A-Za-z]{0,2})0*(\d+)([A-Za-z]?)\s*(?:-+|–|—)\s*([A-Za-z]{0,2})0*(\d+)([A-Za-z]?)")
#: a supplement or special issue, where conference abstracts share pages
SUPPLEMENT = re.compile(r"\bsuppl?\b|\bsupplement|\bs\d|\bsp\.? ?iss|\bspecial\b|\bSI\b|\babstracts?\b", re.I)
#: what literature databases append to titles: "[Review] [45 refs]", "[Chinese]",
#: "(Structured abstract)", "[Erratum appears in ...]", "(Extended version)"; brackets at the
#: end of a title are always such notes, parentheses only with these words
TRAILING_BRACKETS = re.compile(r"(?:\s*\[[^\[\]]*\]\s*\.?)+$")
ANNOTATION_WORDS = (r"abstract|version|refs?|references|transl\w*|review|erratum|corrigendum|retract\w*|"
                    r"reprint\w*|published|see |comment\w*|letter|editorial|author'?s|english|vol|pg|journal|"
                    r"chinese|german|french|spanish|japanese|russian|italian|portuguese|polish|dutch|korean|"
                    r"turkish|czech|hungarian|danish|swedish|norwegian|article in")
TRAILING_PARENS = re.compile(rf"\s*\((?:[^()]*\b(?:{ANNOTATION_WORDS})\b[^()]*)\)\s*\.?$", re.I)
#: brackets that name another document, not a note on this one: "(4th Edition) [Instructor Manual]"
COMPANION = re.compile(r"\b(?:manual|solutions?|slides|workbook|handout|poster|test bank|study guide|"
                       r"instructor'?s?|teacher'?s?)\b", re.I)
#: words that make an author an organisation: it cannot show that two author lists differ
CORPORATE = re.compile(r"\b(group|collaborat\w*|consortium|investigators|committee|society|association|"
                       r"organi[sz]ation|network|trialists|team|council|institute|foundation|working|panel|"
                       r"task force|study|registry|centre|center|office|department|agency)\b", re.I)

#: Zotero item types -> the kind of publication they are
KINDS = {
    "journalArticle": "journal", "magazineArticle": "journal", "newspaperArticle": "journal",
    "conferencePaper": "conference", "bookSection": "chapter", "book": "book", "thesis": "thesis",
    "report": "report", "preprint": "preprint", "manuscript": "preprint",
}


@dataclass(frozen=True, slots=True)
class Pages:
    """Where an article is printed: its first page, last page and the kind of numbering."""

    first: str = ""  # "23", "81a", "e12724", "" when unknown
    last: str = ""
    locator: bool = False  # an article number or e-locator (letters before the number), not a print page
    supplement: bool = False  # a supplement page (letter suffix, or a supplement volume or issue)

    @property
    def count(self) -> int:
        """The number of pages of a numeric print range, 0 when unknown."""
        if self.locator or not (self.first.isdigit() and self.last.isdigit()):
            return 0
        first, last = int(self.first), int(self.last)
        return last - first + 1 if last >= first else 0

    @property
    def shared(self) -> bool:
        """A page several papers may share: a supplement's, unless the range is longer than a
        meeting abstract (a nine-page article in a supplement issue is printed once)."""
        return self.supplement and not self.count > ABSTRACT_PAGES

    def comparable(self, other: Pages) -> bool:
        """Both known and numbered the same way: a print page says nothing about an e-locator."""
        return bool(self.first and other.first) and self.locator == other.locator


NO_PAGES = Pages()


def parse_pages(pages: str, volume: str = "", issue: str = "") -> Pages:
    """``"23-35"``, ``"23--5"`` (a shortened range), ``"81A"``, ``"e12724"``, ``"c1804"``."""
    pages = (pages or "").strip()
    if not (pages or volume or issue):
        return NO_PAGES
    in_supplement = bool(SUPPLEMENT.search(volume or "") or SUPPLEMENT.search(issue or ""))
    m = PAGE_RANGE.match(pages)
    if m:
        prefix, first, suffix, _, last, last_suffix = m.groups()
        if len(last) < len(first):  # "1234-56" is 1234-1256
            last = first[: len(first) - len(last)] + last
        return Pages(f"{prefix.lower()}{first}{suffix.lower()}", f"{prefix.lower()}{last}{last_suffix.lower()}",
                     locator=bool(prefix), supplement=in_supplement or bool(suffix))
    m = PAGE.match(pages)
    if not m:
        return Pages(supplement=in_supplement)
    prefix, number, suffix = m.groups()
    page = f"{prefix.lower()}{number}{suffix.lower()}"
    # a lone number of six or more digits is an article number, not a page
    return Pages(page, "", locator=bool(prefix) or len(number) >= 6, supplement=in_supplement or bool(suffix))


@dataclass(frozen=True, slots=True)
class Record:
    ref: str  # who this is: an entry's position in the run, or a library item key
    label: str  # the title as written, for explanations
    title: str  # normalised, database annotations removed
    main_title: str = ""  # normalised title without its subtitle
    title_provisional: bool = False
    abstract: str = ""  # normalised, cut at ABSTRACT_CHARS
    dois: frozenset[str] = field(default_factory=frozenset)  # normalised, arXiv DOIs excluded
    arxiv: frozenset[str] = field(default_factory=frozenset)  # ids without version
    year: int | None = None
    surnames: frozenset[str] = field(default_factory=frozenset)  # of people, not organisations
    names: frozenset[str] = field(default_factory=frozenset)  # every name part of 2+ letters of people
    corporate: bool = False  # an organisation among the authors
    kind: str = ""  # a value of KINDS, or "" when unknown
    venue: str = ""  # normalised journal or proceedings title
    volume: str = ""
    issue: str = ""
    pages: Pages = field(default_factory=Pages)
    web: str = ""  # the address of a web page or document without a paper's identifiers (see web_address)

    @property
    def identifiers(self) -> list[str]:
        return [f"arxiv:{a}" for a in sorted(self.arxiv)] + [f"doi:{d}" for d in sorted(self.dois)]

    @property
    def first_page(self) -> str:
        return self.pages.first

    @property
    def coordinates(self) -> str | None:
        """Volume and first page: with the venue, where a paper is, whatever its title says."""
        return f"{self.volume}|{self.pages.first}" if self.volume and self.pages.first else None

    @property
    def numbers(self) -> tuple[str, ...]:
        """The numbers in the title, in order: "Qwen2.5" is (2, 5), "Qwen" none: a version or
        model number is part of what the paper is."""
        return tuple(re.findall(r"\d+", self.title))


class BlockingKeys(NamedTuple):
    """What an index holds of a record: what finds it, not what it says (a library keeps these
    beside its records, :mod:`zsync.library.records`, so an index of 100,000 papers is built
    without reading their abstracts and names)."""

    ref: str
    title: str
    main_title: str
    provisional: bool
    identifiers: tuple[str, ...]
    coordinates: str | None

    @classmethod
    def of(cls, record: Record) -> "BlockingKeys":
        return cls(record.ref, record.title, record.main_title, record.title_provisional, tuple(record.identifiers),
                   record.coordinates)


def leading_number(text: str, year: int | None = None) -> str:
    """``"174 AISC"`` → ``"174"``; a volume that is only the year says nothing and becomes ``""``."""
    m = LEADING_NUMBER.match(text or "")
    return "" if not m or (year and m[1] == str(year)) else m[1]


@lru_cache(maxsize=1 << 16)
def person(first: str, last: str) -> tuple[str, tuple[str, ...]] | None:
    """One author's normalised surname and name parts of 2+ letters; ``None`` for an
    organisation. Cached: a library names the same people again and again."""
    if CORPORATE.search(f"{first} {last}") or (not first and len(last.split()) > 2):
        return None
    return normalize_text(last), tuple(w for w in normalize_text(f"{first} {last}").split() if len(w) > 1)


def person_parts(pairs: Sequence[tuple[str, str]]) -> tuple[frozenset[str], frozenset[str], bool]:
    """Surnames and name parts of the people among the authors, and whether an organisation is
    among them ("Group, ALTS" as BibTeX splits it, or a single-field name)."""
    surnames, names, corporate = set(), set(), False
    for first, last in pairs:
        parts = person(first, last)
        if parts is None:
            corporate = True
            continue
        if parts[0]:
            surnames.add(parts[0])
        names.update(parts[1])
    return frozenset(surnames), frozenset(names), corporate


def split_ids(dois: Sequence[str], arxiv: Sequence[str]) -> tuple[frozenset[str], frozenset[str]]:
    """Separate arXiv DOIs (which are arXiv ids in disguise) from other DOIs."""
    plain, ids = set(), set(arxiv)
    for doi in filter(None, dois):
        from_doi = arxiv_from_doi(doi)
        if from_doi:
            ids.add(from_doi)
        else:
            plain.add(normalize_doi(doi))
    return frozenset(filter(None, plain)), frozenset(filter(None, ids))


def strip_annotations(title: str) -> str:
    """The title without what a database appended to it (see TRAILING_BRACKETS). A title
    written wholly in brackets (MEDLINE's translated titles, "[Indications ...]. [Spanish]")
    keeps its words."""
    while True:
        shorter = TRAILING_PARENS.sub("", title).rstrip()
        m = TRAILING_BRACKETS.search(shorter)
        if m and COMPANION.search(m[0]):
            m = None
        if m and m.start() > 0:
            shorter = shorter[:m.start()].rstrip()
        elif m:  # only brackets: drop the last one (a language), unwrap the rest
            parts = re.findall(r"\[([^\[\]]*)\]", shorter)
            shorter = " ".join(parts[:-1]) if len(parts) > 1 else parts[0] if parts else shorter
        if shorter == title or not shorter.strip(" .[]"):
            return title
        title = shorter


def titles(title: str) -> tuple[str, str]:
    """The normalised title and the normalised main title (before a subtitle separator)."""
    if title[-1:] in ").]":
        title = strip_annotations(title)
    main = SUBTITLE.split(title, maxsplit=1)[0]
    full = normalize_text(title)
    return full, full if main == title else normalize_text(main)


def item_identifiers(item: ZoteroItem) -> tuple[frozenset[str], frozenset[str]]:
    """An item's DOIs (arXiv DOIs excluded) and arXiv ids, from its fields and ``extra`` lines:
    a record's identifiers, without the rest of the record (what a sync adds to ``extra``)."""
    fields = item.model_extra or {}
    extra = fields.get("extra") or ""
    dois = [fields.get("DOI") or "", *(line.split(":", 1)[1] for line in extra.splitlines() if line[:4].lower() == "doi:")]
    arxiv = [arxiv_from_url(fields.get("url") or "") or ""]
    # ids of this paper: the archive id and extra's "arXiv: ID" lines, not an id a note names
    # ("tex.annote: arXiv admin note: text overlap with arXiv:1308.0731" is another paper)
    for text in (fields.get("archiveID") or "", *(line for line in extra.splitlines() if line[:6].lower() == "arxiv:")):
        arxiv += arxiv_from_text(text)
    return split_ids(dois, arxiv)


def record_from_item(item: ZoteroItem, ref: str | None = None) -> Record:
    """The one way to make a record: from a Zotero item (mapped from an entry, or held by a
    library). ``ref`` defaults to the item's key."""
    fields = item.model_extra or {}

    def get(name: str) -> str:
        return fields.get(name) or ""

    plain_dois, arxiv_ids = item_identifiers(item)
    title = get("title")
    full, main = titles(title)
    creators = [c for c in item.creators if c.creatorType == "author"] or item.creators
    surnames, names, corporate = person_parts([(c.firstName or "", c.lastName or c.name or "") for c in creators])
    year = year_of(get("date"))
    volume, issue = get("volume"), get("issue")
    abstract = get("abstractNote")
    return Record(
        ref=ref if ref is not None else item.key or "", label=title, title=full, main_title=main,
        title_provisional=bool(item.tags) and NEEDS_TITLE_TAG in item.tag_names(),
        abstract=normalize_text(abstract[:ABSTRACT_CHARS + 200])[:ABSTRACT_CHARS] if abstract else "",
        dois=plain_dois, arxiv=arxiv_ids, year=year, surnames=surnames, names=names, corporate=corporate,
        kind=KINDS.get(item.itemType, ""),
        venue=normalize_text(get("publicationTitle") or get("proceedingsTitle") or get("bookTitle")),
        volume=leading_number(volume, year) if volume else "", issue=leading_number(issue, year) if issue else "",
        pages=parse_pages(get("pages"), volume, issue),
        web=web_address(url) if (url := get("url")) and not (plain_dois or arxiv_ids) and item.itemType not in KINDS else "",
    )


def web_address(url: str) -> str:
    """A page's address as one spelling: no scheme, ``www.``, fragment or trailing slash; the host
    in lower case ("https://www.Unsplash.com/photos/x/" → "unsplash.com/photos/x")."""
    parts = urlsplit(url.strip())
    host = parts.netloc.lower().removeprefix("www.")
    return f"{host}{parts.path.rstrip('/')}{'?' + parts.query if parts.query else ''}" if host else url.strip()
