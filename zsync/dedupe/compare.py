"""Is record ``b`` the same paper as record ``a``? The decision, its evidence and its vetoes.

A pair is the same paper when

1. it shares an arXiv id or a DOI (decisive); or, with no veto,
2. its titles are at least ``threshold`` similar (2b: an identical specific title by the same
   authors in the same venue, a year apart at most, with the same number of pages, is one
   article printed twice, even under two DOIs, volumes and page ranges); or
3. one title contains the other (it lacks a subtitle or a column name), and year, authors and
   venue or first page agree (a correction notice, "Erratum to: <title>", stays its own record:
   its title starts with a generic word and it has its own DOI and pages); or
4. the titles differ (a translation, a rewording) but venue, volume, first page, year and
   authors all agree: no two papers start on the same page of the same volume; or
5. a title is only provisional (an abstract-only digest) and the abstracts are at least
   ``abstract_threshold`` similar.

Vetoes, each a reason two similar records are still two papers: different non-arXiv DOIs; years
more than two apart; no author in common (names compared loosely: initials, swapped order,
one-letter typos); different part, volume or edition numbers in the title; different kinds of
publication (a conference paper and its journal version are two records; a preprint is not
vetoed, see the preprint policy in docs/dedupe.md); the same kind in different venues and years
(one talk at two conferences); different volume, issue or first page; and a
generic title ("Editorial", "Editor's Comments") with no first page or identifier in common.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from zsync.config import DedupeSettings
from zsync.dedupe.record import Record

MAX_YEAR_GAP = 2
MIN_TITLE_WORDS = 3
VENUE_AGREES = 0.8
SURNAME_TYPO = 0.85
NEAR_MISS = 0.15  # candidates this far below the threshold get no further evidence gathered
CONTAINED_WORDS = 6  # a title this long found whole inside another is the same title
#: vetoes that an identical title by the same authors in the same venue overrides (rule 2b)
COORDINATE_VETOES = ("different DOIs", "volumes ", "issues ", "first pages ", "different venues")
PART = re.compile(r"\b(?:part|volume|vol|chapter|episode|edition|version|no)\s+(\w+)\b")
GENERIC = re.compile(
    r"\b(editorial|editor s (comments?|notes?|introduction)|remarks from .{0,40}editor|erratum|corrigendum|"
    r"in memoriam|book reviews?|call for papers|special (section|issue)|"
    r"introduction to the (special issue|minitrack|mini track|track))\b"
    r"|^(introduction|preface|foreword|conclusions?|commentary|reply|response|index|abstracts|letters?)$")
#: kinds that may be one paper even though they differ
COMPATIBLE = {frozenset({"conference", "chapter"})}


@dataclass
class Match:
    """Why ``ref`` is (or nearly is) the same paper as the query."""

    ref: str
    label: str
    same: bool
    reason: str
    scores: dict[str, float] = field(default_factory=dict)
    vetoes: list[str] = field(default_factory=list)

    @property
    def score(self) -> float:
        """The deciding similarity: 1 for a shared identifier, else the title or abstract score."""
        return 1.0 if not self.scores and self.same else self.scores.get("title", self.scores.get("abstract", 0.0))

    def __str__(self) -> str:
        scores = ", ".join(f"{k} {v:.2f}" for k, v in self.scores.items())
        veto = f"; but {', '.join(self.vetoes)}" if self.vetoes else ""
        return f"{self.reason}{f' ({scores})' if scores else ''}{veto}"


def authors_agree(a: Record, b: Record) -> bool:
    if a.names & b.names:
        return True
    return any(min(len(x), len(y)) >= 4 and fuzz.ratio(x, y) >= SURNAME_TYPO * 100
               for x in a.surnames for y in b.surnames)


VENUE_FILLER = {"proceedings", "of", "the", "on", "and", "for", "in", "annual", "journal"}


def acronym(venue: str) -> str:
    """"proceedings of the 51st hawaii international conference on system sciences" → "hicss"."""
    return "".join(w[0] for w in venue.split() if w not in VENUE_FILLER and not w[0].isdigit())


def venues_agree(a: Record, b: Record) -> bool:
    """Similar names, or one is written as the other's acronym ("ICIS")."""
    if not (a.venue and b.venue):
        return False
    if fuzz.token_set_ratio(a.venue, b.venue) >= VENUE_AGREES * 100:
        return True
    return any(len(short) >= 3 and short in other.split()
               for short, other in ((acronym(a.venue), b.venue), (acronym(b.venue), a.venue)))


def generic(record: Record) -> bool:
    return len(record.title.split()) < MIN_TITLE_WORDS or bool(GENERIC.search(record.title))


def vetoes(a: Record, b: Record, by_title: bool = True, preprints: str = "same") -> list[str]:
    found = []
    if a.dois and b.dois and not a.dois & b.dois:
        found.append("different DOIs")
    if a.year and b.year and abs(a.year - b.year) > MAX_YEAR_GAP:
        found.append(f"years {a.year} and {b.year} too far apart")
    if a.names and b.names and not authors_agree(a, b):
        found.append("no author in common")
    if set(PART.findall(a.title)) != set(PART.findall(b.title)):
        found.append("different part, volume or edition numbers in the titles")
    kinds = frozenset({a.kind, b.kind})
    if len(kinds) == 2 and "" not in kinds and kinds not in COMPATIBLE and (preprints == "distinct" or "preprint" not in kinds):
        found.append(f"a {a.kind} and a {b.kind} publication")
    if (a.kind == b.kind and a.year and b.year and a.year != b.year and a.venue and b.venue
            and not venues_agree(a, b)):
        found.append(f"different venues in {min(a.year, b.year)} and {max(a.year, b.year)}")
    for name in ("volume", "issue", "first_page"):
        x, y = getattr(a, name), getattr(b, name)
        if x and y and x != y:
            found.append(f"{name.replace('_', ' ')}s {x} and {y}")
    if by_title and (generic(a) or generic(b)) and not (a.first_page and a.first_page == b.first_page):
        found.append("a generic title, and no first page or identifier in common")
    return found


def compare(a: Record, b: Record, settings: DedupeSettings) -> Match:
    shared_arxiv = a.arxiv & b.arxiv  # an identifier is decisive, whatever the preprint policy
    if shared_arxiv:
        return Match(b.ref, b.label, True, f"same arXiv id {min(shared_arxiv)}")
    shared_doi = a.dois & b.dois
    if shared_doi:
        return Match(b.ref, b.label, True, f"same DOI {min(shared_doi)}")
    scores: dict[str, float] = {}
    if a.title and b.title and not a.title_provisional and not b.title_provisional:
        scores["title"] = fuzz.ratio(a.title, b.title, score_cutoff=(settings.threshold - NEAR_MISS) * 100) / 100
        rule = title_rule(a, b, scores["title"], settings.threshold)
    elif a.abstract and b.abstract:
        scores["abstract"] = fuzz.ratio(a.abstract, b.abstract) / 100
        rule = ("a title is provisional, so the abstracts decide"
                if scores["abstract"] >= settings.abstract_threshold else None)
    else:
        return Match(b.ref, b.label, False, "nothing comparable (no shared identifier, title or abstract)")
    threshold = settings.threshold if "title" in scores else settings.abstract_threshold
    if rule is None and max(scores.values()) < threshold - NEAR_MISS:
        return Match(b.ref, b.label, False, f"below threshold {threshold:.2f}", scores)
    if a.names and b.names:  # supporting evidence, for matches and near misses only
        scores["authors"] = 1.0 if authors_agree(a, b) else 0.0
    if a.venue and b.venue:
        scores["venue"] = fuzz.token_set_ratio(a.venue, b.venue) / 100
    found = vetoes(a, b, by_title="title" in scores, preprints=settings.preprints) if rule else []
    if "title" in scores and (found or rule is None):
        if same_publication(a, b):
            rule = "one article printed twice: same title, authors, venue and length, a year apart at most"
            found = [v for v in vetoes(a, b, False, settings.preprints) if not v.startswith(COORDINATE_VETOES)]
    reason = rule or f"below threshold {threshold:.2f}"
    return Match(b.ref, b.label, rule is not None and not found, reason, scores, found)


def same_publication(a: Record, b: Record) -> bool:
    """Rule 2b: one article printed twice (online first, then in an issue), under two DOIs,
    volumes and page ranges: the identical specific title, the same authors and venue, a year
    apart at most, and the same number of pages."""
    return (a.title == b.title and len(a.title.split()) >= CONTAINED_WORDS and not (generic(a) or generic(b))
            and bool(a.surnames) and a.surnames == b.surnames and venues_agree(a, b)
            and a.year is not None and b.year is not None and abs(a.year - b.year) <= 1
            and a.page_count > 0 and a.page_count == b.page_count)


def title_rule(a: Record, b: Record, score: float, threshold: float) -> str | None:
    """Which of rules 2-4 makes these titles the same paper, if any."""
    if score >= threshold:
        return f"titles at or above threshold {threshold:.2f}"
    if a.year is None or a.year != b.year or not (a.names and b.names):
        return None
    # (rule 2b is applied in compare(): it overrides the coordinate vetoes)
    same_page = bool(a.first_page) and a.first_page == b.first_page
    short, long = sorted((a, b), key=lambda r: len(r.title))
    contained = (len(short.title.split()) >= MIN_TITLE_WORDS and short.title == long.main_title) or (
        len(short.title.split()) >= CONTAINED_WORDS and f" {short.title} " in f" {long.title} ")
    if contained and (same_page or venues_agree(a, b)) and authors_agree(a, b):
        return "one title contains the other (a subtitle or a column name); year, authors and venue or page agree"
    if same_page and a.volume and a.volume == b.volume and venues_agree(a, b) and authors_agree(a, b):
        return "different titles, but the same venue, volume, first page, year and authors"
    return None
