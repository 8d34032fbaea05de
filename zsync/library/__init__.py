"""Library backends behind one interface (:class:`~zsync.library.base.Library`)."""

from __future__ import annotations

from pathlib import Path

from zsync.config import Settings, data_dir
from zsync.errors import ZsyncError
from zsync.library.base import Library, WriteFailure, WriteReport, new_key
from zsync.library.local import LocalLibrary

__all__ = ["Library", "LocalLibrary", "WriteFailure", "WriteReport", "new_key", "open_library", "default_library_path"]


def default_library_path() -> Path:
    return data_dir() / "library.sqlite"


def open_library(spec: str | None, settings: Settings) -> Library:
    """The library named by ``spec`` (``local``, ``local:PATH``); the embedded default when empty."""
    spec = spec or settings.library or "local"
    if spec == "local":
        return LocalLibrary(default_library_path())
    if spec.startswith("local:"):
        return LocalLibrary(spec.removeprefix("local:"))
    raise ZsyncError(
        f"unknown library {spec!r}",
        hint="use `local` (the embedded default), `local:PATH`, `users/ID` or `groups/ID`",
    )
