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

NS = {"a": "http://www.w3.org/2005/Atom", "arxiv": "http://arxiv.org/schemas/atom",
      "os": "http://a9.com/-/spec/opensearch/1.1/"}
ABS_ID = re.compile(r"arxiv\.org/abs/(.+)$")


def text_of(element: ET.Element | None) -> str:
    return " ".join((element.text or "").split()) if element is not None else ""


def atom_entries(text: str, origin: str, fmt: str = "arxiv-atom") -> Iterator[Entry | Reject | Notice]:
    root = read_xml(text, origin, "Atom feed")
    entries = root.findall("a:entry", NS)
    for element in entries:
        identifier = text_of(element.find("a:id", NS))
        if "/api/errors" in identifier:
            raise InputError(origin, f"the arXiv API answered with an error: {text_of(element.find('a:summary', NS))}",
                             hint="check the query or the ids asked for")
    if not entries:
        yield Notice(location=Location(path=origin), message="the feed holds no papers (0 results)")
    for element, line in zip(entries, element_lines(text, "entry", entries)):
        identifier = text_of(element.find("a:id", NS))
        location = Location(path=origin, line=line)
        match = ABS_ID.search(identifier)
        parsed = split_arxiv_id(match[1]) if match else None
        title = text_of(element.find("a:title", NS))
        if not parsed or not title:
            yield Reject(location=location, message=f"entry without an arXiv id or title ({identifier!r})")
            continue
        entry = Entry(format=fmt, location=location, title=latex_text(title),
                      abstract=text_of(element.find("a:summary", NS)) or None)
        entry.arxiv_id, entry.arxiv_version = parsed
        entry.authors = [person_from_name(latex_text(text_of(a.find("a:name", NS))))
                         for a in element.findall("a:author", NS) if text_of(a.find("a:name", NS))]
        entry.date = iso_day(text_of(element.find("a:updated", NS)) or text_of(element.find("a:published", NS)))
        primary = element.find("arxiv:primary_category", NS)
        categories = [c.get("term", "") for c in element.findall("a:category", NS) if c.get("term")]
        entry.arxiv_category = primary.get("term") if primary is not None else (categories[0] if categories else None)
        doi = text_of(element.find("arxiv:doi", NS))
        if doi:
            entry.doi = clean_doi(doi)
        for name, tag in (("journal ref", "arxiv:journal_ref"), ("comment", "arxiv:comment")):
            if text_of(element.find(tag, NS)):
                entry.facts[name] = text_of(element.find(tag, NS))
        published = text_of(element.find("a:published", NS))[:10]
        if published and published != entry.date:
            entry.facts["first version"] = published
        if len(categories) > 1:
            entry.facts["categories"] = " ".join(categories)
        yield entry


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
