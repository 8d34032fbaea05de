"""The team's memory lives in the library (the ledger), not on one member's machine: a new member,
or one whose machine was wiped, respects what people removed and renamed."""

from __future__ import annotations

import html
import importlib
import json

import pytest

from conftest import ABSTRACT_LIST, API_KEY, AS_OF, GROUP_ID, HF_PAGE
from zsync.errors import LibraryError
from zsync.library import WriteFailure, WriteReport, ZoteroLibrary
from zsync.library import new_key
from zsync.library.ledger import MAX_TRIES, TAG, Ledger, publish
from zsync.model import Tag, ZoteroItem
from zsync.sources import ParseContext
from zsync.sync import run_sync


def member(fake_zotero, home) -> ZoteroLibrary:
    """A member's view of the group library: their own copy, queue and status under ``home``."""
    return ZoteroLibrary("group", GROUP_ID, API_KEY, home / "zotero", endpoint=fake_zotero.base, sleep=lambda s: None)


def sync(library, settings, paths=(HF_PAGE, ABSTRACT_LIST), **kw):
    return run_sync([str(p) for p in paths], library, settings, context=ParseContext(as_of=AS_OF), **kw)


def server_items(fake_zotero) -> dict[str, dict]:
    return fake_zotero.state.libraries[f"/groups/{GROUP_ID}"].items


def papers(fake_zotero) -> dict[str, dict]:
    return {k: i for k, i in server_items(fake_zotero).items() if not i.get("parentItem") and i["itemType"] != "note"}


def test_new_member_recreates_nothing_people_deleted_trashed_or_retitled(fake_zotero, tmp_path, settings):
    with member(fake_zotero, tmp_path / "first") as library:
        sync(library, settings)
    library = fake_zotero.state.libraries[f"/groups/{GROUP_ID}"]
    deleted, trashed, retitled = sorted(papers(fake_zotero))[:3]
    library.delete_item(deleted)
    library.write_items([{"key": trashed, "version": library.items[trashed]["version"], "deleted": 1}], None)
    library.write_items([{"key": retitled, "version": library.items[retitled]["version"], "title": "Renamed"}], None)
    before = len(papers(fake_zotero))

    with member(fake_zotero, tmp_path / "new") as library:  # nothing of the first member's machine
        report = sync(library, settings)
    assert not report.created and not report.failed
    assert {line.key for line in report.skipped} == {deleted, trashed}
    assert len(papers(fake_zotero)) == before and papers(fake_zotero)[retitled]["title"] == "Renamed"
    assert deleted not in server_items(fake_zotero) and server_items(fake_zotero)[trashed]["deleted"] == 1


def test_code_link_a_person_deleted_is_not_attached_again(fake_zotero, tmp_path, settings):
    with member(fake_zotero, tmp_path / "first") as library:
        sync(library, settings)
    library = fake_zotero.state.libraries[f"/groups/{GROUP_ID}"]
    link = next(k for k, i in library.items.items() if i.get("linkMode") == "linked_url")
    parent = library.items[link]["parentItem"]
    library.delete_item(link)
    for home in ("first", "new"):
        with member(fake_zotero, tmp_path / home) as zotero:
            report = sync(zotero, settings)
        assert report.attachments_created == 0 and not report.failed
    assert not [i for i in server_items(fake_zotero).values() if i.get("parentItem") == parent]


def test_recreate_deleted_brings_a_deleted_code_link_back(fake_zotero, tmp_path, settings):
    with member(fake_zotero, tmp_path / "first") as library:
        sync(library, settings)
    library = fake_zotero.state.libraries[f"/groups/{GROUP_ID}"]
    link = next(k for k, i in library.items.items() if i.get("linkMode") == "linked_url")
    library.delete_item(link)
    with member(fake_zotero, tmp_path / "new") as zotero:
        report = sync(zotero, settings.model_copy(update={"recreate_deleted": True}))
    assert report.attachments_created == 1


def test_ledger_names_every_entry_paper_and_link_the_run_added(fake_zotero, tmp_path, settings):
    with member(fake_zotero, tmp_path / "first") as library:
        report = sync(library, settings)
    ledger = Ledger.read(ZoteroItem.model_validate(i) for i in server_items(fake_zotero).values())
    assert set(ledger.entries.values()) == set(papers(fake_zotero))
    assert set(ledger.papers) == {line.key for line in report.created}
    assert sum(len(links) for links in ledger.links.values()) == report.attachments_created == 18


def test_no_op_rerun_writes_no_ledger(fake_zotero, tmp_path, settings):
    with member(fake_zotero, tmp_path / "first") as library:
        sync(library, settings)
    fake_zotero.state.log.clear()
    with member(fake_zotero, tmp_path / "first") as library:
        sync(library, settings)
    assert not fake_zotero.state.requests("POST")


def page(key: str, ledger: Ledger | None = None, note: str | None = None) -> ZoteroItem:
    return ZoteroItem(key=key, version=1, itemType="note", tags=[Tag(tag=TAG)],
                      note=note if note is not None else ledger.to_note())


def test_two_pages_started_at_once_are_read_as_one_ledger():
    """Two members starting a ledger at the same moment make two pages; neither is lost."""
    first = Ledger({"arxiv:1": "AAAAAAAA"}, {"AAAAAAAA": ["One", "1", ""]}, {"AAAAAAAA": {"github.com/a/b"}})
    second = Ledger({"arxiv:2": "BBBBBBBB"}, {}, {"AAAAAAAA": {"github.com/c/d"}})
    ledger = Ledger.read([page("PAGE2222", first), page("PAGE3333", second)])
    assert ledger.entries == {"arxiv:1": "AAAAAAAA", "arxiv:2": "BBBBBBBB"}
    assert ledger.links == {"AAAAAAAA": {"github.com/a/b", "github.com/c/d"}}


def test_a_damaged_page_is_skipped_and_left_as_it_is(local_library):
    damaged = page(new_key(), note="<p>someone typed over it</p>").model_copy(update={"version": 0})
    local_library.create([damaged])
    [stored] = local_library.get([damaged.key])
    publish(local_library, Ledger.read([stored]).pages, Ledger({"arxiv:9": "CCCCCCCC"}))
    pages = [i for i in local_library.items() if i.itemType == "note"]
    assert [p.get("note") for p in pages if p.key == damaged.key] == ["<p>someone typed over it</p>"]
    assert Ledger.read(pages).entries == {"arxiv:9": "CCCCCCCC"}


def test_a_full_page_is_followed_by_a_new_one(local_library, monkeypatch):
    monkeypatch.setattr("zsync.library.ledger.PAGE_BYTES", 600)
    for n in range(12):
        pages = [i for i in local_library.items() if i.itemType == "note"]
        publish(local_library, Ledger.read(pages).pages, Ledger({f"arxiv:{n}": f"KEY{n:05d}"}))
    pages = [i for i in local_library.items() if i.itemType == "note"]
    assert len(pages) > 1 and all(len(p.get("note").encode()) <= 600 for p in pages)
    assert len(Ledger.read(pages).entries) == 12


def test_a_page_refused_again_and_again_is_given_up_after_a_bounded_number_of_tries(local_library, monkeypatch):
    publish(local_library, [], Ledger({"arxiv:1": "AAAAAAAA"}))
    pages = Ledger.read(i for i in local_library.items() if i.itemType == "note").pages
    tries: list[object] = []
    monkeypatch.setattr(local_library, "update",
                        lambda items: tries.append(items) or WriteReport(failed={0: WriteFailure(412, "stale")}))
    with pytest.raises(LibraryError, match="kept changing"):
        publish(local_library, pages, Ledger({"arxiv:2": "BBBBBBBB"}))
    assert len(tries) == MAX_TRIES


def test_papers_with_the_same_tags_share_one_set_in_a_read_ledger():
    pages = [Ledger(tags={f"K{n:07d}": frozenset({"source:bibtex", "has-code"}) for n in range(start, start + 3)})
             for start in (0, 3)]
    notes = [ZoteroItem(key=f"PAGE000{i}", version=1, itemType="note", tags=[Tag(tag=TAG)], note=page.to_note())
             for i, page in enumerate(pages)]
    read = Ledger.read(notes)
    assert len(read.tags) == 6 and len({id(tags) for tags in read.tags.values()}) == 1


TRICKY = Ledger({"doi:10.1000/a&b<c>": "AAAAAAAA"},
                {"AAAAAAAA": ['Say "why" & <how>: it\'s &amp; not &lt;', "", "10.1000/a&b<c>"]})


def test_a_page_written_with_escaped_quotes_by_an_earlier_zsync_is_read_alike():
    old_note = f"<pre>{html.escape(json.dumps({'zsync': 1, 'entries': TRICKY.entries, 'papers': TRICKY.papers, 'links': {}}))}</pre>"
    assert "&quot;" in old_note
    assert Ledger.read([page("PAGE0001", note=old_note)]) == TRICKY


def test_a_page_an_editor_wrote_with_other_character_references_is_read_alike():
    note = TRICKY.to_note().replace('"', "&#34;").replace("'", "&#39;").replace("<pre>{", "<pre>&#123;", 1)
    assert Ledger.read([page("PAGE0001", note=note)]) == TRICKY


def test_a_page_keeps_quotes_as_quotes():
    note = TRICKY.to_note()
    assert "&quot;" not in note and "&amp;amp;" in note and Ledger.read([page("PAGE0001", note=note)]) == TRICKY


def test_a_run_killed_before_it_shared_is_shared_by_its_rerun_so_what_people_delete_stays_deleted(
        fake_zotero, tmp_path, settings, monkeypatch):
    apply_module = importlib.import_module("zsync.sync.apply")  # the package exports its function `apply`

    def killed(*args, **kwargs):  # the process dies after its writes, before the ledger's
        raise KeyboardInterrupt
    with monkeypatch.context() as patched:
        patched.setattr(apply_module, "_share", killed)
        with pytest.raises(KeyboardInterrupt), member(fake_zotero, tmp_path / "first") as library:
            sync(library, settings)
    assert not Ledger.read(ZoteroItem.model_validate(i) for i in server_items(fake_zotero).values())
    with member(fake_zotero, tmp_path / "first") as library:
        assert sync(library, settings).summary() == "0 created, 0 updated, 57 unchanged"
    ledger = Ledger.read(ZoteroItem.model_validate(i) for i in server_items(fake_zotero).values())
    assert set(ledger.papers) == set(papers(fake_zotero))
    assert sum(len(links) for links in ledger.links.values()) == 18

    library = fake_zotero.state.libraries[f"/groups/{GROUP_ID}"]
    link = next(k for k, i in library.items.items() if i.get("linkMode") == "linked_url")
    parent = library.items[link]["parentItem"]
    library.delete_item(link)
    paper = next(k for k in sorted(papers(fake_zotero)) if k != parent)
    tagged = library.items[parent]
    library.write_items([{"key": parent, "version": tagged["version"], "tags": tagged["tags"][1:]}], None)
    library.delete_item(paper)
    for home in ("first", "new"):
        with member(fake_zotero, tmp_path / home) as zotero:
            report = sync(zotero, settings)
        assert (report.created, report.updated, report.attachments_created) == ([], [], 0)
    assert paper not in server_items(fake_zotero)
    assert server_items(fake_zotero)[parent]["tags"] == tagged["tags"][1:]
