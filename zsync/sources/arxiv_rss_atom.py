"""The Atom form of the arXiv listings (``rss.arxiv.org/atom/<category>``).

Not an arXiv API answer, though both are Atom with arXiv's namespace: a listing entry's ``id``
is ``oai:arXiv.org:ID`` (not an abs URL), its authors are one ``dc:creator``, and it carries
``arxiv:announce_type`` (new, cross, replace, replace-cross), ``arxiv:DOI`` and
``arxiv:journal_reference``; ``published`` is the announce day. Read as
:mod:`zsync.sources.arxiv_listing` says.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Iterator

from zsync.dates import iso_day
from zsync.model import Entry, Location, Notice, Reject
from zsync.sources.arxiv_listing import ARXIV_NS, DC, ListingItem, child_texts, listing_entry
from zsync.sources.base import ParseContext, read_xml
from zsync.sources.lines import element_lines

ATOM = "{http://www.w3.org/2005/Atom}"


def is_listing_atom(head: str) -> bool:
    """An Atom listing from rss.arxiv.org, told apart from an API answer by its feed id or its
    entries' ``oai:`` ids and announce types."""
    return "<feed" in head and ("rss.arxiv.org/atom" in head or "<id>oai:arXiv.org:" in head or "announce_type>" in head)


class ArxivRSSAtom:
    name = "arxiv-rss-atom"
    description = "arXiv listings as Atom (rss.arxiv.org/atom/CATEGORY), not API answers"

    def sniff(self, text: str) -> float:
        return 0.97 if is_listing_atom(text[:5000]) else 0.0

    def parse(self, text: str, origin: str, context: ParseContext) -> Iterator[Entry | Reject | Notice]:
        root = read_xml(text, origin, "Atom feed")
        entries = root.findall(f"{ATOM}entry")
        if not entries:
            yield Notice(location=Location(path=origin), message="the listing holds no papers", nothing_listed=True)
        for element, line in zip(entries, element_lines(text, "entry", entries)):
            yield from listing_entry(self.name, self._item(element, Location(path=origin, line=line)))

    @staticmethod
    def _item(element: ET.Element, location: Location) -> ListingItem:
        fields = child_texts(element)
        published = fields.get(f"{ATOM}published", "")
        return ListingItem(
            location=location, title=fields.get(f"{ATOM}title", ""),
            identifier=fields.get(f"{ATOM}id", ""), description=fields.get(f"{ATOM}summary", ""),
            announce_type=fields.get(f"{ARXIV_NS}announce_type", ""),
            announced=iso_day(published) if published else None, announced_raw=published,
            creators=fields.get(f"{DC}creator")
            or ", ".join(a.findtext(f"{ATOM}name") or "" for a in element.findall(f"{ATOM}author")),
            categories=[c.get("term", "").strip() for c in element.findall(f"{ATOM}category") if c.get("term", "").strip()],
            doi=fields.get(f"{ARXIV_NS}DOI", ""), journal_ref=fields.get(f"{ARXIV_NS}journal_reference", ""),
            rights=fields.get(f"{DC}rights", ""))
