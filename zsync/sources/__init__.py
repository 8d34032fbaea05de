"""Digest parsers, one module per format, registered as ``zsync.sources`` entry points."""

from zsync.sources.base import SOURCE_API, Digest, ParseContext, Source, decode_digest, read_digest
from zsync.sources.registry import SourceRegistry

__all__ = ["SOURCE_API", "Digest", "ParseContext", "Source", "SourceRegistry", "decode_digest", "read_digest"]
