"""Deciding, for a run's records in order, which duplicate an earlier one or a library item.

This is the one place that walks a run: ``zsync dedupe`` prints its decisions, and the sync
planner folds in-run duplicates with it before it looks at the library.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from zsync.config import DedupeSettings
from zsync.dedupe.compare import NEAR_MISS, Match
from zsync.dedupe.index import DedupeIndex
from zsync.dedupe.record import Record


@dataclass
class Decision:
    record: Record
    earlier: Match | None = None  # the earlier record in this run it duplicates
    existing: Match | None = None  # the library item it duplicates
    near: list[Match] = field(default_factory=list)  # close calls that were not the same paper

    @property
    def unique(self) -> bool:
        return self.earlier is None and self.existing is None


def near_misses(matches: list[Match], settings: DedupeSettings) -> list[Match]:
    floor = min(settings.threshold, settings.abstract_threshold) - NEAR_MISS
    return [m for m in matches if not m.same and (m.vetoes or m.score >= floor)]


def decide(records: list[Record], settings: DedupeSettings, library: DedupeIndex | None = None) -> list[Decision]:
    run = DedupeIndex(settings)
    decisions = []
    for record in records:
        matches = run.matches(record)
        decision = Decision(record)
        if matches and matches[0].same:
            decision.earlier = matches[0]
        else:
            run.add(record)
            if library is not None:
                found = library.matches(record)
                if found and found[0].same:
                    decision.existing = found[0]
                matches = matches + found
        decision.near = near_misses(matches, settings)
        decisions.append(decision)
    return decisions
