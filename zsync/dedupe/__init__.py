"""Duplicate detection: normalisation, comparable records, explained decisions, a blocked index."""

from zsync.dedupe.compare import Match, compare
from zsync.dedupe.index import DedupeIndex
from zsync.dedupe.record import Record, record_from_entry, record_from_fields, record_from_item

__all__ = ["DedupeIndex", "Match", "Record", "compare", "record_from_entry", "record_from_fields", "record_from_item"]
