"""arXiv RSS listings (``rss.arxiv.org/rss/<category>``).

Each ``item`` has the title, the abs link, ``dc:creator`` (authors, comma separated), and a
description ``arXiv:ID Announce Type: new|cross|replace|replace-cross`` followed by the
abstract. The announce type is kept; a replacement carries its version, so the library item's
version line can follow it. An item whose ``pubDate`` is not a date is kept without it, with a
notice at its line.
"""

from __future__ import annotations

import re
from typing import Iterator

from zsync.dates import rfc2822_day
from zsync.identifiers import split_arxiv_id
from zsync.model import Entry, Location, Notice, Reject
from zsync.names import split_names
from zsync.sources.base import ParseContext, read_xml

DC = "{http://purl.org/dc/elements/1.1/}"
DESCRIPTION = re.compile(r"arXiv:(\S+)\s+Announce Type:\s*([\w-]+)\s*(?:Abstract:\s*)?(.*)", re.S)


class ArxivRSS:
    name = "arxiv-rss"
    description = "arXiv RSS listings (rss.arxiv.org/rss/CATEGORY)"

    def sniff(self, text: str) -> float:
        head = text[:3000]
        return 0.95 if "<rss" in head and "arxiv.org" in head else 0.0

    def parse(self, text: str, origin: str, context: ParseContext) -> Iterator[Entry | Reject | Notice]:
        root = read_xml(text, origin, "RSS feed")
        items = root.findall("./channel/item")
        if not items:
            yield Notice(location=Location(path=origin), message="the listing holds no papers")
        for item in items:
            title = " ".join((item.findtext("title") or "").split())
            guid = item.findtext("guid") or item.findtext("link") or ""
            line = text[:text.find(guid)].count("\n") + 1 if guid and guid in text else 0
            location = Location(path=origin, line=line)
            match = DESCRIPTION.match((item.findtext("description") or "").strip())
            parsed = split_arxiv_id(match[1]) if match else None
            if not parsed or not title:
                yield Reject(location=location, message="item without an arXiv id or title", excerpt=title[:100])
                continue
            entry = Entry(format=self.name, location=location, title=title, abstract=" ".join(match[3].split()) or None)
            entry.arxiv_id, entry.arxiv_version = parsed
            entry.authors = split_names(item.findtext(f"{DC}creator") or "")
            entry.arxiv_category = item.findtext("category") or None
            entry.facts["announce type"] = match[2]
            published = item.findtext("pubDate")
            if published:
                announced = rfc2822_day(published)
                if announced:
                    entry.facts["announced"] = announced
                else:  # the paper is still good: keep it, without the day
                    yield Notice(location=location, message=f"pubDate is not a date: {published[:60]!r}; left out")
            if item.findtext(f"{DC}rights"):
                entry.facts["rights"] = item.findtext(f"{DC}rights")
            yield entry
