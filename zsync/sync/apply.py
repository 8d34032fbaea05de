"""Carrying out a plan: creates, then code-link attachments, then tag and collection updates.

Writes go in batches of at most ``library.max_batch``. After each batch the status store learns
which entry became which item, so a run killed between batches resumes where it stopped. One
failed object is reported with its entry's location; the rest of its batch is kept.
"""

from __future__ import annotations

from typing import Callable

from zsync.batches import chunks
from zsync.enrich.links import link_attachment
from zsync.library.base import Library, WriteFailure, new_key
from zsync.model import Tag, ZoteroItem
from zsync.report import Line, RunReport
from zsync.sync.plan import Action, Plan, Step, revised_extra

Progress = Callable[[int], None]


def line(step: Step, detail: str | None = None) -> Line:
    entry = step.candidate.entry
    return Line(location=str(entry.location), title=entry.title or "", key=step.key,
                detail=step.why if detail is None else detail)


def report_plan(plan: Plan, report: RunReport, failed: dict[int, WriteFailure] | None = None) -> None:
    """Fill ``report`` with what the plan does (a dry run: would do); steps in ``failed`` are
    reported as failures, with why."""
    failed = failed or {}
    target = {Action.CREATE: report.created, Action.UPDATE: report.updated, Action.UNCHANGED: report.unchanged,
              Action.DUPLICATE: report.duplicates, Action.SKIP_DELETED: report.skipped}
    for step in plan.steps:
        if id(step) in failed:
            report.failed.append(line(step, f"{failed[id(step)].code}: {failed[id(step)].message}"))
        else:
            target[step.action].append(line(step))
    report.attachments_created = sum(len(s.new_links) for s in plan.steps)


def apply(plan: Plan, library: Library, report: RunReport, progress: Progress = lambda n: None) -> None:
    failed: dict[int, WriteFailure] = {}  # id(step) -> why it failed
    _create(plan.of(Action.CREATE), library, failed, progress)
    attached = _attach([s for s in plan.steps if s.new_links and id(s) not in failed], library, failed)
    _update(plan.of(Action.UPDATE), library, failed, progress)
    progress(len(plan.of(Action.UNCHANGED)) + len(plan.of(Action.DUPLICATE)))
    _remember(plan, library, failed)
    report_plan(plan, report, failed)
    report.attachments_created = attached


def _create(steps: list[Step], library: Library, failed: dict[int, WriteFailure], progress: Progress) -> None:
    for batch in chunks(steps, library.max_batch):
        items = []
        for step in batch:
            item = step.candidate.item.model_copy(deep=True, update={"key": step.key, "version": 0})
            if step.add_collection:
                item.collections = [step.add_collection]
            items.append(item)
        result = library.create(items)
        for index, failure in result.failed.items():
            failed[id(batch[index])] = failure
        library.status.put([(s.candidate.entry.identity, s.key) for s in batch if id(s) not in failed and s.key])
        progress(len(batch))


def _attach(steps: list[Step], library: Library, failed: dict[int, WriteFailure]) -> int:
    """Code links as child attachments, after their parents exist."""
    pending = [(step, link_attachment(title, url, step.key).model_copy(update={"key": new_key(), "version": 0}))
               for step in steps for title, url in step.new_links]
    created = 0
    for batch in chunks(pending, library.max_batch):
        result = library.create([item for _, item in batch])
        created += len(result.successful)
        for index, failure in result.failed.items():
            failed[id(batch[index][0])] = failure
    return created


def _update(steps: list[Step], library: Library, failed: dict[int, WriteFailure], progress: Progress) -> None:
    """Add tags and the collection to matched items, based on the versions the plan saw; on a
    412 (someone edited the item meanwhile) re-read the item and apply the addition again."""
    todo = [s for s in steps if (s.new_tags or s.add_collection or s.new_identifiers or s.revise)
            and id(s) not in failed and s.existing]
    current = {s.key: s.existing for s in todo}
    for attempt in range(2):
        stale: list[Step] = []
        for batch in chunks(todo, library.max_batch):
            result = library.update([_patch(current[s.key], s) for s in batch])
            for index, failure in result.failed.items():
                if failure.code == 412 and attempt == 0:
                    stale.append(batch[index])
                else:
                    failed[id(batch[index])] = failure
            progress(len(batch) if attempt == 0 else 0)
        if not stale:
            break
        current.update({item.key: item for item in library.get([s.key for s in stale])})
        for step in stale:
            if step.key not in current or current[step.key] is step.existing:
                failed[id(step)] = WriteFailure(404, f"item {step.key} is no longer in the library", step.key)
        todo = [s for s in stale if id(s) not in failed]


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
    return patch


def _remember(plan: Plan, library: Library, failed: dict[int, WriteFailure]) -> None:
    """Every entry that is now in the library, duplicates included, points at its item."""
    pairs = []
    for step in plan.steps:
        target = step.duplicate_of or step
        if step.action is not Action.SKIP_DELETED and target.key and id(target) not in failed:
            pairs.append((step.candidate.entry.identity, target.key))
    library.status.put(pairs)
