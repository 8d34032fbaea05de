"""Sync semantics: seeds in, re-runs change nothing, matched items only gain, nothing is lost."""

from __future__ import annotations


from pathlib import Path

from conftest import ABSTRACT_LIST, AS_OF, HF_PAGE
from zsync.library import LocalLibrary
from zsync.library.base import papers_and_links
from zsync.model import Tag, ZoteroItem
from zsync.sources import ParseContext
from zsync.sync import run_sync


def sync(paths, library, settings, **kw):
    return run_sync([str(p) for p in paths], library, settings, context=ParseContext(as_of=AS_OF), **kw)


def parents(library):
    """The library's papers (not their attachments, not the ledger note)."""
    return papers_and_links(library.items())[0]


def test_seeds_sync_into_57_items_with_18_code_links(local_library, settings):
    first = sync([HF_PAGE], local_library, settings)
    second = sync([ABSTRACT_LIST], local_library, settings)
    assert (len(first.created), len(second.created)) == (47, 10)
    assert first.attachments_created + second.attachments_created == 18
    children = [i for i in local_library.items() if i.parentItem]
    assert len(parents(local_library)) == 57 and len(children) == 18
    assert all(c.linkMode == "linked_url" for c in children)


def test_rerun_matches_by_what_each_entry_became_without_a_dedupe_index(local_library, settings, monkeypatch):
    sync([HF_PAGE, ABSTRACT_LIST], local_library, settings)

    def no_index(*args, **kwargs):
        raise AssertionError("a re-run built the library's dedupe index")

    monkeypatch.setattr(LocalLibrary, "paper_keys", no_index)
    assert sync([HF_PAGE, ABSTRACT_LIST], local_library, settings).summary() == "0 created, 0 updated, 57 unchanged"


def test_second_sync_creates_nothing_and_says_so(local_library, settings):
    sync([HF_PAGE, ABSTRACT_LIST], local_library, settings)
    version = local_library.version
    again = sync([HF_PAGE, ABSTRACT_LIST], local_library, settings)
    assert again.counts()["created"] == 0 and len(again.unchanged) == 57
    assert again.summary() == "0 created, 0 updated, 57 unchanged"
    assert local_library.version == version


def test_dry_run_writes_nothing(local_library, settings):
    report = sync([HF_PAGE], local_library, settings, dry_run=True)
    assert len(report.created) == 47 and report.summary().startswith("would be: 47 created")
    assert list(local_library.items()) == [] and local_library.version == 0


def test_duplicate_inside_one_run_is_folded_into_the_first(tmp_path, local_library, settings):
    digest = tmp_path / "twice.txt"
    digest.write_text("Title: Same Paper Twice Over Here\nAbstract: One. See https://github.com/a/one\n\n"
                      "Title: Same paper twice over here.\nAbstract: Two. See https://github.com/a/two\n")
    report = sync([digest], local_library, settings)
    assert len(report.created) == 1 and len(report.duplicates) == 1
    assert "same paper as" in report.duplicates[0].detail and ":1" in report.duplicates[0].detail
    assert report.attachments_created == 2  # the duplicate's code link is kept too


def test_paper_already_in_library_is_matched_not_created(tmp_path, local_library, settings):
    local_library.create([ZoteroItem(key="ABCD2345", version=0, itemType="preprint",
                                     title="Alignment Faking in Large Language Models")])
    report = sync([HF_PAGE], local_library, settings)
    assert len(report.created) == 46
    [matched] = [line for line in report.updated if line.key == "ABCD2345"]
    assert "title" in matched.detail


def test_an_item_a_person_edited_keeps_their_title_and_their_tags(tmp_path, local_library, settings):
    sync([HF_PAGE], local_library, settings)
    [item] = [i for i in parents(local_library) if i.get("title").startswith("Ola:")]
    edited = ZoteroItem(key=item.key, version=item.version, itemType="preprint",
                        title="Ola (my own title)", tags=[Tag(tag="to-read")])
    local_library.update([edited])
    report = sync([HF_PAGE], local_library, settings)
    [after] = local_library.get([item.key])
    assert after.get("title") == "Ola (my own title)"
    assert after.tag_names() == ["to-read"]  # the tags zsync gave and the person took off stay off
    assert not report.updated


def test_item_deleted_since_the_last_run_is_not_recreated(local_library, settings):
    sync([ABSTRACT_LIST], local_library, settings)
    victim = parents(local_library)[0]
    local_library.db.execute("DELETE FROM items WHERE key = ? OR parent = ?", (victim.key, victim.key))
    report = sync([ABSTRACT_LIST], local_library, settings)
    assert [line.key for line in report.skipped] == [victim.key] and not report.created


def test_collection_is_created_and_holds_the_new_items(local_library, settings):
    sync([ABSTRACT_LIST], local_library, settings, collection="Daily Papers/2026-11")
    key = local_library.collection("Daily Papers/2026-11", create=False)
    assert key and all(i.collections == [key] for i in parents(local_library))


def test_existing_items_join_the_collection_on_a_later_run(local_library, settings):
    sync([ABSTRACT_LIST], local_library, settings)
    report = sync([ABSTRACT_LIST], local_library, settings, collection="Later")
    assert len(report.updated) == 10
    key = local_library.collection("Later", create=False)
    assert all(key in i.collections for i in parents(local_library))


def test_rejects_are_reported_and_good_entries_still_go_through(tmp_path, local_library, settings):
    page = HF_PAGE.read_text().replace("  • 8 authors\n·\nOct 9, 2023", "  • 8 authors\n·\nOct 9, 2023\n\n  • 2 authors\n·\nMay 1")
    broken = tmp_path / "broken.txt"
    broken.write_text(page)
    report = sync([broken], local_library, settings)
    assert len(report.created) == 47
    [reject] = report.rejected
    assert reject.location.startswith(f"{broken}:") and "no paper before it" in reject.detail


def test_failed_object_is_reported_with_its_entry_location(tmp_path, settings):
    library = LocalLibrary(tmp_path / "lib.sqlite")
    mapping_dir = tmp_path / "mappings"
    mapping_dir.mkdir()
    (mapping_dir / "preprint.toml").write_text(
        'name = "preprint"\nitem_type = "preprint"\n[fields]\ntitle = "{title}"\nabstractNote = "{abstract}"\n')
    big = tmp_path / "big.txt"
    big.write_text("Abstract: short one.\nAbstract: " + "x" * 70000 + "\n")
    report = sync([big], library, settings.model_copy(update={"mappings": [mapping_dir]}))
    assert len(report.created) == 1
    [failed] = report.failed
    assert failed.location == f"{big}:2" and "longer than 65535 bytes" in failed.detail


def test_published_version_in_library_gains_the_preprints_arxiv_id(tmp_path, local_library, settings):
    local_library.create([ZoteroItem(key="ABCD2345", version=0, itemType="journalArticle", DOI="10.1000/pub",
                                     title="A Study of Routers for Large Language Models", extra="my note")])
    digest = tmp_path / "d.txt"
    digest.write_text("Title: A Study of Routers for Large Language Models\narXiv: 2406.08464\nAbstract: Text.\n")
    report = sync([digest], local_library, settings)
    assert [line.key for line in report.updated] == ["ABCD2345"] and not report.created
    [item] = local_library.get(["ABCD2345"])
    assert item.get("extra") == "my note\narXiv: 2406.08464"
    assert item.itemType == "journalArticle" and item.get("DOI") == "10.1000/pub"


def test_preprint_policy_distinct_creates_the_preprint_beside_the_published_version(tmp_path, local_library, settings):
    local_library.create([ZoteroItem(key="ABCD2345", version=0, itemType="journalArticle",
                                     title="A Study of Routers for Large Language Models")])
    digest = tmp_path / "d.txt"
    digest.write_text("Title: A Study of Routers for Large Language Models\narXiv: 2406.08464\nAbstract: Text.\n")
    distinct = settings.model_copy(update={"dedupe": settings.dedupe.model_copy(update={"preprints": "distinct"})})
    assert len(sync([digest], local_library, distinct).created) == 1


def test_replacement_updates_the_version_line_once_instead_of_creating_twice(tmp_path, local_library, settings):
    new = tmp_path / "new.txt"
    new.write_text("\\\\\narXiv:2401.13770\nDate: Tue, 23 Jan 2024 10:00:00 GMT   (306kb)\n\nTitle: AlphaMapleSAT\n"
                   "Authors: Piyush Jha\nCategories: cs.AI\n\\\\\n  An abstract.\n\\\\ ( https://arxiv.org/abs/2401.13770 )\n"
                   + "-" * 78 + "\n")
    replaced = tmp_path / "replaced.txt"
    replaced.write_text("\\\\\narXiv:2401.13770\nreplaced with revised version Tue, 20 Jan 2026 17:44:29 GMT   (306kb)\n\n"
                        "Title: AlphaMapleSAT\nAuthors: Piyush Jha\nCategories: cs.AI\n\\\\ ( https://arxiv.org/abs/2401.13770 )\n"
                        + "-" * 78 + "\n")
    sync([new], local_library, settings)
    report = sync([replaced], local_library, settings)
    [item] = parents(local_library)
    assert len(report.updated) == 1 and not report.created
    assert item.get("extra").splitlines()[-2:] == ["version: 2", "revised: 2026-01-20"]
    assert sync([replaced], local_library, settings).summary() == "0 created, 0 updated, 1 unchanged"


POSSIBLE_PAIR = ("Title: Clinical trial of eculizumab in adult patients with atypical hemolytic uremic syndrome\n"
                 "Authors: Ann Lee, Bo Chen\nAbstract: We enrolled adults.\n\n"
                 "Title: Clinical trial of eculizumab in pediatric patients with atypical hemolytic uremic syndrome\n"
                 "Authors: Ann Lee, Bo Chen\nAbstract: We enrolled children.\n")


def test_a_possible_duplicate_is_created_tagged_and_related_not_dropped(local_library, settings, tmp_path):
    digest = tmp_path / "pair.txt"
    digest.write_text(POSSIBLE_PAIR)
    report = sync([digest], local_library, settings)
    assert report.counts()["created"] == 2 and report.counts()["duplicates"] == 0
    assert len(report.possible_duplicates) == 2
    adult, child = sorted(parents(local_library), key=lambda i: i.get("title"))
    assert "zsync:possible-duplicate" in adult.tag_names() and "zsync:possible-duplicate" in child.tag_names()
    assert adult.relations["dc:relation"] == [f"http://zotero.org/users/local/zsync/items/{child.key}"]
    assert child.relations["dc:relation"] == [f"http://zotero.org/users/local/zsync/items/{adult.key}"]
    assert sync([digest], local_library, settings).summary() == "0 created, 0 updated, 2 unchanged"


def test_a_possible_duplicate_of_a_library_item_is_created_and_related_to_it(local_library, settings, tmp_path):
    first, second = POSSIBLE_PAIR.split("\n\n")
    (tmp_path / "one.txt").write_text(first + "\n")
    (tmp_path / "two.txt").write_text(second)
    sync([tmp_path / "one.txt"], local_library, settings)
    report = sync([tmp_path / "two.txt"], local_library, settings)
    assert report.counts()["created"] == 1 and len(report.possible_duplicates) == 1
    held = next(i for i in parents(local_library) if "adult" in i.get("title"))
    new = next(i for i in parents(local_library) if "pediatric" in i.get("title"))
    assert new.relations["dc:relation"] == [f"http://zotero.org/users/local/zsync/items/{held.key}"]


def test_paper_listed_twice_in_one_run_is_created_with_the_tags_of_both(local_library, settings, tmp_path):
    again = tmp_path / "again.txt"
    again.write_text("Title: Routing Manifold Alignment Improves Generalization of Mixture-of-Experts LLMs.\n"
                     "Abstract: The same paper, listed a second time.\n")
    first = sync([HF_PAGE, again], local_library, settings)
    created = next(i for i in parents(local_library) if i.get("title").startswith("Routing Manifold"))
    folded = first.duplicates[0]
    assert folded.location == f"{again}:1"
    assert {"source:abstract-list", "source:hf-papers-text"} <= set(created.tag_names())
    assert sync([HF_PAGE, again], local_library, settings).summary() == "0 created, 0 updated, 47 unchanged, 1 duplicate"


def test_two_volumes_matched_through_an_entry_without_a_volume_are_both_created_and_related(
        local_library, settings):
    """Parallel Distributed Processing vol. 1 and vol. 2, and an entry for the book naming no
    volume, as a real bibliography holds them (tests/data/bib-unseen/ml-lisa.bib)."""
    digest = Path(__file__).resolve().parent.parent / "data/bib-unseen/ml-lisa.bib"
    report = sync([digest], local_library, settings)
    books = [i for i in parents(local_library) if i.get("title").startswith("Parallel Distributed Processing")]
    assert len(books) == 2 and "2" in [i.get("volume") for i in books]  # vol. 1 folded into the book's entry
    one, two = books
    assert "zsync:possible-duplicate" in one.tag_names() and "zsync:possible-duplicate" in two.tag_names()
    assert one.relations["dc:relation"] == [f"http://zotero.org/users/local/zsync/items/{two.key}"]
    assert {line.key for line in report.possible_duplicates} >= {one.key, two.key}  # the run report lists both
