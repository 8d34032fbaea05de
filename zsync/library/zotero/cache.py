"""The local copy of a Zotero library's index, the write journal and the sync status.

One SQLite file per library (``<data dir>/zotero/<host>-<users_N>.sqlite``):

* ``items`` / ``collections``: the library's objects as last seen, with versions, so a run
  reads only what changed since (``since=V``) instead of the whole library;
* ``meta``: the library version the copy is complete up to, for items and for collections;
* ``journal``: write batches with their write token and the library version they were planned
  against, recorded before they are sent and removed once answered. A batch whose answer never
  came (a crash, a dropped connection, a server failing with 5xx) stays queued until the next
  writing command settles it (``ZoteroLibrary.settle``);
* ``status``: which digest entry became which item (:class:`~zsync.library.status.StatusStore`).

The file is created 0600 (it holds queued write bodies). The API key is never stored here. The
copy is only a copy: a damaged file is moved aside and rebuilt from the library (a full read),
and what it held besides (queued batches, the status) is safe to lose, because every create is
conditional on the library version and the team's memory is the ledger in the library.
"""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path
from typing import Any, Iterator

from zsync.library import records
from zsync.library.status import StatusStore
from zsync.library.storage import DamagedFile, open_database

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS items (key TEXT PRIMARY KEY, version INTEGER NOT NULL, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS collections (key TEXT PRIMARY KEY, version INTEGER NOT NULL, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS tombstones (key TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS journal (token TEXT PRIMARY KEY, path TEXT NOT NULL, body TEXT NOT NULL, created REAL NOT NULL,
                                    since INTEGER);
"""
REBUILD = "delete {path}: zsync rebuilds it from the library on the next run"

log = logging.getLogger(__name__)


class ZoteroCache:
    def __init__(self, path: Path):
        self.path = path
        try:
            self.db = open_database(path, SCHEMA, "Zotero copy", REBUILD)
        except DamagedFile as damaged:
            aside = path.with_name(f"{path.name}.damaged-{int(time.time())}")
            log.warning("%s; moved it to %s and reading the library afresh", damaged.message, aside)
            for suffix in ("", "-wal", "-shm"):
                if Path(f"{path}{suffix}").exists():
                    Path(f"{path}{suffix}").replace(f"{aside}{suffix}")
            self.db = open_database(path, SCHEMA, "Zotero copy", REBUILD)
        if "since" not in {row[1] for row in self.db.execute("PRAGMA table_info(journal)")}:
            self.db.execute("ALTER TABLE journal ADD COLUMN since INTEGER")  # copies made before conditional writes
        self.status = StatusStore(self.db)
        records.prepare(self.db)

    def get_meta(self, name: str, default: int = 0) -> int:
        row = self.db.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        return int(row[0]) if row else default

    def set_meta(self, name: str, value: int | str) -> None:
        self.db.execute("INSERT INTO meta (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value",
                        (name, str(value)))

    def get_text(self, name: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        return row[0] if row else None

    def clear(self) -> None:
        """Forget everything: the copy, the queue and the status belong to a library that is gone
        (the desktop app now answers for another Zotero profile or a restored database)."""
        with self.db:
            self.db.execute("BEGIN")
            for table in ("meta", "items", "collections", "tombstones", "journal", "status"):
                self.db.execute(f"DELETE FROM {table}")

    # -- objects -----------------------------------------------------------------------------
    def versions(self, table: str) -> dict[str, int]:
        """Key -> version of the objects in the copy; for items, of the trashed ones too."""
        known = dict(self.db.execute(f"SELECT key, version FROM {table}"))
        if table == "items":
            buried = (json.loads(data) for (data,) in self.db.execute("SELECT data FROM tombstones"))
            known = {**{d["key"]: d.get("version", 0) for d in buried}, **known}
        return known

    def store(self, table: str, objects: list[dict[str, Any]]) -> None:
        """Save objects (their ``data`` part); trashed items leave the copy for the tombstones."""
        with self.db:
            self.db.execute("BEGIN")
            for data in objects:
                if data.get("deleted"):
                    self.db.execute(f"DELETE FROM {table} WHERE key = ?", (data["key"],))
                    if table == "items":
                        self._bury(data)
                else:
                    self.db.execute(
                        f"INSERT INTO {table} (key, version, data) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE "
                        "SET version = excluded.version, data = excluded.data",
                        (data["key"], data["version"], json.dumps(data, ensure_ascii=False)))

    def item(self, key: str) -> dict[str, Any] | None:
        row = self.db.execute("SELECT data FROM items WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else None

    def forget(self, table: str, keys: list[str]) -> None:
        """Objects deleted from the library; deleted items become tombstones."""
        with self.db:
            self.db.execute("BEGIN")
            for key in keys:
                row = self.db.execute(f"SELECT data FROM {table} WHERE key = ?", (key,)).fetchone()
                if row and table == "items":
                    self._bury(json.loads(row[0]))
                self.db.execute(f"DELETE FROM {table} WHERE key = ?", (key,))

    def _bury(self, data: dict[str, Any]) -> None:
        """Remember a deleted item, so that no run creates that paper again by accident."""
        if not data.get("parentItem"):
            self.db.execute("INSERT OR REPLACE INTO tombstones (key, data) VALUES (?, ?)",
                            (data["key"], json.dumps(data, ensure_ascii=False)))

    def tombstones(self) -> Iterator[dict[str, Any]]:
        for (data,) in self.db.execute("SELECT data FROM tombstones"):
            yield json.loads(data)

    def replace_all(self, table: str, objects: list[dict[str, Any]]) -> None:
        with self.db:
            self.db.execute("BEGIN")
            self.db.execute(f"DELETE FROM {table}")
        self.store(table, objects)

    def object(self, table: str, key: str) -> dict[str, Any] | None:
        row = self.db.execute(f"SELECT data FROM {table} WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else None

    def objects(self, table: str) -> Iterator[dict[str, Any]]:
        for (data,) in self.db.execute(f"SELECT data FROM {table} ORDER BY rowid"):
            yield json.loads(data)

    # -- journal -----------------------------------------------------------------------------
    def journal_add(self, token: str, path: str, body: list[dict[str, Any]], since: int | None) -> None:
        self.db.execute("INSERT INTO journal (token, path, body, created, since) VALUES (?, ?, ?, ?, ?)",
                        (token, path, json.dumps(body, ensure_ascii=False), time.time(), since))

    def journal_done(self, token: str) -> None:
        self.db.execute("DELETE FROM journal WHERE token = ?", (token,))

    def journal(self) -> list[tuple[str, str, list[dict[str, Any]], int | None]]:
        """Queued batches, oldest first: (write token, path, body, library version planned against)."""
        return [(token, path, json.loads(body), since) for token, path, body, since
                in self.db.execute("SELECT token, path, body, since FROM journal ORDER BY created")]

    def close(self) -> None:
        self.db.close()
