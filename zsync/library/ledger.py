"""The team's memory, kept in the library itself: what zsync put there, so that every member's
run (a new member's, a member's whose machine was wiped) knows what the team already received
and what people removed since.

The ledger is one or more standalone notes tagged ``zsync-ledger`` (a Zotero note is the only
object every library, user or group, lets any member with write access create, read and version
like an item). Each page holds JSON in a ``<pre>`` block:

* ``entries``: entry identity → the key of the item it became (or was matched to);
* ``papers``: key → ``[title, arXiv id, DOI]`` of the papers zsync created, so that a paper a
  person deleted outright (its data is gone from the library) is still recognised;
* ``links``: parent key → the code links zsync attached;
* ``tags``: key → the tags zsync gave the item (a tag missing now was removed by a person);
* ``fields``: key → a fingerprint of each field zsync wrote (:data:`COMPLETABLE`), so that a
  field nobody edited since can be completed by a fuller copy of the same paper, and a field a
  person edited is never touched.

A key in the ledger that is missing from the library (deleted, or in the trash) was removed by a
person: no run creates that paper or link again unless asked (``--recreate-deleted``).

The ledger only grows, and pages merge by union, so concurrent writers cannot lose each other's
lines: a page is updated with its version (412: read it again, merge, write again), and when
two members both start a ledger, both pages are read. A page holds at most :data:`PAGE_BYTES`
(the API refuses longer fields); then a new page begins.
"""

from __future__ import annotations

import hashlib
import html
import json
import logging
import re
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable

from zsync.batches import chunks
from zsync.errors import LibraryError
from zsync.model import Tag, ZoteroItem, new_key

if TYPE_CHECKING:
    from zsync.library.base import Library

log = logging.getLogger(__name__)
TAG = "zsync-ledger"
PAGE_BYTES = 60_000  # below the 65,535 bytes the Web API allows in any field
MAX_TRIES = 10
HEADER = ("<h1>zsync ledger</h1><p>What zsync added to this library, so that every member knows it. "
          "zsync reads and extends this note; please leave it as it is.</p>")
NOTES_HINT = "the API key needs access to notes and write access (`zsync check`); see docs/zotero.md, the ledger"
PRE = re.compile(r"<pre>(.*?)</pre>", re.S)
#: the references ``html.escape`` writes, "&amp;" last so that an escaped "&lt;" stays as written
ESCAPES = (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&#x27;", "'"), ("&amp;", "&"))
OTHER_REFERENCE = re.compile(r"&(?!(?:lt|gt|quot|#x27|amp);)")
#: fields a later, fuller copy of the same paper may complete (a cut abstract, a missing date)
COMPLETABLE = ("abstractNote", "date")


def fingerprint(value: str) -> str:
    """A short digest of a field value: enough to tell "as zsync wrote it" from "edited"."""
    return hashlib.sha1(value.encode("utf-8")).hexdigest()[:10]


def written_fields(item: ZoteroItem) -> dict[str, str]:
    """The fingerprints of the completable fields of an item as zsync writes it."""
    return {name: fingerprint(item.get(name)) for name in COMPLETABLE}


@dataclass(frozen=True)
class Page:
    """A readable ledger page as a read found it: enough to pick one with room and update it,
    without holding its text (a 100k-paper ledger is 50 MB of notes)."""

    key: str
    version: int
    size: int  # bytes of its note


@dataclass
class Ledger:
    entries: dict[str, str] = field(default_factory=dict)
    papers: dict[str, list[str]] = field(default_factory=dict)
    links: dict[str, frozenset[str]] = field(default_factory=dict)  # shared between papers with the same links
    tags: dict[str, frozenset[str]] = field(default_factory=dict)  # and the same tags
    fields: dict[str, dict[str, str]] = field(default_factory=dict)
    pages: list[Page] = field(default_factory=list, compare=False)  # the readable pages it was read from
    _sets: dict[frozenset[str], frozenset[str]] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def read(cls, items: Iterable[ZoteroItem]) -> "Ledger":
        """The union of every ledger page among ``items``."""
        ledger = cls()
        for item in items:
            ledger.read_page(item)
        return ledger

    def read_page(self, item: ZoteroItem) -> None:
        """Add what ``item`` says, if it is a readable ledger page, and remember the page."""
        content = parse(item, self._sets) if is_page(item) else None
        if content is not None and item.key:
            self.merge(content)
            self.pages.append(Page(item.key, item.version or 0, len(item.get("note").encode())))

    def merge(self, other: "Ledger") -> None:
        self.entries.update(other.entries)
        self.papers.update(other.papers)
        for part, more in ((self.links, other.links), (self.tags, other.tags)):
            for key, values in more.items():
                current = part.get(key)
                part[key] = values if current is None or current >= values else one_of(current | values, self._sets)
        for key, fields in other.fields.items():
            current = self.fields.get(key)
            self.fields[key] = fields if current is None else {**current, **fields}

    def without(self, other: "Ledger") -> "Ledger":
        """What this ledger holds that ``other`` lacks."""
        return Ledger({e: k for e, k in self.entries.items() if other.entries.get(e) != k},
                      {k: p for k, p in self.papers.items() if k not in other.papers},
                      {k: found for k, links in self.links.items() if (found := links - other.links.get(k, set()))},
                      {k: found for k, tags in self.tags.items() if (found := tags - other.tags.get(k, set()))},
                      {k: changed for k, fields in self.fields.items()
                       if (changed := {n: f for n, f in fields.items() if other.fields.get(k, {}).get(n) != f})})

    def __bool__(self) -> bool:
        return bool(self.entries or self.papers or self.links or self.tags or self.fields)

    def to_note(self) -> str:
        body = {"zsync": 1, "entries": self.entries, "papers": self.papers,
                "links": {k: sorted(v) for k, v in self.links.items()},
                "tags": {k: sorted(v) for k, v in self.tags.items()}, "fields": self.fields}
        return f"{HEADER}<pre>{escape(json.dumps(body, ensure_ascii=False, sort_keys=True))}</pre>"

    def page_parts(self) -> list["Ledger"]:
        """This ledger cut into parts that each fit one page."""
        budget = PAGE_BYTES - len(Ledger().to_note().encode()) - 100
        parts, part, size = [], Ledger(), 0
        lines = [(kind, key, value) for kind in ("entries", "papers", "links", "tags", "fields")
                 for key, value in getattr(self, kind).items()]
        for kind, key, value in lines:
            cost = len(escape(json.dumps({key: sorted(value) if isinstance(value, (set, frozenset)) else value},
                                              ensure_ascii=False)).encode())
            if size + cost > budget and part:
                parts, part, size = [*parts, part], Ledger(), 0
            getattr(part, kind)[key] = value
            size += cost
        return [*parts, part] if part else parts

    def deleted_papers(self, present: set[str]) -> list[ZoteroItem]:
        """The papers zsync created that are no longer in the library, as items to match against."""
        return [ZoteroItem(key=key, itemType="preprint", title=title,
                           **({"archiveID": f"arXiv:{arxiv}"} if arxiv else {}), **({"DOI": doi} if doi else {}))
                for key, (title, arxiv, doi) in self.papers.items() if key not in present]


def is_page(item: ZoteroItem) -> bool:
    return item.itemType == "note" and not item.parentItem and TAG in item.tag_names()


def parse(page: ZoteroItem, shared: dict[frozenset[str], frozenset[str]] | None = None) -> Ledger | None:
    """One page's content; ``None`` for a page someone damaged: it is skipped (with a warning)
    and never written to again, so what can still be read from it by hand stays.

    A 100k-paper ledger is held compactly: item keys are interned (one string for a key in all
    five parts, not five), and papers with the same tags or links share one set (``shared``,
    across the pages of a read): a few hundred sets, not 100k."""
    shared = {} if shared is None else shared
    match = PRE.search(page.get("note"))
    key = sys.intern
    try:
        data = json.loads(unescape(match[1])) if match else None
        return Ledger({e: key(k) for e, k in data["entries"].items()},
                      {key(k): list(v) for k, v in data["papers"].items()},
                      {key(k): one_of(v, shared) for k, v in data["links"].items()},
                      {key(k): one_of(v, shared) for k, v in data.get("tags", {}).items()},  # pages before tags and fields
                      {key(k): {key(name): value for name, value in v.items()} for k, v in data.get("fields", {}).items()})
    except (TypeError, ValueError, KeyError, AttributeError):
        log.warning("ledger note %s cannot be read and is ignored; zsync starts a new page", page.key)
        return None


def escape(text: str) -> str:
    """Text for the page's ``<pre>``: quotes stay quotes (JSON is full of them; as ``&quot;``
    they were a third of a page)."""
    return html.escape(text, quote=False)


def unescape(text: str) -> str:
    """The text of a page's ``<pre>``. Pages hold only the references ``html.escape`` writes,
    undone here with five replacements; ``html.unescape`` (a Python call per reference: 7 of
    the 15 s a 100k-paper library took to outline) reads a page someone's editor wrote otherwise."""
    if OTHER_REFERENCE.search(text):
        return html.unescape(text)
    for reference, character in ESCAPES:
        text = text.replace(reference, character)
    return text


def one_of(values: Iterable[str], shared: dict[frozenset[str], frozenset[str]]) -> frozenset[str]:
    """The shared frozenset equal to ``values`` (made and remembered the first time)."""
    found = frozenset(map(sys.intern, values))
    return shared.setdefault(found, found)


def publish(library: Library, pages: list[Page], additions: Ledger) -> None:
    """Add ``additions`` to the library's ledger: to the first page with room (read from this
    machine's copy of the library, and read again when someone updated it meanwhile), or to a
    new page."""
    if not additions:
        return
    size = len(additions.to_note().encode())
    roomy = [page.key for page in pages if page.size + size <= PAGE_BYTES]  # a union is never longer than both
    refused = 0
    while roomy:
        try:
            page = library.held(roomy[0])
        except LibraryError:  # deleted meanwhile
            roomy.pop(0)
            continue
        content = parse(page) if is_page(page) else None
        if content is None or not _fits(content, additions):
            roomy.pop(0)
            continue
        content.merge(additions)
        result = library.update([ZoteroItem(key=page.key, version=page.version, itemType="note", note=content.to_note())])
        if not result.failed:
            return
        if result.failed[0].code not in (404, 412):
            raise LibraryError(f"{library.id}: the ledger note {page.key} refused the update: {result.failed[0].message}",
                               hint=NOTES_HINT)
        refused += 1
        if refused == MAX_TRIES:
            raise LibraryError(f"{library.id}: the ledger kept changing while zsync added to it", hint="run again")
        library.get([page.key])  # brings this machine's copy up to date: read the page again and merge
    notes = [ZoteroItem(key=new_key(), version=0, itemType="note", tags=[Tag(tag=TAG)], note=part.to_note())
             for part in additions.page_parts()]
    for batch in chunks(notes, library.max_batch):
        failed = library.create(batch).failed
        if failed:
            raise LibraryError(f"{library.id}: cannot start a ledger note: {failed[0].message}", hint=NOTES_HINT)


def _fits(content: Ledger, additions: Ledger) -> bool:
    merged = Ledger()
    merged.merge(content)
    merged.merge(additions)
    return len(merged.to_note().encode()) <= PAGE_BYTES
