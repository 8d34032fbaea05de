"""Text helpers shared by the plain-text digest parsers: provisional titles and paragraphs.

Dates are read in :mod:`zsync.dates`, names in :mod:`zsync.names`.
"""

from __future__ import annotations

import re

def provisional_title(abstract: str, max_length: int = 90) -> str:
    """A stand-in title made from an abstract's first sentence, in square brackets.

    The brackets are the cataloguing convention for a title supplied by the cataloguer, so the
    stand-in can never be mistaken for the paper's own title.
    """
    text = re.sub(r"~?\\cite[pt]?\{[^}]*\}", "", abstract)
    text = text.replace("~", " ")
    text = " ".join(text.split())
    sentence = re.split(r"(?<=[.!?])\s+(?=[A-Z])", text, maxsplit=1)[0].rstrip(".")
    if len(sentence) > max_length:
        sentence = sentence[:max_length].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return f"[{sentence}]"


#: prose has at least this many words with letters in them (a menu line or a URL has fewer)
PROSE_WORDS = 12


def is_prose(text: str | None) -> bool:
    """Text in sentences (an abstract, a one-sentence summary), not a title, a menu line or a URL:
    a dozen worded words, and long or ending a sentence or holding a sentence break."""
    text = (text or "").strip()
    words = sum(1 for word in text.split() if "://" not in word and re.search(r"[^\W\d_]{2}", word))
    sentence = text.endswith((".", "!", "?", "…")) or re.search(r"[.!?]\s+[A-Z]", text) is not None
    return words >= PROSE_WORDS and (len(text) > 300 or sentence)


def identifier_title(identifier: str) -> str:
    """A stand-in title for a paper known only by its identifier (``[arXiv:2407.21787]``), in
    square brackets like :func:`provisional_title`: what the id alone gives, until it is resolved."""
    return f"[{identifier}]"


def paragraphs(text: str) -> list[tuple[int, list[str]]]:
    """Runs of non-blank lines as ``(first line number, stripped lines)``."""
    result: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            if not current:
                start = number
            current.append(line.strip())
        elif current:
            result.append((start, current))
            current = []
    if current:
        result.append((start, current))
    return result
