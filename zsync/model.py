"""The typed data that flows through the pipeline.

* :class:`Entry` is what a source parser reads from a digest: one paper, with whatever the digest
  said about it and where it said it (:class:`Location`).
* :class:`Reject` is a block a parser recognised as an entry but could not read; it travels with
  the entries so that nothing is dropped silently.
* :class:`ZoteroItem` is Zotero item JSON (the editable ``data`` part of an API object). Its
  structural properties are typed; the item-type specific fields (``title``, ``DOI``, …) are kept
  as extra attributes because which ones exist depends on the item type; ``zsync.schema`` checks
  them against the official schema.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, InstanceOf, field_validator
from pydantic.dataclasses import dataclass as pydantic_dataclass

from zsync.dates import is_iso_date
from zsync.identifiers import normalize_doi


@dataclass(frozen=True, slots=True)
class Location:
    """A file, a 1-based line number (0 when the whole file is meant) and, where many entries
    share a line (a JSON answer on one line), the 1-based column."""

    path: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if not self.line:
            return self.path
        return f"{self.path}:{self.line}:{self.column}" if self.column else f"{self.path}:{self.line}"


@dataclass(slots=True)
class Person:
    """An author: either split into first/last name or a single-field ``name``. Not frozen: a
    frozen dataclass sets each field through ``object.__setattr__``, and a digest of 10,000
    papers makes 60,000 of them (bench/feeds_bench.py); nothing changes a person once read."""

    first: str = ""
    last: str = ""
    name: str = ""  # a single-field name (an organisation, a mononym)


class Entry(BaseModel):
    """One paper as a digest described it. Fields a digest does not give stay ``None``/empty."""

    format: str
    location: InstanceOf[Location]  # made by zsync's readers: checked for its type, not rebuilt
    title: str | None = None
    title_provisional: bool = False  # True when the digest gave no title and zsync derived one
    abstract: str | None = None
    authors: list[InstanceOf[Person]] = Field(default_factory=list)
    editors: list[InstanceOf[Person]] = Field(default_factory=list)
    author_count: int | None = None  # when the digest counts authors but does not name them
    date: str | None = None  # ISO 8601, possibly partial ("2024", "2024-06", "2024-06-12")
    arxiv_id: str | None = None  # without version
    arxiv_version: int | None = None
    arxiv_category: str | None = None  # primary category, e.g. "cs.CL"
    doi: str | None = None
    url: str | None = None
    upvotes: int | None = None
    kind: str | None = None  # the digest's own notion of item kind (e.g. a BibTeX entry type)
    citation_key: str | None = None
    links: list[str] = Field(default_factory=list)  # links the digest gives outside the abstract
    tags: list[str] = Field(default_factory=list)
    facts: dict[str, str] = Field(default_factory=dict)  # anything else the digest said

    @field_validator("date")
    @classmethod
    def _iso_date(cls, value: str | None) -> str | None:
        if value is not None and not is_iso_date(value):
            raise ValueError(f"date must be a real date in ISO 8601 (YYYY[-MM[-DD]]), got {value!r}")
        return value

    @property
    def identity(self) -> str:
        """A stable key for "this paper from a digest", used to remember what became of it.

        Identifiers win (normalised, so a DOI written as a URL, ``doi:…`` or bare is one key);
        without one, the normalised title, and for entries whose title is only provisional, the
        normalised abstract.
        """
        if self.arxiv_id:
            return f"arxiv:{self.arxiv_id}"
        if self.doi and (doi := normalize_doi(self.doi)):
            return f"doi:{doi}"
        basis, text = ("title", self.title) if self.title and not self.title_provisional else ("abstract", self.abstract)
        words = re.findall(r"\w+", (text or "").casefold())
        return f"{basis}:" + hashlib.sha1(" ".join(words).encode()).hexdigest()[:16]

    def values(self) -> dict[str, Any]:
        """The entry's scalar facts by name, for mapping templates (empty values left out)."""
        data = self.model_dump(exclude={"location", "authors", "editors", "links", "tags", "facts"})
        data.update(self.facts)
        data["location"] = str(self.location)
        return {k: v for k, v in data.items() if v not in (None, "", False)}


class Reject(BaseModel):
    """A block that looked like an entry but could not be read."""

    location: Location
    message: str
    excerpt: str = ""

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


class Notice(BaseModel):
    """Something a parser repaired or guessed; the entries are kept, the user is told.
    ``nothing_listed``: the digest itself says it lists no papers (a feed of an empty day), so
    giving none is right; any other file that gives none is refused (``read_digests``)."""

    location: Location
    message: str
    nothing_listed: bool = False

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


@pydantic_dataclass(frozen=True, slots=True, config=ConfigDict(extra="forbid"))
class Creator:
    """An item's author or editor, as Zotero writes one: split names, or a single ``name``."""

    creatorType: str = "author"
    firstName: str | None = None
    lastName: str | None = None
    name: str | None = None

    def __deepcopy__(self, memo: dict[int, Any]) -> "Creator":
        return self  # frozen: a deep copy of an item shares its creators (copying them was a tenth of a sync)


@pydantic_dataclass(frozen=True, slots=True, config=ConfigDict(extra="forbid"))
class Tag:
    """A tag of an item; ``type`` 1 marks one a program gave (Zotero's automatic tags)."""

    tag: str
    type: int | None = None

    def __deepcopy__(self, memo: dict[int, Any]) -> "Tag":
        return self  # frozen, like Creator


KEY_ALPHABET = "23456789ABCDEFGHIJKLMNPQRSTUVWXYZ"


def new_key() -> str:
    """A new item key: 8 characters from Zotero's alphabet (see :mod:`zsync.library.base`)."""
    return "".join(secrets.choice(KEY_ALPHABET) for _ in range(8))


class ZoteroItem(BaseModel):
    """Zotero item JSON; the type-specific fields are the model's extra attributes."""

    model_config = ConfigDict(extra="allow")

    key: str | None = None
    version: int | None = None
    itemType: str
    parentItem: str | None = None
    linkMode: str | None = None
    creators: list[Creator] = Field(default_factory=list)
    tags: list[Tag] = Field(default_factory=list)
    collections: list[str] = Field(default_factory=list)
    relations: dict[str, Any] = Field(default_factory=dict)

    @property
    def fields(self) -> dict[str, Any]:
        """The item-type specific fields (``title``, ``DOI``, ``extra``, …)."""
        return dict(self.model_extra or {})

    def get(self, field: str, default: str = "") -> str:
        return (self.model_extra or {}).get(field) or default

    def tag_names(self) -> list[str]:
        return [t.tag for t in self.tags]

    def to_json(self) -> dict[str, Any]:
        """The JSON Zotero expects: unset optional properties left out."""
        data = self.model_dump(exclude_none=True)
        data["creators"] = [_set_fields(c) for c in self.creators]
        data["tags"] = [_set_fields(t) for t in self.tags]
        if self.itemType in ("attachment", "note") or self.parentItem:
            data.pop("creators")
        if self.parentItem:
            data.pop("collections")  # child items may not be in collections
        return data

    def extra_lines(self) -> list[str]:
        """The non-blank lines of ``extra``, where Zotero keeps what it has no field for (``key: value``)."""
        return [line for line in self.get("extra").splitlines() if line.strip()]


def _set_fields(value: Creator | Tag) -> dict[str, Any]:
    """A creator's or tag's JSON: the fields it has (``None`` left out, as Zotero leaves them out).
    Its slots are its fields; ``dataclasses.asdict`` would deep-copy every value first."""
    return {name: v for name in value.__slots__ if (v := getattr(value, name)) is not None}
