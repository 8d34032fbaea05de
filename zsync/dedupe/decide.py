"""Deciding, for a run's records in order, which duplicate an earlier one or a library item.

This is the one place that walks a run: ``zsync dedupe`` reports its decisions and groups, and
the sync planner folds in-run duplicates with it before it looks at the library.

Every record is indexed, duplicates too, so a third wording that resembles only the second is
still found; a duplicate joins the group of the first record of the paper (its *keeper*). A
record the same as several earlier records that were kept apart is folded into the best one,
and the others are listed (``also``): the group report shows them together.

A group is one paper only if no two of its records conflict (:func:`~zsync.dedupe.compare.conflicts`):
a record without a volume is like both volume 1 and volume 2 of a book, and through it the two
volumes would chain into one group. A record that conflicts with a member of the group it
matches does not join it: it is a possible duplicate, for a person.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from zsync.config import DedupeSettings
from zsync.dedupe.compare import NEAR_MISS, Match, Verdict, conflicts
from zsync.dedupe.index import DedupeIndex
from zsync.dedupe.record import Record


@dataclass
class Decision:
    record: Record
    earlier: Match | None = None  # the earlier record in this run it duplicates (its keeper's match)
    keeper: str | None = None  # the ref of the first record of its paper in this run
    existing: Match | None = None  # the library item it duplicates
    also: list[Match] = field(default_factory=list)  # other earlier papers it is the same as
    possible: list[Match] = field(default_factory=list)  # possible duplicates: for a person to decide
    near: list[Match] = field(default_factory=list)  # close calls that were not the same paper

    @property
    def unique(self) -> bool:
        return self.earlier is None and self.existing is None


def near_misses(matches: list[Match], settings: DedupeSettings) -> list[Match]:
    floor = min(settings.threshold, settings.abstract_threshold) - NEAR_MISS
    return [m for m in matches if m.verdict is Verdict.DISTINCT and (m.vetoes or m.score >= floor)]


def decide(records: list[Record], settings: DedupeSettings, library: DedupeIndex | None = None) -> list[Decision]:
    run = DedupeIndex(settings)
    keeper_of: dict[str, str] = {}
    members: dict[str, list[Record]] = {}  # by keeper: the records of its group, groups joined through ``also`` too
    decisions = []
    for record in records:
        matches = run.matches(record)
        decision = Decision(record)
        joined: list[Record] = []
        for match in [m for m in matches if m.same]:
            group = members[keeper_of[match.ref]]
            if group is joined:
                continue
            clash = group_conflict([record, *joined], group)
            if clash:
                matches[matches.index(match)] = demoted(match, clash)
            elif not joined:
                decision.earlier, decision.keeper = match, keeper_of[match.ref]
                joined = group
            else:
                decision.also.append(match)
                joined.extend(group)
                for other in group:
                    members[keeper_of[other.ref]] = joined
        if not joined:
            keeper_of[record.ref] = record.ref
            members[record.ref] = joined = []
            if library is not None:
                found = library.matches(record)
                if found and found[0].same:
                    decision.existing = found[0]
                matches = matches + found
        joined.append(record)
        keeper_of.setdefault(record.ref, decision.keeper or record.ref)
        run.add(record)
        # a duplicate's possible matches are those it could not join (another group, in conflict)
        decision.possible = [m for m in matches
                             if m.verdict is Verdict.POSSIBLE and (decision.unique or "group" in m.vetoes)]
        decision.near = near_misses(matches, settings)
        decisions.append(decision)
    return decisions


def group_conflict(records: list[Record], group: list[Record]) -> str:
    """What a member of ``group`` conflicts with in ``records`` (none: ``""``)."""
    for member in group:
        for record in records:
            clash = conflicts(record, member)
            if clash:
                return f"{', '.join(clash.values())} with {member.label!r} of its group"
    return ""


def demoted(match: Match, clash: str) -> Match:
    return Match(match.ref, match.label, Verdict.POSSIBLE, match.reason, match.scores, {**match.vetoes, "group": clash},
                 match.missing)


def groups(decisions: list[Decision]) -> list[list[str]]:
    """The papers found more than once: refs of the records of each, first record first.
    Records linked through ``also`` are one group (connected components)."""
    parent: dict[str, str] = {}

    def root(ref: str) -> str:
        while parent.setdefault(ref, ref) != ref:
            parent[ref] = parent[parent[ref]]
            ref = parent[ref]
        return ref

    order = {d.record.ref: i for i, d in enumerate(decisions)}
    for d in decisions:
        root(d.record.ref)
        for other in ([d.keeper] if d.keeper else []) + [m.ref for m in d.also]:
            a, b = sorted((root(d.record.ref), root(other)), key=order.__getitem__)
            parent[b] = a
    members: dict[str, list[str]] = {}
    for ref in order:
        members.setdefault(root(ref), []).append(ref)
    return [refs for refs in members.values() if len(refs) > 1]
