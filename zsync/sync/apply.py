"""Carrying out a plan: creates, then code-link attachments, then tag and collection updates,
then the team's ledger.

Writes go in batches of at most ``library.max_batch``. Creates (papers and attachments) are
conditional on the library version the plan was made against (and, after each batch, the
version that batch left): another member or a person writing meanwhile makes the batch fail
whole, unwritten. Then the library is read again and the steps not yet carried out are planned
again against it (:data:`Replan`), so a paper someone else just added is matched, not doubled.
Updates are protected per item instead: each names the version of the item it was based on.

After each batch the status store learns which entry became which item, so a run killed between
batches resumes where it stopped. One failed object is reported with its entry's location (the
failure is kept on its step); the rest of its batch is kept.
"""

from __future__ import annotations

import random
import time
from typing import Callable

from zsync.batches import chunks
from zsync.enrich.links import link_attachment, link_identity
from zsync.errors import LibraryError
from zsync.library.base import Library, LibraryModified, new_key
from zsync.library.ledger import Ledger, fingerprint, publish, written_fields
from zsync.model import Tag, ZoteroItem
from zsync.report import Line, RunReport
from zsync.sync.plan import Action, Plan, Step, revised_extra
from zsync.sync.prepare import Candidate

Progress = Callable[[int], None]
#: plan these candidates again against the library as it is now (it reads the library afresh)
Replan = Callable[[list[Candidate]], Plan]
#: refused conditional writes in one run before giving up: each one means someone else wrote
MAX_REPLANS = 40


def line(step: Step, detail: str | None = None) -> Line:
    entry = step.candidate.entry
    return Line(location=str(entry.location), title=entry.title or "", key=step.key,
                detail=step.why if detail is None else detail)


def report_plan(plan: Plan, report: RunReport) -> None:
    """Fill ``report`` with what the plan does (a dry run: would do); failed steps are reported
    as failures, with why."""
    target = {Action.CREATE: report.created, Action.UPDATE: report.updated, Action.UNCHANGED: report.unchanged,
              Action.DUPLICATE: report.duplicates, Action.SKIP_DELETED: report.skipped}
    for step in plan.steps:
        if step.failure:
            report.failed.append(line(step, f"{step.failure.code}: {step.failure.message}"))
        else:
            target[step.action].append(line(step))
    report.attachments_created = sum(len(s.new_links) for s in plan.steps)


def apply(plan: Plan, library: Library, report: RunReport, replan: Replan, progress: Progress = lambda n: None) -> None:
    """Carry ``plan`` out; ``replan`` is called when the library changed under it."""
    races = Races()
    since = _create(plan, library, replan, races, progress)
    attached = _attach(plan, library, since, replan, races)
    _update(plan.of(Action.UPDATE), library, progress)
    progress(len(plan.of(Action.UNCHANGED)) + len(plan.of(Action.DUPLICATE)))
    _remember(plan, library)
    report_plan(plan, report)
    report.attachments_created = len(attached)
    try:
        _share(plan, library, attached)
    except LibraryError as error:  # the papers are in; only the team's memory of them lags
        report.warnings.append(Line(location=library.id, detail=f"ledger not updated: {error.message}"))


class Races:
    """Counts refused conditional writes, pausing a little longer after each (so that members
    who keep colliding drift apart), and gives up after :data:`MAX_REPLANS`."""

    def __init__(self) -> None:
        self.count = 0

    def lost(self, error: LibraryModified) -> None:
        self.count += 1
        if self.count > MAX_REPLANS:
            raise LibraryError(f"{error.message}; gave up after {MAX_REPLANS} new plans", hint=error.hint)
        time.sleep(random.uniform(0, min(1.0, 0.05 * self.count)))


def _replan_pending(plan: Plan, queue: list[Step], replan: Replan) -> list[Step]:
    """The library changed under the plan: plan again, against the library as it is now, all
    that is still to be written on the plan's version: the creates in ``queue`` (with the
    duplicates folded into them), which take the new steps' place, and the code links of every
    other step, which may have been attached (or deleted) by someone else meanwhile. Returns the
    creates still to be made."""
    waiting = {id(s) for s in queue}
    moved = {id(s) for s in plan.steps if id(s) in waiting or id(s.duplicate_of) in waiting}
    linked = [s for s in plan.steps if s.new_links and not s.failure and id(s) not in moved]
    group = [s for s in plan.steps if id(s) in moved or any(s is t or s.duplicate_of is t for t in linked)]
    fresh = replan([s.candidate for s in group])
    plan.version, plan.ledger = fresh.version, fresh.ledger
    new = {id(old): step for old, step in zip(group, fresh.steps)}
    for step in linked:
        step.new_links = new[id(step)].new_links if new[id(step)].key == step.key else []
    plan.steps = [new[id(s)] if id(s) in moved else s for s in plan.steps]
    return [new[id(s)] for s in group if id(s) in moved and new[id(s)].action is Action.CREATE]


def _create(plan: Plan, library: Library, replan: Replan, races: Races, progress: Progress) -> int:
    """Create the plan's new papers; returns the library version after the last batch."""
    since, queue = plan.version, plan.of(Action.CREATE)
    while queue:
        batch = queue[:library.max_batch]
        items = []
        for step in batch:
            item = step.candidate.item.model_copy(deep=True, update={"key": step.key, "version": 0})
            if step.add_collection:
                item.collections = [step.add_collection]
            items.append(item)
        try:
            result = library.create(items, since=since)
        except LibraryModified as error:
            races.lost(error)
            queue = _replan_pending(plan, queue, replan)
            since = plan.version
            continue
        for index, failure in result.failed.items():
            batch[index].failure = failure
        library.status.put([(s.candidate.entry.identity, s.key) for s in batch if not s.failure and s.key])
        progress(len(batch))
        since = result.version if result.version is not None else since
        queue = queue[len(batch):]
    return since


def _attach(plan: Plan, library: Library, since: int, replan: Replan, races: Races) -> list[tuple[str, str]]:
    """Code links as child attachments, after their parents exist. When the library changed,
    the links still to attach are planned again (one someone else attached or deleted meanwhile
    is left out). Returns ``(parent key, link identity)`` of each attached link."""
    attached: list[tuple[str, str]] = []
    queue = [(step, title, url) for step in plan.steps if not step.failure for title, url in step.new_links]
    while queue:
        batch = queue[:library.max_batch]
        items = [link_attachment(title, url, step.key).model_copy(update={"key": new_key(), "version": 0})
                 for step, title, url in batch]
        try:
            result = library.create(items, since=since)
        except LibraryModified as error:
            races.lost(error)
            _replan_pending(plan, [], replan)
            since = plan.version
            queue = [(step, title, url) for step in plan.steps if not step.failure for title, url in step.new_links]
            continue
        for index, (step, _, url) in enumerate(batch):
            if index in result.failed:
                step.failure = result.failed[index]
            else:
                attached.append((step.key or "", link_identity(url)))
        since = result.version if result.version is not None else since
        queue = queue[len(batch):]
    return attached


def _update(steps: list[Step], library: Library, progress: Progress) -> None:
    """Add tags and the collection to matched items, based on the versions the plan saw; on a
    412 (someone edited the item meanwhile) re-read the item and apply the addition again."""
    todo = [s for s in steps if (s.new_tags or s.add_collection or s.new_identifiers or s.revise or s.completions)
            and not s.failure and s.existing]
    current = {s.key: s.existing for s in todo}
    for attempt in range(2):
        stale: list[Step] = []
        for batch in chunks(todo, library.max_batch):
            result = library.update([_patch(current[s.key], s) for s in batch])
            for index, failure in result.failed.items():
                if failure.code == 404:
                    _deleted_meanwhile(batch[index])
                elif failure.code == 412 and attempt == 0:
                    stale.append(batch[index])
                else:
                    batch[index].failure = failure
            progress(len(batch) if attempt == 0 else 0)
        if not stale:
            break
        current.update({item.key: item for item in library.get([s.key for s in stale])})
        for step in stale:
            if step.key not in current or current[step.key] is step.existing:
                _deleted_meanwhile(step)
        todo = [s for s in stale if s.action is Action.UPDATE]


def _deleted_meanwhile(step: Step) -> None:
    """A person deleted (or trashed) the item between the plan and the write: their removal wins."""
    step.action = Action.SKIP_DELETED
    step.why = f"someone deleted {step.key} from the library while this run was writing"


def _patch(existing: ZoteroItem, step: Step) -> ZoteroItem:
    patch = ZoteroItem(key=existing.key, version=existing.version, itemType=existing.itemType)
    names = existing.tag_names()
    if any(t not in names for t in step.new_tags):
        patch.tags = [*existing.tags, *(Tag(tag=t) for t in step.new_tags if t not in names)]
    if step.add_collection and step.add_collection not in existing.collections:
        patch.collections = [*existing.collections, step.add_collection]
    extra = existing.get("extra")
    if step.revise:
        extra = revised_extra(extra, step.candidate.entry) or extra
    lines = [line for line in step.new_identifiers if line not in extra.splitlines()]
    extra = "\n".join(filter(None, [extra, *lines]))  # appended: what a person wrote stays as it is
    if extra != existing.get("extra"):
        patch.__pydantic_extra__["extra"] = extra
    patch.__pydantic_extra__.update(step.completions)
    return patch


def _remember(plan: Plan, library: Library) -> None:
    """Every entry that is now in the library, duplicates included, points at its item."""
    pairs = []
    for step in plan.steps:
        target = step.duplicate_of or step
        if step.action is not Action.SKIP_DELETED and target.key and not target.failure:
            pairs.append((step.candidate.entry.identity, target.key))
    library.status.put(pairs)


def _share(plan: Plan, library: Library, attached: list[tuple[str, str]]) -> None:
    """Tell the team (the ledger in the library) what this member gave the library: entries not
    shared yet (this run's, or a killed run's), the papers created and the links attached."""
    unshared = library.status.unshared()
    additions = Ledger(entries=unshared)
    for step in plan.of(Action.CREATE):
        if not step.failure and step.key:
            entry = step.candidate.entry
            additions.papers[step.key] = [entry.title or "", entry.arxiv_id or "", entry.doi or ""]
            additions.tags[step.key] = set(step.candidate.item.tag_names())
            additions.fields[step.key] = written_fields(step.candidate.item)
    for step in plan.of(Action.UPDATE):
        if not step.failure and step.key:
            additions.tags[step.key] = set(step.new_tags)
            additions.fields[step.key] = {n: fingerprint(v) for n, v in step.completions.items()}
    for key, link in attached:
        additions.links.setdefault(key, set()).add(link)
    publish(library, plan.ledger, additions.without(Ledger.read(plan.ledger)))
    library.status.mark_shared(unshared)
