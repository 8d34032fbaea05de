"""The Zotero Web API backend against the fake server: the contract, refresh and write rules."""

from __future__ import annotations

import pytest

from conftest import API_KEY, GROUP_ID, USER_ID
from library.contract import LibraryContract, paper
from zsync.errors import LibraryError
from zsync.library import ZoteroLibrary
from zsync.library.zotero.backend import parse_spec


class TestZoteroLibrary(LibraryContract):
    @pytest.fixture
    def library(self, zotero_group):
        return zotero_group


def reopen(fake_zotero, tmp_path, **kw) -> ZoteroLibrary:
    return ZoteroLibrary("group", GROUP_ID, API_KEY, tmp_path / "cache", endpoint=fake_zotero.base,
                         sleep=lambda s: None, **kw)


@pytest.mark.parametrize("spec, parsed", [("users/1234567", ("user", 1234567)), ("groups/98765", ("group", 98765)),
                                          ("/groups/1/", ("group", 1)), ("group/1", None), ("users/me", None)])
def test_library_specs(spec, parsed):
    assert parse_spec(spec) == parsed


def test_first_read_pages_through_everything(fake_zotero, tmp_path):
    library = fake_zotero.state.libraries[f"/groups/{GROUP_ID}"]
    library.write_items([paper(f"p{i}").to_json() for i in range(230)], None)
    with reopen(fake_zotero, tmp_path) as zotero:
        assert len(list(zotero.items())) == 230
    starts = [r["query"].get("start") for r in fake_zotero.state.requests("GET", "/items")]
    assert starts == ["0", "100", "200"]


def test_refresh_reads_only_what_changed_and_removals(fake_zotero, tmp_path):
    library = fake_zotero.state.libraries[f"/groups/{GROUP_ID}"]
    library.write_items([paper(f"p{i}").to_json() for i in range(3)], None)
    with reopen(fake_zotero, tmp_path) as zotero:
        first = [i.key for i in zotero.items()]
    library.write_items([{"key": first[0], "version": library.items[first[0]]["version"], "title": "edited"}], None)
    library.delete_item(first[1])
    fake_zotero.state.log.clear()
    with reopen(fake_zotero, tmp_path) as zotero:
        titles = {i.key: i.get("title") for i in zotero.items()}
    assert titles == {first[0]: "edited", first[2]: "p2"}
    assert [(r["path"], r["query"].get("itemKey")) for r in fake_zotero.state.log] == [
        (f"/groups/{GROUP_ID}/items", None), (f"/groups/{GROUP_ID}/items", first[0]), (f"/groups/{GROUP_ID}/deleted", None)]


def test_unchanged_library_costs_one_request(fake_zotero, tmp_path):
    with reopen(fake_zotero, tmp_path) as zotero:
        zotero.create([paper()])
    fake_zotero.state.log.clear()
    with reopen(fake_zotero, tmp_path) as zotero:
        assert len(list(zotero.items())) == 1
    assert len(fake_zotero.state.log) == 1


def test_writes_carry_a_write_token_and_per_object_versions(zotero_group, fake_zotero):
    report = zotero_group.create([paper("a"), paper("b"), paper("c")])
    assert [report.successful[i].version for i in range(3)] == [1, 2, 3]
    [post] = fake_zotero.state.requests("POST")
    assert len(post["write_token"]) == 32


def test_user_library_works_like_a_group(fake_zotero, tmp_path):
    with ZoteroLibrary("user", USER_ID, API_KEY, tmp_path, endpoint=fake_zotero.base) as zotero:
        assert zotero.id == f"users/{USER_ID}"
        assert zotero.create([paper()]).successful


def test_read_only_key_gets_a_403_that_says_what_it_lacks(fake_zotero, tmp_path):
    fake_zotero.state.add_key("readonlykey", USER_ID, groups={"all": {"library": True, "write": False}})
    with ZoteroLibrary("group", GROUP_ID, "readonlykey", tmp_path, endpoint=fake_zotero.base) as zotero:
        with pytest.raises(LibraryError, match=f"groups/{GROUP_ID}: writing 1 objects to /items refused "
                                               r"\(403 Write access denied\): the API key lacks write access") as info:
            zotero.create([paper()])
    assert "zsync check --library groups/98765" in info.value.hint
    assert len(fake_zotero.state.requests("POST")) == 1  # a 403 is not retried


def test_unknown_library_is_a_404_explained(fake_zotero, tmp_path):
    with ZoteroLibrary("group", 1, API_KEY, tmp_path, endpoint=fake_zotero.base) as zotero:
        with pytest.raises(LibraryError, match="groups/1: reading /items: library not found"):
            list(zotero.items())


def test_access_of_a_group_library_comes_from_the_keys_all_groups_rights(zotero_group):
    access = zotero_group.access()
    assert (access.holder, access.user_id, access.rights) == ("zsync-test", USER_ID, {"library": True, "write": True})


def test_access_of_another_users_library_is_none(fake_zotero, tmp_path):
    with ZoteroLibrary("user", 1, API_KEY, tmp_path, endpoint=fake_zotero.base) as zotero:
        assert zotero.access().rights == {}
