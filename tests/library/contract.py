"""What every library backend must do (vdirsyncer-style contract suite).

A backend's test module subclasses :class:`LibraryContract` and provides a ``library`` fixture.
"""

from __future__ import annotations

import pytest

from zsync.errors import LibraryError
from zsync.library import Library, new_key
from zsync.enrich.pdf import STORED
from zsync.library.base import LibraryModified, papers_and_links
from zsync.library.ledger import TAG, Ledger
from zsync.model import Tag, ZoteroItem


def paper(title: str = "A paper", **fields) -> ZoteroItem:
    return ZoteroItem(key=new_key(), version=0, itemType="preprint", title=title, **fields)


class LibraryContract:
    @pytest.fixture
    def library(self) -> Library:
        raise NotImplementedError

    def test_create_gives_each_object_its_own_version(self, library):
        start = library.version
        report = library.create([paper("one"), paper("two")])
        versions = [report.successful[i].version for i in (0, 1)]
        assert versions == [start + 1, start + 2] and library.version == start + 2

    def test_created_items_are_listed_and_got_back(self, library):
        item = paper("listed")
        library.create([item])
        assert item.key in {i.key for i in library.items()}
        [got] = library.get([item.key, "ZZZZZZZZ"])
        assert got.get("title") == "listed"

    def test_create_with_an_existing_key_fails_412(self, library):
        item = paper()
        library.create([item])
        report = library.create([item])
        assert report.failed[0].code == 412 and not report.successful

    def test_one_invalid_object_fails_alone(self, library):
        report = library.create([paper("good"), paper("bad", publicationTitle="nope"), paper("also good")])
        assert set(report.successful) == {0, 2}
        assert report.failed[1].code == 400 and "publicationTitle" in report.failed[1].message

    def test_child_of_a_missing_parent_fails_409(self, library):
        child = ZoteroItem(key=new_key(), version=0, itemType="attachment", linkMode="linked_url",
                           parentItem="ZZZZZZZZ", title="Code", url="https://github.com/a/b")
        assert library.create([child]).failed[0].code == 409

    def test_child_created_after_its_parent_in_the_same_batch(self, library):
        parent = paper()
        child = ZoteroItem(key=new_key(), version=0, itemType="attachment", linkMode="linked_url",
                           parentItem=parent.key, title="Code", url="https://github.com/a/b")
        assert set(library.create([parent, child]).successful) == {0, 1}

    def test_more_than_the_batch_limit_is_refused_whole(self, library):
        with pytest.raises(LibraryError, match="more than 50"):
            library.create([paper(str(i)) for i in range(51)])

    def test_update_merges_only_the_given_properties(self, library):
        stored = library.create([paper("kept", abstractNote="abstract")]).successful[0]
        patch = ZoteroItem(key=stored.key, version=stored.version, itemType="preprint", tags=[Tag(tag="new")])
        updated = library.update([patch]).successful[0]
        assert (updated.get("title"), updated.get("abstractNote"), updated.tag_names()) == ("kept", "abstract", ["new"])
        assert updated.version > stored.version

    def test_update_on_a_stale_version_fails_412(self, library):
        stored = library.create([paper()]).successful[0]
        library.update([ZoteroItem(key=stored.key, version=stored.version, itemType="preprint", tags=[Tag(tag="a")])])
        stale = ZoteroItem(key=stored.key, version=stored.version, itemType="preprint", tags=[Tag(tag="b")])
        assert library.update([stale]).failed[0].code == 412

    def test_update_that_changes_nothing_is_unchanged(self, library):
        stored = library.create([paper()]).successful[0]
        same = ZoteroItem(key=stored.key, version=stored.version, itemType="preprint", title=stored.get("title"))
        assert library.update([same]).unchanged == {0: stored.key}

    def test_collection_path_is_created_once(self, library):
        key = library.collection("Daily Papers/2026-11")
        assert library.collection("Daily Papers/2026-11") == key
        assert library.collection("Daily Papers/2026-12", create=False) is None

    def test_status_remembers_entries(self, library):
        library.status.put([("arxiv:2401.00001", "ABCD2345")])
        assert library.status.snapshot() == {"arxiv:2401.00001": "ABCD2345"}

    def test_status_shares_only_what_is_new_or_changed(self, library):
        library.status.put([("arxiv:1", "AAAAAAAA"), ("arxiv:2", "BBBBBBBB")])
        library.status.mark_shared({"arxiv:1": "AAAAAAAA", "arxiv:2": "BBBBBBBB"})
        library.status.put([("arxiv:1", "AAAAAAAA"), ("arxiv:2", "CCCCCCCC")])
        assert library.status.unshared() == {"arxiv:2": "CCCCCCCC"}

    def test_create_since_an_older_version_is_refused_whole(self, library):
        since = library.version
        library.create([paper("someone else's")])
        with pytest.raises(LibraryModified):
            library.create([paper("mine")], since=since)
        assert [i.get("title") for i in library.items()] == ["someone else's"]

    def test_create_since_the_current_version_reports_the_new_version(self, library):
        report = library.create([paper("a"), paper("b")], since=library.version)
        assert report.version == library.version

    def test_outline_tells_papers_the_ledger_and_attachments_apart_as_items_do(self, library):
        parent = paper("with a code link and a PDF")
        ledger_page = ZoteroItem(key=new_key(), version=0, itemType="note", tags=[Tag(tag=TAG)],
                                 note=Ledger(entries={"arxiv:1": parent.key}).to_note())
        library.create([parent, paper("another"), ledger_page,
                        ZoteroItem(key=new_key(), version=0, itemType="note", note="<p>a person's note</p>")])
        pdf = ZoteroItem(key=new_key(), version=0, itemType="attachment", linkMode="imported_url", parentItem=parent.key,
                         title="Full Text PDF", url="https://arxiv.org/pdf/1", contentType="application/pdf")
        library.create([ZoteroItem(key=new_key(), version=0, itemType="attachment", linkMode="linked_url",
                                   parentItem=parent.key, title="Code", url="https://github.com/a/b"), pdf,
                        ZoteroItem(key=new_key(), version=0, itemType="note", parentItem=parent.key, note="<p>child</p>")])
        outline = library.outline()
        papers, _ = papers_and_links(library.items())
        assert outline.papers == {p.key for p in papers} and len(outline.papers) == 2
        assert outline.children == {parent.key: {"github.com/a/b", STORED}}
        assert outline.unstored == {parent.key: pdf.key}  # its file never came
        assert outline.ledger.entries == {"arxiv:1": parent.key}
        assert [page.key for page in outline.ledger.pages] == [ledger_page.key]
        assert outline.version == library.version
        assert library.held(parent.key) == next(p for p in papers if p.key == parent.key)
