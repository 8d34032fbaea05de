"""A re-run that can change nothing reads what changed in the library and stops."""

from __future__ import annotations

import pytest

from conftest import ABSTRACT_LIST, API_KEY, AS_OF, GROUP_ID, HF_PAGE
from library.contract import paper
from zsync.library import ZoteroLibrary
from zsync.sources import ParseContext
from zsync.sync import run_sync

TIMES = {"started_at", "finished_at"}


def sync(paths, library, settings, **kw):
    return run_sync([str(p) for p in paths], library, settings, context=ParseContext(as_of=AS_OF), **kw)


@pytest.fixture
def digests(tmp_path):
    """The two seeds, and a digest listing one of their papers again in other words."""
    again = tmp_path / "again.txt"
    again.write_text("Title: Routing Manifold Alignment Improves Generalization of Mixture-of-Experts LLMs.\n"
                     "Abstract: The same paper, listed a second time.\n")
    return [HF_PAGE, ABSTRACT_LIST, again]


def no_reading(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the run read its digests")

    monkeypatch.setattr("zsync.sync.read_and_resolve", refuse)


def test_rerun_reports_what_planning_again_reports(local_library, settings, digests):
    first = sync(digests, local_library, settings)
    replayed = sync(digests, local_library, settings)
    local_library.status.set_last_run(None, "", "")  # forgotten: the next run plans in full
    planned = sync(digests, local_library, settings)
    assert first.created and first.duplicates and not first.unchanged
    assert replayed.model_dump(exclude=TIMES) == planned.model_dump(exclude=TIMES)
    assert replayed.summary() == "0 created, 0 updated, 57 unchanged, 1 duplicate"


def test_rerun_of_the_same_digests_reads_none_of_them(local_library, settings, digests, monkeypatch):
    sync(digests, local_library, settings)
    version = local_library.version
    no_reading(monkeypatch)
    assert sync(digests, local_library, settings).summary() == "0 created, 0 updated, 57 unchanged, 1 duplicate"
    assert local_library.version == version


def test_a_library_written_since_is_planned_against(local_library, settings, digests):
    sync(digests, local_library, settings)
    local_library.create([paper("Someone else's paper")])
    report = sync(digests, local_library, settings)
    assert len(report.unchanged) == 57 and report.library_version == local_library.version


def test_a_row_deleted_behind_the_library_is_noticed(local_library, settings, digests):
    sync(digests, local_library, settings)
    victim = next(i for i in local_library.items() if i.itemType == "preprint")
    local_library.db.execute("DELETE FROM items WHERE key = ? OR parent = ?", (victim.key, victim.key))
    assert [line.key for line in sync(digests, local_library, settings).skipped] == [victim.key]


def test_an_edited_digest_is_read_again(local_library, settings, digests):
    sync(digests, local_library, settings)
    digests[2].write_text(digests[2].read_text() + "\nTitle: A paper added to the file since\nAbstract: New.\n")
    assert len(sync(digests, local_library, settings).created) == 1


def test_another_day_reads_again_what_is_read_as_of_today(local_library, settings, digests, monkeypatch):
    sync(digests, local_library, settings)
    no_reading(monkeypatch)
    with pytest.raises(AssertionError, match="read its digests"):
        run_sync([str(p) for p in digests], local_library, settings, context=ParseContext(as_of=AS_OF.replace(day=25)))


def test_a_dry_run_neither_replays_nor_leaves_a_fingerprint(local_library, settings, digests):
    sync(digests, local_library, settings, dry_run=True)
    assert local_library.status.last_run() is None
    sync(digests, local_library, settings)
    assert sync(digests, local_library, settings, dry_run=True).summary().startswith("would be: 0 created")


def test_web_rerun_is_one_request(fake_zotero, tmp_path, settings, digests, monkeypatch):
    with ZoteroLibrary("group", GROUP_ID, API_KEY, tmp_path / "cache", endpoint=fake_zotero.base) as library:
        sync(digests, library, settings)
    fake_zotero.state.log.clear()
    no_reading(monkeypatch)
    with ZoteroLibrary("group", GROUP_ID, API_KEY, tmp_path / "cache", endpoint=fake_zotero.base) as library:
        assert len(sync(digests, library, settings).unchanged) == 57
    assert [(r["method"], r["path"]) for r in fake_zotero.state.log] == [("GET", f"/groups/{GROUP_ID}/items")]
