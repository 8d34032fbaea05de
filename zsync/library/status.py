"""What this member remembers about earlier runs into one library (vdirsyncer's "status").

It maps an entry's identity (:attr:`zsync.model.Entry.identity`) to the key of the item it
became. With it a re-run knows "this is the paper I created last time" without fuzzy matching,
and notices when a person deleted that item since (it is then not created again).

It is one member's memory, kept on one machine; the team's lives in the library itself
(:mod:`zsync.library.ledger`). ``shared`` marks the pairs already written to that ledger, so a
run publishes only what is new and a re-run that changes nothing writes nothing.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone

SCHEMA = """
CREATE TABLE IF NOT EXISTS status (
    entry TEXT PRIMARY KEY,
    item_key TEXT NOT NULL,
    synced_at TEXT NOT NULL,
    shared INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS last_run (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    fingerprint TEXT,
    library_state TEXT NOT NULL,
    report TEXT NOT NULL
);
"""


class StatusStore:
    def __init__(self, connection: sqlite3.Connection):
        self.db = connection
        self.db.executescript(SCHEMA)
        if "shared" not in {row[1] for row in self.db.execute("PRAGMA table_info(status)")}:
            self.db.execute("ALTER TABLE status ADD COLUMN shared INTEGER NOT NULL DEFAULT 0")  # older stores

    def snapshot(self) -> dict[str, str]:
        """Every remembered pair. A plan reads this *before* the library's items: a pair is stored
        only after its item was written, so every key here is in those items unless deleted."""
        return dict(self.db.execute("SELECT entry, item_key FROM status"))

    def put(self, pairs: list[tuple[str, str]]) -> None:
        """Remember ``(entry identity, item key)`` pairs, all or none; a changed key is unshared."""
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        with self.db:
            self.db.execute("BEGIN")
            self.db.executemany(
                "INSERT INTO status (entry, item_key, synced_at) VALUES (?, ?, ?) "
                "ON CONFLICT(entry) DO UPDATE SET synced_at = excluded.synced_at, "
                "shared = CASE WHEN item_key = excluded.item_key THEN shared ELSE 0 END, item_key = excluded.item_key",
                [(entry, key, now) for entry, key in pairs],
            )

    def unshared(self) -> dict[str, str]:
        """Pairs not yet written to the library's ledger (new, or from a run killed before it)."""
        return dict(self.db.execute("SELECT entry, item_key FROM status WHERE shared = 0"))

    def mark_shared(self, pairs: dict[str, str]) -> None:
        with self.db:
            self.db.execute("BEGIN")
            self.db.executemany("UPDATE status SET shared = 1 WHERE entry = ? AND item_key = ?", list(pairs.items()))

    def last_run(self) -> tuple[str, str, str] | None:
        """The fingerprint of the last run that a re-run would not change, the library state it
        left (:meth:`~zsync.library.base.Library.state`) and the report a re-run gives (see
        :mod:`zsync.sync.replay`)."""
        row = self.db.execute("SELECT fingerprint, library_state, report FROM last_run WHERE id = 1").fetchone()
        return row if row and row[0] else None

    def set_last_run(self, fingerprint: str | None, library_state: str, report: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO last_run (id, fingerprint, library_state, report) VALUES (1, ?, ?, ?)",
                        (fingerprint, library_state, report))
