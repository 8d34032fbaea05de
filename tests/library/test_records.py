"""The local library keeps its papers' dedupe records between runs, valid per item version."""

from __future__ import annotations

import sqlite3
from dataclasses import replace

from conftest import AS_OF, HF_PAGE
from zsync.dedupe.record import BlockingKeys, record_from_item
from zsync.dedupe.report import held_index, index_of
from zsync.library import LocalLibrary
from zsync.library import records
from zsync.library.base import papers_and_links
from zsync.model import ZoteroItem
from zsync.sources import ParseContext
from zsync.sync import run_sync


def synced(library: LocalLibrary, settings) -> list[ZoteroItem]:
    run_sync([str(HF_PAGE)], library, settings, context=ParseContext(as_of=AS_OF))
    return papers_and_links(library.items())[0]


def kept(library: LocalLibrary) -> int:
    return library.db.execute("SELECT count(*) FROM records").fetchone()[0]


def test_a_kept_record_and_its_keys_are_what_its_item_makes(local_library, settings):
    papers = synced(local_library, settings)
    keys = list(local_library.paper_keys())
    assert kept(local_library) == len(papers) == 47
    assert keys == [BlockingKeys.of(record_from_item(item)) for item in papers]
    assert local_library.records_of([k.ref for k in keys]) == {item.key: record_from_item(item) for item in papers}


def test_an_item_written_since_gets_a_new_record(local_library, settings):
    papers = synced(local_library, settings)
    list(local_library.paper_keys())
    first = papers[0]
    local_library.update([ZoteroItem(key=first.key, version=first.version, itemType=first.itemType,
                                     title="A title a person corrected")])
    assert next(local_library.paper_keys()).title == "a title a person corrected"
    assert local_library.records_of([first.key])[first.key].label == "A title a person corrected"


def test_records_built_by_other_code_are_dropped(tmp_path, settings):
    path = tmp_path / "library.sqlite"
    with LocalLibrary(path) as library:
        synced(library, settings)
        list(library.paper_keys())
        assert kept(library) == 47
    with sqlite3.connect(path) as db:
        db.execute("UPDATE records_meta SET value = 'older code' WHERE name = 'code'")
    with LocalLibrary(path) as library:
        assert kept(library) == 0
        assert library.db.execute("SELECT value FROM records_meta").fetchone()[0] == records.code_stamp()


def test_the_copy_of_a_web_library_keeps_records_too(zotero_group, settings):
    papers = synced(zotero_group, settings)
    keys = list(zotero_group.paper_keys())
    assert zotero_group.cache.db.execute("SELECT count(*) FROM records").fetchone()[0] == 47
    assert keys == list(zotero_group.paper_keys()) == [BlockingKeys.of(record_from_item(item)) for item in papers]


def test_records_of_some_keys_are_the_records_the_library_gives(local_library, settings):
    built = {record.ref: record for record in synced_records(local_library, settings)}
    some = sorted(built)[::5]
    assert local_library.records_of(some) == {key: built[key] for key in some}


def test_records_of_keys_are_built_when_the_file_kept_none(local_library, settings):
    papers = synced(local_library, settings)
    local_library.db.execute("DELETE FROM records")
    assert local_library.records_of([papers[0].key]) == {papers[0].key: record_from_item(papers[0])}


def test_the_copy_of_a_web_library_reads_records_by_key(zotero_group, settings):
    built = {record.ref: record for record in synced_records(zotero_group, settings)}
    assert zotero_group.records_of(sorted(built)) == built


def test_a_library_index_holds_keys_not_records_and_matches_as_one_that_holds_them(local_library, settings):
    """The index a run builds of the library reads a candidate's record back from the file when
    it compares; what it finds is what an index holding every record finds."""
    library_records = synced_records(local_library, settings)
    held, on_disk = index_of(library_records, settings.dedupe), held_index(
        local_library.paper_keys(), settings.dedupe, local_library.records_of)
    assert on_disk.records == {} and len(held.records) == 47
    for record in library_records:
        query = replace(record, ref="entry:0", label=record.label.upper(), title=record.title + " revisited")
        assert on_disk.matches(query) == held.matches(query) != []


def synced_records(library, settings) -> list:
    keys = [paper.key for paper in synced(library, settings)]
    found = library.records_of(keys)
    return [found[key] for key in keys]


def test_a_library_index_reads_a_record_compared_lately_from_memory(local_library, settings):
    library_records = synced_records(local_library, settings)
    read: list[str] = []

    def load(keys: list[str]) -> dict:
        read.extend(keys)
        return local_library.records_of(keys)

    index = held_index(local_library.paper_keys(), settings.dedupe, load)
    query = replace(library_records[0], ref="entry:0")
    first = index.matches(query)
    assert read and index.matches(replace(query, ref="entry:1")) == first
    assert sorted(read) == sorted(set(read))


def test_records_missing_after_an_upgrade_are_kept_a_batch_at_a_time(local_library, settings, monkeypatch):
    papers = synced(local_library, settings)
    local_library.db.execute("DELETE FROM records")
    batches: list[int] = []
    remember = records.remember
    monkeypatch.setattr(records, "KEEP_BATCH", 10)
    monkeypatch.setattr(records, "remember", lambda db, built: batches.append(len(built)) or remember(db, built))
    assert list(local_library.paper_keys()) == [BlockingKeys.of(record_from_item(item)) for item in papers]
    assert batches == [10, 10, 10, 10, 7] and kept(local_library) == 47


def test_a_file_that_cannot_keep_records_still_gives_every_record(local_library, settings, monkeypatch):
    papers = synced(local_library, settings)
    local_library.db.execute("DELETE FROM records")
    monkeypatch.setattr(records, "remember", lambda db, built: False)
    assert list(local_library.paper_keys()) == [BlockingKeys.of(record_from_item(item)) for item in papers]
    assert local_library.records_of([papers[0].key]) == {papers[0].key: record_from_item(papers[0])}


def test_records_an_earlier_zsync_kept_without_blocking_keys_are_replaced(tmp_path, settings):
    path = tmp_path / "library.sqlite"
    with LocalLibrary(path) as library:
        papers = synced(library, settings)
    with sqlite3.connect(path) as db:
        db.execute("DROP TABLE records")
        db.execute("CREATE TABLE records (key TEXT PRIMARY KEY, version INTEGER NOT NULL, data TEXT NOT NULL)")
        db.execute("INSERT INTO records VALUES ('OLDKEY01', 1, '[]')")
    with LocalLibrary(path) as library:
        assert list(library.paper_keys()) == [BlockingKeys.of(record_from_item(item)) for item in papers]
        assert kept(library) == 47
