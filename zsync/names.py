"""Authors' names into :class:`~zsync.model.Person`: the one place names are split.

There are two conventions, each chosen to give what Zotero's own importers give for the same
input, so they are kept apart on purpose:

* names in digests (arXiv, Hugging Face, plain text): :func:`person_from_name` takes the last
  word as the last name, or what stands before a comma, as Zotero's ``cleanAuthor`` does in its
  arXiv translator; :func:`split_names` splits a list on commas, semicolons, "and" and "&";
* names in BibTeX: :func:`bibtex_names` splits on "and" outside braces, and
  :func:`bibtex_person` keeps von and Jr parts with the last name (``van Beethoven``) and
  brace-protected names whole, as BibTeX (and Zotero's BibTeX import) reads them.
"""

from __future__ import annotations

import re

from bibtexparser.customization import splitname

from zsync.latex import to_unicode
from zsync.model import Person
from zsync.whitespace import squeeze


def person_from_name(text: str) -> Person:
    """``"Ada Lovelace"`` or ``"Lovelace, Ada"`` → ``Person(first="Ada", last="Lovelace")``."""
    return person_from_squeezed(squeeze(text))


def person_from_squeezed(text: str) -> Person:
    """:func:`person_from_name` of a name already stripped, with single spaces only."""
    if "," in text:
        last, first = (part.strip() for part in text.split(",", 1))
        return Person(first=first, last=last)
    first, _, last = text.rpartition(" ")
    return Person(first, last) if first else Person(name=text)  # positional: a third cheaper, 60,000 times a digest


#: what separates names in a list: commas, semicolons, "&", and "and" outside a group's name
PIECE_SEPARATOR = re.compile(r"\s*[,;&]\s*")
AND_SEPARATOR = re.compile(r"\s*\band\b\s*")
AND_WORD = re.compile(r"\band\b")
LEADING_AND = re.compile(r"^and\s+")  # "…, and The CMB-S4 Collaboration"
#: a group signing as one author: its "and" is part of its name ("The LSST Transients and
#: Variable Stars Science Collaboration")
GROUP_WORDS = {"collaboration", "consortium", "team", "group"}
GROUP = re.compile(rf"\b(?:{'|'.join(GROUP_WORDS)})s?\b", re.I)


def split_names(text: str) -> list[Person]:
    """A list of names separated by commas, semicolons or "and". A list with commas only (every
    arXiv author line) is split on them directly: the pattern, tried at every character, took a
    fifth of the time of reading an arXiv feed's author lines."""
    text = squeeze(text)  # once for the list, not once a name: a tenth of reading an arXiv feed
    if ";" in text or "&" in text or ("and" in text and AND_WORD.search(text)):  # not "Alexander", "Chandra"
        names = [name for piece in PIECE_SEPARATOR.split(text)
                 for name in ([LEADING_AND.sub("", piece)] if GROUP.search(piece) else AND_SEPARATOR.split(piece))]
    else:
        names = text.split(",")
    return [person_from_squeezed(name) for n in names if (name := n.strip())]


def bibtex_person(name: str) -> Person:
    """One BibTeX name: von and Jr parts kept, ``{Brace Protected}`` names whole, LaTeX as Unicode."""
    name = name.strip()
    if name.startswith("{") and name.endswith("}") and name.count("{") == 1:
        return Person(name=to_unicode(name[1:-1]))
    try:
        parts = splitname(name, strict_mode=False)
    except Exception:  # a name bibtexparser cannot split is kept whole
        return Person(name=to_unicode(name))
    first = to_unicode(" ".join(parts.get("first", [])))
    last = to_unicode(" ".join(parts.get("von", []) + parts.get("last", [])))
    jr = to_unicode(" ".join(parts.get("jr", [])))
    if not first and not jr:
        return Person(name=last)
    return Person(first=f"{first}, {jr}" if jr else first, last=last)


def bibtex_names(value: str) -> list[Person]:
    """Split a name list on "and" outside braces: {Council on Quality and Outcomes} is one name."""
    found, depth, start = [], 0, 0
    for match in re.finditer(r"[{}]|\s+and\s+", value):
        token = match.group()
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
        elif depth == 0:
            found.append(value[start:match.start()])
            start = match.end()
    found.append(value[start:])
    return [bibtex_person(n) for n in found if n.strip() and n.strip().lower() != "others"]
