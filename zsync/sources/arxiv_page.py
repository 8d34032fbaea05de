"""arXiv web pages copied from a browser or saved as text: abstract pages and search results.

Two layouts, in any number, one after another (a list people paste pages into):

* an **abstract page** (``arxiv.org/abs/ID``): ``arXiv:ID (cs) [Submitted on 20 Jan 2025 (v1),
  last revised 28 Jan 2025 (this version, v2)]``, ``Title:``, ``Authors:``, ``Abstract:``,
  ``Subjects:``, ``Cite as:``, around them the page's menus and buttons. Saved by a scraper,
  the whole page is often one line; copied, each part is a line. The id is on the ``arXiv:``
  line, or before it (a heading ``[ID] Title``, a front matter ``url:``), or in ``Cite as:``;
* a **search result** (``arxiv.org/search``): ``arXiv:ID [pdf, other] cs.CL cs.AI``, the title
  on the next line, ``Authors:``, ``Abstract: … ▽ More``, ``Submitted 3 May, 2024; originally
  announced May 2024.``, ``Comments:``.

The abstract stops at the page's own words (``▽ More``, ``△ Less``, ``Submitted …``,
``Subjects:``, ``Comments:``, ``Cite as:``); a search result's abstract is the shortened text the
page showed, ``…`` kept where the page cut it, or the full one when the page's text holds both
(``short… ▽ More full △ Less``, as a scraper flattens it). Everything else (menus, "View PDF", "Bibliographic
Tools") is page chrome and skipped.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Iterator

from zsync.dates import month_number
from zsync.identifiers import ARXIV_DOI, clean_doi, split_arxiv_id
from zsync.model import Entry, Location
from zsync.names import split_names
from zsync.sources.base import ParseContext
from zsync.sources.text import identifier_title

ID = r"(?:\d{4}\.\d{4,5}|[a-z][a-z.-]*(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?"
RESULT_LINE = re.compile(rf"arXiv:(?P<id>{ID})\s+\[(?:pdf|ps|html|other)[^\]]*\]\s*(?P<categories>.*)")
SUBMITTED_ON = re.compile(
    rf"(?:arXiv:(?P<id>{ID})\s*\([\w.-]+\)\s*)?\[Submitted on (?P<first>\d{{1,2}} \w+ \d{{4}})"
    r"(?:\s*\(\s*v1\s*\))?(?:,\s*last revised (?P<revised>\d{1,2} \w+ \d{4})\s*\(this version,\s*v(?P<version>\d+)\))?\s*\]")
SUBMITTED = re.compile(r"Submitted (?P<day>\d{1,2}) (?P<month>\w+),? (?P<year>\d{4})")
ID_NEARBY = re.compile(rf"arxiv\.org/(?:abs|pdf)/(?P<url>{ID})|^\[(?P<heading>{ID})\]|arXiv:(?P<text>{ID})", re.I | re.M)
CITE_AS = re.compile(rf"Cite as:\s*arXiv:(?P<id>{ID})\s*\[(?P<category>[\w.-]+)\]")
SUBJECTS = re.compile(r"Subjects:\s*[^(\n]*\((?P<category>[\w.-]+)\)")
KEY = re.compile(r"(?P<key>Title|Authors|Abstract|Comments|Subjects|Journal ref|Journal reference|Cite as|ACM Class|MSC Class|"
                 r"Report number|Related DOI|DOI)\s*:\s*(?P<value>.*)", re.I)
#: where the page's own words begin, ending a title, an author list or an abstract
PAGE_TEXT = re.compile(
    r"\s*(?:▽ More|△ Less|View a PDF of the paper titled|View PDF|Submitted \d{1,2} \w+,? \d{4}|Subjects:|Comments:|"
    r"Cite as:|Submission history|Journal ref(?:erence)?:|ACM Class:|MSC Class:|Report number:|Related DOI:)")
#: keys that a one-line saved page runs together; split before them so each is read as a line
SPLIT_BEFORE = re.compile(r"(?=\[Submitted on |Title:|Authors:|View a PDF of|View PDF|Abstract:|Subjects:|Comments:|"
                          r"Cite as:|Submission history)")
DOI_LINE = re.compile(r"(?:doi\s*:?\s*)?(?P<doi>10\.\d{4,9}/\S+)", re.I)


@dataclass
class Record:
    line: int
    arxiv_id: str | None = None
    version: int | None = None
    category: str | None = None
    categories: list[str] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)
    date: str | None = None
    expect_title: bool = False  # a search result: the line after the id line is the title
    in_abstract: bool = False


def page_day(text: str) -> str | None:
    """``"20 Jan 2025"`` or ``"3 June, 2019"`` → ``"2025-01-20"``."""
    parts = text.replace(",", " ").split()
    month = month_number(parts[1]) if len(parts) == 3 else None
    try:
        return dt.date(int(parts[2]), month, int(parts[0])).isoformat() if month else None
    except ValueError:
        return None


def until_page_text(value: str) -> tuple[str, bool]:
    """``value`` up to where page text begins, and whether it began (the field is complete)."""
    m = PAGE_TEXT.search(value)
    return (value[:m.start()], True) if m else (value, False)


def full_abstract(value: str) -> str:
    """A search result saved with both its abstracts ("short… ▽ More full △ Less") is the full one."""
    short, more, rest = value.partition("▽ More")
    return rest.strip() if more and "△ Less" in rest else value


def page_lines(text: str) -> Iterator[tuple[int, str]]:
    """Numbered, stripped lines; a page saved on one line is split before each of its keys."""
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if "[Submitted on " in line and ("Title:" in line or "Abstract:" in line) or re.search(r"\S\s*Abstract:", line):
            for part in SPLIT_BEFORE.split(line):
                if part.strip():
                    yield number, part.strip()
        else:
            yield number, line


class ArxivPage:
    name = "arxiv-page"
    description = ("arXiv abstract pages and search results copied or saved as text: ids, versions, titles, "
                   "authors, abstracts (page text cut off), dates, categories")

    def sniff(self, text: str) -> float:
        head = text[:200_000]
        pages = len(re.findall(r"\[Submitted on \d", head))
        results = len(re.findall(rf"^\s*arXiv:{ID}\s+\[(?:pdf|ps|html|other)", head, re.M))
        if not pages and not results:
            return 0.0
        keyed = bool(re.search(r"(?:^|\s)(?:Title|Authors|Abstract):", head))
        return 0.9 if keyed else 0.3

    def parse(self, text: str, origin: str, context: ParseContext) -> Iterator[Entry]:
        record: Record | None = None
        last_id: str | None = None  # the latest arXiv id seen outside a record: a page's heading or URL
        for number, line in page_lines(text):
            result = RESULT_LINE.match(line)
            submitted = SUBMITTED_ON.search(line)
            if result or submitted:
                if record is not None:
                    yield from self._entry(record, origin)
                record = self._start(number, result, submitted, last_id)
                last_id = None
                continue
            if record is None or not record.arxiv_id:
                if m := ID_NEARBY.search(line):
                    found = split_arxiv_id(m["url"] or m["heading"] or m["text"])
                    if record is not None and found:
                        record.arxiv_id, record.version = found[0], record.version or found[1]
                    elif found:
                        last_id = found[0]
                if record is None:
                    continue
            self._read(record, line)
        if record is not None:
            yield from self._entry(record, origin)

    @staticmethod
    def _start(number: int, result: re.Match[str] | None, submitted: re.Match[str] | None, last_id: str | None) -> Record:
        record = Record(line=number)
        if result:
            found = split_arxiv_id(result["id"])
            record.arxiv_id, record.version = found if found else (None, None)
            record.categories = result["categories"].split()
            record.category = record.categories[0] if record.categories else None
            record.expect_title = True
            return record
        assert submitted is not None
        found = split_arxiv_id(submitted["id"] or last_id or "")
        if found:
            record.arxiv_id, record.version = found
        record.date = page_day(submitted["revised"] or submitted["first"])
        record.version = int(submitted["version"]) if submitted["version"] else record.version or 1
        return record

    @staticmethod
    def _read(record: Record, line: str) -> None:
        if not line:
            record.in_abstract = False
            return
        if m := SUBMITTED.match(line):
            record.in_abstract = False
            record.date = record.date or page_day(f"{m['day']} {m['month']} {m['year']}")
            return
        if m := CITE_AS.search(line):
            record.arxiv_id = record.arxiv_id or m["id"].split("v")[0]
            record.category = record.category or m["category"]
        if m := SUBJECTS.match(line):
            record.category = record.category or m["category"]
        key = KEY.match(line)
        if key:
            name = key["key"].lower()
            value, complete = until_page_text(full_abstract(key["value"]) if name == "abstract" else key["value"])
            if name in ("title", "authors", "abstract", "comments"):
                record.fields.setdefault(name, value.strip())
            elif name in ("doi", "related doi") and (doi := DOI_LINE.search(value)) and not ARXIV_DOI.match(doi["doi"]):
                record.fields.setdefault("doi", doi["doi"])
            record.in_abstract = name == "abstract" and not complete
            record.expect_title = False
            return
        if record.in_abstract:
            value, complete = until_page_text(line)
            record.fields["abstract"] += " " + value.strip()
            record.in_abstract = not complete
        elif record.expect_title:
            if m := DOI_LINE.fullmatch(line):  # a search result's publisher DOI, on its own line
                record.fields.setdefault("doi", m["doi"])
            elif line.lower() != "doi":
                record.fields["title"] = line
                record.expect_title = False

    def _entry(self, record: Record, origin: str) -> Iterator[Entry]:
        title = " ".join(record.fields.get("title", "").split())
        if not record.arxiv_id:
            return  # a page fragment with no id: no paper can be named; a file of only those is refused
        entry = Entry(format=self.name, location=Location(path=origin, line=record.line),
                      title=title or identifier_title(f"arXiv:{record.arxiv_id}"), title_provisional=not title,
                      arxiv_id=record.arxiv_id, arxiv_version=record.version, arxiv_category=record.category,
                      date=record.date)
        if abstract := " ".join(record.fields.get("abstract", "").split()):
            entry.abstract = abstract
        if authors := record.fields.get("authors"):
            entry.authors = split_names(re.sub(r"\s+,", ",", authors))
        if doi := record.fields.get("doi"):
            entry.doi = clean_doi(doi).rstrip(".")
        if comments := record.fields.get("comments"):
            entry.facts["comment"] = comments
        if len(record.categories) > 1:
            entry.facts["categories"] = " ".join(record.categories)
        yield entry
