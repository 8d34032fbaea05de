"""A person's edit always wins: what zsync wrote and a person removed stays removed, what zsync
wrote and nobody touched is completed by a fuller copy of the same paper (issue 16, rows 3-4)."""

from __future__ import annotations

from conftest import AS_OF, HF_PAGE
from zsync.library.base import papers_and_links
from zsync.model import ZoteroItem
from zsync.sources import ParseContext
from zsync.sync import run_sync

BRAIN = "Can Brain Signals Reveal Inner Alignment with Human Languages?"


def sync(paths, library, settings):
    return run_sync([str(p) for p in paths], library, settings, context=ParseContext(as_of=AS_OF))


def paper(library, title=BRAIN) -> ZoteroItem:
    return next(i for i in papers_and_links(library.items())[0] if i.get("title") == title)


def edit(library, item: ZoteroItem, **fields) -> None:
    patch = ZoteroItem(key=item.key, version=item.version, itemType=item.itemType, **fields)
    assert not library.update([patch]).failed


def half_copy(tmp_path):
    """The top of the seed page as someone copied it in a hurry: the first paper's abstract cut
    off after 300 characters, and its date line missing."""
    lines = HF_PAGE.read_text("utf-8").split("\n")
    path = tmp_path / "half.txt"
    path.write_text("\n".join([*lines[:14], lines[14][:300], *lines[15:17]]) + "\n", "utf-8")
    return path


def test_tags_a_person_removed_are_not_added_again(local_library, settings):
    sync([HF_PAGE], local_library, settings)
    item = paper(local_library)
    assert "has-code" in item.tag_names()
    edit(local_library, item, tags=[])
    again = sync([HF_PAGE], local_library, settings)
    assert paper(local_library).tags == [] and not again.updated


def test_tags_a_person_removed_come_back_with_recreate_deleted(local_library, settings):
    sync([HF_PAGE], local_library, settings)
    edit(local_library, paper(local_library), tags=[])
    sync([HF_PAGE], local_library, settings.model_copy(update={"recreate_deleted": True}))
    assert "has-code" in paper(local_library).tag_names()


def test_a_fuller_copy_completes_the_cut_abstract_and_missing_date_zsync_wrote(tmp_path, local_library, settings):
    sync([half_copy(tmp_path)], local_library, settings)
    cut = paper(local_library)
    assert len(cut.get("abstractNote")) == 300 and not cut.get("date")
    report = sync([HF_PAGE], local_library, settings)
    whole = paper(local_library)
    assert whole.get("date") == "2022-08-10" and whole.get("abstractNote").endswith("EEG_Language_Alignment.")
    assert "the fuller abstract" in report.updated[0].detail


def test_an_abstract_a_person_edited_is_not_completed(tmp_path, local_library, settings):
    sync([half_copy(tmp_path)], local_library, settings)
    edit(local_library, paper(local_library), abstractNote="My own summary.")
    sync([HF_PAGE], local_library, settings)
    item = paper(local_library)
    assert item.get("abstractNote") == "My own summary." and item.get("date") == "2022-08-10"


def test_a_completed_paper_is_unchanged_on_the_next_run(tmp_path, local_library, settings):
    sync([half_copy(tmp_path)], local_library, settings)
    sync([HF_PAGE], local_library, settings)
    version = local_library.version
    again = sync([HF_PAGE], local_library, settings)
    assert not again.updated and local_library.version == version
