"""What zsync remembers about earlier runs into one library (vdirsyncer's "status").

It maps an entry's identity (:attr:`zsync.model.Entry.identity`) to the key of the item it
became. With it a re-run knows "this is the paper I created last time" without fuzzy matching,
and notices when a person deleted that item since (it is then not created again).
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone

SCHEMA = """
CREATE TABLE IF NOT EXISTS status (
    entry TEXT PRIMARY KEY,
    item_key TEXT NOT NULL,
    synced_at TEXT NOT NULL
);
"""


class StatusStore:
    def __init__(self, connection: sqlite3.Connection):
        self.db = connection
        self.db.executescript(SCHEMA)

    def get(self, entry: str) -> str | None:
        row = self.db.execute("SELECT item_key FROM status WHERE entry = ?", (entry,)).fetchone()
        return row[0] if row else None

    def put(self, pairs: list[tuple[str, str]]) -> None:
        """Remember ``(entry identity, item key)`` pairs, all or none."""
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        with self.db:
            self.db.execute("BEGIN")
            self.db.executemany(
                "INSERT INTO status (entry, item_key, synced_at) VALUES (?, ?, ?) "
                "ON CONFLICT(entry) DO UPDATE SET item_key = excluded.item_key, synced_at = excluded.synced_at",
                [(entry, key, now) for entry, key in pairs],
            )
