"""Members sync overlapping digests into one library at the same time, as separate processes
with separate homes, against a fake Zotero server whose writes take 0.15-0.25 s; some are killed
or meet 500s between batches, and a person edits, deletes and trashes papers meanwhile.

Whatever the interleaving: every paper once, every code link once, the person's changes kept.
(Issue 11 measured, before conditional writes and the ledger: 241 to 1091 doubled papers for two
members 4 to 0.5 s apart.)
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections import Counter

import pytest

from conftest import ABSTRACT_LIST, AS_OF, GROUP_ID, ROOT
from fake_zotero.state import Fault
from members import DIGESTS, EDITED, Outcome, Team, group_items, outcome
from zsync.config import load_settings
from zsync.library import LocalLibrary
from zsync.sources import ParseContext
from zsync.sync import run_sync

WRITE_DELAY = (0.15, 0.25)


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> Outcome:
    """What one member syncing every digest alone, in order, leaves in an empty library."""
    path = tmp_path_factory.mktemp("reference") / "library.sqlite"
    everything = list(dict.fromkeys(p for paths in DIGESTS.values() for p in paths))
    with LocalLibrary(path) as library:
        run_sync([str(p) for p in everything], library, load_settings(), context=ParseContext(as_of=AS_OF))
        return outcome([i.to_json() for i in library.items()])


@pytest.fixture
def team(tmp_path, fake_zotero) -> Team:
    """The team library holds yesterday's digest, synced by a member since gone (their home is
    not used again): today's members know it only from the library."""
    yesterday = Team(tmp_path, f"groups/{GROUP_ID}", fake_zotero.base)
    yesterday.command = lambda member: [sys.executable, "-m", "zsync", "sync", str(ABSTRACT_LIST), "--library",
                                        f"groups/{GROUP_ID}", "--endpoint", fake_zotero.base]
    assert yesterday.rerun("yesterday") == 0
    fake_zotero.state.write_delay = WRITE_DELAY
    return Team(tmp_path, f"groups/{GROUP_ID}", fake_zotero.base, config="[zotero]\nmax_wait = 2\n")


class Person:
    """Someone working in the web library while members sync: retitles one of yesterday's
    papers, deletes another and moves a third to the trash."""

    def __init__(self, fake_zotero, after: float = 0.4):
        self.library = fake_zotero.state.libraries[f"/groups/{GROUP_ID}"]
        self.lock = fake_zotero.state.lock
        self.after = after
        papers = sorted(k for k, i in self.library.items.items() if not i.get("parentItem") and i["itemType"] != "note")
        self.edited, self.deleted, self.trashed = papers[:3]
        self.titles = {key: self.library.items[key]["title"] for key in papers[:3]}

    def __call__(self) -> None:
        time.sleep(self.after)
        with self.lock:
            for key, change in ((self.edited, {"title": EDITED}), (self.trashed, {"deleted": 1})):
                self.library.write_items([{"key": key, "version": self.library.items[key]["version"], **change}], None)
            self.library.delete_item(self.deleted)

    def expected(self, reference: Outcome) -> Outcome:
        """The reference library after this person's changes."""
        titles = Counter(reference.titles)
        links = dict(reference.links)
        for key in (self.deleted, self.trashed):
            del titles[self.titles[key]]
            links.pop(self.titles[key], None)
        titles[EDITED] = titles.pop(self.titles[self.edited])
        if self.titles[self.edited] in links:
            links[EDITED] = links.pop(self.titles[self.edited])
        return Outcome(titles, links)


def assert_clean(items: list[dict], expected: Outcome, codes: dict[str, int], team: Team | None = None) -> None:
    got = outcome(items)
    assert (got.doubled_papers(), got.doubled_links()) == (0, 0)
    assert got.titles == expected.titles  # nothing missing, nothing re-created
    assert got.links == expected.links
    assert all(code == 0 for code in codes.values()), team.errors() if team else codes


def collections(fake_zotero) -> list[str]:
    return sorted(c["name"] for c in fake_zotero.state.libraries[f"/groups/{GROUP_ID}"].collections.values())


@pytest.mark.parametrize("offsets", [{"alice": 0.0, "bob": 0.0}, {"alice": 0.0, "bob": 0.6}],
                         ids=["together", "0.6s-apart"])
def test_two_members_at_once_leave_every_paper_and_link_once(team, fake_zotero, reference, offsets):
    person = Person(fake_zotero)
    codes = team.at_offsets(offsets, person)
    assert_clean(group_items(fake_zotero), person.expected(reference), codes, team)
    assert collections(fake_zotero) == ["2026-11", "Team"]


def test_three_members_at_once_leave_every_paper_and_link_once(team, fake_zotero, reference):
    person = Person(fake_zotero, after=0.8)
    codes = team.at_offsets({"alice": 0.0, "bob": 0.2, "carol": 0.4}, person)
    assert_clean(group_items(fake_zotero), person.expected(reference), codes, team)


def test_member_killed_between_batches_then_rerun_doubles_nothing(team, fake_zotero, reference):
    person = Person(fake_zotero)

    def kill_alice_mid_write() -> None:
        person()
        while not team.processes.get("alice") or not fake_zotero.state.requests("POST", "/items"):
            time.sleep(0.02)
        time.sleep(0.3)  # one batch answered or in flight
        team.kill("alice")

    codes = team.at_offsets({"alice": 0.0, "bob": 0.3}, kill_alice_mid_write)
    codes["alice"] = team.rerun("alice")
    assert_clean(group_items(fake_zotero), person.expected(reference), codes, team)


def test_member_meeting_500s_queues_then_the_rerun_doubles_nothing(team, fake_zotero, reference):
    """500s until the client gives up (max_wait 2 s): the batch stays queued, the run exits 5;
    the other member adds the same papers meanwhile; the rerun settles the queue, then syncs."""
    person = Person(fake_zotero)

    def fail_writes() -> None:
        person()
        fake_zotero.state.faults.append(Fault("POST", "/items", status=500, body="An error occurred", times=4))

    codes = team.at_offsets({"alice": 0.0, "bob": 0.0}, fail_writes)
    failed = [member for member, code in codes.items() if code == 5]
    assert failed and set(codes.values()) <= {0, 5}, codes
    for member in failed:
        codes[member] = team.rerun(member)
    assert_clean(group_items(fake_zotero), person.expected(reference), codes, team)


def local_items(path) -> list[dict]:
    with LocalLibrary(path) as library:
        return [i.to_json() for i in library.items()]


def test_two_processes_on_one_local_file_take_turns_and_double_nothing(tmp_path, reference):
    team = Team(tmp_path, f"local:{tmp_path / 'team.sqlite'}")
    codes = team.at_offsets({"alice": 0.0, "bob": 0.1})
    assert_clean(local_items(tmp_path / "team.sqlite"), reference, codes, team)


UNLOCKED = """
import sys
from zsync.config import load_settings
from zsync.library import LocalLibrary
from zsync.sources import ParseContext
from zsync.sync import run_sync
import datetime
with LocalLibrary(sys.argv[1]) as library:
    report = run_sync(sys.argv[2:], library, load_settings(), context=ParseContext(as_of=datetime.date(2026, 11, 24)))
sys.exit(report.outcome(strict=False))
"""


def test_two_processes_on_one_local_file_without_the_lock_still_double_nothing(tmp_path, reference):
    """The lock is one guard; the other is that a create is conditional on the version planned against."""
    path = tmp_path / "team.sqlite"
    processes = [subprocess.Popen([sys.executable, "-c", UNLOCKED, str(path), *map(str, DIGESTS[member])], cwd=ROOT,
                                  stderr=subprocess.PIPE, text=True)
                 for member in ("alice", "bob")]
    errors = [p.communicate(timeout=120)[1] for p in processes]
    assert [p.returncode for p in processes] == [0, 0], errors
    assert_clean(local_items(path), reference, {})
