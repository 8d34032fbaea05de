"""What ``zsync dedupe`` finds, as data: a decision per entry and the groups of duplicates.

:func:`dedupe_entries` is what the command (and ``bench/dedupe_benchmark.py``) runs: each entry
is mapped to the Zotero item a sync would write, its record built from that item (the one
builder, :func:`~zsync.dedupe.record.record_from_item`), and the run decided against itself and,
given, a library's items. The CLI only prints the report.
"""

from __future__ import annotations

from typing import Iterable, Literal

from pydantic import BaseModel, Field

from zsync.config import DedupeSettings
from zsync.dedupe.compare import Match
from zsync.dedupe.decide import Decision, decide, groups
from zsync.dedupe.index import DedupeIndex, Loader
from zsync.dedupe.record import BlockingKeys, Record, record_from_item
from zsync.mapping import Mapper
from zsync.model import Entry, ZoteroItem


class Link(BaseModel):
    """Another record and how it compares."""

    of: str  # the other record's name (an entry's, or a library item's key)
    title: str = ""
    verdict: str
    why: str
    scores: dict[str, float] = Field(default_factory=dict)
    vetoes: dict[str, str] = Field(default_factory=dict)
    missing: list[str] = Field(default_factory=list)


class EntryDecision(BaseModel):
    name: str  # what identifies the entry: citation key, arXiv id, DOI, HF paper id, else file:line
    location: str
    title: str | None
    decision: Literal["unique", "duplicate", "in-library"]
    duplicate_of: Link | None = None  # the first entry of the same paper, or the library item
    also: list[Link] = Field(default_factory=list)  # further earlier entries of the same paper
    possible: list[Link] = Field(default_factory=list)  # possible duplicates, for a person
    near: list[Link] = Field(default_factory=list)  # near misses (with --explain)


class DedupeReport(BaseModel):
    library: str | None = None
    entries: list[EntryDecision] = Field(default_factory=list)
    groups: list[list[str]] = Field(default_factory=list)  # names, first entry first

    @property
    def duplicates(self) -> int:
        return sum(1 for e in self.entries if e.decision == "duplicate")

    @property
    def in_library(self) -> int:
        return sum(1 for e in self.entries if e.decision == "in-library")

    @property
    def unique(self) -> int:
        return sum(1 for e in self.entries if e.decision == "unique")


def entry_name(entry: Entry) -> str:
    """How a person finds the entry again: the citation key of a .bib entry, the arXiv id or
    DOI of a paper, the Hugging Face paper id, else where it was read."""
    if entry.citation_key:
        return entry.citation_key
    if entry.arxiv_id:
        return f"arXiv:{entry.arxiv_id}"
    if entry.doi:
        return f"doi:{entry.doi}"
    if entry.facts.get("hf_paper_id"):
        return f"hf:{entry.facts['hf_paper_id']}"
    return str(entry.location)


def library_index(items: Iterable[ZoteroItem], settings: DedupeSettings) -> DedupeIndex:
    """A dedupe index over a library's papers (regular items with a key)."""
    return index_of((record_from_item(item) for item in items), settings)


def index_of(records: Iterable[Record], settings: DedupeSettings) -> DedupeIndex:
    """An index of ``records``, held in memory."""
    index = DedupeIndex(settings)
    for record in records:
        index.add(record)
    return index


def held_index(keys: Iterable[BlockingKeys], settings: DedupeSettings, load: Loader) -> DedupeIndex:
    """An index of a library's papers by their blocking keys (its
    :meth:`~zsync.library.base.Library.paper_keys`) that reads candidates' records back with
    ``load`` (its :meth:`~zsync.library.base.Library.records_of`) when it compares."""
    index = DedupeIndex(settings, load)
    for paper in keys:
        index.add_keys(paper)
    return index


def entry_records(entries: list[Entry], mapper: Mapper) -> list[Record]:
    """Each entry's record, from the item the mapping makes of it; refs are ``entry:N``."""
    return [record_from_item(mapper.map(entry), f"entry:{i}") for i, entry in enumerate(entries)]


def dedupe_entries(entries: list[Entry], mapper: Mapper, settings: DedupeSettings,
                   library: DedupeIndex | None = None, library_id: str | None = None,
                   explain: bool = False) -> DedupeReport:
    """Which entries are the same paper, inside the run and against the index of the library's
    papers (:func:`held_index`)."""
    names = unique_names([entry_name(e) for e in entries])
    decisions = decide(entry_records(entries, mapper), settings, library)

    def link(match: Match) -> Link:
        name = names[int(match.ref.split(":")[1])] if match.ref.startswith("entry:") else match.ref
        return Link(of=name, title=match.label, verdict=match.verdict.value, why=str(match), scores=match.scores,
                    vetoes=match.vetoes, missing=match.missing)

    report = DedupeReport(library=library_id)
    for entry, name, d in zip(entries, names, decisions):
        report.entries.append(EntryDecision(
            name=name, location=str(entry.location), title=entry.title, decision=kind_of(d),
            duplicate_of=link(d.earlier or d.existing) if not d.unique else None,  # type: ignore[arg-type]
            also=[link(m) for m in d.also], possible=[link(m) for m in d.possible],
            near=[link(m) for m in d.near] if explain else []))
    report.groups = [[names[int(ref.split(":")[1])] for ref in group] for group in groups(decisions)]
    return report


def kind_of(decision: Decision) -> Literal["unique", "duplicate", "in-library"]:
    return "duplicate" if decision.earlier else "in-library" if decision.existing else "unique"


def unique_names(names: list[str]) -> list[str]:
    """Names as they are, a repeated one (a citation key used twice) with its occurrence."""
    seen: dict[str, int] = {}
    result = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        result.append(name if seen[name] == 1 else f"{name}#{seen[name]}")
    return result
