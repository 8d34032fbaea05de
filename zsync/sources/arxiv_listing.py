"""What the rss.arxiv.org listings share, in RSS 2.0 and in Atom: one paper per item or entry.

Both carry the same facts under different tags: the versioned id (``guid``/``id``
``oai:arXiv.org:2609.26811v1``, and ``arXiv:ID`` at the head of the description), the announce
type (``arxiv:announce_type``: new, cross, replace, replace-cross), the announce day (``pubDate``
/ ``published``: the entry's date), the categories (the primary first), ``dc:creator`` (authors,
comma separated), ``arxiv:DOI`` (the publisher's DOI), ``arxiv:journal_reference`` and
``dc:rights``. A feed reader gathers them into a :class:`ListingItem`; :func:`listing_entry`
turns one into an entry the same way for both.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Iterator

from zsync.identifiers import clean_doi, split_arxiv_id
from zsync.model import Entry, Location, Notice, Reject
from zsync.sources.clean import author_list, latex_text
from zsync.whitespace import squeeze

#: what marks a feed of arXiv's own, in its first lines: its namespace, addresses or channel title
ARXIV_FEED_MARKS = ("arxiv.org/schemas/atom", "arxiv.org/rss", "arxiv.org/api", "updates on arXiv.org", "rss.arxiv.org")
ARXIV_NS = "{http://arxiv.org/schemas/atom}"
DC = "{http://purl.org/dc/elements/1.1/}"
DESCRIPTION = re.compile(r"arXiv:(\S+)\s+Announce Type:\s*([\w-]+)\s*(?:Abstract:\s*)?(.*)", re.S)
#: the listing's id (oai:arXiv.org:ID), or an abs URL where a re-exported listing put one
OAI = re.compile(r"(?:oai:arXiv\.org:|arxiv\.org/abs/)(\S+)$", re.I)


def child_texts(element: ET.Element) -> dict[str, str]:
    """The text of each child by tag (the first child of a tag, as ``findtext`` gives it), read
    in one pass: looking up a listing item's nine tags one ``findtext`` at a time scans its
    children nine times, a tenth of the time reading a feed took (bench/feeds_bench.py)."""
    return {child.tag: child.text or "" for child in reversed(element)}


@dataclass
class ListingItem:
    """One paper of a listing, as the feed gave it (text, not yet read)."""

    location: Location
    title: str = ""
    identifier: str = ""  # guid / id: oai:arXiv.org:ID
    description: str = ""  # "arXiv:ID Announce Type: new Abstract: ..."
    announce_type: str = ""
    announced: str | None = None  # ISO day
    announced_raw: str = ""  # the date as the feed wrote it, for the notice when it is not one
    creators: str = ""
    categories: list[str] = field(default_factory=list)
    doi: str = ""
    journal_ref: str = ""
    rights: str = ""


def listing_entry(fmt: str, item: ListingItem) -> Iterator[Entry | Reject | Notice]:
    """The entry for one listing item, or a reject naming what is missing; a date that is not
    one is a notice, and the paper is kept without it."""
    described = DESCRIPTION.match(item.description.strip())
    oai = OAI.search(item.identifier.strip())
    raw_id = oai[1] if oai else described[1] if described else ""
    parsed = split_arxiv_id(raw_id) if raw_id else None
    title = squeeze(item.title)
    if not parsed or not title:
        what = "an arXiv id" if not parsed else "a title"
        yield Reject(location=item.location, message=f"listing item without {what}", excerpt=(title or raw_id)[:100])
        return
    if not item.announced and item.announced_raw.strip():
        yield Notice(location=item.location, message=f"the announce date is not a date: {item.announced_raw.strip()[:60]!r}; left out")
    facts = {"categories": " ".join(item.categories)} if len(item.categories) > 1 else {}
    facts["announce type"] = item.announce_type.strip() or (described[2] if described else "new")
    if item.journal_ref.strip():
        facts["journal ref"] = latex_text(item.journal_ref)
    if item.rights.strip():
        facts["rights"] = squeeze(item.rights)
    doi = item.doi.strip()
    yield Entry(format=fmt, location=item.location, title=latex_text(title),
                abstract=squeeze(described[3] if described else item.description) or None,
                arxiv_id=parsed[0], arxiv_version=parsed[1], authors=author_list(item.creators),
                arxiv_category=item.categories[0] if item.categories else None,
                date=item.announced, doi=clean_doi(doi) if doi else None, facts=facts)
