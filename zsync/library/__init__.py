"""Library backends behind one interface (:class:`~zsync.library.base.Library`)."""

from __future__ import annotations

from pathlib import Path

import httpx2

from zsync.config import Settings, data_dir
from zsync.errors import ConfigError, ZsyncError
from zsync.library.base import Library, WriteFailure, WriteReport
from zsync.model import new_key
from zsync.library.local import LocalLibrary
from zsync.library.zotero.backend import ZoteroLibrary, parse_spec
from zsync.library.zotero.desktop import DesktopLibrary, KeyFile, parse_desktop
from zsync.library.zotero.http import RetryPolicy

__all__ = ["Library", "LocalLibrary", "ZoteroLibrary", "DesktopLibrary", "WriteFailure", "WriteReport", "new_key", "open_library", "default_library_path"]


def default_library_path() -> Path:
    return data_dir() / "library.sqlite"


def open_library(spec: str | None, settings: Settings, *, endpoint: str | None = None,
                 api_key_file: Path | None = None, client: httpx2.Client | None = None,
                 policy: RetryPolicy | None = None, create: bool = True, spec_from: str | None = None) -> Library:
    """The library named by ``spec``: ``local`` (the embedded default, also when ``spec`` is
    empty), ``local:PATH``, ``users/ID`` or ``groups/ID`` (Zotero Web API at ``endpoint``),
    ``desktop`` or ``desktop:groups/ID`` (the Zotero app's local API at ``endpoint``, else
    ``[desktop] endpoint``). Commands that only read pass ``create=False``: a local library
    file is not created for them. Without ``spec``, the settings' ``library`` is used.

    A value that names no library is a :class:`ConfigError` (exit 4) naming where it was set:
    ``spec_from`` (an environment variable) or the config file and key (``library_from``); typed
    on the command line, it is a plain error."""
    given_by = spec_from if spec else settings.library_from
    spec = spec or settings.library or "local"
    if spec == "local":
        return LocalLibrary(default_library_path(), create=create)
    if spec.startswith("local:"):
        if not spec.removeprefix("local:").strip():
            raise wrong_library(given_by, "local: names no file",
                                "write local:PATH (local:~/papers.sqlite), or `local` for the embedded default")
        return LocalLibrary(spec.removeprefix("local:"), create=create)
    zotero = parse_spec(spec)
    if zotero:
        kind, library_id = zotero
        return ZoteroLibrary(kind, library_id, settings.zotero.api_key(api_key_file), data_dir() / "zotero",
                             endpoint=endpoint or settings.zotero.endpoint, client=client,
                             policy=policy or RetryPolicy(max_wait=settings.zotero.max_wait))
    desktop = parse_desktop(spec)
    if desktop:
        kind, library_id = desktop
        where = (endpoint or settings.desktop.endpoint).rstrip("/")
        return DesktopLibrary(kind, library_id, data_dir() / "zotero", KeyFile.for_endpoint(data_dir(), where),
                              endpoint=where, client=client,
                              policy=policy or RetryPolicy(max_wait=settings.zotero.max_wait))
    raise wrong_library(given_by, f"unknown library {spec!r}",
                        "use `local` (the embedded default), `local:PATH`, `users/ID`, `groups/ID`, `desktop` "
                        "(the Zotero app) or `desktop:groups/ID`")


def wrong_library(given_by: str | None, message: str, hint: str) -> ZsyncError:
    """A library value that names no library, located where it was set (see open_library)."""
    if given_by:
        return ConfigError(f"{given_by}: {message}", hint=hint)
    return ZsyncError(message, hint=hint)
