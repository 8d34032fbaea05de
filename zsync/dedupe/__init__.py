"""Duplicate detection: normalisation, comparable records, and an explained, blocked index."""

from zsync.dedupe.index import DedupeIndex, Match
from zsync.dedupe.record import Record, record_from_entry, record_from_item

__all__ = ["DedupeIndex", "Match", "Record", "record_from_entry", "record_from_item"]
