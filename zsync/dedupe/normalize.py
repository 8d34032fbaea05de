"""Normalising titles and identifiers so that the same paper compares equal.

Each step of :func:`normalize_title` undoes one way the same title gets written differently:

1. HTML tags and entities (``<i>``, ``&amp;``) — digests scraped from web pages;
2. LaTeX commands and braces (``{\\"u}``, ``\\textbf{…}``, ``{BERT}``) — BibTeX;
3. Unicode compatibility forms (NFKC: ligatures, full-width letters);
4. diacritics (``é`` → ``e``) — typed with and without accents;
5. case;
6. punctuation, dashes and subtitle separators become spaces;
7. runs of white space become one space.
"""

from __future__ import annotations

import html
import re
import unicodedata

from zsync.identifiers import normalize_doi
from zsync.model import split_arxiv_id

# symbol accents (\'e, \"{o}) or letter accents followed by a brace or space (\v{c}, \c c)
LATEX_ACCENT = re.compile(r"\\(?:[`'^\"~=.]\s*|[uvHtcdbkr](?:\s+|(?=\{)))\{?\\?([a-zA-Z])\}?")
LATEX_COMMAND = re.compile(r"\\[a-zA-Z]+\*?\s*")
HTML_TAG = re.compile(r"<[^>]{1,100}>")
NON_WORD = re.compile(r"[\W_]+")

ARXIV_DOI = re.compile(r"10\.48550/arxiv\.(.+)", re.I)
ARXIV_URL = re.compile(r"arxiv\.org/(?:abs|pdf|html)/([^\s?#]+?)(?:\.pdf)?(?:[?#]|$)", re.I)
ARXIV_TEXT = re.compile(r"\barXiv:\s*([a-z][a-z.-]*(?:\.[A-Z]{2})?/\d{7}|\d{4}\.\d{4,5})(?:v\d+)?", re.I)


def strip_diacritics(text: str) -> str:
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalize_text(text: str) -> str:
    """Steps 1-7 of the module docstring, for any free text (titles, abstracts, names)."""
    text = text or ""
    if "&" in text or "<" in text:
        text = HTML_TAG.sub(" ", html.unescape(text))
    if "\\" in text or "{" in text:
        text = LATEX_ACCENT.sub(r"\1", text)
        text = LATEX_COMMAND.sub(" ", text).replace("{", "").replace("}", "")
    if not text.isascii():
        text = strip_diacritics(unicodedata.normalize("NFKC", text))
    return " ".join(NON_WORD.sub(" ", text.casefold()).split())


normalize_title = normalize_text


def arxiv_from_doi(doi: str) -> str | None:
    """The arXiv id inside an arXiv DOI (``10.48550/arXiv.2406.08464``), else ``None``."""
    m = ARXIV_DOI.fullmatch(normalize_doi(doi))
    parsed = split_arxiv_id(m[1]) if m else None
    return parsed[0] if parsed else None


def arxiv_from_url(url: str) -> str | None:
    m = ARXIV_URL.search(url or "")
    parsed = split_arxiv_id(m[1]) if m else None
    return parsed[0] if parsed else None


def arxiv_from_text(text: str) -> list[str]:
    """arXiv ids written as ``arXiv:ID`` in free text (``extra``, ``archiveID``), without versions."""
    return [m[1] for m in ARXIV_TEXT.finditer(text or "")]


def year_of(date: str | None) -> int | None:
    m = re.search(r"\b(1[6-9]\d\d|2[01]\d\d)\b", date or "")
    return int(m[1]) if m else None
