"""Syncing into Zotero libraries on the fake server: idempotent, safe to kill, key never shown."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from conftest import ABSTRACT_LIST, API_KEY, AS_OF, CORPORA, GROUP_ID, HF_PAGE, ROOT
from fake_zotero.state import Fault
from zsync.library import ZoteroLibrary
from zsync.sources import ParseContext
from zsync.sync import run_sync


def group(fake_zotero):
    return fake_zotero.state.libraries[f"/groups/{GROUP_ID}"]


def papers(fake_zotero) -> list[dict]:
    """The server's papers: not attachments, not the ledger note."""
    return [i for i in group(fake_zotero).items.values() if not i.get("parentItem") and i["itemType"] != "note"]


def counts(fake_zotero) -> tuple[int, int]:
    items = group(fake_zotero).items.values()
    return len(papers(fake_zotero)), sum(1 for i in items if i.get("parentItem"))


def open_group(fake_zotero, tmp_path) -> ZoteroLibrary:
    return ZoteroLibrary("group", GROUP_ID, API_KEY, tmp_path / "cache", endpoint=fake_zotero.base, sleep=lambda s: None)


def sync(paths, library, settings, **kw):
    return run_sync([str(p) for p in paths], library, settings, context=ParseContext(as_of=AS_OF), **kw)


def test_seeds_into_a_group_library_then_again_leave_57_items_and_their_links(fake_zotero, tmp_path, settings):
    for _ in range(2):
        with open_group(fake_zotero, tmp_path) as library:
            sync([HF_PAGE], library, settings, collection="Daily Papers/2026-11")
            sync([ABSTRACT_LIST], library, settings, collection="Daily Papers/2026-11")
    assert counts(fake_zotero) == (57, 18)
    collections = group(fake_zotero).collections.values()
    assert sorted(c["name"] for c in collections) == ["2026-11", "Daily Papers"]
    [month] = [c["key"] for c in collections if c["name"] == "2026-11"]
    assert all(i["collections"] == [month] for i in papers(fake_zotero))


def test_no_op_rerun_costs_at_most_two_requests(fake_zotero, tmp_path, settings):
    with open_group(fake_zotero, tmp_path) as library:
        sync([HF_PAGE, ABSTRACT_LIST], library, settings, collection="Daily")
    fake_zotero.state.log.clear()
    with open_group(fake_zotero, tmp_path) as library:
        report = sync([HF_PAGE, ABSTRACT_LIST], library, settings, collection="Daily")
    assert report.summary() == "0 created, 0 updated, 57 unchanged"
    assert len(fake_zotero.state.log) <= 2 and not fake_zotero.state.requests("POST")


def test_new_items_cost_a_write_per_50_plus_attachments_plus_the_ledger(fake_zotero, tmp_path, settings):
    with open_group(fake_zotero, tmp_path) as library:
        sync([HF_PAGE, ABSTRACT_LIST], library, settings)
    posts = fake_zotero.state.requests("POST", "/items")
    assert len(posts) == 2 + 1 + 1  # 57 items in 50 + 7, 18 attachments in one batch, one ledger page


def test_dry_run_makes_no_writes(fake_zotero, tmp_path, settings):
    with open_group(fake_zotero, tmp_path) as library:
        report = sync([HF_PAGE], library, settings, dry_run=True, collection="New")
    assert len(report.created) == 47
    assert not fake_zotero.state.requests("POST") and counts(fake_zotero) == (0, 0)


def test_concurrent_edit_in_the_web_ui_is_kept_and_tags_still_added(fake_zotero, tmp_path, settings):
    with open_group(fake_zotero, tmp_path) as library:
        sync([ABSTRACT_LIST], library, settings)
    lib = group(fake_zotero)
    key = papers(fake_zotero)[0]["key"]

    def someone_edits(plan):  # between our read and our write, a person edits the item
        lib.write_items([{"key": key, "version": lib.items[key]["version"], "title": "Edited by a person"}], None)

    with open_group(fake_zotero, tmp_path) as library:
        report = sync([ABSTRACT_LIST], library, settings, collection="Later", on_plan=someone_edits)
    assert not report.failed and len(report.updated) == 10
    assert lib.items[key]["title"] == "Edited by a person"
    assert lib.items[key]["collections"] != []
    assert any(r["path"].endswith("/items") and r["query"].get("itemKey") for r in fake_zotero.state.requests("GET"))


def test_deleted_by_a_person_is_not_recreated(fake_zotero, tmp_path, settings):
    with open_group(fake_zotero, tmp_path) as library:
        sync([ABSTRACT_LIST], library, settings)
    lib = group(fake_zotero)
    victim = papers(fake_zotero)[0]["key"]
    lib.delete_item(victim)
    with open_group(fake_zotero, tmp_path) as library:
        report = sync([ABSTRACT_LIST], library, settings)
    assert [line.key for line in report.skipped] == [victim] and counts(fake_zotero)[0] == 9


def test_api_key_never_appears_in_output_reports_or_cache(fake_zotero, tmp_path, monkeypatch, isolated_home):
    from click.testing import CliRunner

    from zsync.cli import cli

    fake_zotero.state.faults.append(Fault("POST", "/items", status=500, times=10))
    (tmp_path / "zsync.toml").write_text("[zotero]\nmax_wait = 0\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ZOTERO_API_KEY", API_KEY)
    args = ["-v", "sync", str(ABSTRACT_LIST), "--library", f"groups/{GROUP_ID}", "--endpoint", fake_zotero.base, "--json"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 5, result.output
    assert API_KEY not in result.output
    ok = CliRunner().invoke(cli, args[:-1] + ["--json"])
    assert API_KEY not in ok.output
    caches = list(isolated_home.rglob("*.sqlite*"))
    assert caches and all(API_KEY.encode() not in path.read_bytes() for path in caches)


@pytest.mark.slow
def test_killed_between_batches_then_rerun_has_every_entry_exactly_once(fake_zotero, tmp_path):
    """A real `zsync sync` process is SIGKILLed after its first batch, then run again."""
    fake_zotero.state.faults.append(Fault("POST", "/items", delay=30.0, times=99))  # every write after the first hangs
    fake_zotero.state.faults.insert(0, Fault("POST", "/items", times=1))  # the first goes through at once
    env = {**os.environ, "ZOTERO_API_KEY": API_KEY, "ZSYNC_HOME": str(tmp_path / "home")}
    command = [sys.executable, "-m", "zsync", "sync", str(HF_PAGE), str(ABSTRACT_LIST), "--library", f"groups/{GROUP_ID}",
               "--endpoint", fake_zotero.base, "--as-of", AS_OF.isoformat()]
    process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.time() + 30
    while len(fake_zotero.state.requests("POST", "/items")) < 2 and time.time() < deadline:
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert counts(fake_zotero)[0] in (50, 57)  # first batch committed; the second was hanging
    fake_zotero.state.faults.clear()
    rerun = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert rerun.returncode == 0, rerun.stderr
    assert counts(fake_zotero) == (57, 18)
    titles = [i["title"] for i in papers(fake_zotero)]
    assert len(titles) == len(set(titles))


def test_collection_a_person_deleted_is_made_again_by_the_next_run(fake_zotero, tmp_path, settings):
    with open_group(fake_zotero, tmp_path) as library:
        sync([ABSTRACT_LIST], library, settings, collection="Daily")
    lib = group(fake_zotero)
    [daily] = list(lib.collections)
    lib.version += 1
    del lib.collections[daily]
    lib.deleted_collections[daily] = lib.version
    with open_group(fake_zotero, tmp_path) as library:
        report = sync([HF_PAGE], library, settings, collection="Daily")
    assert report.exit_code == 0 and not report.failed
    [again] = list(lib.collections)
    assert again != daily and all(again in i["collections"] for i in papers(fake_zotero)[10:])


def test_a_member_who_loses_the_race_to_add_pdfs_reports_nothing_updated(fake_zotero, tmp_path, settings):
    daily = CORPORA / "feeds/hf-daily-papers/hf_daily_papers_2026-06-12.json"  # arXiv papers: each wants its PDF
    without_pdfs = settings.model_copy(update={"pdf": settings.pdf.model_copy(update={"mode": "none"})})
    with open_group(fake_zotero, tmp_path / "first") as library:
        sync([daily], library, without_pdfs)
    with open_group(fake_zotero, tmp_path / "loser") as loser:
        create = loser.create

        def other_member_first(items, since=None):  # another member adds the same PDFs in between
            loser.create = create
            with open_group(fake_zotero, tmp_path / "winner") as winner:
                assert sync([daily], winner, settings).pdfs_attached > 0
            return create(items, since=since)
        loser.create = other_member_first
        report = sync([daily], loser, settings)
    assert (report.updated, report.attachments_created, report.pdfs_attached) == ([], 0, 0)
    assert report.summary().startswith("0 created, 0 updated, ")
