"""SQLite files zsync keeps (the local library, a Zotero library's copy and queue), opened and
used so that every way they can fail ends with a :class:`~zsync.errors.LibraryError` (exit 5)
that says what to do, never an "unexpected" error:

* a zero-byte file is refused, not taken for a new empty library (a copy that failed, a disk
  that filled up: treating it as empty would start a second library beside the team's);
* a damaged file is named, with the caller's advice (the local library is moved aside and
  restored by a person; a Zotero copy is rebuilt by its owner, see ``cache``);
* a full disk (or one failing to write) says so and where; the write was one transaction, so
  nothing was half-written.

New files are created readable by their owner only (:mod:`zsync.private`).
"""

from __future__ import annotations

import errno
import os
import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from zsync.errors import LibraryError
from zsync.private import private_file

DISK_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO}


class DamagedFile(LibraryError):
    """A database file zsync cannot read: not SQLite, or its pages are corrupt."""


class GuardedConnection(sqlite3.Connection):
    """A connection whose statements and commits fail as :func:`guarded` says, wherever in zsync
    they run (library, copy, queue, status), so no caller needs its own translation."""

    path: Path
    what: str
    damaged_hint: str

    def execute(self, sql: str, parameters: Any = ()) -> sqlite3.Cursor:
        with guarded(self.path, f"using the {self.what} file", self.damaged_hint):
            return super().execute(sql, parameters)

    def executemany(self, sql: str, parameters: Any) -> sqlite3.Cursor:
        with guarded(self.path, f"writing to the {self.what} file", self.damaged_hint):
            return super().executemany(sql, parameters)

    def executescript(self, script: str) -> sqlite3.Cursor:
        with guarded(self.path, f"using the {self.what} file", self.damaged_hint):
            return super().executescript(script)

    def __exit__(self, *exc: Any) -> Any:
        with guarded(self.path, f"writing to the {self.what} file", self.damaged_hint):
            return super().__exit__(*exc)


def open_database(path: Path, schema: str, what: str, damaged_hint: str, create: bool = True) -> sqlite3.Connection:
    """``path`` opened (created 0600 if missing), checked and with ``schema`` applied. Without
    ``create`` (a command that only reads), the file is opened read-only, so whoever may read it
    may look (see :func:`read_only_uri`), and a missing file reads as an empty database held in
    memory: looking at a library that does not exist yet leaves no file behind. A writing command
    on a file it may not write is refused before SQLite opens it (see :func:`read_only_part`)."""
    if not create and not path.exists():
        db = sqlite3.connect(":memory:", isolation_level=None, factory=GuardedConnection)
        db.path, db.what, db.damaged_hint = path, what, damaged_hint
        db.executescript(schema)
        return db
    if path.is_file() and path.stat().st_size == 0:
        raise LibraryError(f"{path}: the {what} file is empty (0 bytes), so it holds no library",
                           hint=f"if it is meant to start a new {what}, delete it and run again; "
                                "otherwise restore it from a backup")
    if path.is_file() and is_text(path):
        raise DamagedFile(f"{path}: not a zsync {what} file: it holds text, and a {what} file is an SQLite database",
                          hint="name the .sqlite file zsync made (local:PATH), or a path where none is yet to start "
                               "a new library")
    if create and (blocked := read_only_part(path)):
        raise read_only_error(path, blocked)
    with guarded(path, f"opening the {what} file", damaged_hint):
        if not path.exists():
            _create(path, schema)
        if create:
            db = sqlite3.connect(path, isolation_level=None, factory=GuardedConnection)
        else:
            db = sqlite3.connect(read_only_uri(path), uri=True, isolation_level=None, factory=GuardedConnection)
        db.path, db.what, db.damaged_hint = path, what, damaged_hint
        try:
            db.execute("PRAGMA busy_timeout=10000")
            if create:
                db.execute("PRAGMA journal_mode=WAL")
            else:
                db.execute("PRAGMA query_only=ON")  # a reading command writes nothing, even by mistake
            problem = db.execute("PRAGMA quick_check(1)").fetchone()[0]
            if problem != "ok":
                raise sqlite3.DatabaseError(f"database disk image is malformed ({problem})")
            if create:  # a file zsync wrote has its tables: a reading command only reads them
                db.executescript(schema)
        except BaseException:
            db.close()
            raise
    return db


def is_text(path: Path) -> bool:
    """Whether the file at ``path`` begins as text does (a config file or a .bib given by
    mistake), not as an SQLite database or its damaged remains."""
    with path.open("rb") as f:
        head = f.read(4096)
    if head.startswith(b"SQLite format 3\x00"):
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start > len(head) - 4  # a character cut by the 4096-byte read
    return b"\x00" not in head


def read_only_uri(path: Path) -> str:
    """The URI a reading command opens ``path`` with. When this process may write the file, its
    WAL companions and its folder, that is a plain connection (kept from writing by
    ``query_only``): SQLite removes the ``-wal`` and ``-shm`` files it made when it closes.
    Otherwise the file is opened ``immutable``: a read-only connection would create ``-wal`` and
    ``-shm`` files with the library's own read-only mode, which then break its owner's next
    write. Only a ``-wal`` file already there (its owner's latest writes, not yet in the file)
    makes it ``mode=ro``, so that those writes are read too."""
    if read_only_part(path) is None:
        return path.as_uri()
    if Path(f"{path}-wal").exists():
        return f"{path.as_uri()}?mode=ro"
    return f"{path.as_uri()}?immutable=1"


def read_only_part(path: Path) -> Path | None:
    """What keeps this process from writing the database at ``path``: the file, its ``-wal`` or
    ``-shm`` companion (one left read-only by an earlier reader blocks every write), or its
    folder (where SQLite makes them); ``None`` when nothing does."""
    for part in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        if part.exists() and not os.access(part, os.W_OK, effective_ids=True):
            return part
    folder = next((p for p in path.parents if p.exists()), path.parent)
    return None if os.access(folder, os.W_OK, effective_ids=True) else folder


def read_only_error(path: Path, blocked: Path) -> LibraryError:
    """A write to the database at ``path`` refused because ``blocked`` (the file, a companion,
    its folder) is read-only for this process."""
    if blocked == path:
        message = f"{path}: the file is read-only for you, so zsync cannot write to it"
    elif blocked.name.startswith(path.name):
        message = f"{blocked}: this file beside {path.name} is read-only for you, so zsync cannot write to {path.name}"
    else:
        message = f"{path}: its folder {blocked} is read-only for you, so zsync cannot write to the file"
    return LibraryError(message, hint=f"make it writable (`chmod u+w {blocked}`, or ask its owner); commands that "
                                      "only read (list, export, dedupe --library) work as it is")


def _create(path: Path, schema: str) -> None:
    """A new database appears at ``path`` whole, schema included, or not at all: built beside it
    and linked into place, so another process opening it meanwhile never sees an empty file."""
    building = private_file(path.with_name(f".{path.name}.{os.getpid()}.new"))
    try:
        db = sqlite3.connect(building, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.executescript(schema)
        db.close()
        try:
            os.link(building, path)
        except FileExistsError:
            pass  # another process made it first: use theirs
    finally:
        building.unlink()


@contextmanager
def guarded(path: Path, doing: str, damaged_hint: str) -> Iterator[None]:
    """Turn SQLite and file-system failures while ``doing`` into errors that say what to do."""
    try:
        yield
    except LibraryError:
        raise
    except (sqlite3.Error, OSError) as exc:
        text = str(exc)
        if isinstance(exc, OSError) and exc.errno in DISK_ERRNOS or "disk is full" in text or "disk I/O error" in text:
            raise LibraryError(f"{path}: {doing} failed: the disk is full or cannot be written ({text})",
                               hint=f"free space on the disk holding {path.parent} (or check it) and run again; "
                                    "each write is one transaction, so nothing was half-written") from None
        if "database is locked" in text:
            raise LibraryError(f"{path}: {doing} failed: another process kept the file busy for over 10 s",
                               hint="run again when the other zsync has finished") from None
        if isinstance(exc, sqlite3.DatabaseError) and ("not a database" in text or "malformed" in text):
            raise DamagedFile(f"{path}: the file is damaged ({text})", hint=damaged_hint.format(path=path)) from None
        if "readonly database" in text:
            raise read_only_error(path, read_only_part(path) or path) from None
        raise LibraryError(f"{path}: {doing} failed: {text}",
                           hint=f"check that {path.parent} exists and that you may write there") from None
