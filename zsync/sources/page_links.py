"""A web page saved as text with its links, read as a stream of link and text pieces.

People save pages in three ways that keep the links, and a reader that only knows one turns
the others into junk (every navigation link a "paper"):

* inline Markdown, ``[text](https://…)`` (firecrawl, browser "save as Markdown", most scrapers);
* reference Markdown, ``[text][12]`` with ``[12]: https://…`` definitions at the end;
* a text export with each link's URL on its own line after the link's text.

A save cut short loses the reference definitions at its end; such links are still pieces, with
their text and no URL (``lost``), so a reader can fall back on the page's layout.

:func:`page_pieces` turns all three into one list of :class:`Piece` (a link with its text and
URL, or a run of plain text), with the line each starts on, so a page reader decides what a
paper is from the URLs rather than from the look of the text. A YAML front matter block is
taken off first and returned (:func:`front_matter`): it often names the page and the day it
was saved.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)
REFERENCE_DEFINITION = re.compile(r"^[ \t]*\[([^\]\n]+)\]:[ \t]*<?(\S+?)>?(?:[ \t]+\"[^\"]*\")?[ \t]*$", re.M)
LINK_END = re.compile(r"\]\((?P<url>[^)\s]+)\)|\]\[(?P<ref>[^\]\n]+)\]")
IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\s]*\)|!\[[^\]\n]*\]\[[^\]\n]*\]|\[图片：[^\]\n]*\]")
URL_LINE = re.compile(r"[ \t]*<?(https?://\S+?)>?[ \t]*")
MARKDOWN_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!| ])")
HARD_BREAK = re.compile(r"\\+\n")
BULLET = re.compile(r"^[ \t]*(?:[-*•]|#{1,6})[ \t]+", re.M)


@dataclass
class Piece:
    """A link (``url`` set) or a run of plain text, starting on 1-based ``line``; a reference link
    whose definition the file lacks (a save cut short) is a link with ``lost`` set and no URL."""

    line: int
    text: str
    url: str | None = None
    lost: bool = False


def front_matter(text: str) -> tuple[dict[str, str], str]:
    """The ``key: value`` lines of a leading ``---`` block, and the text with the block blanked
    (kept as empty lines, so line numbers still point into the file)."""
    m = FRONT_MATTER.match(text)
    if m is None:
        return {}, text
    fields = {}
    for line in m[1].split("\n"):
        key, sep, value = line.partition(":")
        if sep and key.strip():
            fields[key.strip().lower()] = value.strip().strip("\"'")
    return fields, "\n" * m[0].count("\n") + text[m.end():]


def clean_text(text: str) -> str:
    """Link or paragraph text as a reader sees it: Markdown escapes and list bullets gone,
    whitespace (hard line breaks written ``\\\\`` included) folded to single spaces."""
    text = MARKDOWN_ESCAPE.sub(r"\1", HARD_BREAK.sub("\n", text))
    text = BULLET.sub("", text)
    return " ".join(text.split())


def page_pieces(text: str) -> list[Piece]:
    """The page's links and the text between them, in order (see the module docstring)."""
    references = {m[1].strip().lower(): m[2] for m in REFERENCE_DEFINITION.finditer(text)}
    if references:
        text = REFERENCE_DEFINITION.sub("", text)
    text = IMAGE.sub("", text)
    line_starts = _line_starts(text)
    pieces: list[Piece] = []
    done = 0  # everything before this offset is in ``pieces``
    for m in LINK_END.finditer(text):
        if m.start() < done:
            continue
        opening = _opening_bracket(text, m.start(), done)
        url = m["url"] or references.get((m["ref"] or "").strip().lower())
        if opening is None:
            continue
        pieces += _plain(text, done, opening, line_starts)
        pieces.append(Piece(_line_of(line_starts, opening), text[opening + 1:m.start()], url, lost=url is None))
        done = m.end()
    pieces += _plain(text, done, len(text), line_starts)
    return pieces


def _opening_bracket(text: str, close: int, floor: int) -> int | None:
    """The ``[`` that the ``]`` at ``close`` ends, not before ``floor``; nested pairs skipped."""
    depth = 0
    for i in range(close - 1, floor - 1, -1):
        char = text[i]
        if char == "]":
            depth += 1
        elif char == "[":
            if depth == 0:
                return i
            depth -= 1
    return None


def _plain(text: str, start: int, end: int, line_starts: list[int]) -> list[Piece]:
    """Plain text between links; the last paragraph before a line holding only a URL (blank
    lines between allowed) is that URL's link text (the text-export layout)."""
    pieces: list[Piece] = []
    paragraph: list[str] = []
    paragraph_line = 0
    pending: Piece | None = None  # the last finished paragraph, until we know whether a URL follows
    line = _line_of(line_starts, start)
    for offset, raw in enumerate(text[start:end].split("\n")):
        url = URL_LINE.fullmatch(raw)
        if paragraph and (url or not raw.strip()):
            if pending:
                pieces.append(pending)
            pending, paragraph = Piece(paragraph_line, "\n".join(paragraph)), []
        if url:
            pieces.append(Piece(pending.line, pending.text, url[1]) if pending else Piece(line + offset, "", url[1]))
            pending = None
        elif raw.strip():
            if not paragraph:
                paragraph_line = line + offset
            paragraph.append(raw)
    if paragraph:
        if pending:
            pieces.append(pending)
        pending = Piece(paragraph_line, "\n".join(paragraph))
    if pending:
        pieces.append(pending)
    return pieces


def _line_starts(text: str) -> list[int]:
    """Offsets where each line starts: one pass, so every location is a binary search."""
    return [0] + [m.end() for m in re.finditer("\n", text)]


def _line_of(line_starts: list[int], offset: int) -> int:
    return bisect_right(line_starts, offset)
