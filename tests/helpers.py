"""Small helpers for tests: parsing a seed into entries and rejects."""

from __future__ import annotations

from pathlib import Path

from zsync.model import Entry, Reject
from zsync.sources import ParseContext, SourceRegistry, decode_digest, read_digest


def parse_file(path: Path, context: ParseContext, registry: SourceRegistry | None = None) -> tuple[list[Entry], list[Reject]]:
    digest = read_digest(path)
    return parse_digest(digest.text, digest.origin, context, registry)


def parse_text(text: str, context: ParseContext, origin: str = "digest.txt") -> tuple[list[Entry], list[Reject]]:
    return parse_digest(decode_digest(text.encode(), origin).text, origin, context)


def parse_digest(text: str, origin: str, context: ParseContext, registry: SourceRegistry | None = None):
    registry = registry or SourceRegistry.from_entry_points()
    source = registry.detect(decode_digest(text.encode(), origin))
    found = list(source.parse(text, origin, context))
    return [f for f in found if isinstance(f, Entry)], [f for f in found if isinstance(f, Reject)]


ITEM_TYPES = {"journal": "journalArticle", "conference": "conferencePaper", "chapter": "bookSection",
              "preprint": "preprint", "": "document"}


def paper(ref: str = "A", title: str = "", *, dois=(), arxiv=(), date: str = "", people=(), kind: str = "",
          venue: str = "", volume: str = "", issue: str = "", pages: str = "", abstract: str = "",
          provisional: bool = False):
    """A dedupe record made the only way the product makes one: from a Zotero item."""
    from zsync.dedupe.record import NEEDS_TITLE_TAG, record_from_item
    from zsync.model import Creator, Tag, ZoteroItem

    venue_field = {"conference": "proceedingsTitle", "chapter": "bookTitle"}.get(kind, "publicationTitle")
    fields = {"title": title, "date": date, "volume": volume, "issue": issue, "pages": pages,
              "abstractNote": abstract, venue_field: venue, "DOI": dois[0] if dois else "",
              "extra": "\n".join([*(f"arXiv: {a}" for a in arxiv), *(f"DOI: {d}" for d in dois[1:])])}
    item = ZoteroItem(key=ref, itemType=ITEM_TYPES[kind], creators=[Creator(firstName=f, lastName=l) for f, l in people],
                      tags=[Tag(tag=NEEDS_TITLE_TAG)] if provisional else [],
                      **{k: v for k, v in fields.items() if v})
    return record_from_item(item)
