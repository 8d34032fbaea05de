"""Is record ``b`` the same paper as record ``a``? The verdict, its evidence and its vetoes.

Identifiers decide first, both ways: a shared arXiv id or DOI is the same paper unless the rest
flatly denies it (unlike titles, another identifier, another place in print: see
:func:`contradicted`; then a person decides); two different arXiv ids, or two different DOIs,
are two papers whatever the titles say. Otherwise a pair is the
same paper when one of these rules holds and no veto stands against it:

1. its titles are at least ``threshold`` similar;
2. one title contains the other (it lacks a subtitle or a column name), and year, authors and
   venue or first page agree;
3. the titles differ (a translation, a rewording) or one is missing, but venue, volume, first
   and last page, year and authors all agree, off a supplement's short pages (where many
   abstracts share a page): no two articles occupy the same pages of the same volume;
4. a title is only provisional (an abstract-only digest) and the abstracts are at least
   ``abstract_threshold`` similar.

Vetoes are kept under named keys (beets' ``Distance`` keeps its penalties so): the key decides,
the message is for people. See :data:`VETO_KEYS`.

A pair that is close but not certain is ``possible``: titles within ``possible_margin`` below the
threshold with nothing against them, or at the threshold with only one soft veto (years, kinds,
venues, pages). ``zsync sync`` creates such a paper and marks both for a person; it never drops
a paper on a doubtful match.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum

from rapidfuzz import fuzz, process

from zsync.config import DedupeSettings
from zsync.dedupe.record import ABSTRACT_PAGES, Pages, Record

MAX_YEAR_GAP = 1
MIN_TITLE_WORDS = 3
VENUE_AGREES = 0.8
SURNAME_TYPO = 0.85
NEAR_MISS = 0.15  # candidates this far below the threshold get no further evidence gathered
CONTAINED_WORDS = 6  # a title this long found whole inside another is the same title
IDENTICAL = 0.99  # a title this similar, with nothing against it, needs no other evidence
ABSTRACTS_DIFFER = 0.6  # two abstracts this unlike are two papers, whatever else agrees
#: "part 2", "phase iii", "study b", "volume one": a number, a roman numeral, a letter or a number
#: word after the name of a part ("a randomized trial of", "study in" name no part)
PART = re.compile(r"\b(?:part|volume|vol|chapter|episode|edition|version|no|phase|study|trial)\s+"
                  r"(\d+[a-z]?|[ivx]{1,5}|[a-z]|one|two|three|four|five|six|seven|eight|nine|ten)\b")
GENERIC = re.compile(
    r"\b(editorial|editor s (comments?|notes?|introduction)|remarks from .{0,40}editor|erratum|corrigendum|"
    r"in memoriam|book reviews?|call for papers|special (section|issue)|"
    r"introduction to the (special issue|minitrack|mini track|track))\b"
    r"|^(introduction|preface|foreword|conclusions?|commentary|reply|response|index|abstracts|letters?|"
    r"(no title|untitled|table of contents)( (no title|untitled|table of contents))?|"
    r"issues and opinions|research (notes?|articles?|commentary|papers?))$")
#: a title this like its own venue's name is the name (a PDF's running head), not the paper's title
VENUE_AS_TITLE = 85
#: kinds that may be one paper even though they differ
COMPATIBLE = {frozenset({"conference", "chapter"})}

#: every veto, by key; the keys in SOFT may be wrong about one paper (a typo in a year, two
#: cataloguers' item types), so a close title vetoed by one of them alone is a possible duplicate
VETO_KEYS = {
    "arxiv": "different arXiv ids",
    "doi": "different DOIs",
    "year": "years too far apart",
    "authors": "no author in common",
    "numbers": "different numbers in the titles (a part, version or model number)",
    "kind": "different kinds of publication",
    "venue": "the same kind in different venues and years",
    "volume": "different volumes",
    "issue": "different issues",
    "pages": "different pages",
    "abstract": "different abstracts",
    "words": "a word of one title replaced by another word",
    "uncorroborated": "similar titles, and nothing else to compare",
    "generic": "a generic title, and no page or identifier in common",
    "contradicted": "a shared identifier, but unlike titles and not the same authors",
    "web": "two web pages at different addresses",
    "group": "a conflict with another record of the group it would join",
}
#: what differs between two printings of one article (see same_article)
PRINTED_TWICE = frozenset({"volume", "issue", "pages"})
#: what a title's wording says against a match, which the same place in print outweighs
TITLE_VETOES = frozenset({"numbers", "words"})
SOFT = frozenset({"year", "kind", "venue", "pages", "issue", "words", "uncorroborated", "web"})
WORD_VARIANT = 75  # words this similar are one word spelled two ways ("centre", "center")


class Verdict(str, Enum):
    SAME = "same"
    POSSIBLE = "possible"
    DISTINCT = "distinct"


@dataclass
class Match:
    """Why ``ref`` is (or nearly is) the same paper as the query."""

    ref: str
    label: str
    verdict: Verdict
    reason: str
    scores: dict[str, float] = field(default_factory=dict)
    vetoes: dict[str, str] = field(default_factory=dict)  # key (VETO_KEYS) -> what was seen
    missing: list[str] = field(default_factory=list)  # evidence one side lacked

    @property
    def same(self) -> bool:
        return self.verdict is Verdict.SAME

    @property
    def score(self) -> float:
        """The deciding similarity: 1 for a shared identifier, else the title or abstract score."""
        return 1.0 if not self.scores and self.same else self.scores.get("title", self.scores.get("abstract", 0.0))

    def __str__(self) -> str:
        scores = ", ".join(f"{k} {v:.2f}" for k, v in self.scores.items())
        veto = f"; but {', '.join(self.vetoes.values())}" if self.vetoes else ""
        return f"{self.reason}{f' ({scores})' if scores else ''}{veto}"


def authors_agree(a: Record, b: Record) -> bool:
    """A name part in common, or two surnames of 4+ letters one typo apart."""
    if a.names & b.names:
        return True
    theirs = [y for y in b.surnames if len(y) >= 4]
    return bool(theirs) and any(process.extractOne(x, theirs, scorer=fuzz.ratio, score_cutoff=SURNAME_TYPO * 100)
                                for x in a.surnames if len(x) >= 4)  # one call into C per surname, not per pair


VENUE_FILLER = {"proceedings", "of", "the", "on", "and", "for", "in", "annual", "journal"}


def acronym(venue: str) -> str:
    """"proceedings of the 51st hawaii international conference on system sciences" → "hicss"."""
    return "".join(w[0] for w in venue.split() if w not in VENUE_FILLER and not w[0].isdigit())


def venues_agree(a: Record, b: Record) -> bool:
    """Similar names, or one is written as the other's acronym ("ICIS") or abbreviation
    ("Nat Rev Nephrol" for "Nature Reviews Nephrology")."""
    if not (a.venue and b.venue):
        return False
    if fuzz.token_set_ratio(a.venue, b.venue) >= VENUE_AGREES * 100:
        return True
    if abbreviates(a.venue, b.venue) or abbreviates(b.venue, a.venue):
        return True
    return any(len(short) >= 3 and short in other.split()
               for short, other in ((acronym(a.venue), b.venue), (acronym(b.venue), a.venue)))


def abbreviates(short: str, long: str) -> bool:
    """Every word of ``short`` starts a word of ``long``, in order ("j clin oncol")."""
    words = [w for w in long.split() if w not in VENUE_FILLER]
    i = 0
    for part in short.split():
        if part in VENUE_FILLER:
            continue
        while i < len(words) and not words[i].startswith(part):
            i += 1
        if i == len(words):
            return False
        i += 1
    return len(short.split()) >= 2


def generic(record: Record) -> bool:
    """A title that does not tell one paper from another: a column or section name, too few
    words, or the name of the journal itself (what a PDF's metadata extraction takes from its
    running head: "J ournal of the A I S ssociation for nformation ystems")."""
    return len(record.title.split()) < MIN_TITLE_WORDS or bool(GENERIC.search(record.title)) or names_its_venue(record)


def short_title_alike(a: Record, b: Record) -> bool:
    """A title generic only for want of words ("Maxout Networks", "Efficient BackProp"), the same
    in both, by the same people in the same year: one paper. Not a column or section name
    ("Editorial": an editor writes several a year), not the venue's name."""
    return (a.title == b.title and not GENERIC.search(a.title) and not (names_its_venue(a) or names_its_venue(b))
            and a.year is not None and a.year == b.year and bool(a.surnames) and same_people(a, b))


def names_its_venue(record: Record) -> bool:
    """The title is the venue's name, garbled ("J ournal of the A I S ssociation…"), cut short
    ("Journal of the Association for Information") or followed by a little page text; not a
    title that names the venue among its own words."""
    if not (record.venue and record.title):
        return False
    if fuzz.ratio(record.title.replace(" ", ""), record.venue.replace(" ", "")) >= VENUE_AS_TITLE:
        return True
    title, venue = record.title.split(), record.venue.split()
    common = next((i for i, (x, y) in enumerate(zip(title, venue)) if x != y), min(len(title), len(venue)))
    return common >= MIN_TITLE_WORDS and common * 4 >= len(venue) * 3 and common * 2 >= len(title)


#: the vetoes that, beside a shared identifier, still say two papers: other volumes (other first
#: pages only where both name their volume: a manuscript's "1-32" is no place in print)
DENY_IDENTIFIER = frozenset({"volume"})
#: a DOI whose suffix is an ISBN names a book (10.1007/978-3-319-32283-4), not one of its chapters
BOOK_DOI = re.compile(r"/[a-z]*-?97[89](?:-?\d){9}-?[\dx]$")


def contradicted(a: Record, b: Record, settings: DedupeSettings) -> dict[str, str]:
    """What the rest of two records says against the identifier they share, by key. Reference
    managers copy identifiers between entries (Mendeley gives many entries one junk arXiv id; a
    DOI is pasted into the next paper by the same author) and PDF extraction takes a
    neighbour's: a shared identifier is only the same paper when nothing flatly denies it.
    Denials: both titles specific and unlike (neither holds the other) unless the same people
    wrote both (a paper retitled between versions, a translated title), or a word of one title
    replaced by another, all else the same (sibling columns: "Simple" / "Multiple linear
    regression"; a retitled version changes more); no author in common where nothing else is shared (a book's DOI, which
    its chapters carry; one generic title: "No Title", "Table of Contents"); the other kind of identifier differing; another
    volume, or first page of a volume; more than a year apart in venues that do not agree (the
    same venue: online first, then in an issue; a preprint may be years older than its print).
    A person decides."""
    found = identifier_conflict(a, b)
    if (a.title and b.title and not (a.title_provisional or b.title_provisional) and not (generic(a) or generic(b))
            and fuzz.ratio(a.title, b.title) < (settings.threshold - NEAR_MISS) * 100):
        short, long = sorted((a, b), key=lambda r: len(r.title))
        if f" {short.title} " not in f" {long.title} " and short.title != long.main_title and not same_people(a, b):
            found["contradicted"] = "unlike titles, and not the same authors"
    denied = vetoes(a, b, by_title=bool(a.title and b.title), preprints=settings.preprints, similar_titles=True)
    found.update({k: v for k, v in denied.items() if k in DENY_IDENTIFIER or (k == "pages" and a.volume and b.volume)})
    if (a.year and b.year and abs(a.year - b.year) > MAX_YEAR_GAP and "preprint" not in (a.kind, b.kind)
            and not venues_agree(a, b)):  # a conference paper and its journal version; two editions
        found["year"] = f"years {a.year} and {b.year} in different venues"
    if a.title and b.title and (swapped := one_word_swapped(a.title, b.title)):
        found["words"] = f"{swapped[0]!r} and {swapped[1]!r} in the titles"
    if "authors" in denied and (any(BOOK_DOI.search(doi) for doi in a.dois & b.dois)
                                or (a.title == b.title and generic(a))):  # then the titles say nothing
        found["authors"] = "no author in common, and only a book's DOI or a generic title shared"
    if found.keys() & PRINTED_TWICE and same_article(a, b):  # online first, then in an issue
        found = {k: v for k, v in found.items() if k not in PRINTED_TWICE}
    return found


def same_people(a: Record, b: Record) -> bool:
    """The same author list, give or take one name: three in four of the longer list in the
    other ("Goroshin, Bruna, Tompson, Eigen, LeCun" is not "Tompson, Goroshin, Jain, LeCun,
    Bregler"). One name alone is common (a prolific author, an organisation's yearly reports),
    so it needs the same venue in the same year too."""
    shared = len(a.surnames & b.surnames)
    if not shared or shared * 4 < max(len(a.surnames), len(b.surnames)) * 3:
        return False
    return shared >= 2 or (a.year is not None and a.year == b.year and venues_agree(a, b))


def identifier_conflict(a: Record, b: Record) -> dict[str, str]:
    found = {}
    if a.arxiv and b.arxiv and not a.arxiv & b.arxiv:
        found["arxiv"] = f"different arXiv ids {min(a.arxiv)} and {min(b.arxiv)}"
    if a.dois and b.dois and not a.dois & b.dois:
        found["doi"] = f"different DOIs {min(a.dois)} and {min(b.dois)}"
    return found


def conflicts(a: Record, b: Record) -> dict[str, str]:
    """What no two records of one paper differ in, by key: identifiers, volumes (save one article
    printed twice). Checked across a group, where a record lacking the field would otherwise
    chain two papers (volume 1 and volume 2 of a book, through the entry for the book without a
    volume). Not the numbers in titles: a footnote mark ("A Field Study1") looks like one."""
    found = identifier_conflict(a, b)
    if a.volume and b.volume and a.volume != b.volume and not same_article(a, b):
        found["volume"] = f"volumes {a.volume} and {b.volume}"
    return found


def vetoes(a: Record, b: Record, by_title: bool = True, preprints: str = "same",
           similar_titles: bool = False) -> dict[str, str]:
    """Every reason two similar records are still two papers, by key."""
    found = {}
    if a.year and b.year and abs(a.year - b.year) > MAX_YEAR_GAP + (1 if "preprint" in (a.kind, b.kind) else 0):
        found["year"] = f"years {a.year} and {b.year} too far apart"
    if a.names and b.names and not authors_agree(a, b):
        found["authors"] = "no author in common"
    numbered = by_title and not footnote_mark(a, b)  # "... Study1": a footnote mark is no number
    if numbered and a.numbers != b.numbers and same_words(a.title, b.title):
        found["numbers"] = "different numbers in the titles (a part, version or model number)"
    if numbered and set(PART.findall(a.title)) != set(PART.findall(b.title)):
        found["numbers"] = "different part, volume or edition numbers in the titles"
    kinds = frozenset({a.kind, b.kind})
    if len(kinds) == 2 and "" not in kinds and kinds not in COMPATIBLE and (preprints == "distinct" or "preprint" not in kinds):
        found["kind"] = f"a {a.kind} and a {b.kind} publication"
    if (a.kind == b.kind and a.year and b.year and a.year != b.year and a.venue and b.venue
            and not venues_agree(a, b)):
        found["venue"] = f"different venues in {min(a.year, b.year)} and {max(a.year, b.year)}"
    if a.volume and b.volume and a.volume != b.volume:
        found["volume"] = f"volumes {a.volume} and {b.volume}"
    if a.issue and b.issue and a.issue != b.issue and not (
            similar_titles and a.volume == b.volume and a.pages.comparable(b.pages) and a.pages.first == b.pages.first):
        # exports put record and supplement numbers in "number": an issue alone, against a
        # similar title at the same volume and first page, is a data error, not another article
        # (without a similar title it is not: journals whose issues each start at page 1)
        found["issue"] = f"issues {a.issue} and {b.issue}"
    if a.pages.comparable(b.pages) and a.pages.first != b.pages.first and not one_range(a.pages, b.pages):
        found["pages"] = f"first pages {a.pages.first} and {b.pages.first}"
    if (a.abstract and b.abstract and min(len(a.abstract), len(b.abstract)) >= 200
            and fuzz.ratio(a.abstract, b.abstract) < ABSTRACTS_DIFFER * 100):
        found["abstract"] = "different abstracts"
    if a.web and b.web and a.web != b.web:  # three photos "by Jaime Dantas on Unsplash": a page is its address
        found["web"] = f"web pages {a.web} and {b.web}"
    if (by_title and (generic(a) or generic(b)) and not (a.pages.first and a.pages.first == b.pages.first)
            and not short_title_alike(a, b)):
        found["generic"] = "a generic title, and no first page or identifier in common"
    return found


def one_range(a: Pages, b: Pages) -> bool:
    """Two ranges of three pages or more that end on the same page overlap by two pages at least,
    which no two articles do: a first page that differs is a typo ("2141-2147", "2142-2147")."""
    return a.last == b.last and a.count > ABSTRACT_PAGES and b.count > ABSTRACT_PAGES


def same_words(a: str, b: str) -> bool:
    """The titles without their numbers are the same: "Qwen2.5 Technical Report" and "Qwen
    Technical Report" differ only where a version is. (A title cut short or with a citation
    appended differs in words too; its numbers are left to the other evidence.)"""
    def letters(text: str) -> str:
        return " ".join(re.sub(r"\d+", " ", text).split())
    return fuzz.ratio(letters(a), letters(b)) >= 95


def same_place(a: Record, b: Record) -> bool:
    """The same first page of the same volume of the same venue, off a supplement's short pages:
    one article, however its title was written down."""
    return (bool(a.volume) and a.volume == b.volume and a.pages.comparable(b.pages) and a.pages.first == b.pages.first
            and not (a.issue and b.issue and a.issue != b.issue)
            and not (a.pages.shared or b.pages.shared) and venues_agree(a, b))


FOOTNOTE = re.compile(r"\s?\d$")


def footnote_mark(a: Record, b: Record) -> bool:
    """One title is the other with a digit at its end ("... Online Services1", "... TO HOME 1": a
    footnote mark a publisher's metadata kept), in the same volume of the same venue by the same
    people: not a part or version number."""
    short, long = sorted((a.title, b.title), key=len)
    return (FOOTNOTE.sub("", long) == short and bool(a.volume) and a.volume == b.volume and venues_agree(a, b)
            and bool(a.names and b.names) and authors_agree(a, b))


def same_article(a: Record, b: Record) -> bool:
    """One article printed twice (online first, then in an issue; or an abstract and its
    article in one journal): the identical, specific title by the same people in the same
    venue, a year apart at most; its volume, issue and pages may differ. Not for meeting
    abstracts (supplement pages, e-locators, one or two pages): those are printed once each."""
    return (a.title == b.title and len(a.title.split()) >= CONTAINED_WORDS and not (generic(a) or generic(b))
            and len(a.surnames & b.surnames) * 2 >= max(len(a.surnames), len(b.surnames)) > 0
            and venues_agree(a, b) and a.year is not None and b.year is not None and abs(a.year - b.year) <= 1
            and not any(r.pages.locator or r.pages.supplement or 0 < r.pages.count <= ABSTRACT_PAGES for r in (a, b)))


def replaced_word(a: str, b: str) -> tuple[str, str] | None:
    """A word of ``a`` that ``b`` has another word in place of ("adult" / "pediatric",
    "h" / "i" in "factor H"): an abridged title loses words, a misspelt one changes letters,
    but a replaced word is another paper, or at least not surely the same."""
    only_a = [w for w in a.split() if w not in b.split()]
    only_b = [w for w in b.split() if w not in a.split()]
    if not (only_a and only_b):
        return None
    joined_a, joined_b = "".join(only_a), "".join(only_b)
    if joined_a == joined_b or fuzz.ratio(joined_a, joined_b) >= WORD_VARIANT:
        return None  # words split or joined differently ("multi centre" / "multicentre")
    for x in only_a:
        if not any(fuzz.ratio(x, y) >= WORD_VARIANT for y in only_b):
            for y in only_b:
                if not any(fuzz.ratio(y, z) >= WORD_VARIANT for z in only_a):
                    return x, y
    return None


def one_word_swapped(a: str, b: str) -> tuple[str, str] | None:
    """The titles are the same but for one word each, and those are two words, not one spelled
    two ways (:func:`replaced_word`)."""
    words_a, words_b = a.split(), b.split()
    if len(words_a) != len(words_b) or len(words_a) < MIN_TITLE_WORDS or sum(x != y for x, y in zip(words_a, words_b)) != 1:
        return None
    swapped = replaced_word(a, b)
    if swapped and (swapped[0] in swapped[1] or swapped[1] in swapped[0]):
        return None  # a PDF's text lost a ligature: "rm" for "firm"
    return swapped


def corroborated(a: Record, b: Record) -> bool:
    """Something besides the title agrees: authors, venue, the same year, pages or abstract."""
    return ((bool(a.names and b.names) and authors_agree(a, b)) or venues_agree(a, b)
            or (a.year is not None and a.year == b.year)
            or (a.pages.comparable(b.pages) and a.pages.first == b.pages.first)
            or (bool(a.abstract and b.abstract) and fuzz.ratio(a.abstract, b.abstract) >= ABSTRACTS_DIFFER * 100))


def missing_evidence(a: Record, b: Record) -> list[str]:
    """What could not be compared because one side lacks it (for --explain)."""
    checks = {"identifiers": (a.arxiv or a.dois, b.arxiv or b.dois), "year": (a.year, b.year), "authors": (a.names, b.names),
              "venue": (a.venue, b.venue), "volume": (a.volume, b.volume), "pages": (a.pages.first, b.pages.first),
              "abstract": (a.abstract, b.abstract)}
    return [name for name, (x, y) in checks.items() if bool(x) != bool(y)]


def compare(a: Record, b: Record, settings: DedupeSettings) -> Match:
    shared_arxiv = a.arxiv & b.arxiv  # an identifier is decisive, whatever the preprint policy
    shared_doi = a.dois & b.dois
    if shared_arxiv or shared_doi:
        reason = f"same arXiv id {min(shared_arxiv)}" if shared_arxiv else f"same DOI {min(shared_doi)}"
        denied = contradicted(a, b, settings)
        if denied:
            return Match(b.ref, b.label, Verdict.POSSIBLE, reason, {"title": fuzz.ratio(a.title, b.title) / 100},
                         denied, missing_evidence(a, b))
        return Match(b.ref, b.label, Verdict.SAME, reason)
    missing = missing_evidence(a, b)
    scores: dict[str, float] = {}
    threshold = settings.threshold
    if a.title and b.title and not a.title_provisional and not b.title_provisional:
        scores["title"] = fuzz.ratio(a.title, b.title, score_cutoff=(threshold - NEAR_MISS) * 100) / 100
        rule = title_rule(a, b, scores["title"], threshold)
    elif a.abstract and b.abstract and (a.title_provisional or b.title_provisional):
        threshold = settings.abstract_threshold
        scores["abstract"] = fuzz.ratio(a.abstract, b.abstract) / 100
        rule = "a title is provisional, so the abstracts decide" if scores["abstract"] >= threshold else None
    elif not (a.title and b.title) and (a.title or b.title or a.abstract or b.abstract or a.venue):
        # without a title the coordinates can only make it possible: a person decides
        coordinates = coordinates_rule(a, b)
        if coordinates is None or identifier_conflict(a, b):
            return Match(b.ref, b.label, Verdict.DISTINCT, "a title is missing and the coordinates do not agree",
                         vetoes=identifier_conflict(a, b), missing=missing)
        return Match(b.ref, b.label, Verdict.POSSIBLE, f"a title is missing; {coordinates}", missing=missing)
    else:
        return Match(b.ref, b.label, Verdict.DISTINCT, "nothing comparable (no shared identifier, title or abstract)",
                     missing=missing)
    conflict = identifier_conflict(a, b)
    if rule is None and max(scores.values(), default=0.0) < threshold - NEAR_MISS:
        return Match(b.ref, b.label, Verdict.DISTINCT, f"below threshold {threshold:.2f}", scores, conflict, missing)
    if a.names and b.names:  # supporting evidence, for matches and near misses only
        scores["authors"] = 1.0 if authors_agree(a, b) else 0.0
    if a.venue and b.venue:
        scores["venue"] = fuzz.token_set_ratio(a.venue, b.venue) / 100
    found = {**conflict, **vetoes(a, b, by_title="title" in scores, preprints=settings.preprints,
                                  similar_titles=scores.get("title", 0.0) >= threshold - NEAR_MISS)}
    if scores.get("title", 0.0) >= threshold - NEAR_MISS and (swapped := replaced_word(a.title, b.title)):
        found["words"] = f"{swapped[0]!r} and {swapped[1]!r} in the titles"  # similar titles, one word apart
    if found.keys() & TITLE_VETOES and same_place(a, b):  # a footnote mark or a reworded word, same print
        found = {k: v for k, v in found.items() if k not in TITLE_VETOES}
    if rule and not found and not corroborated(a, b) and not (
            scores.get("title", 0.0) >= IDENTICAL and not (a.year and b.year and a.year != b.year)):
        found["uncorroborated"] = "similar titles, and nothing else to compare"
    if found and set(found) <= PRINTED_TWICE and same_article(a, b):
        rule, found = "one article printed twice: the same title, authors and venue, a year apart at most", {}
    reason = rule or f"below threshold {threshold:.2f}"
    return Match(b.ref, b.label, verdict(rule, found, scores, threshold, settings.possible_margin), reason,
                 scores, found, missing)


def verdict(rule: str | None, found: dict[str, str], scores: dict[str, float], threshold: float,
            margin: float) -> Verdict:
    if rule and not found:
        return Verdict.SAME
    if "arxiv" in found or "doi" in found or "numbers" in found or "generic" in found:
        return Verdict.DISTINCT
    score = scores.get("title", scores.get("abstract", 0.0))
    if rule and len(found) == 1 and set(found) <= SOFT:
        return Verdict.POSSIBLE
    if not rule and not found and threshold - margin <= score < threshold and scores.get("authors", 1.0) == 1.0:
        return Verdict.POSSIBLE
    return Verdict.DISTINCT


def coordinates_rule(a: Record, b: Record) -> str | None:
    """Rule 3: the same pages of the same volume of the same venue, by the same people, in the
    same year. Whole page ranges, off a supplement's short pages: a lone page is shared by the
    abstracts printed on it."""
    if a.year is None or a.year != b.year or not (a.names and b.names) or not authors_agree(a, b):
        return None
    if not (a.volume and a.volume == b.volume and venues_agree(a, b)):
        return None
    if a.pages.shared or b.pages.shared or not a.pages.comparable(b.pages):
        return None
    if not (a.pages.last and (a.pages.first, a.pages.last) == (b.pages.first, b.pages.last)):
        return None
    if a.issue and b.issue and a.issue != b.issue:  # issues that each start at page 1
        return None
    return "the same venue, volume, pages, year and authors"


def title_rule(a: Record, b: Record, score: float, threshold: float) -> str | None:
    """Which of rules 1-3 makes these titles the same paper, if any."""
    if score >= threshold:
        return f"titles at or above threshold {threshold:.2f}"
    if a.year is None or a.year != b.year or not (a.names and b.names):
        return None
    same_page = a.pages.comparable(b.pages) and a.pages.first == b.pages.first
    short, long = sorted((a, b), key=lambda r: len(r.title))
    contained = (len(short.title.split()) >= MIN_TITLE_WORDS and short.title == long.main_title) or (
        len(short.title.split()) >= CONTAINED_WORDS and f" {short.title} " in f" {long.title} ")
    if contained and (same_page or venues_agree(a, b)) and authors_agree(a, b):
        return "one title contains the other (a subtitle or a column name); year, authors and venue or page agree"
    coordinates = coordinates_rule(a, b)
    return f"different titles, but {coordinates}" if coordinates else None
