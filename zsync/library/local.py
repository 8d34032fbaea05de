"""The embedded default library: Zotero item JSON in one SQLite file.

It behaves like a Zotero library where it matters to sync: Zotero-style keys, a library version
bumped per written object, per-object write reports, 412 on stale versions and on re-creating a
key, PATCH semantics for updates, schema validation. Each batch is one transaction, so a crash
leaves whole batches or nothing. The status of earlier runs lives in the same file. Stored files
(a paper's PDF) are kept beside it, in ``<name>-files/<attachment key>/<filename>``, where Zotero
keeps them in its own data directory (``storage/<key>/``).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator, Sequence

from zsync.errors import LibraryError
from zsync.dedupe.record import BlockingKeys, Record, record_from_item
from zsync.library import records
from zsync.library.base import (OUTLINE_QUERY, Access, Library, LibraryModified, Outline, WriteFailure, WriteReport,
                                is_paper, outline_of)
from zsync.library.storage import guarded, open_database
from zsync.private import private_dir
from zsync.library.status import StatusStore
from zsync.model import KEY_ALPHABET, ZoteroItem, new_key
from zsync.schema import ZoteroSchema

log = logging.getLogger(__name__)

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS items (
    key TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    parent TEXT,
    data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS items_parent ON items (parent);
CREATE TABLE IF NOT EXISTS collections (
    key TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    name TEXT NOT NULL,
    parent TEXT
);
INSERT OR IGNORE INTO meta (name, value) VALUES ('library_version', '0');
"""


#: what to do with a damaged library file: it holds the only copy, so it is never moved by zsync
MOVE_ASIDE = "move it aside (`mv {path} {path}.damaged`) and restore it from a backup; zsync never deletes it"


def now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class LocalLibrary(Library):
    def __init__(self, path: str | Path, schema: ZoteroSchema | None = None, create: bool = True):
        """``create=False`` (commands that only read): the file is opened read-only, so a library
        you may only read can be listed and exported; a missing file is an empty library, and
        stays missing."""
        self.path = Path(path).expanduser().resolve()
        self.id = f"local:{self.path}"
        if not create and not self.path.exists():  # a mistyped path reads as an empty library: say so
            log.warning("%s: no library file there yet (nothing synced to it); read as empty", self.path)
        self.schema = schema or ZoteroSchema.bundled()
        self.db = open_database(self.path, SCHEMA, "library", MOVE_ASIDE, create)
        self._status = StatusStore(self.db)
        records.prepare(self.db)

    @property
    def version(self) -> int:
        return int(self.db.execute("SELECT value FROM meta WHERE name = 'library_version'").fetchone()[0])

    def access(self) -> Access:
        """A local file: whatever the operating system lets this process do with it (a file not
        created yet: readable as empty, writable if its folder is)."""
        if not self.path.exists():
            folder = next(p for p in self.path.parents if p.exists())
            return Access(self.id, str(self.path), {"library": True, "write": os.access(folder, os.W_OK)})
        return Access(self.id, str(self.path), {"library": os.access(self.path, os.R_OK),
                                                "write": os.access(self.path, os.W_OK)})

    def lock_file(self, data_dir: Path) -> Path:
        """Beside the library file: every process on this file shares it, whatever its home."""
        return self.path.with_name(self.path.name + ".lock")

    @property
    def status(self) -> StatusStore:
        return self._status

    def items(self) -> Iterator[ZoteroItem]:
        with guarded(self.path, "reading the library", MOVE_ASIDE):
            rows = self.db.execute("SELECT data FROM items ORDER BY rowid").fetchall()
        for (data,) in rows:
            yield ZoteroItem.model_validate_json(data)

    def state(self) -> str:
        """The version, and the number and version sum of the items: a row removed or changed
        behind the library's back (with sqlite3, say) changes it too."""
        count, total = self.db.execute("SELECT count(*), coalesce(sum(version), 0) FROM items").fetchone()
        return f"{self.version}:{count}:{total}"

    def paper_keys(self) -> Iterator[BlockingKeys]:
        with guarded(self.path, "reading the library", MOVE_ASIDE):
            yield from records.kept_keys(self.db)

    def records_of(self, keys: list[str]) -> dict[str, Record]:
        with guarded(self.path, "reading the library", MOVE_ASIDE):
            return records.records_of(self.db, keys)

    def outline(self) -> Outline:
        """Version and outline in one read transaction: another process's write lands wholly
        before or wholly after it."""
        with guarded(self.path, "reading the library", MOVE_ASIDE), self.db:
            self.db.execute("BEGIN")
            return outline_of(self.version, self.db.execute(OUTLINE_QUERY))

    def held(self, key: str) -> ZoteroItem:
        with guarded(self.path, "reading the library", MOVE_ASIDE):
            item = self._stored(key)
        if item is None:
            raise LibraryError(f"{self.id}: item {key} is gone from the library", hint="run again")
        return item

    def get(self, keys: Sequence[str]) -> list[ZoteroItem]:
        return [item for key in keys if (item := self._stored(key)) is not None]

    def _bump(self) -> int:
        version = self.version + 1
        self.db.execute("UPDATE meta SET value = ? WHERE name = 'library_version'", (str(version),))
        return version

    def _stored(self, key: str) -> ZoteroItem | None:
        row = self.db.execute("SELECT data FROM items WHERE key = ?", (key,)).fetchone()
        return ZoteroItem.model_validate_json(row[0]) if row else None

    def _save(self, item: ZoteroItem) -> None:
        self.db.execute(
            "INSERT INTO items (key, version, parent, data) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(key) DO UPDATE SET version = excluded.version, data = excluded.data",
            (item.key, item.version, item.parentItem, json.dumps(item.to_json(), ensure_ascii=False)),
        )

    def create(self, items: Sequence[ZoteroItem], since: int | None = None) -> WriteReport:
        self._check_batch(items)
        report = WriteReport()
        with guarded(self.path, "writing to the library", MOVE_ASIDE), self.db:
            self.db.execute("BEGIN IMMEDIATE")  # the version check and the writes, one transaction
            if since is not None and self.version != since:
                raise LibraryModified(self.id, since, self.version)
            for index, item in enumerate(items):
                failure = self._create_problem(item)
                if failure:
                    report.failed[index] = failure
                    continue
                stamp = now()
                stored = item.model_copy(update={"version": self._bump()})
                stored.__pydantic_extra__.update(dateAdded=stamp, dateModified=stamp)
                self._save(stored)
                report.successful[index] = stored
            report.version = self.version
        # the next run's dedupe index reads these instead of building them
        records.remember(self.db, [(item.key or "", item.version or 0, record_from_item(item))
                                   for item in report.successful.values() if is_paper(item)])
        return report

    def _create_problem(self, item: ZoteroItem) -> WriteFailure | None:
        key = item.key or ""
        if len(key) != 8 or any(c not in KEY_ALPHABET for c in key):
            return WriteFailure(400, f"'{key}' is not a valid item key", key or None)
        if self._stored(key) is not None:
            return WriteFailure(412, f"Item {key} already exists", key)
        problems = self.schema.problems(item)
        if problems:
            return WriteFailure(400, "; ".join(problems), key)
        if item.parentItem and self._stored(item.parentItem) is None:
            return WriteFailure(409, f"Parent item {item.parentItem} not found", key)
        missing = [c for c in item.collections if not self._collection_exists(c)]
        if missing:
            return WriteFailure(409, f"Collection {missing[0]} not found", key)
        return None

    def update(self, items: Sequence[ZoteroItem]) -> WriteReport:
        self._check_batch(items)
        report = WriteReport()
        with guarded(self.path, "writing to the library", MOVE_ASIDE), self.db:
            self.db.execute("BEGIN IMMEDIATE")
            for index, patch in enumerate(items):
                stored = self._stored(patch.key or "")
                if stored is None:
                    report.failed[index] = WriteFailure(404, f"Item {patch.key} not found", patch.key)
                    continue
                if patch.version is None or patch.version < (stored.version or 0):
                    report.failed[index] = WriteFailure(
                        412, f"Item has been modified since specified version "
                             f"(expected {patch.version}, found {stored.version})", patch.key)
                    continue
                merged = ZoteroItem.model_validate(
                    {**stored.to_json(), **patch.model_dump(exclude_unset=True, exclude={"key", "version"})})
                problems = self.schema.problems(merged)
                if problems:
                    report.failed[index] = WriteFailure(400, "; ".join(problems), patch.key)
                elif merged.to_json() == stored.to_json():
                    report.unchanged[index] = stored.key or ""
                else:
                    merged.version = self._bump()
                    merged.__pydantic_extra__["dateModified"] = now()
                    self._save(merged)
                    report.successful[index] = merged
            report.version = self.version
        return report

    def store_file(self, key: str, content: bytes, filename: str, mtime: int) -> None:
        """Write the file under the library's data directory, then record its md5, name and time."""
        stored = self._stored(key)
        if stored is None or stored.itemType != "attachment" or stored.linkMode not in ("imported_url", "imported_file"):
            raise LibraryError(f"{self.id}: {key} is not a stored-file attachment")
        folder = private_dir(self.files_dir() / key)
        target = folder / Path(filename).name
        with guarded(target, "storing a file", "free some disk space, then run again"):
            partial = target.with_name(target.name + ".part")
            partial.write_bytes(content)
            partial.replace(target)
        with guarded(self.path, "writing to the library", MOVE_ASIDE), self.db:
            self.db.execute("BEGIN IMMEDIATE")
            item = self._stored(key) or stored
            item.__pydantic_extra__.update(md5=hashlib.md5(content).hexdigest(), mtime=mtime,
                                           filename=target.name, dateModified=now())
            item.version = self._bump()
            self._save(item)

    def files_dir(self) -> Path:
        """Where stored files live: beside the library file."""
        return self.path.with_name(f"{self.path.stem}-files")

    def _check_batch(self, items: Sequence[ZoteroItem]) -> None:
        if len(items) > self.max_batch:
            raise LibraryError(f"Cannot add more than {self.max_batch} items at a time")

    def _collection_exists(self, key: str) -> bool:
        return self.db.execute("SELECT 1 FROM collections WHERE key = ?", (key,)).fetchone() is not None

    def collections(self) -> dict[str, tuple[str, str | None]]:
        with guarded(self.path, "reading the library", MOVE_ASIDE):
            return {key: (name, parent) for key, name, parent in self.db.execute("SELECT key, name, parent FROM collections")}

    def collection(self, path: str, create: bool = True) -> str | None:
        parent: str | None = None
        for name in [part.strip() for part in path.split("/") if part.strip()]:
            row = self.db.execute(
                "SELECT key FROM collections WHERE name = ? AND parent IS ?", (name, parent)).fetchone()
            if row:
                parent = row[0]
                continue
            if not create:
                return None
            with guarded(self.path, "writing to the library", MOVE_ASIDE), self.db:
                key = new_key()
                self.db.execute("INSERT INTO collections (key, version, name, parent) VALUES (?, ?, ?, ?)",
                                (key, self._bump(), name, parent))
            parent = key
        return parent

    def close(self) -> None:
        self.db.close()
