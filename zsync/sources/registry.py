"""Finding source plugins and choosing one for a digest.

Built-in and third-party sources are both entry points in the ``zsync.sources`` group; nothing
here knows their names. A plugin that fails to import is reported, not fatal.
"""

from __future__ import annotations

import logging
from importlib.metadata import entry_points

from zsync.errors import InputError, ZsyncError
from zsync.sources.base import Digest, Source

log = logging.getLogger(__name__)
GROUP = "zsync.sources"


class SourceRegistry:
    """The available sources by name; build it with :meth:`from_entry_points` or by hand."""

    def __init__(self, sources: dict[str, type[Source]], broken: dict[str, str] | None = None):
        self.sources = dict(sorted(sources.items()))
        self.broken = broken or {}  # name -> why it could not be loaded

    @classmethod
    def from_entry_points(cls, group: str = GROUP) -> "SourceRegistry":
        sources: dict[str, type[Source]] = {}
        broken: dict[str, str] = {}
        for ep in entry_points(group=group):
            try:
                sources[ep.name] = ep.load()
            except Exception as exc:  # a broken plugin must not break zsync
                broken[ep.name] = f"{type(exc).__name__}: {exc}"
                log.warning("source plugin %s could not be loaded: %s", ep.name, exc)
        return cls(sources, broken)

    def get(self, name: str) -> Source:
        try:
            return self.sources[name]()
        except KeyError:
            raise ZsyncError(
                f"unknown format {name!r}",
                hint="known formats: " + ", ".join(self.sources) + " (see `zsync formats`)",
            ) from None

    def detect(self, digest: Digest) -> Source:
        """The source most sure of ``digest``; :class:`InputError` when none claims it."""
        scores = sorted(
            ((cls().sniff(digest.text), name) for name, cls in self.sources.items()), reverse=True
        )
        if not scores or scores[0][0] <= 0:
            raise InputError(
                digest.origin,
                "no known digest format fits this file",
                hint="force one with --format NAME; known formats: " + ", ".join(self.sources),
            )
        return self.get(scores[0][1])
