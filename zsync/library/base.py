"""The interface every library backend implements, modelled on the Zotero Web API.

Terms:

* ITEM — Zotero item JSON (:class:`~zsync.model.ZoteroItem`) with a ``key`` and a ``version``.
* KEY — 8 characters from Zotero's alphabet; zsync makes them itself (``new_key``) so that a
  create retried after a lost response can be recognised instead of repeated.
* VERSION — every write bumps the library version and stamps the written object with it; an
  update names the version it was based on and is refused (412) if the object moved on since.
  A create may name the library version its plan saw (``since``): if anything was written to the
  library after it, by anyone, the whole batch is refused (:class:`LibraryModified`) and nothing
  is written, so a run never creates a paper another run added after it looked.

Writes take at most :attr:`Library.max_batch` objects and answer with a :class:`WriteReport`
shaped like Zotero's: per-object success, unchanged or failure, so one bad object never loses
the rest of its batch.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar, Iterable, Iterator, Sequence

from zsync.dedupe.record import BlockingKeys, Record
from zsync.enrich.links import link_identity
from zsync.enrich.pdf import STORED, pdf_identity
from zsync.errors import LibraryError
from zsync.library.ledger import Ledger
from zsync.library.status import StatusStore
from zsync.model import ZoteroItem

@dataclass(frozen=True)
class WriteFailure:
    code: int  # HTTP-like: 400 invalid, 404 missing, 409 parent/collection missing, 412 stale version
    message: str
    key: str | None = None


@dataclass
class WriteReport:
    successful: dict[int, ZoteroItem] = field(default_factory=dict)  # index -> item as stored
    unchanged: dict[int, str] = field(default_factory=dict)  # index -> key
    failed: dict[int, WriteFailure] = field(default_factory=dict)
    version: int | None = None  # the library version right after this write


class LibraryModified(LibraryError):
    """A conditional write was refused whole: the library changed after the version it named."""

    def __init__(self, library: str, expected: int, found: int | None = None):
        super().__init__(f"{library}: the library changed while zsync wrote to it "
                         f"(expected version {expected}{f', found {found}' if found is not None else ''})",
                         hint="run again: nothing was written twice, the next run plans against the new state")
        self.expected = expected


@dataclass(frozen=True)
class Access:
    """What zsync may do in a library and on whose behalf (``zsync check`` prints it)."""

    library: str
    where: str  # the endpoint, or the file
    rights: dict[str, bool]  # library (read), write, and for Zotero keys notes and files
    holder: str | None = None  # the user the API key belongs to
    user_id: int | None = None
    notes: tuple[str, ...] = ()  # what else `zsync check` should say (the desktop app: instance, key)


CHILD_TYPES = ("note", "attachment", "annotation")


def is_paper(item: ZoteroItem) -> bool:
    """A regular item: not an attachment, note or annotation, not a child."""
    return not item.parentItem and item.itemType not in CHILD_TYPES and bool(item.key)


def is_link(item: ZoteroItem) -> bool:
    """A linked-URL attachment with its URL: a code link, or a PDF linked by its address."""
    return item.itemType == "attachment" and item.linkMode == "linked_url" and bool(item.get("url"))


def papers_and_links(items: Iterable[ZoteroItem]) -> tuple[list[ZoteroItem], dict[str, list[ZoteroItem]]]:
    """A library's regular items, and its linked-URL attachments (code links) by parent key."""
    papers, links = [], {}
    for item in items:
        if item.parentItem:
            if is_link(item):
                links.setdefault(item.parentItem, []).append(item)
        elif is_paper(item):
            papers.append(item)
    return papers, links


@dataclass
class Outline:
    """A library as of one version, without its papers' contents: what a plan reads first.
    A paper's content is read (:meth:`Library.held`) only when an entry is matched to it.
    Notes and attachments are read one at a time and only what a plan needs of them is kept:
    a 100k-paper library's ledger and attachments held whole would double a run's memory."""

    version: int
    papers: set[str]  # the keys of its papers (see is_paper)
    ledger: Ledger  # what the team's ledger (standalone notes) says, and its pages; its papers: those gone
    children: dict[str, set[str]]  # paper key → what it has attached: code links, PDFs (see attached_as)
    unstored: dict[str, str]  # paper key → its stored-file PDF attachment whose file never arrived


#: per stored item: its key, type and parent, and its JSON for notes and attachments only
OUTLINE_QUERY = ("SELECT key, json_extract(data, '$.itemType'), json_extract(data, '$.parentItem'), "
                 "CASE WHEN json_extract(data, '$.itemType') IN ('note', 'attachment') THEN data END FROM items")


def attached_as(item: ZoteroItem) -> set[str]:
    """What a child attachment counts as on its paper: a linked URL (code link) by the URL's
    identity, a PDF by :func:`~zsync.enrich.pdf.pdf_identity` (the arXiv importer's, a
    person's, zsync's)."""
    found = {link_identity(item.get("url"))} if is_link(item) else set()
    return found | {pdf} if (pdf := pdf_identity(item)) else found


def outline_of(version: int, rows: Iterable[tuple[str, str, str | None, str | None]]) -> Outline:
    """An :class:`Outline` from a local store's rows (:data:`OUTLINE_QUERY`): papers told apart
    as :func:`is_paper` tells them apart, the ledger read from standalone notes, and what each
    paper has attached."""
    outline = Outline(version, set(), Ledger(), {}, {})
    for key, item_type, parent, data in rows:
        if parent:
            if item_type == "attachment":
                attachment = ZoteroItem.model_validate_json(data or "{}")
                if found := attached_as(attachment):
                    outline.children.setdefault(parent, set()).update(found)
                if STORED in found and not attachment.get("md5") and attachment.key:
                    outline.unstored[parent] = attachment.key
        elif item_type == "note":
            outline.ledger.read_page(ZoteroItem.model_validate_json(data or "{}"))
        elif item_type not in CHILD_TYPES and key:
            outline.papers.add(key)
    ledger = outline.ledger  # of the papers zsync created, a plan asks only about those that are gone
    ledger.papers = {key: paper for key, paper in ledger.papers.items() if key not in outline.papers}
    return outline


class Library(ABC):
    """A place items live in: the local SQLite file or a Zotero user or group library."""

    max_batch: ClassVar[int] = 50

    #: how this library is named on the command line (``local:/path``, ``groups/123``)
    id: str

    @property
    @abstractmethod
    def version(self) -> int:
        """The library version: it grows with every successful write."""

    @property
    @abstractmethod
    def status(self) -> StatusStore:
        """What zsync remembers about earlier runs into this library."""

    @abstractmethod
    def items(self) -> Iterator[ZoteroItem]:
        """Every item not in the trash, children included, with key and version."""

    @abstractmethod
    def paper_keys(self) -> Iterator[BlockingKeys]:
        """The dedupe blocking keys of every paper (see :func:`is_paper`), for an index of the
        library: kept beside each paper's record for its version (:mod:`zsync.library.records`);
        records missing are built and kept first."""

    @abstractmethod
    def records_of(self, keys: list[str]) -> dict[str, Record]:
        """The dedupe records of these papers: what an index holding only blocking keys reads
        when it compares an entry with its candidates."""

    @abstractmethod
    def outline(self) -> Outline:
        """The library as of one version, without its papers' contents; a plan may create
        conditionally on that version."""

    @abstractmethod
    def held(self, key: str) -> ZoteroItem:
        """An item of the last :meth:`outline` (a paper, a ledger page), read from this machine
        (the library file, the copy of a Web library): never a request. Raises
        :class:`LibraryError` when it is gone."""

    def state(self) -> str:
        """What tells this library's content now from its content at another time: its version
        as it is now (a remote library is asked what changed)."""
        return str(self.version)

    def reload(self) -> None:
        """Make the next read show the library as it is now (after a refused conditional write)."""

    def ready_to_write(self) -> None:
        """Raise, before any request, when this library cannot be written at all (no API key)."""

    def lock_file(self, data_dir: Path) -> Path:
        """The file every writing command on this library locks: the same library, the same lock."""
        return data_dir / "locks" / (re.sub(r"[^\w.-]+", "_", self.id) + ".lock")

    def pending(self) -> int:
        """Write batches a killed or failed run left queued; the next writing command settles them."""
        return 0

    def settle(self) -> int:
        """Settle queued batches (writing commands only, under the library lock): each is sent
        again with its write token on the condition that the library is still at the version it
        was planned against; a batch that already went through is read back, one that can no
        longer go through is dropped (its entries are planned again by the next sync of them).
        Returns how many batches were dropped."""
        return 0

    def deleted_items(self) -> Iterator[ZoteroItem]:
        """Items a person deleted (or trashed) that this library still knows about; none by default."""
        return iter(())

    @abstractmethod
    def get(self, keys: Sequence[str]) -> list[ZoteroItem]:
        """The current state of the items with these keys (missing keys are left out)."""

    @abstractmethod
    def create(self, items: Sequence[ZoteroItem], since: int | None = None) -> WriteReport:
        """Create items that carry their own new key and ``version`` 0.

        An object whose key already exists fails with 412, which is how a retried create
        recognises that the first attempt went through. With ``since``, the batch is written only
        if the library is still at that version, else :class:`LibraryModified` is raised.
        """

    @abstractmethod
    def update(self, items: Sequence[ZoteroItem]) -> WriteReport:
        """Apply partial updates: each item has a key, the version it is based on, and only the
        properties to change (array properties complete). Stale versions fail with 412."""

    @abstractmethod
    def store_file(self, key: str, content: bytes, filename: str, mtime: int) -> None:
        """Store ``content`` as the file of the stored-file attachment ``key`` (``mtime`` in
        milliseconds, as Zotero keeps it). Afterwards the attachment carries the file's ``md5``,
        which is how a re-run knows the file is there. Raises :class:`LibraryError` when the
        library refuses it (storage full: 413)."""

    @abstractmethod
    def collection(self, path: str, create: bool = True) -> str | None:
        """The key of the collection at ``path`` ("A/B"), creating missing levels if asked."""

    def collections(self) -> dict[str, tuple[str, str | None]]:
        """Every collection: key → (name, parent key or ``None``)."""
        return {}

    def collection_paths(self) -> dict[str, str]:
        """Every collection's key → its path ("Team/Daily Papers"), as ``--collection`` takes it."""
        found = self.collections()

        def path(key: str, seen: frozenset[str] = frozenset()) -> str:
            name, parent = found[key]
            if parent is None or parent not in found or parent in seen:  # a cycle or a missing parent: stop there
                return name
            return f"{path(parent, seen | {key})}/{name}"

        return {key: path(key) for key in found}

    def subcollections(self, key: str) -> set[str]:
        """``key`` and every collection below it: "the papers in Team" include those in Team/Daily."""
        children: dict[str | None, list[str]] = {}
        for child, (_, parent) in self.collections().items():
            children.setdefault(parent, []).append(child)
        found, todo = set(), [key]
        while todo:
            current = todo.pop()
            if current not in found:
                found.add(current)
                todo += children.get(current, [])
        return found

    @abstractmethod
    def access(self) -> Access:
        """What this process may read and write here."""

    def close(self) -> None:
        """Release connections; the default has nothing to release."""

    def __enter__(self) -> "Library":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
