"""The interface every library backend implements, modelled on the Zotero Web API.

Terms:

* ITEM — Zotero item JSON (:class:`~zsync.model.ZoteroItem`) with a ``key`` and a ``version``.
* KEY — 8 characters from Zotero's alphabet; zsync makes them itself (``new_key``) so that a
  create retried after a lost response can be recognised instead of repeated.
* VERSION — every write bumps the library version and stamps the written object with it; an
  update names the version it was based on and is refused (412) if the object moved on since.

Writes take at most :attr:`Library.max_batch` objects and answer with a :class:`WriteReport`
shaped like Zotero's: per-object success, unchanged or failure, so one bad object never loses
the rest of its batch.
"""

from __future__ import annotations

import secrets
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import ClassVar, Iterable, Iterator, Sequence

from zsync.library.status import StatusStore
from zsync.model import ZoteroItem

KEY_ALPHABET = "23456789ABCDEFGHIJKLMNPQRSTUVWXYZ"


def new_key() -> str:
    return "".join(secrets.choice(KEY_ALPHABET) for _ in range(8))


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


CHILD_TYPES = ("note", "attachment", "annotation")


def is_paper(item: ZoteroItem) -> bool:
    """A regular item: not an attachment, note or annotation, not a child."""
    return not item.parentItem and item.itemType not in CHILD_TYPES and bool(item.key)


def papers_and_links(items: Iterable[ZoteroItem]) -> tuple[list[ZoteroItem], dict[str, list[ZoteroItem]]]:
    """A library's regular items, and its linked-URL attachments (code links) by parent key."""
    papers, links = [], {}
    for item in items:
        if item.parentItem:
            if item.itemType == "attachment" and item.linkMode == "linked_url" and item.get("url"):
                links.setdefault(item.parentItem, []).append(item)
        elif is_paper(item):
            papers.append(item)
    return papers, links


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

    @property
    def lock_name(self) -> str:
        """What runs on this library lock on: the same library, the same lock."""
        return self.id

    def pending(self) -> int:
        """Writes sent but not answered (a killed run); they are resent by the next run."""
        return 0

    def deleted_items(self) -> Iterator[ZoteroItem]:
        """Items a person deleted (or trashed) that this library still knows about; none by default."""
        return iter(())

    @abstractmethod
    def get(self, keys: Sequence[str]) -> list[ZoteroItem]:
        """The current state of the items with these keys (missing keys are left out)."""

    @abstractmethod
    def create(self, items: Sequence[ZoteroItem]) -> WriteReport:
        """Create items that carry their own new key and ``version`` 0.

        An object whose key already exists fails with 412, which is how a retried create
        recognises that the first attempt went through.
        """

    @abstractmethod
    def update(self, items: Sequence[ZoteroItem]) -> WriteReport:
        """Apply partial updates: each item has a key, the version it is based on, and only the
        properties to change (array properties complete). Stale versions fail with 412."""

    @abstractmethod
    def collection(self, path: str, create: bool = True) -> str | None:
        """The key of the collection at ``path`` ("A/B"), creating missing levels if asked."""

    def close(self) -> None:
        """Release connections; the default has nothing to release."""

    def __enter__(self) -> "Library":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
