"""The one text cleaner for titles and names read from arXiv's feeds and e-mail digests.

arXiv's metadata is written in LaTeX (``Bal\\'azs Tarj\\'an``, ``Poincar\\'e``, ``$\\Omega_c^0$``), in
every feed and in the e-mail: it is read with :func:`zsync.latex.to_unicode`, the converter the
BibTeX reader uses, so one paper reads the same from any source. A bare ``%`` or ``&`` in a feed
is the character itself, not a LaTeX comment or column separator, so it is escaped first.
"""

from __future__ import annotations

import html
import re

from zsync.latex import to_unicode
from zsync.model import Person
from zsync.names import GROUP_WORDS, split_names
from zsync.whitespace import squeeze

#: a bare % or & in a feed is the character itself, not a LaTeX comment or column separator
BARE_SPECIALS = re.compile(r"(?<!\\)([%&])")
TAG = re.compile(r"<[^>]+>")
#: "(University of Arizona)", "(STAR Collaboration)", "(909 additional authors not shown)"
PARENTHESES = re.compile(r"\s*\([^()]*\)")
ET_AL = re.compile(r",?\s*\bet al\.?", re.I)


def latex_text(value: str) -> str:
    """A title or name from arXiv as plain Unicode, whitespace collapsed."""
    return to_unicode(BARE_SPECIALS.sub(r"\\\1", value) if "%" in value or "&" in value else value)


def html_text(value: str) -> str:
    """Text from an HTML fragment (RSS 1.0 descriptions and creators): tags dropped, entities read."""
    return squeeze(html.unescape(TAG.sub(" ", value)))


def author_list(value: str) -> list[Person]:
    """An arXiv author line as people: affiliations in parentheses, "et al." and a collaboration's
    "Name:" prefix separator dropped, LaTeX read."""
    while "(" in value and (shorter := PARENTHESES.sub("", value)) != value:  # innermost first: "((1) Torun, (2) ENSP)"
        value = shorter
    if "et al" in value.lower():
        value = ET_AL.sub("", value)
    return [Person(name=f"{p.first} {p.last}") if p.last and p.last.lower() in GROUP_WORDS else p
            for p in split_names(latex_text(value.replace(":", ",")))]
