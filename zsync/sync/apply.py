"""Carrying out a plan: creates, then attachments (code links and PDFs, a stored PDF's file
right after its attachment), then tag and collection updates, then the team's ledger.

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
from pathlib import Path
from typing import Callable

from zsync.batches import chunks
from zsync.enrich.links import link_attachment, link_identity
from zsync.enrich.pdf import LINKED, STORED, WantedPdf, pdf_file, pdf_link
from zsync.errors import LibraryError, ZsyncError
from zsync.library.base import Library, LibraryModified
from zsync.library.ledger import Ledger, fingerprint, publish, written_fields
from zsync.model import Tag, ZoteroItem, new_key
from zsync.report import Line, RunReport
from zsync.sync.plan import Action, Plan, Step, revised_extra
from zsync.sync.prepare import Candidate

Progress = Callable[[int], None]
#: the file at a URL, downloaded (or from the cache); raises :class:`ZsyncError` when it cannot be had
Download = Callable[[str], Path]
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
    report.pdfs_attached = sum(1 for s in plan.steps if s.pdf)


def apply(plan: Plan, library: Library, report: RunReport, replan: Replan, progress: Progress = lambda n: None,
          download: Download | None = None) -> None:
    """Carry ``plan`` out; ``replan`` is called when the library changed under it; ``download``
    fetches the PDFs ``[pdf] mode = "file"`` stores."""
    races = Races()
    left = library.status.unshared()  # by a run of this member killed before it shared
    since = _create(plan, library, replan, races, progress)
    attached = _attach(plan, library, since, replan, races, PdfFiles(download, report))
    _update(plan.of(Action.UPDATE), library, progress)
    progress(len(plan.of(Action.UNCHANGED)) + len(plan.of(Action.DUPLICATE)))
    _remember(plan, library)
    report_plan(plan, report)
    report.attachments_created = sum(1 for _, identity in attached if identity not in (LINKED, STORED))
    report.pdfs_attached = len(attached) - report.attachments_created
    try:
        _share(plan, library, attached, left)
    except LibraryError as error:  # the papers are in; only the team's memory of them lags
        report.warnings.append(Line(location=library.id, detail=f"ledger not updated: {error.message}"))


#: what an update step adds and says, taken from a new plan when the library changed under it
UPDATE_FIELDS = ("action", "why", "existing", "new_tags", "new_links", "pdf", "pdf_upload", "add_collection",
                 "new_identifiers", "revise", "completions", "held")


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
    linked = [s for s in plan.steps if (s.new_links or s.pdf) and not s.failure and id(s) not in moved]
    with_links = {id(s) for s in linked}
    group = [s for s in plan.steps if id(s) in moved or id(s) in with_links or id(s.duplicate_of) in with_links]
    fresh = replan([s.candidate for s in group])
    plan.version, plan.shared = fresh.version, fresh.shared
    new = {id(old): step for old, step in zip(group, fresh.steps)}
    for step in linked:
        fresh_step = new[id(step)]
        if fresh_step.key != step.key:
            step.new_links, step.pdf = [], None
        elif step.action is Action.CREATE:  # made by this run: its links are still to come
            step.new_links, step.pdf = fresh_step.new_links, fresh_step.pdf
        else:  # an update: what it still adds to the item as it is now (another member may have added it all)
            for name in UPDATE_FIELDS:
                setattr(step, name, getattr(fresh_step, name))
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
            names = item.tag_names()  # the tags of the same paper's other entries in this run too
            item.tags = [*item.tags, *(Tag(tag=t) for t in step.new_tags if t not in names)]
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


class PdfFiles:
    """The PDF files of one run (``[pdf] mode = "file"``): each downloaded once, through
    ``download`` (polite and cached: :meth:`zsync.fetch.Fetcher.download`); a failed download is
    one notice in the report, and that paper gets the link instead (the next run tries again)."""

    def __init__(self, download: Download | None, report: RunReport):
        self.download, self.report = download, report
        self.got: dict[str, Path | None] = {}

    def get(self, step: Step, pdf: WantedPdf) -> Path | None:
        if pdf.url not in self.got:
            try:
                if self.download is None:
                    raise ZsyncError("no downloads in this run")
                self.got[pdf.url] = self.download(pdf.url)
            except ZsyncError as error:
                self.got[pdf.url] = None
                self.report.warnings.append(line(step, f"PDF not downloaded ({error.message}); linked instead, "
                                                       "the next run tries again"))
        return self.got[pdf.url]

    def store(self, library: Library, key: str, step: Step, pdf: WantedPdf) -> bool:
        """Store the downloaded PDF as the file of attachment ``key``; a refusal (storage full,
        413) is a notice and the sync goes on: the next run tries again."""
        path = self.get(step, pdf)
        if path is None:
            return False
        try:
            library.store_file(key, path.read_bytes(), pdf.filename, int(path.stat().st_mtime * 1000))
        except LibraryError as error:
            self.report.warnings.append(line(step, f"PDF not stored: {error.message}"
                                                   + (f" ({error.hint})" if error.hint else "")))
            return False
        self.report.pdfs_stored += 1
        return True


def _attachments(plan: Plan, files: PdfFiles) -> list[tuple[Step, str, ZoteroItem]]:
    """Every attachment the plan still has to create: (its step, its identity, the item)."""
    queue = []
    for step in plan.steps:
        if step.failure:
            continue
        queue += [(step, link_identity(url), link_attachment(title, url, step.key)) for title, url in step.new_links]
        if step.pdf and step.pdf.stored and files.get(step, step.pdf):
            queue.append((step, STORED, pdf_file(step.pdf, step.key)))
        elif step.pdf and (not step.pdf.stored or step.pdf.link_fallback):
            queue.append((step, LINKED, pdf_link(step.pdf.url, step.key)))
    return queue


def _attach(plan: Plan, library: Library, since: int, replan: Replan, races: Races,
            files: PdfFiles) -> list[tuple[str, str]]:
    """Code links and PDFs as child attachments, after their parents exist; stored PDFs' files
    follow, once every attachment is made (an upload changes the library version the creates
    are conditional on). When the library changed, the attachments still to make are planned
    again (one someone else attached or deleted meanwhile is left out). Returns ``(parent key,
    identity)`` of each attachment made."""
    attached: list[tuple[str, str]] = []
    files_for: list[tuple[str, Step]] = []  # (attachment key, its step): files to store
    queue = _attachments(plan, files)
    while queue:
        batch = queue[:library.max_batch]
        items = [item.model_copy(update={"key": new_key(), "version": 0}) for _, _, item in batch]
        try:
            result = library.create(items, since=since)
        except LibraryModified as error:
            races.lost(error)
            _replan_pending(plan, [], replan)
            since = plan.version
            queue = _attachments(plan, files)
            continue
        for index, (step, identity, _) in enumerate(batch):
            if index in result.failed:
                step.failure = result.failed[index]
            else:
                attached.append((step.key or "", identity))
        since = result.version if result.version is not None else since
        files_for += [(result.successful[i].key or "", step) for i, (step, identity, _) in enumerate(batch)
                      if identity == STORED and i in result.successful]
        queue = queue[len(batch):]
    files_for += [(step.pdf_upload, step) for step in plan.steps if step.pdf_upload and not step.failure]
    for key, step in files_for:  # the new ones, and those an earlier run made whose file never arrived
        pdf = step.pdf or step.candidate.pdf
        if pdf:
            files.store(library, key, step, pdf)
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


def _share(plan: Plan, library: Library, attached: list[tuple[str, str]], left: dict[str, str]) -> None:
    """Tell the team (the ledger in the library) what this member gave the library: entries not
    shared yet (this run's, or a killed run's), the papers created and the links attached, and
    what a killed run (``left``: the entries it did not share) gave the papers it made."""
    unshared = library.status.unshared()
    additions = Ledger(entries=unshared)
    for step in plan.of(Action.CREATE):
        if not step.failure and step.key:
            entry = step.candidate.entry
            additions.papers[step.key] = [entry.title or "", entry.arxiv_id or "", entry.doi or ""]
            additions.tags[step.key] = frozenset(step.candidate.item.tag_names())
            additions.fields[step.key] = written_fields(step.candidate.item)
    for step in plan.of(Action.UPDATE):
        if not step.failure and step.key:
            additions.tags[step.key] = frozenset(step.new_tags)
            additions.fields[step.key] = {n: fingerprint(v) for n, v in step.completions.items()}
    for key, link in attached:
        additions.links[key] = additions.links.get(key, frozenset()) | {link}
    for step in plan.steps:
        if left.get(step.candidate.entry.identity) == step.key and step.key not in plan.shared.papers:
            _given_before(step, additions)
    publish(library, plan.shared.pages, additions.without(plan.shared))
    library.status.mark_shared(unshared)


def _given_before(step: Step, additions: Ledger) -> None:
    """What an earlier run of this member, killed before it shared, gave the paper ``step``
    matched: the paper, and of its tags, code links, PDF and fields those the item still has as
    zsync writes them. Without these in the ledger, what a person deletes or removes from such a
    paper later would come back with the next sync."""
    if step.action not in (Action.UNCHANGED, Action.UPDATE) or step.failure or step.existing is None:
        return
    entry, item, existing = step.candidate.entry, step.candidate.item, step.existing
    additions.papers[step.key] = [entry.title or "", entry.arxiv_id or "", entry.doi or ""]
    names = existing.tag_names()
    additions.tags[step.key] = additions.tags.get(step.key, frozenset()) | {t for t in item.tag_names() if t in names}
    kept = {n: f for n, f in written_fields(item).items() if f == fingerprint(existing.get(n))}
    additions.fields[step.key] = {**kept, **additions.fields.get(step.key, {})}
    if step.held:
        additions.links[step.key] = additions.links.get(step.key, frozenset()) | step.held
