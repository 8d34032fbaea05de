"""LaTeX ↔ Unicode for BibTeX fields, through pylatexenc.

Import: accents and escaped specials become Unicode, math stays readable (``$\\mu$`` → ``μ``,
``$^2$`` → ``^2``), font commands and case-protecting braces go. Export: non-ASCII characters
and BibTeX's special characters become LaTeX, and words whose capitals must survive a
bibliography style (``BERT``, ``GPT-4o``, ``LLMs``) are protected with braces.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pylatexenc.latex2text import LatexNodes2Text
from pylatexenc.latexencode import unicode_to_latex

_TO_TEXT = LatexNodes2Text(math_mode="text", strict_latex_spaces=False)
MIXED_CASE = re.compile(r"(?<![\w{])([A-Za-z0-9-]*[A-Z][A-Za-z0-9-]*[A-Z0-9][A-Za-z0-9-]*|[a-z]+[A-Z][A-Za-z0-9-]*)(?![\w}])")


LATEX_MARKS = ("\\", "{", "}", "$", "~", "%", "--", "``", "''")
NOT_BRACES = tuple(mark for mark in LATEX_MARKS if mark not in "{}")


def to_unicode(value: str) -> str:
    """A BibTeX field value as plain Unicode text."""
    if not any(mark in value for mark in LATEX_MARKS):
        return " ".join(value.split())
    if not any(mark in value for mark in NOT_BRACES):  # only case-protecting braces: they go
        return " ".join(value.replace("{", "").replace("}", "").split())
    text = _TO_TEXT.latex_to_text(value).replace("\u02c6", "^")  # pylatexenc's \textasciicircum
    return " ".join(text.replace("\u00a0", " ").split())


@lru_cache(maxsize=4096)
def char_to_latex(char: str) -> str:
    """LaTeX for one character, or the character itself (UTF-8 is fine for biber and modern
    BibTeX) where pylatexenc's LaTeX would not read back as the same character."""
    latex = unicode_to_latex(char, non_ascii_only=False, unknown_char_warning=False)
    if latex.startswith("\\") and not latex.startswith("\\ensuremath") and len(latex) > 2:
        latex = "{" + latex + "}"  # BibTeX's convention: {\~n}, so name splitting leaves it whole
    return latex if to_unicode(f"x{latex}x") == f"x{char}x" else char


def to_latex(value: str, protect_case: bool = False) -> str:
    """Plain Unicode text as a BibTeX field value."""
    text = "".join(char if char.isalnum() and char.isascii() or char in " \n" else char_to_latex(char)
                   for char in value)
    text = re.sub(r"([-`'])(?=\1)", r"\1{}", text)  # "--", "``", "''" written in the text stay as written
    if protect_case:
        text = MIXED_CASE.sub(r"{\1}", text)
    return text
