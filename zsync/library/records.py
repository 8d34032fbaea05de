"""The dedupe records of a library's papers, kept beside its items between runs.

Building a record (:func:`~zsync.dedupe.record.record_from_item`: titles, names and abstracts
normalised) costs several times more than reading one back, and a library of 100,000 papers
changes by a few hundred a day. So each record is stored with the version of the item it was
built from, and used only while the item is at that version. All of them are dropped when the
code that builds records changes (:func:`code_stamp`), so a new zsync never compares with
records an old one built. Beside each record are its blocking keys (titles, identifiers, volume
and first page): a library's dedupe index is built from them alone (:func:`kept_keys`), and
reads a record only when it compares an entry with it (:func:`records_of`).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from functools import cache
from pathlib import Path
from typing import Iterator

from zsync.batches import chunks
from zsync.errors import LibraryError
from zsync.dedupe import normalize, record as record_module
from zsync.dedupe.record import NO_PAGES, BlockingKeys, Pages, Record, record_from_item
from zsync.library.base import is_paper
from zsync.model import ZoteroItem
from zsync import identifiers

EMPTY: frozenset[str] = frozenset()
SCHEMA = """
CREATE TABLE IF NOT EXISTS records (key TEXT PRIMARY KEY, version INTEGER NOT NULL, data TEXT NOT NULL, keys TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS records_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


@cache
def code_stamp() -> str:
    """A hash of the modules a record is built and kept by: a change to any of them rebuilds every record."""
    digest = hashlib.sha256()
    for path in (record_module.__file__, normalize.__file__, identifiers.__file__, __file__):  # and how they are kept
        digest.update(Path(path or "").read_bytes())
    return digest.hexdigest()[:16]


def encode(record: Record) -> str:
    p = record.pages
    main_title = None if record.main_title == record.title else record.main_title  # one string in memory, not two
    return json.dumps([record.ref, record.label, record.title, main_title, record.title_provisional,
                       record.abstract, sorted(record.dois), sorted(record.arxiv), record.year, sorted(record.surnames),
                       sorted(record.names), record.corporate, record.kind, record.venue, record.volume, record.issue,
                       [p.first, p.last, p.locator, p.supplement], record.web], ensure_ascii=False)


def encode_keys(record: Record) -> str:
    main_title = None if record.main_title == record.title else record.main_title
    return json.dumps([record.title, main_title, record.title_provisional, record.identifiers, record.coordinates],
                      ensure_ascii=False)


def decode_keys(key: str, text: str) -> BlockingKeys:
    title, main_title, provisional, identifiers, coordinates = json.loads(text)
    return BlockingKeys(key, title, title if main_title is None else main_title, provisional, tuple(identifiers),
                        coordinates)


def decode(text: str) -> Record:
    (ref, label, title, main_title, provisional, abstract, dois, arxiv, year, surnames, names, corporate, kind, venue,
     volume, issue, pages, web) = json.loads(text)
    return Record(ref=ref, label=label, title=title, main_title=title if main_title is None else main_title,
                  title_provisional=provisional, abstract=abstract, dois=frozenset(dois) if dois else EMPTY,
                  arxiv=frozenset(arxiv) if arxiv else EMPTY, year=year, surnames=frozenset(surnames) if surnames else EMPTY,
                  names=frozenset(names) if names else EMPTY,
                  corporate=corporate, kind=kind, venue=venue, volume=volume, issue=issue,
                  pages=Pages(*pages) if any(pages) else NO_PAGES, web=web)


def prepare(db: sqlite3.Connection) -> None:
    """Create the table, emptied when the records in it were built by other code."""
    try:
        if "keys" not in {row[1] for row in db.execute("PRAGMA table_info(records)")}:
            db.execute("DROP TABLE IF EXISTS records")  # kept by a zsync that kept no blocking keys
        db.executescript(SCHEMA)
        row = db.execute("SELECT value FROM records_meta WHERE name = 'code'").fetchone()
        if row is None or row[0] != code_stamp():
            with db:
                db.execute("BEGIN")
                db.execute("DELETE FROM records")
                db.execute("INSERT OR REPLACE INTO records_meta (name, value) VALUES ('code', ?)", (code_stamp(),))
    except (sqlite3.OperationalError, LibraryError):  # a read-only or busy file: records are built, not kept
        pass


#: the items that are papers: not standalone notes (one batch of ledger pages is 50 MB of HTML)
PAPER_ROWS = ("json_extract(items.data, '$.parentItem') IS NULL "
              "AND json_extract(items.data, '$.itemType') NOT IN ('note', 'attachment', 'annotation')")
KEPT_JOIN = "LEFT JOIN records ON records.key = items.key AND records.version = items.version"
#: each paper's kept blocking keys, or (when none are kept for its version) the item itself; a row
#: with kept keys is a paper (only papers' records are kept), so its item's JSON is not even read
KEYS_QUERY = (f"SELECT items.key, records.keys, CASE WHEN records.keys IS NULL THEN items.data END FROM items "
              f"{KEPT_JOIN} WHERE records.keys IS NOT NULL OR ({PAPER_ROWS}) ORDER BY items.rowid")
#: the papers that have no record kept for their version
UNKEPT_QUERY = f"SELECT items.key FROM items {KEPT_JOIN} WHERE records.data IS NULL AND {PAPER_ROWS}"
KEEP_BATCH = 500  # also SQLite's limit on parameters


def kept_keys(db: sqlite3.Connection) -> Iterator[BlockingKeys]:
    """The blocking keys of every paper in ``db``'s ``items`` table (key, version and item JSON),
    for a dedupe index that reads records back when it compares (:func:`records_of`): the
    records missing for their item's version are built and kept first; where the file cannot
    keep them, they are built as they are read."""
    keep_missing(db)
    cursor = db.execute(KEYS_QUERY)
    for rows in iter(lambda: cursor.fetchmany(1000), []):
        for key, kept, data in rows:
            if kept is not None:
                yield decode_keys(key, kept)
            elif is_paper(item := ZoteroItem.model_validate_json(data)):
                yield BlockingKeys.of(record_from_item(item))


def keep_missing(db: sqlite3.Connection) -> None:
    """Build and keep the records of the papers that have none for their version, a batch at a
    time: after an upgrade of the record code that is every paper, and built all before any was
    written they held 493 MiB for a 111k library. A file that cannot keep them is left to
    :func:`kept_keys`, which builds them as it reads."""
    missing = [key for (key,) in db.execute(UNKEPT_QUERY)]
    for part in chunks(missing, KEEP_BATCH):
        rows = db.execute(f"SELECT key, version, data FROM items WHERE key IN ({','.join('?' * len(part))})", list(part))
        items = [(key, version, ZoteroItem.model_validate_json(data)) for key, version, data in rows]
        if not remember(db, [(key, version, record_from_item(item)) for key, version, item in items if is_paper(item)]):
            return


def records_of(db: sqlite3.Connection, keys: list[str]) -> dict[str, Record]:
    """The records of the items with these keys: kept ones for items at the same version, the
    others built from the item (a file that could not keep them). How an index that holds only
    blocking keys (:class:`~zsync.dedupe.index.DedupeIndex` with ``load``) reads the records
    of an entry's candidates."""
    found: dict[str, Record] = {}
    for part in chunks(keys, KEEP_BATCH):
        rows = db.execute(f"SELECT items.key, records.data, CASE WHEN records.data IS NULL THEN items.data END FROM items "
                          f"{KEPT_JOIN} WHERE items.key IN ({','.join('?' * len(part))})", list(part))
        for key, kept, data in rows:
            found[key] = decode(kept) if kept is not None else record_from_item(ZoteroItem.model_validate_json(data))
    return found


def remember(db: sqlite3.Connection, built: list[tuple[str, int, Record]]) -> bool:
    """Keep records built in this run for the next; whether they were kept. A cache only: when
    the file is busy or read-only, they are built again next time."""
    if not built:
        return True
    try:
        with db:
            db.execute("BEGIN")  # one transaction: the connection commits each statement otherwise
            db.executemany("INSERT OR REPLACE INTO records (key, version, data, keys) VALUES (?, ?, ?, ?)",
                           [(key, version, encode(record), encode_keys(record)) for key, version, record in built])
    except (sqlite3.OperationalError, LibraryError):  # LibraryError: a zsync file's connection (storage.guarded)
        return False
    return True
