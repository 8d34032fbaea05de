"""Two members' profiles sync overlapping digests into one group library, in alternation,
while a third person edits one item and deletes another in the web UI."""

from __future__ import annotations

import json

import pytest

from conftest import API_KEY, CORPORA, GROUP_ID
from zsync.config import load_settings
from zsync.team.runner import run_profile

PAPERS = json.loads((CORPORA / "feeds/hf-daily-papers/hf_daily_papers_2026-06-12.json").read_text())


@pytest.fixture
def team(tmp_path, fake_zotero, monkeypatch):
    (tmp_path / "alice.json").write_text(json.dumps(PAPERS[:20]))
    (tmp_path / "bob.json").write_text(json.dumps(PAPERS[10:]))
    monkeypatch.setenv("ZOTERO_API_KEY", API_KEY)
    profile = f'library = "groups/{GROUP_ID}"\nendpoint = "{fake_zotero.base}"\nresolve = false\ncollection = "Team/{{date:%Y}}"\n'
    (tmp_path / "zsync.toml").write_text(
        f'[profiles.alice]\n{profile}sources = ["alice.json"]\n\n'
        f'[profiles.alice-bob]\n{profile}sources = ["bob.json"]\n\n'
        f'[profiles.bob]\n{profile}sources = ["bob.json"]\n\n'
        f'[profiles.bob-again]\n{profile}sources = ["bob.json"]\nrecreate_deleted = true\n')
    settings = load_settings(tmp_path / "zsync.toml")

    def as_member(member: str, profile: str):
        monkeypatch.setenv("ZSYNC_HOME", str(tmp_path / member))  # each member's own machine
        return run_profile(profile, settings)
    return as_member


def live(fake_zotero):
    items = fake_zotero.state.libraries[f"/groups/{GROUP_ID}"].items.values()
    return [i for i in items if not i.get("parentItem") and not i.get("deleted") and i["itemType"] != "note"]


def adds_up(report) -> bool:
    entries = sum(s.entries for s in report.sources)
    return sum(len(getattr(report, k)) for k in ("created", "updated", "unchanged", "duplicates", "skipped")) == entries


def test_team_scenario(team, fake_zotero):
    library = fake_zotero.state.libraries[f"/groups/{GROUP_ID}"]
    first = team("alice", "alice")
    assert (first.exit_code, len(first.created)) == (0, 20)
    second = team("bob", "bob")
    assert (len(second.created), len(second.unchanged)) == (10, 10)

    by_id = {i["archiveID"]: i["key"] for i in live(fake_zotero)}
    edited = by_id[f"arXiv:{PAPERS[12]['paper']['id']}"]
    trashed = by_id[f"arXiv:{PAPERS[25]['paper']['id']}"]
    library.write_items([{"key": edited, "version": library.items[edited]["version"], "title": "Edited by a person"}], None)
    library.write_items([{"key": trashed, "version": library.items[trashed]["version"], "deleted": 1}], None)

    third = team("alice", "alice-bob")  # alice now syncs bob's digest too
    fourth = team("bob", "bob")
    for report in (first, second, third, fourth):
        assert report.exit_code == 0 and adds_up(report) and not report.failed
    assert not third.created and not fourth.created
    assert [line.key for line in third.skipped] == [trashed] == [line.key for line in fourth.skipped]

    items = live(fake_zotero)
    assert len(items) == 29 and len({i["archiveID"] for i in items}) == 29  # no duplicates
    assert library.items[edited]["title"] == "Edited by a person"  # the edit survived
    assert library.items[trashed]["deleted"] == 1  # not re-created, not restored

    again = team("bob", "bob-again")  # a profile that asks for deleted papers back
    assert [line.title for line in again.created] == [PAPERS[25]["paper"]["title"]]
    assert len(live(fake_zotero)) == 30
