"""A Hugging Face papers page saved with its links: daily, trending and search (``papers?q=…``).

Saved as Markdown (inline or reference links), as a text export with URL lines, with or without
a front matter block (see :mod:`zsync.sources.page_links`). What makes a paper is its link: every
paper on the page links to ``huggingface.co/papers/<arXiv id>`` (title, abstract, author count)
and to ``huggingface.co/login?next=/papers/<id>`` (the upvote button). Everything between one
paper's links and the next paper's belongs to it: the date (``Feb 27, 2025``, ``May 29``,
``Published on …``), the author count, the abstract when it is plain text, GitHub links. The
page's navigation ("Models", "Pricing", "Log In" and their URLs) links to no paper and is
skipped; a paper shown twice (trending pages repeat each card) is one entry.

A save cut short loses the reference definitions (``[12]: https://…``) at its end, and with
them every paper URL. Such a page is read by its layout: each ``### [title][n]`` heading starts a
paper, and what follows up to the next heading gives its abstract, author count and date; these
entries have no arXiv id (online resolution looks their titles up).

A single paper's page (``huggingface.co/papers/<id>``, clipped or saved) is its own layout: an
``arxiv:<id>`` line, the title as the next heading, ``Authors:``, ``Published on …``, an
``Abstract`` heading (the AI-generated summary before the real abstract is left out); the
papers its comments recommend are not entries.

Dates without a year are the latest such day not after the page's own date line, else the day
the front matter says the page was saved, else ``--as-of``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Iterator
from urllib.parse import unquote

from zsync.dates import MONTH_DAY, is_iso_date, month_day_date
from zsync.identifiers import split_arxiv_id
from zsync.model import Entry, Location, Notice
from zsync.names import person_from_name
from zsync.sources.base import ParseContext
from zsync.sources.page_links import IMAGE, Piece, clean_text, front_matter, page_pieces
from zsync.sources.text import identifier_title, is_prose

PAPER_URL = re.compile(r"https?://(?:www\.)?huggingface\.co/papers/(?P<id>[\w.%-]+)(?P<community>#community)?", re.I)
UPVOTE_URL = re.compile(r"https?://(?:www\.)?huggingface\.co/login\?next=(?:%2F|/)papers(?:%2F|/)(?P<id>[\w.%-]+)", re.I)
CODE_HOST = re.compile(r"https?://(?:www\.)?(?:github\.com|gitlab\.com)/[^/\s]+/[^/\s)]+", re.I)
AUTHOR_COUNT = re.compile(r"(\d+)\s+authors?", re.I)
DATE = re.compile(rf"(?:Published on\s+)?{MONTH_DAY.pattern}", re.I)
SAVED_ON = ("retrieved", "exported", "captured", "date", "saved", "created", "timestamp")
#: a single paper's page: its "arxiv:<id>" line and its Abstract heading (ATX or setext)
PAPER_PAGE_ID = re.compile(r"^arxiv:(\d{4}\.\d{4,5})[ \t]*$", re.M | re.I)
ABSTRACT_HEADING = re.compile(r"^(?:#{1,3}[ \t]*Abstract|Abstract[ \t]*\n-{3,})[ \t]*$", re.M)
HEADING = re.compile(r"^(?:#{1,6}[ \t]+(?P<atx>[^\n]+?)|(?P<setext>[^\n]+)\n(?:=+|-+))[ \t]*$", re.M)
SECTION_END = re.compile(r"^(?:#{1,6}[ \t]|\[View arXiv page\]|[^\n]+\n(?:=+|-+)[ \t]*$)", re.M)
MD_LINK = re.compile(r"\[([^\]\n]*)\]\([^)\s]*(?:\s+\"[^\"]*\")?\)")
PAPER_PAGE_DATE = ("published", "published_at")
#: a paper's heading whose link target was lost: "### [Title][32]"
LOST_HEADING = re.compile(r"^#{2,4}[ \t]+\[[^\]\n]+\]\[\w+\][ \t]*$", re.M)


def paper_id(url: str) -> tuple[str, str] | None:
    """``(arXiv id, role)`` when ``url`` points at a paper on the page: role ``paper`` (its page),
    ``comments`` (its discussion) or ``upvote`` (its upvote button)."""
    if m := PAPER_URL.match(url):
        parsed = split_arxiv_id(unquote(m["id"]))
        return (parsed[0], "comments" if m["community"] else "paper") if parsed else None
    if m := UPVOTE_URL.match(url):
        parsed = split_arxiv_id(unquote(m["id"]))
        return (parsed[0], "upvote") if parsed else None
    return None


@dataclass
class Card:
    """What the page says about one paper, gathered from its pieces."""

    arxiv_id: str | None
    line: int
    title: str | None = None
    title_line: int = 0
    abstract: str | None = None
    author_count: int | None = None
    date: re.Match[str] | None = None
    upvotes: int | None = None
    links: list[str] = field(default_factory=list)


class HFPapersPage:
    name = "hf-papers-page"
    free_text = True  # papers found by their links in any text: a few of them do not make a digest (see gate)
    description = ("Hugging Face papers page saved with its links (daily, trending, search; Markdown, "
                   "text export with URL lines): arXiv ids, titles, abstracts, author counts, dates, upvotes")

    def sniff(self, text: str) -> float:
        """Sure when paper links come with the page's own marks (upvote buttons, its headings);
        bare paper URLs alone are more likely a pasted list of identifiers."""
        head = text[:200_000]
        if (m := PAPER_PAGE_ID.search(head)) and ABSTRACT_HEADING.search(head, m.end()):
            return 0.97
        named = "Daily Papers" in head or "Trending Papers" in head  # the words first: the pattern alone is a scan per character
        page = UPVOTE_URL.search(head) or (named and re.search(r"\b(?:Daily|Trending) Papers\b", head))
        if not any(split_arxiv_id(unquote(m["id"])) for m in PAPER_URL.finditer(head)):
            return 0.9 if page and LOST_HEADING.search(head) else 0.0
        return 0.95 if page else 0.3

    def parse(self, text: str, origin: str, context: ParseContext) -> Iterator[Entry | Notice]:
        meta, body = front_matter(text)
        not_after = self._saved_on(meta) or context.as_of
        if page := self._paper_page(body, meta, origin, not_after):
            yield page
            return
        pieces = page_pieces(body)
        if not any(piece.url and paper_id(piece.url) for piece in pieces):
            cards, not_after = self._laid_out(pieces, body, not_after)
            yield from (self._entry(card, origin, not_after) for card in cards)
            return
        cards: dict[str, Card] = {}
        current: Card | None = None
        for piece in pieces:
            found = paper_id(piece.url) if piece.url else None
            if found:
                current = cards.get(found[0]) or cards.setdefault(found[0], Card(found[0], piece.line))
                self._read_link(current, piece, found[1])
            elif current is None:
                not_after = self._page_date(piece, not_after)
            else:
                self._read_other(current, piece)
        for card in cards.values():
            yield self._entry(card, origin, not_after)

    def _paper_page(self, body: str, meta: dict[str, str], origin: str, not_after: dt.date) -> Entry | None:
        """The one entry of a single paper's page, or ``None`` when ``body`` is a list of papers."""
        found = PAPER_PAGE_ID.search(body)
        abstract_at = ABSTRACT_HEADING.search(body, found.end()) if found else None
        if found is None or abstract_at is None:
            return None
        head = body[found.end():abstract_at.start()]
        title = HEADING.search(head)
        if title is None:
            return None
        authors_text = head.partition("Authors:")[2]
        names = [clean_text(name) for name in MD_LINK.sub(r"\1", IMAGE.sub("", authors_text)).split(",")]
        section = body[abstract_at.end():]
        section = section[:m.start()] if (m := SECTION_END.search(section)) else section
        section = section.partition("AI-generated summary")[2] or section
        entry = Entry(format=self.name, title=clean_text(title["atx"] or title["setext"]),
                      location=Location(path=origin, line=body.count("\n", 0, found.end() + title.start()) + 1),
                      abstract=clean_text(MD_LINK.sub(r"\1", section)) or None, arxiv_id=found[1],
                      url=f"https://huggingface.co/papers/{found[1]}",
                      authors=[person_from_name(name) for name in names if name])
        if upvotes := re.search(r"\[Upvote\s+(\d+)\]", head):
            entry.upvotes = int(upvotes[1])
        if (published := DATE.search(head)) and (day := month_day_date(published, not_after)):
            entry.date = day.isoformat()
        elif dates := [meta[k] for k in PAPER_PAGE_DATE if is_iso_date(meta.get(k, ""))]:
            entry.date = dates[0]
        return entry

    def _laid_out(self, pieces: list[Piece], body: str, not_after: dt.date) -> tuple[list[Card], dt.date]:
        """Papers by the page's layout when its links lost their targets: one per heading link,
        the upvote count being the number-only link just before it; and the page's date."""
        lines = body.split("\n")
        cards: list[Card] = []
        upvotes: int | None = None
        for piece in pieces:
            text = clean_text(piece.text)
            if piece.lost and LOST_HEADING.match(lines[piece.line - 1]):
                cards.append(Card(None, piece.line, title=text, title_line=piece.line, upvotes=upvotes))
                upvotes = None
            elif piece.lost and re.fullmatch(r"\d+|-", text):
                upvotes = int(text) if text.isdigit() else None
            elif cards:
                self._read_other(cards[-1], piece)
            else:
                not_after = self._page_date(piece, not_after)
        return cards, not_after

    @staticmethod
    def _saved_on(meta: dict[str, str]) -> dt.date | None:
        for key in SAVED_ON:
            if m := re.match(r"(\d{4}-\d{2}-\d{2})", meta.get(key, "")):
                return dt.date.fromisoformat(m[1])
        return None

    @staticmethod
    def _page_date(piece: Piece, not_after: dt.date) -> dt.date:
        """The page's own date line ("Oct 2") before the first paper, read against the save day."""
        if piece.url is None and (m := MONTH_DAY.fullmatch(clean_text(piece.text))):
            return month_day_date(m, not_after) or not_after
        return not_after

    @staticmethod
    def _read_link(card: Card, piece: Piece, role: str) -> None:
        text = clean_text(piece.text)
        if role == "upvote":
            if numbers := re.findall(r"\d+", text):
                card.upvotes = int(numbers[-1])
        elif role == "paper" and text:
            if m := AUTHOR_COUNT.fullmatch(text):
                card.author_count = card.author_count or int(m[1])
            elif is_prose(text):
                card.abstract = card.abstract or text
            elif card.title is None and re.search(r"[A-Za-z]{2}", text):
                card.title, card.title_line = text, piece.line

    @staticmethod
    def _read_other(card: Card, piece: Piece) -> None:
        """Text and links between this paper's links and the next paper's."""
        if piece.url is not None:
            if CODE_HOST.match(piece.url) and piece.url not in card.links:
                card.links.append(piece.url)
            return
        text = clean_text(piece.text).removeprefix("· ")
        if is_prose(text):
            card.abstract = card.abstract or text
            return
        if m := AUTHOR_COUNT.fullmatch(text):
            card.author_count = card.author_count or int(m[1])
        if card.date is None and len(text) <= 60 and (m := DATE.search(text)):
            card.date = m

    def _entry(self, card: Card, origin: str, not_after: dt.date) -> Entry:
        """The card's entry; a paper the page links to without its title (a thumbnail, an upvote
        button) gets the provisional title its id gives, as in an identifier list."""
        entry = Entry(format=self.name, location=Location(path=origin, line=card.title_line or card.line),
                      title=card.title or identifier_title(f"arXiv:{card.arxiv_id}"), title_provisional=not card.title,
                      abstract=card.abstract, arxiv_id=card.arxiv_id,
                      url=f"https://huggingface.co/papers/{card.arxiv_id}" if card.arxiv_id else None,
                      author_count=card.author_count, upvotes=card.upvotes, links=card.links)
        day = month_day_date(card.date, not_after) if card.date else None
        if day is not None:
            entry.date = day.isoformat()
        return entry
