"""arXiv RSS listings: RSS 2.0 (``rss.arxiv.org/rss/<category>``, since 2024) and RSS 1.0 (the
``rdf:RDF`` feeds of ``export.arxiv.org/rss/<category>``, served until 2024 and still found in
archives and old exports).

RSS 2.0: each ``item`` is read as :mod:`zsync.sources.arxiv_listing` says (id with version,
announce type kept, the announce day from ``pubDate`` as the date, ``arxiv:DOI`` as the DOI).

RSS 1.0: each ``item`` has the title with the id, category and kind appended
(``Title. (arXiv:1805.06430v2 [nucl-th] UPDATED)``: UPDATED is a replacement, CROSS LISTED a
cross-list), an HTML description (the abstract) and HTML links as ``dc:creator``; the listing's
day is the channel's ``dc:date``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Iterator

from zsync.dates import iso_day, rfc2822_day
from zsync.identifiers import split_arxiv_id
from zsync.model import Entry, Location, Notice, Reject
from zsync.sources.arxiv_listing import ARXIV_FEED_MARKS, ARXIV_NS, DC, ListingItem, child_texts, listing_entry
from zsync.sources.base import ParseContext, read_xml
from zsync.sources.clean import author_list, html_text, latex_text
from zsync.sources.lines import element_lines
from zsync.whitespace import squeeze

RSS1 = "{http://purl.org/rss/1.0/}"
RDF_ROOT = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}RDF"
#: the appeal arXiv's RSS 1.0 feeds appended to every description in 2016–2017, a paragraph of its own
DONATE = re.compile(r"<p>\s*DONATE to arXiv:.*?(?:</p>|$)", re.S)
#: "Title. (arXiv:1805.09166v1 [hep-ex] CROSS LISTED)"
RSS1_TITLE = re.compile(r"^(?P<title>.*?)\.?\s*\(arXiv:(?P<id>\S+)\s+\[(?P<category>[^\]]+)\]\s*(?P<kind>UPDATED|CROSS LISTED)?\)\s*$", re.S)
RSS1_KIND = {None: "new", "UPDATED": "replace", "CROSS LISTED": "cross"}


class ArxivRSS:
    name = "arxiv-rss"
    description = "arXiv RSS listings (rss.arxiv.org/rss/CATEGORY)"
    variants = {"RSS 2.0": "rss.arxiv.org/rss/CATEGORY, since 2024: announce type, announce day, DOI",
                "RSS 1.0": "export.arxiv.org/rss/CATEGORY (rdf:RDF), until 2024: UPDATED / CROSS LISTED in titles"}

    def sniff(self, text: str) -> float:
        """Sure for a feed of arXiv's own (its namespace or addresses); another feed whose items
        link arXiv papers is a :mod:`zsync.sources.paper_feed`."""
        head = text[:3000]
        if not any(mark in head for mark in ARXIV_FEED_MARKS):
            return 0.0
        return 0.95 if "<rss" in head or "<rdf:RDF" in head else 0.0

    def variant(self, text: str) -> str:
        return "RSS 1.0" if "<rdf:RDF" in text[:3000] else "RSS 2.0"

    def parse(self, text: str, origin: str, context: ParseContext) -> Iterator[Entry | Reject | Notice]:
        root = read_xml(text, origin, "RSS feed")
        rss1 = root.tag == RDF_ROOT
        items = root.findall(f"{RSS1}item") if rss1 else root.findall("./channel/item")
        if not items:
            yield Notice(location=Location(path=origin), message="the listing holds no papers", nothing_listed=True)
        lines = element_lines(text, "item", items)
        if rss1:
            day = iso_day(root.findtext(f"{RSS1}channel/{DC}date") or "")
            for item, line in zip(items, lines):
                yield from self._rss1(item, Location(path=origin, line=line), day)
            return
        days: dict[str, str | None] = {}  # a listing's items share their announce day: read it once
        for item, line in zip(items, lines):
            fields = child_texts(item)
            published = fields.get("pubDate", "")
            if published not in days:
                days[published] = rfc2822_day(published) if published else None
            yield from listing_entry(self.name, self._rss2(item, fields, Location(path=origin, line=line), published, days[published]))

    @staticmethod
    def _rss2(item: ET.Element, fields: dict[str, str], location: Location, published: str, announced: str | None) -> ListingItem:
        return ListingItem(
            location=location, title=fields.get("title", ""),
            identifier=fields.get("guid", ""), description=fields.get("description", ""),
            announce_type=fields.get(f"{ARXIV_NS}announce_type", ""),
            announced=announced, announced_raw=published,
            creators=fields.get(f"{DC}creator", ""),
            categories=[c.text.strip() for c in item.findall("category") if c.text and c.text.strip()],
            doi=fields.get(f"{ARXIV_NS}DOI", ""), journal_ref=fields.get(f"{ARXIV_NS}journal_reference", ""),
            rights=fields.get(f"{DC}rights", ""))

    def _rss1(self, item: ET.Element, location: Location, day: str | None) -> Iterator[Entry | Reject]:
        heading = squeeze(item.findtext(f"{RSS1}title") or "")
        match = RSS1_TITLE.match(heading)
        parsed = split_arxiv_id(match["id"]) if match else None
        if not match or not parsed or not match["title"].strip():
            yield Reject(location=location, message="RSS 1.0 item without a title ending in (arXiv:ID [category])",
                         excerpt=heading[:100])
            return
        yield Entry(format=self.name, location=location, title=latex_text(match["title"]),
                    abstract=html_text(DONATE.sub("", item.findtext(f"{RSS1}description") or "")) or None, date=day,
                    arxiv_id=parsed[0], arxiv_version=parsed[1], arxiv_category=match["category"],
                    authors=author_list(html_text(item.findtext(f"{DC}creator") or "")),
                    facts={"announce type": RSS1_KIND[match["kind"]]})
