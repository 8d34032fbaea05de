"""arXiv API responses (Atom), as served by ``export.arxiv.org/api/query``.

Both the 2016 and the current format. An error response (a single entry whose id points at
``/api/errors``) is an error naming the API's message, never "zero papers"; an empty feed is a
valid answer with no papers. :func:`atom_entries` is also what resolution reads search results
with.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Iterator

from zsync.dates import iso_day
from zsync.errors import InputError
from zsync.identifiers import clean_doi, split_arxiv_id
from zsync.model import Entry, Location, Notice, Reject
from zsync.names import person_from_name
from zsync.sources.arxiv_rss_atom import is_listing_atom
from zsync.sources.base import ParseContext, read_xml
from zsync.sources.clean import latex_text
from zsync.sources.lines import element_lines
from zsync.whitespace import squeeze

A = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
ABS_ID = re.compile(r"arxiv\.org/abs/(.+)$")


def text_of(element: ET.Element, tag: str) -> str:
    """The text of ``element``'s first ``tag`` child (Clark notation: ``{namespace}name``), squeezed."""
    return squeeze(element.findtext(tag) or "")


def atom_entries(text: str, origin: str, fmt: str = "arxiv-atom") -> Iterator[Entry | Reject | Notice]:
    root = read_xml(text, origin, "Atom feed")
    entries = root.findall(f"{A}entry")
    for element in entries:
        if "/api/errors" in (element.findtext(f"{A}id") or ""):
            raise InputError(origin, f"the arXiv API answered with an error: {text_of(element, f'{A}summary')}",
                             hint="check the query or the ids asked for")
    if not entries:
        yield Notice(location=Location(path=origin), message="the feed holds no papers (0 results)", nothing_listed=True)
    for element, line in zip(entries, element_lines(text, "entry", entries)):
        yield api_entry(element, Location(path=origin, line=line), fmt)


def api_entry(element: ET.Element, location: Location, fmt: str) -> Entry | Reject:
    """One API ``entry``: the id with its version, the latest version's date, the primary
    category, the publisher's DOI, the journal reference and the comment."""
    identifier = text_of(element, f"{A}id")
    match = ABS_ID.search(identifier)
    parsed = split_arxiv_id(match[1]) if match else None
    title = text_of(element, f"{A}title")
    if not parsed or not title:
        return Reject(location=location, message=f"entry without an arXiv id or title ({identifier!r})")
    updated, published = text_of(element, f"{A}updated"), text_of(element, f"{A}published")
    date = iso_day(updated or published)
    primary = element.find(f"{ARXIV}primary_category")
    categories = [c.get("term", "") for c in element.findall(f"{A}category") if c.get("term")]
    facts = {name: value for name, value in (("journal ref", latex_text(text_of(element, f"{ARXIV}journal_ref"))),
                                             ("comment", text_of(element, f"{ARXIV}comment"))) if value}
    if published[:10] and published[:10] != date:
        facts["first version"] = published[:10]
    if len(categories) > 1:
        facts["categories"] = " ".join(categories)
    doi = text_of(element, f"{ARXIV}doi")
    return Entry(format=fmt, location=location, title=latex_text(title), abstract=text_of(element, f"{A}summary") or None,
                 arxiv_id=parsed[0], arxiv_version=parsed[1], date=date, doi=clean_doi(doi) if doi else None,
                 authors=[person_from_name(latex_text(name)) for name in (text_of(a, f"{A}name") for a in element.findall(f"{A}author"))
                          if name],
                 arxiv_category=primary.get("term") if primary is not None else (categories[0] if categories else None),
                 facts=facts)


class ArxivAtom:
    name = "arxiv-atom"
    description = "arXiv API responses (Atom feeds from export.arxiv.org/api/query)"

    def sniff(self, text: str) -> float:
        head = text[:5000]
        if is_listing_atom(head):  # rss.arxiv.org's Atom listing has its own reader
            return 0.0
        return 0.95 if "<feed" in head and ("arxiv.org/api" in head or "arxiv.org/schemas/atom" in head) else 0.0

    def parse(self, text: str, origin: str, context: ParseContext) -> Iterator[Entry | Reject | Notice]:
        yield from atom_entries(text, origin, self.name)
