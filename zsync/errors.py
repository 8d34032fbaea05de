"""One error contract for the whole tool.

Library code raises :class:`ZsyncError` subclasses carrying everything the user needs: the
message, an optional list of ``problems`` and a ``hint`` saying what to do next. The CLI prints
them generically (see ``zsync.cli``), so the text lives next to the code that knows the cause.
"""

from __future__ import annotations

from enum import IntEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from zsync.model import Location


class ExitCode(IntEnum):
    """Exit codes of the ``zsync`` command; documented in docs/usage.md and kept stable."""

    OK = 0
    FAILURE = 1  # an unexpected error
    USAGE = 2  # click's own code for bad command-line usage
    REJECTED = 3  # the run finished, but some entries were rejected (only with --strict)
    CONFIG = 4  # a configuration or mapping file is wrong
    REMOTE = 5  # the library (Zotero server) refused or failed
    LOCKED = 6  # another run holds the library lock
    INPUT = 7  # a digest could not be read (missing, empty, binary, broken, unknown format)
    INTERRUPTED = 130  # Ctrl-C (128 + SIGINT, as shells report it)


class ZsyncError(Exception):
    """Base of every error zsync expects and explains."""

    exit_code = ExitCode.FAILURE

    def __init__(self, message: str, *, hint: str | None = None, problems: tuple[str, ...] | list[str] = ()):
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.problems = tuple(problems)


class InputError(ZsyncError):
    """A digest could not be read at all (missing, empty, binary, undecodable, broken XML or
    JSON, unknown format); the location names the file and, where known, the line."""

    exit_code = ExitCode.INPUT

    def __init__(self, location: Location | str, message: str, **kw):
        super().__init__(f"{location}: {message}", **kw)
        self.location = location


class ConfigError(ZsyncError):
    """A configuration or mapping file is invalid; the message names the file and the key."""

    exit_code = ExitCode.CONFIG


class LibraryError(ZsyncError):
    """The library refused an operation or could not be reached."""

    exit_code = ExitCode.REMOTE


class LockedError(ZsyncError):
    """Another zsync run holds the lock on this library."""

    exit_code = ExitCode.LOCKED
