"""Deciding what a run does, before it does anything (vdirsyncer's plan-then-apply).

For each candidate, in digest order:

1. a duplicate of an earlier candidate in this run is folded into it (its tags and links too);
2. an entry this library received before (this member's status store, or the team's ledger in
   the library) is matched to that item; if a person deleted the item since, it is skipped, not
   created again;
3. otherwise the library index is searched for the same paper (identifiers, then titles); a
   paper people deleted or trashed is skipped too;
4. a matched item is ``unchanged`` unless it lacks some of the candidate's tags, code links
   or its PDF (other than ones people deleted), the run's collection, identifiers, or a newer
   arXiv version. Then it is an ``update``, which adds tags, the collection, code links and the
   PDF, and
   touches one field: ``extra``, where missing ``arXiv:``/``DOI:`` lines are appended and the
   ``version:`` line (with its ``revised:`` mark) is rewritten. Every other line of ``extra`` and
   every other field stay as a person left them;
5. everything else is ``create``; a new paper that is only *possibly* the same as a library item
   or another new paper (see :mod:`zsync.dedupe.compare`) is created all the same, tagged
   ``zsync:possible-duplicate`` and related (``dc:relation``) to the other: a doubtful match
   never drops a paper.

The plan is plain data, made against one version of the library (:attr:`Plan.version`):
``--dry-run`` prints it, :func:`zsync.sync.apply.apply` carries it out, creating only while the
library is still at that version. When it is not, apply calls :func:`plan` again on the steps
it has not carried out yet, against the library as it is now.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from functools import cached_property

from zsync.config import DedupeSettings
from zsync.dedupe import DedupeIndex, Match, Record, Verdict, record_from_item
from zsync.dedupe.decide import decide
from zsync.dedupe.record import item_identifiers
from zsync.dedupe.report import held_index, library_index
from zsync.enrich.links import link_identity
from zsync.enrich.pdf import LINKED, STORED, WantedPdf, missing_pdf
from zsync.library.base import Library, WriteFailure
from zsync.dedupe.normalize import normalize_text
from zsync.library.ledger import COMPLETABLE, Ledger, fingerprint
from zsync.model import Entry, Tag, ZoteroItem, new_key
from zsync.sync.prepare import Candidate


FIELD_WORDS = {"abstractNote": "abstract"}
#: why an entry that went into the library before is matched to that item
def remembered(identity: str) -> str:
    """Why an entry is the item an earlier run made of it, in words: what it was remembered by
    (its :attr:`~zsync.model.Entry.identity`), so a re-run's explanation names the evidence."""
    kind, _, value = identity.partition(":")
    said = {"arxiv": f"arXiv id {value}", "doi": f"DOI {value}"}.get(kind, kind)
    return f"the same {said} as the entry an earlier run synced to this item"


class Action(str, Enum):
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    DUPLICATE = "duplicate"
    SKIP_DELETED = "skip-deleted"


@dataclass
class Step:
    action: Action
    candidate: Candidate
    key: str | None = None  # the item this entry is (or becomes)
    why: str = ""
    new_tags: list[str] = field(default_factory=list)
    new_links: list[tuple[str, str]] = field(default_factory=list)
    pdf: WantedPdf | None = None  # the PDF to attach
    pdf_upload: str | None = None  # a stored-file PDF attachment of the item still waiting for its file
    add_collection: str | None = None
    new_identifiers: list[str] = field(default_factory=list)  # "arXiv: ID" / "DOI: X" lines for extra
    revise: bool = False  # the digest announces a newer version: update the item's version line
    completions: dict[str, str] = field(default_factory=dict)  # field → fuller value (see completions())
    duplicate_of: "Step | None" = None
    existing: ZoteroItem | None = None  # the library's item as the plan saw it
    possible: list[tuple[str, str]] = field(default_factory=list)  # (key, why): possibly the same paper
    held: frozenset[str] = frozenset()  # identities of the wanted code links and PDF the item has already
    failure: WriteFailure | None = None  # why carrying the step out failed, once it did

    def changes(self) -> list[str]:
        """What carrying out this step adds to an existing item, in words (empty: nothing)."""
        return [*(f"tag {t!r}" for t in self.new_tags), *(f"code link {u}" for _, u in self.new_links),
                *([f"the PDF ({self.pdf.url})"] if self.pdf else []), *(["the PDF's file"] if self.pdf_upload else []),
                *(["the collection"] if self.add_collection else []), *self.new_identifiers,
                *(["a newer version"] if self.revise else []), *(f"the fuller {FIELD_WORDS.get(n, n)}" for n in self.completions)]


@dataclass
class Plan:
    steps: list[Step]
    collection: str | None = None
    version: int = 0  # the library version the plan was made against
    shared: Ledger = field(default_factory=Ledger)  # the team's ledger as the plan read it (and its pages)

    def of(self, action: Action) -> list[Step]:
        return [s for s in self.steps if s.action is action]


class LibraryView:
    """The library as the planner needs it, as of one version: its outline (paper keys, code
    links per paper), what this member and the team (the ledger) gave the library, the papers
    entries were matched to (read when matched), and the dedupe indexes of its papers and of the
    papers people removed. The indexes are built when first asked: a run whose entries all went
    into the library before (a re-run) never needs them."""

    def __init__(self, library: Library, settings: DedupeSettings):
        self.library, self.settings = library, settings
        self.status = library.status.snapshot()  # before the items (see StatusStore.snapshot)
        outline = library.outline()
        self.version, self.papers, self.ledger = outline.version, outline.papers, outline.ledger
        self.links, self.unstored = outline.children, outline.unstored
        self.read: dict[str, ZoteroItem] = {}

    def item(self, key: str) -> ZoteroItem:
        """A paper of the library, read when an entry is matched to it."""
        if key not in self.read:
            self.read[key] = self.library.held(key)
        return self.read[key]

    @cached_property
    def index(self) -> DedupeIndex:
        return held_index((k for k in self.library.paper_keys() if k.ref in self.papers), self.settings,
                        self.library.records_of)

    @cached_property
    def deleted(self) -> DedupeIndex:
        """Papers people removed: deleted, trashed, or gone from the ledger's list."""
        tombstones = list(self.library.deleted_items())
        buried = {item.key for item in tombstones}
        return library_index(
            [*tombstones, *(i for i in self.ledger.deleted_papers(self.papers) if i.key not in buried)],
            self.settings)

    def known(self, identity: str) -> str | None:
        """The item an entry became in an earlier run, this member's or anyone's."""
        return self.status.get(identity) or self.ledger.entries.get(identity)

    def links_of(self, key: str, recreate_deleted: bool) -> set[str]:
        """Code links the item has, and (unless asked to bring them back) the ones zsync gave it
        that people deleted since."""
        present = self.links.get(key, set())
        return present if recreate_deleted else present | self.ledger.links.get(key, set())

    def pdf_for(self, key: str, wanted: WantedPdf | None, recreate_deleted: bool) -> WantedPdf | None:
        """The PDF the item lacks (none if a person deleted the one zsync gave it)."""
        added = set() if recreate_deleted else self.ledger.links.get(key, set())
        return missing_pdf(wanted, self.links.get(key, set()), added)


def plan(candidates: list[Candidate], library: Library, settings: DedupeSettings,
         collection_key: str | None = None, recreate_deleted: bool = False) -> Plan:
    view = LibraryView(library, settings)
    records = [record_from_item(c.item, ref=f"entry:{i}") for i, c in enumerate(candidates)]
    steps: list[Step] = []
    kept: dict[str, Step] = {}
    possible: dict[str, list[Match]] = {}  # by keeper: what its paper may be the same as
    keeper_of: dict[str, str] = {}
    for candidate, record, decision in zip(candidates, records, decide(records, settings)):
        keeper_of[record.ref] = decision.keeper or record.ref
        if decision.keeper is not None:
            first = kept[decision.keeper]
            steps.append(Step(Action.DUPLICATE, candidate, duplicate_of=first,
                              why=f"same paper as {first.candidate.entry.location}: {decision.earlier}"))
            possible[decision.keeper].extend(decision.possible)  # a group it could not join
            continue
        step = Step(Action.CREATE, candidate)
        kept[record.ref] = step
        possible[record.ref] = list(decision.possible)
        steps.append(step)

    folded: dict[int, list[Step]] = {}
    for step in steps:
        if step.duplicate_of is not None:
            folded.setdefault(id(step.duplicate_of), []).append(step)
    for ref, step in kept.items():
        _decide(step, folded.get(id(step), []), records[int(ref.split(":")[1])], view, collection_key, recreate_deleted)
    for ref, step in kept.items():  # possible duplicates inside the run: both are created, and related
        for match in possible[ref]:
            other = kept.get(keeper_of.get(match.ref, ""))
            if (step.action is Action.CREATE and other is not None and other is not step and other.key
                    and other.key not in (key for key, _ in step.possible)):
                step.possible.append((other.key, f"{other.candidate.entry.location}: {match}"))
                if other.action is Action.CREATE:
                    other.possible.append((step.key or "", f"{step.candidate.entry.location}: {match}"))
    for step in kept.values():
        if step.action is Action.CREATE:
            mark_possible(step.candidate.item, step, library.id, settings.possible_tag)
            if step.possible:
                step.why += "; possibly the same paper as " + "; ".join(why for _, why in step.possible)
    return Plan(steps, collection_key, view.version, view.ledger)


def item_uri(library_id: str, key: str) -> str:
    """The URI Zotero's relations use for an item of this library (``dc:relation``)."""
    if library_id.startswith(("users/", "groups/")):
        return f"http://zotero.org/{library_id}/items/{key}"
    return f"http://zotero.org/users/local/zsync/items/{key}"


def mark_possible(item: ZoteroItem, step: Step, library_id: str, tag: str) -> None:
    """Tag a new item as a possible duplicate and relate it to the other copies, so that
    Zotero shows them side by side and a person decides."""
    if not step.possible:
        return
    if tag not in item.tag_names():
        item.tags = [*item.tags, Tag(tag=tag)]
    related = item.relations.get("dc:relation", [])
    related = [related] if isinstance(related, str) else list(related)
    related += [uri for key, _ in step.possible if (uri := item_uri(library_id, key)) not in related]
    item.relations = {**item.relations, "dc:relation": related}


VERSION_LINE = re.compile(r"^version:\s*(\d+)\s*$", re.M)


def revised_extra(extra: str, entry: Entry) -> str | None:
    """``extra`` with its ``version: N`` line following a newer version the digest announces,
    or ``None`` when nothing changes. A listing that names the version (RSS) sets it; a
    replacement notice without one (the e-mail digest) bumps it once per revision date, which
    a ``revised: DATE`` line records so a re-run changes nothing."""
    current = VERSION_LINE.search(extra)
    number = int(current[1]) if current else 1
    revised = entry.facts.get("revised")
    if entry.arxiv_version and entry.arxiv_version > number:
        target, mark = entry.arxiv_version, None
    elif revised and f"revised: {revised}" not in extra.splitlines():
        target, mark = number + 1, f"revised: {revised}"
    else:
        return None
    lines = [line for line in extra.splitlines() if not VERSION_LINE.match(line) and not line.startswith("revised: ")]
    return "\n".join([*lines, f"version: {target}", *([mark] if mark else [])])


def identifiers_gained(entry: Record, item: ZoteroItem) -> list[str]:
    """Identifiers the entry brings that the item lacks, as ``extra`` lines: a published
    version kept in the library gains the preprint's arXiv id, and the other way round."""
    dois, arxiv = item_identifiers(item)
    return [f"arXiv: {a}" for a in sorted(entry.arxiv - arxiv)] + [f"DOI: {d}" for d in sorted(entry.dois - dois)]


def _decide(step: Step, duplicates: list[Step], record: Record, view: LibraryView, collection_key: str | None,
            recreate_deleted: bool) -> None:
    candidate = step.candidate
    tags = list(dict.fromkeys(t for s in [step, *duplicates] for t in s.candidate.tags))
    links = list({link_identity(url): (title, url)
                  for s in [step, *duplicates] for title, url in s.candidate.links}.values())
    pdf = next((s.candidate.pdf for s in [step, *duplicates] if s.candidate.pdf), None)
    known = view.known(candidate.entry.identity)
    match: Match | str | None
    if known and known in view.papers:
        match = remembered(candidate.entry.identity)
    elif known and not recreate_deleted:
        step.action, step.key = Action.SKIP_DELETED, known
        step.why = f"created as {known} by an earlier run and deleted from the library since"
        return
    else:
        found = view.index.matches(record)
        match = found[0] if found and found[0].same else None
        step.possible = [(m.ref, f"{m.ref}: {m}") for m in found if m.verdict is Verdict.POSSIBLE] if match is None else []
    buried = view.deleted.find(record) if match is None else None
    if buried is not None and not recreate_deleted:
        step.action, step.key = Action.SKIP_DELETED, buried.ref
        step.why = f"someone deleted this paper ({buried.ref}) from the library: {buried}"
        return
    if match is None:
        step.key = new_key()
        step.new_tags, step.new_links, step.add_collection, step.pdf = tags, links, collection_key, pdf
        step.why = "no such paper in the library"
        return
    step.key = known if isinstance(match, str) else match.ref
    existing = step.existing = view.item(step.key)
    step.why = f"same paper as {step.key}: {match}"
    removed = set() if recreate_deleted else view.ledger.tags.get(step.key, set())  # zsync gave them; a person took them off
    step.new_tags = [t for t in tags if t not in existing.tag_names() and t not in removed]
    step.completions = completions(existing, candidate.item, view.ledger.fields.get(step.key, {}))
    step.new_links = [(t, u) for t, u in links if link_identity(u) not in view.links_of(step.key, recreate_deleted)]
    present = view.links.get(step.key, set())
    step.held = frozenset({link_identity(u) for _, u in links} & present | (present & {LINKED, STORED} if pdf else set()))
    step.pdf = view.pdf_for(step.key, pdf, recreate_deleted)
    if pdf and pdf.stored and not step.pdf:
        step.pdf_upload = view.unstored.get(step.key)
    if collection_key and collection_key not in existing.collections:
        step.add_collection = collection_key
    step.new_identifiers = identifiers_gained(record, existing)
    step.revise = revised_extra(existing.get("extra"), candidate.entry) is not None
    changes = step.changes()
    step.action = Action.UPDATE if changes else Action.UNCHANGED
    if changes:
        step.why += "; adds " + ", ".join(changes)


def completions(existing: ZoteroItem, item: ZoteroItem, written: dict[str, str]) -> dict[str, str]:
    """Fields zsync wrote and nobody edited since (their fingerprint in the ledger is the
    item's) that this copy of the paper gives more fully: a cut abstract, a missing date."""
    return {name: item.get(name) for name in COMPLETABLE
            if name in written and written[name] == fingerprint(existing.get(name))
            and fuller(existing.get(name), item.get(name))}


def fuller(old: str, new: str) -> bool:
    """``new`` says all that ``old`` says, and more: ``2024`` → ``2024-06-12``, an abstract cut
    off (with or without an ellipsis) → the whole abstract."""
    if not new or new == old:
        return False
    before, after = normalize_text(old.rstrip(".…  ")), normalize_text(new)
    return not before or (len(after) > len(before) and after.startswith(before))
