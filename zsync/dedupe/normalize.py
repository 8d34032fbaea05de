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


# symbol accents (\'e, \"{o}) or letter accents followed by a brace or space (\v{c}, \c c)
LATEX_ACCENT = re.compile(r"\\(?:[`'^\"~=.]\s*|[uvHtcdbkr](?:\s+|(?=\{)))\{?\\?([a-zA-Z])\}?")
LATEX_COMMAND = re.compile(r"\\[a-zA-Z]+\*?\s*")
HTML_TAG = re.compile(r"<[^>]{1,100}>")
NON_WORD = re.compile(r"[\W_]+")



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


def year_of(date: str | None) -> int | None:
    m = re.search(r"\b(1[6-9]\d\d|2[01]\d\d)\b", date or "")
    return int(m[1]) if m else None
