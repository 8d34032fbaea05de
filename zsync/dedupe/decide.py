"""Deciding, for a run's records in order, which duplicate an earlier one or a library item.

This is the one place that walks a run: ``zsync dedupe`` reports its decisions and groups, and
the sync planner folds in-run duplicates with it before it looks at the library.

Every record is indexed, duplicates too, so a third wording that resembles only the second is
still found; a duplicate joins the group of the first record of the paper (its *keeper*). A
record the same as several earlier records that were kept apart is folded into the best one,
and the others are listed (``also``): the group report shows them together.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from zsync.config import DedupeSettings
from zsync.dedupe.compare import NEAR_MISS, Match, Verdict
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
    decisions = []
    for record in records:
        matches = run.matches(record)
        decision = Decision(record)
        same = [m for m in matches if m.same]
        if same:
            decision.earlier, decision.keeper = same[0], keeper_of[same[0].ref]
            seen = {decision.keeper}
            for match in same[1:]:
                if keeper_of[match.ref] not in seen:
                    seen.add(keeper_of[match.ref])
                    decision.also.append(match)
        else:
            keeper_of[record.ref] = record.ref
            if library is not None:
                found = library.matches(record)
                if found and found[0].same:
                    decision.existing = found[0]
                matches = matches + found
        keeper_of.setdefault(record.ref, decision.keeper or record.ref)
        run.add(record)
        if decision.unique:
            decision.possible = [m for m in matches if m.verdict is Verdict.POSSIBLE]
        decision.near = near_misses(matches, settings)
        decisions.append(decision)
    return decisions


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
