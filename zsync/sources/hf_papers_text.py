"""The Hugging Face "Daily Papers" page, copied from a browser as plain text.

The copy is a series of blocks separated by blank lines: page chrome, a page date ("Dec 31"),
then for each paper its title, its abstract and usually a meta block::

    • 7 authors
    ·
    Jun 12, 2024 5          <- date, then upvotes when a number follows

The meta block may be missing. Dates without a year are the latest such day not after the page
date, and the page date is the latest such day not after the reference date (``--as-of``).
Meta lines zsync does not know end the meta block; a block that cannot be placed is a reject.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Iterator

from zsync.dates import MONTH_DAY, month_day_date
from zsync.model import Entry, Location, Notice, Person, Reject
from zsync.sources.base import ParseContext
from zsync.names import split_names
from zsync.sources.text import paragraphs

CHROME = {
    "new", "subscribe", "daily papers", "get trending papers in your email inbox!",
    "byak and the research community", "previous", "next", "load more", "search",
    "submit paper", "trending papers", "see all", "papers",
}
AUTHOR_COUNT = re.compile(r"[•·]?\s*(\d+)\s+authors?", re.I)
AUTHOR_NAMES = re.compile(r"[•]\s*(.+)")
SEPARATOR = re.compile(r"[·•|]")
DATE_UPVOTES = re.compile(rf"(?:Published on\s+)?{MONTH_DAY.pattern}(?:\s+(?P<upvotes>\d+))?", re.I)
SUBMITTED = re.compile(r"Submitted by\s+(.+)", re.I)
UPVOTE_WORD = re.compile(r"Upvotes?", re.I)
NUMBER = re.compile(r"\d+")
META_LINE = [AUTHOR_COUNT, SEPARATOR, DATE_UPVOTES, SUBMITTED, UPVOTE_WORD, NUMBER, AUTHOR_NAMES]

#: a text block longer than this, or with several sentences, reads as an abstract, not a title
TITLE_MAX = 300


def is_meta(line: str) -> bool:
    return any(p.fullmatch(line) for p in META_LINE)


def is_chrome(line: str) -> bool:
    return line.casefold() in CHROME


def looks_like_abstract(lines: list[str]) -> bool:
    text = " ".join(lines)
    return len(text) > TITLE_MAX or len(re.findall(r"[.!?]\s+[A-Z]", text)) >= 2


@dataclass
class Chunk:
    """A run of lines of one kind (``meta`` or ``text``) inside a paragraph."""

    line: int
    kind: str
    lines: list[str]


@dataclass
class Draft:
    line: int
    title: list[str] | None = None
    abstract: list[str] | None = None
    meta: list[str] = field(default_factory=list)
    meta_line: int = 0


def chunks(text: str) -> list[Chunk]:
    result: list[Chunk] = []
    for start, lines in paragraphs(text):
        for offset, line in enumerate(lines):
            if is_chrome(line):
                continue
            kind = "meta" if is_meta(line) else "text"
            if result and result[-1].kind == kind and result[-1].line + len(result[-1].lines) == start + offset:
                result[-1].lines.append(line)
            else:
                result.append(Chunk(start + offset, kind, [line]))
    return result


def is_page_date(chunk: Chunk) -> bool:
    return chunk.kind == "meta" and len(chunk.lines) == 1 and bool(MONTH_DAY.fullmatch(chunk.lines[0]))


class HFPapersText:
    name = "hf-papers-text"
    description = 'Hugging Face "Daily Papers" page copied as text (titles, abstracts, author counts, upvotes)'

    def sniff(self, text: str) -> float:
        head = text[:200_000]
        # the patterns are tried only where their words are: each is a scan per character of 200 kB
        counts = len(re.findall(r"^\s*•\s*\d+\s+authors?\s*$", head, re.M | re.I)) if "•" in head else 0
        chrome = ("Daily Papers" in head or "byAK" in head) and bool(re.search(r"^\s*(Daily Papers|byAK\b.*)\s*$", head, re.M))
        if not counts and not chrome:
            return 0.0
        return min(1.0, 0.5 + 0.1 * counts + (0.3 if chrome else 0.0))

    def parse(self, text: str, origin: str, context: ParseContext) -> Iterator[Entry | Reject | Notice]:
        blocks = chunks(text)
        page_line, blocks = self._page_header(blocks)
        page_date = month_day_date(MONTH_DAY.fullmatch(page_line.lines[0]), context.as_of) if page_line else None
        if page_line and page_date is None:
            yield Notice(location=Location(path=origin, line=page_line.line),
                         message=f"page date {page_line.lines[0]!r} is no day; dates read against {context.as_of}")
        not_after = page_date or context.as_of
        draft: Draft | None = None
        for i, block in enumerate(blocks):
            if block.kind == "meta":
                if draft is None or draft.meta:
                    yield Reject(location=Location(path=origin, line=block.line),
                                 message="author/date block with no paper before it",
                                 excerpt=" ".join(block.lines)[:200])
                    continue
                draft.meta, draft.meta_line = block.lines, block.line
                continue
            if draft is not None and draft.abstract is None and not draft.meta and draft.title is not None:
                upcoming = blocks[i + 1] if i + 1 < len(blocks) else None
                title_then_abstract = (
                    not looks_like_abstract(block.lines)
                    and upcoming is not None and upcoming.kind == "text" and looks_like_abstract(upcoming.lines)
                )
                if not title_then_abstract:
                    draft.abstract = block.lines
                    continue
            if draft is not None:
                yield from self._finish(draft, origin, not_after)
            draft = self._start(block)
        if draft is not None:
            yield from self._finish(draft, origin, not_after)

    @staticmethod
    def _page_header(blocks: list[Chunk]) -> tuple[Chunk | None, list[Chunk]]:
        """Drop the page chrome up to the page date ("Dec 31"), and return that date's line.

        The header is short single lines ending in a lone date line before the first paper, so
        chrome phrases zsync does not know are still recognised as chrome.
        """
        for i, block in enumerate(blocks[:12]):
            if is_page_date(block):
                return block, blocks[i + 1:]
            if block.kind != "text" or len(block.lines) > 1 or len(block.lines[0]) > 80:
                break
        return None, blocks

    @staticmethod
    def _start(block: Chunk) -> Draft:
        draft = Draft(line=block.line)
        if looks_like_abstract(block.lines):
            draft.abstract = block.lines
            if len(block.lines) > 1 and not looks_like_abstract(block.lines[:1]):
                draft.title, draft.abstract = block.lines[:1], block.lines[1:]
        else:
            draft.title = block.lines
        return draft

    def _finish(self, draft: Draft, origin: str, not_after: dt.date) -> Iterator[Entry | Reject | Notice]:
        """The draft's entry (after a notice for each meta line that could not be read), or its reject."""
        location = Location(path=origin, line=draft.line)
        if draft.title is None:
            yield Reject(location=location, message="an abstract with no title before it",
                         excerpt=" ".join(draft.abstract or [])[:200])
            return
        if draft.abstract is None and not draft.meta:
            yield Reject(location=location,
                         message="a title with no abstract or author/date block after it (or page chrome zsync does not know)",
                         excerpt=" ".join(draft.title)[:200])
            return
        entry = Entry(
            format=self.name, location=location,
            title=" ".join(draft.title),
            abstract=" ".join(draft.abstract) if draft.abstract else None,
        )
        for offset, problem in self._read_meta(entry, draft.meta, not_after):  # meta lines are consecutive
            yield Notice(location=Location(path=origin, line=draft.meta_line + offset), message=problem)
        yield entry

    @staticmethod
    def _read_meta(entry: Entry, lines: list[str], not_after: dt.date) -> list[tuple[int, str]]:
        """Fill ``entry`` from the meta lines; what could not be read, by line offset, for notices."""
        problems: list[tuple[int, str]] = []
        authors: list[Person] = []
        expect_upvotes = False
        for offset, line in enumerate(lines):
            if m := AUTHOR_COUNT.fullmatch(line):
                entry.author_count = int(m[1])
            elif m := DATE_UPVOTES.fullmatch(line):
                day = month_day_date(m, not_after)
                if day is None:
                    problems.append((offset, f"{m[0]!r} is no day; the date is left out"))
                else:
                    entry.date = day.isoformat()
                if m["upvotes"]:
                    entry.upvotes = int(m["upvotes"])
            elif m := SUBMITTED.fullmatch(line):
                entry.facts["submitted by"] = m[1]
            elif UPVOTE_WORD.fullmatch(line):
                expect_upvotes = True
            elif NUMBER.fullmatch(line) and (expect_upvotes or entry.upvotes is None):
                entry.upvotes = int(line)
            elif m := AUTHOR_NAMES.fullmatch(line):
                authors.extend(split_names(m[1]))
        if authors:
            entry.authors = authors
            entry.author_count = entry.author_count or len(authors)
        return problems
