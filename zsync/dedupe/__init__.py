"""Duplicate detection: normalisation, comparable records, explained decisions, a blocked index."""

from zsync.dedupe.compare import Match, Verdict, compare
from zsync.dedupe.index import DedupeIndex
from zsync.dedupe.record import Record, record_from_item

__all__ = ["DedupeIndex", "Match", "Record", "Verdict", "compare", "record_from_item"]
