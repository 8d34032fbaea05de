"""Faults: lost answers, rate limits, server errors. Nothing lost, nothing written twice."""

from __future__ import annotations

import pytest

from conftest import API_KEY, GROUP_ID
from fake_zotero.state import Fault
from library.contract import paper
from zsync.errors import LibraryError
from zsync.library import ZoteroLibrary
from zsync.library.base import LibraryModified
from zsync.library.zotero.http import RetryPolicy


def group(fake_zotero):
    return fake_zotero.state.libraries[f"/groups/{GROUP_ID}"]


def test_connection_dropped_after_commit_is_retried_with_the_same_token(zotero_group, fake_zotero):
    fake_zotero.state.faults.append(Fault("POST", "/items", drop_after_commit=True))
    items = [paper("a"), paper("b")]
    report = zotero_group.create(items)
    assert sorted(i.key for i in report.successful.values()) == sorted(i.key for i in items)
    assert len(group(fake_zotero).items) == 2
    first, second = fake_zotero.state.requests("POST")
    assert first["write_token"] == second["write_token"]


def test_429_storm_honours_retry_after_then_succeeds(zotero_group, fake_zotero, sleeps):
    fake_zotero.state.faults.append(Fault("POST", "/items", status=429, headers={"Retry-After": "7"}, times=3))
    assert zotero_group.create([paper()]).successful
    assert sleeps == [7.0, 7.0, 7.0]
    assert len({r["write_token"] for r in fake_zotero.state.requests("POST")}) == 1


def test_429_without_retry_after_backs_off_30_60_300(zotero_group, fake_zotero, sleeps):
    fake_zotero.state.faults.append(Fault("GET", "/items", status=429, times=2))
    list(zotero_group.items())
    assert sleeps == [30.0, 60.0]


def test_rate_limit_gives_up_after_the_bounded_wait(fake_zotero, tmp_path, sleeps):
    fake_zotero.state.faults.append(Fault("POST", "/items", status=429, headers={"Retry-After": "100"}, times=99))
    with ZoteroLibrary("group", GROUP_ID, API_KEY, tmp_path, endpoint=fake_zotero.base, sleep=sleeps.append,
                       policy=RetryPolicy(max_wait=250)) as zotero:
        with pytest.raises(LibraryError, match=r"failed: the server answered 429 .* gave up after waiting 200 s in total; "
                                               r"it asked for 100 s more, beyond \[zotero\] max_wait \(250 s\)"):
            zotero.create([paper()])
    assert sleeps == [100.0, 100.0]
    assert not group(fake_zotero).items


def test_503_with_retry_after_as_http_date_is_honoured(zotero_group, fake_zotero, sleeps):
    fake_zotero.state.faults.append(Fault("GET", "/items", status=503,
                                          headers={"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}))
    list(zotero_group.items())
    assert sleeps == []  # a date in the past means "now"
    assert len(fake_zotero.state.requests("GET", "/items")) == 2


def test_other_5xx_are_retried_with_growing_pauses(zotero_group, fake_zotero, sleeps):
    fake_zotero.state.faults.append(Fault("POST", "/items", status=500, body="An error occurred", times=3))
    assert zotero_group.create([paper()]).successful
    assert sleeps == [1.0, 2.0, 4.0]


def test_backoff_header_on_a_success_pauses_the_next_request(zotero_group, fake_zotero, sleeps):
    fake_zotero.state.faults.append(Fault("GET", "/items", headers={"Backoff": "5"}))
    list(zotero_group.items())
    zotero_group.create([paper()])
    assert len(sleeps) == 1 and 4.0 < sleeps[0] <= 5.0


def test_per_object_failures_keep_the_rest_of_the_batch(zotero_group):
    report = zotero_group.create([paper("ok"), paper("bad", publicationTitle="x")])
    assert list(report.successful) == [0] and report.failed[1].code == 400


def queue(fake_zotero, tmp_path, token: str, titles: list[str]) -> list[dict]:
    """A batch journaled as if its run was killed while waiting for the answer."""
    items = [paper(title).to_json() for title in titles]
    with ZoteroLibrary("group", GROUP_ID, API_KEY, tmp_path, endpoint=fake_zotero.base) as zotero:
        list(zotero.items())
        zotero.cache.journal_add(token, "/items", items, zotero.version)
    return items


def test_queued_batch_that_went_through_is_read_back_not_written_again(fake_zotero, tmp_path):
    items = queue(fake_zotero, tmp_path, "journaledtoken0001", ["a", "b"])
    group(fake_zotero).write_items(items, None)  # the server got it: the same token must not write again
    fake_zotero.state.tokens[(API_KEY, "journaledtoken0001")] = 1e18
    with ZoteroLibrary("group", GROUP_ID, API_KEY, tmp_path, endpoint=fake_zotero.base) as zotero:
        assert zotero.settle() == 0
        assert sorted(i.get("title") for i in zotero.items()) == ["a", "b"]
        assert zotero.cache.journal() == []
    assert len(group(fake_zotero).items) == 2


def test_queued_batch_the_server_never_got_is_written_if_nobody_wrote_since(fake_zotero, tmp_path):
    queue(fake_zotero, tmp_path, "journaledtoken0002", ["late"])
    with ZoteroLibrary("group", GROUP_ID, API_KEY, tmp_path, endpoint=fake_zotero.base) as zotero:
        assert zotero.settle() == 0
        assert [i.get("title") for i in zotero.items()] == ["late"]
    [post] = fake_zotero.state.requests("POST")
    assert post["write_token"] == "journaledtoken0002"


def test_queued_batch_is_dropped_unsent_when_the_library_changed_since(fake_zotero, tmp_path):
    """Member A's batch failed and stayed queued; member B added the same paper meanwhile."""
    queue(fake_zotero, tmp_path, "journaledtoken0003", ["same paper"])
    group(fake_zotero).write_items([paper("same paper").to_json()], None)
    with ZoteroLibrary("group", GROUP_ID, API_KEY, tmp_path, endpoint=fake_zotero.base) as zotero:
        assert zotero.settle() == 1
        assert zotero.cache.journal() == []
        assert [i.get("title") for i in zotero.items()] == ["same paper"]


def test_reading_leaves_a_queued_batch_queued(fake_zotero, tmp_path):
    queue(fake_zotero, tmp_path, "journaledtoken0004", ["waiting"])
    with ZoteroLibrary("group", GROUP_ID, API_KEY, tmp_path, endpoint=fake_zotero.base) as zotero:
        assert list(zotero.items()) == [] and zotero.pending() == 1
    assert not fake_zotero.state.requests("POST")


def test_batch_failing_with_5xx_stays_queued_for_the_next_writing_command(fake_zotero, tmp_path):
    fake_zotero.state.faults.append(Fault("POST", "/items", status=500, times=99))
    with ZoteroLibrary("group", GROUP_ID, API_KEY, tmp_path, endpoint=fake_zotero.base, sleep=lambda s: None,
                       policy=RetryPolicy(max_wait=10)) as zotero:
        with pytest.raises(LibraryError, match="500"):
            zotero.create([paper()], since=zotero.version)
        assert zotero.pending() == 1


def test_create_conditional_on_an_old_version_is_refused_whole(zotero_group, fake_zotero):
    since = zotero_group.version
    group(fake_zotero).write_items([paper("someone else's").to_json()], None)
    with pytest.raises(LibraryModified):
        zotero_group.create([paper("mine")], since=since)
    assert [i["title"] for i in group(fake_zotero).items.values()] == ["someone else's"]
    assert zotero_group.pending() == 0


def test_queued_batch_with_a_version_on_each_object_is_sent_again_not_dropped(fake_zotero, tmp_path):
    """A run killed while its ledger page update was unanswered: the update carries the page's
    version (no condition on the batch), so the next writing command can send it safely."""
    group(fake_zotero).write_items([paper("page").to_json()], None)
    with ZoteroLibrary("group", GROUP_ID, API_KEY, tmp_path, endpoint=fake_zotero.base) as zotero:
        [page] = list(zotero.items())
        zotero.cache.journal_add("journaledtoken0005", "/items", [{**page.to_json(), "title": "page, updated"}], None)
    with ZoteroLibrary("group", GROUP_ID, API_KEY, tmp_path, endpoint=fake_zotero.base) as zotero:
        assert zotero.settle() == 0
    assert [i["title"] for i in group(fake_zotero).items.values()] == ["page, updated"]


def test_queued_batch_without_any_version_condition_is_dropped(fake_zotero, tmp_path):
    with ZoteroLibrary("group", GROUP_ID, API_KEY, tmp_path, endpoint=fake_zotero.base) as zotero:
        zotero.cache.journal_add("journaledtoken0006", "/items", [{"itemType": "note", "note": "x"}], None)
        assert zotero.settle() == 1
    assert not fake_zotero.state.requests("POST")
