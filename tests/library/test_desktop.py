"""The Zotero desktop app as a library (``--library desktop``), against the fake local API:
authorization once, every way it can fail before a write, another instance, the request floor."""

from __future__ import annotations

import json
import stat

import pytest
from click.testing import CliRunner

from conftest import HF_PAGE
from fake_zotero.server import FakeZoteroServer
from zsync.cli import cli

SEED_PAPERS = 47


@pytest.fixture
def desktop():
    """A fake Zotero 10 app with its local API on and an empty library."""
    with FakeZoteroServer() as server:
        server.state.serve_local()
        server.endpoint = server.base + "/api"
        yield server


def sync(server, *args: str, digest=HF_PAGE, endpoint: str | None = None):
    return CliRunner().invoke(cli, ["sync", str(digest), "--library", "desktop",
                                    "--endpoint", endpoint or server.endpoint, *args])


def papers(server, library: str = "/users/0") -> list[dict]:
    return [d for d in server.state.libraries[library].items.values()
            if not d.get("parentItem") and d["itemType"] not in ("note", "attachment")]


def key_file(home):
    files = list((home / "desktop").glob("*.key.json"))
    return files[0] if files else None


def test_first_sync_asks_zotero_once_and_keeps_the_always_allow_key_0600_with_its_server_id(desktop, isolated_home):
    result = sync(desktop)
    assert result.exit_code == 0, result.output
    assert len(desktop.state.requests("POST", "/local/authorize")) == 1
    kept = key_file(isolated_home)
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    data = json.loads(kept.read_text())
    assert data["server_id"] == desktop.state.local.server_id and data["key"] in desktop.state.local.keys
    assert len(papers(desktop)) == SEED_PAPERS


def test_a_later_sync_reuses_the_kept_key_without_asking_again(desktop, isolated_home, tmp_path):
    sync(desktop)
    kept = json.loads(key_file(isolated_home).read_text())["key"]
    desktop.state.log.clear()
    other = tmp_path / "other.txt"
    other.write_text("Title: A Paper Nobody Has Synced Yet About Tidal Energy Storage\nAbstract: Something new.\n")
    result = sync(desktop, digest=other)
    assert result.exit_code == 0, result.output
    assert not desktop.state.requests("POST", "/local/authorize")
    writes = desktop.state.requests("POST", "/items")
    assert writes and {w["api_key"] for w in writes} == {kept}
    assert {w["server_id"] for w in writes} == {desktop.state.local.server_id}


@pytest.mark.parametrize("click, said", [
    ("deny", "Zotero denied zsync write access; nothing was written"),
    ("once", 'Zotero allowed one write only ("Allow"); nothing was written'),
])
def test_a_denied_or_one_write_approval_exits_5_naming_always_allow_and_writes_nothing(desktop, isolated_home, click, said):
    desktop.state.local.authorize = click
    result = sync(desktop)
    assert result.exit_code == 5
    assert said in result.output and '"Always Allow"' in result.output
    assert desktop.state.libraries["/users/0"].items == {} and key_file(isolated_home) is None


def test_zotero_not_running_exits_5_saying_to_start_it(desktop):
    closed = FakeZoteroServer()  # bound to a port, then closed: nothing listens there
    closed.server_close()
    result = sync(desktop, endpoint=closed.base + "/api")
    assert result.exit_code == 5
    assert "Zotero is not running" in result.output and "start the Zotero desktop app" in result.output


def test_local_api_switched_off_exits_5_naming_the_setting_and_writes_nothing(desktop):
    desktop.state.local.enabled = False
    result = sync(desktop)
    assert result.exit_code == 5
    assert "local API is switched off" in result.output
    assert "Allow other applications on this computer to communicate with Zotero" in result.output
    assert desktop.state.libraries["/users/0"].items == {} and not desktop.state.requests("POST")


def test_zotero_too_old_for_local_writes_exits_5_asking_for_zotero_10_and_writes_nothing(desktop):
    desktop.state.local.server_ids = False
    result = sync(desktop)
    assert result.exit_code == 5
    assert "no Zotero-Server-ID" in result.output and "version 10 or later" in result.output
    assert desktop.state.libraries["/users/0"].items == {} and not desktop.state.requests("POST")


def test_another_instance_is_read_afresh_with_a_new_key_and_gets_no_second_copy(desktop, isolated_home, tmp_path):
    sync(desktop)
    desktop.state.local.server_id = "RESTOREDDB02"  # the same database, restored: another instance
    other = tmp_path / "other.txt"
    other.write_text("Title: A Paper Nobody Has Synced Yet About Tidal Energy Storage\nAbstract: Something new.\n")
    desktop.state.log.clear()
    assert sync(desktop).exit_code == 0
    assert len(papers(desktop)) == SEED_PAPERS
    refused, *reads = desktop.state.requests("GET", "/items")
    assert refused["server_id"] == "FAKESRVID001" and reads[0]["query"].get("start") == "0"  # all of it, afresh
    assert sync(desktop, digest=other).exit_code == 0
    assert len(desktop.state.requests("POST", "/local/authorize")) == 1  # a key for the new instance
    assert json.loads(key_file(isolated_home).read_text())["server_id"] == "RESTOREDDB02"
    assert len(papers(desktop)) == SEED_PAPERS + 1


def test_an_instance_change_between_plan_and_write_is_planned_again_without_a_second_copy(desktop, isolated_home):
    from zsync.config import load_settings
    from zsync.library import open_library
    from zsync.sync import Action, run_sync

    assert sync(desktop, "--dry-run").exit_code == 0  # the copy now belongs to the first instance

    def other_profile_meanwhile(plan) -> None:  # another profile answers, already holding 5 of the papers
        desktop.state.local.server_id = "OTHERPROFILE"
        held = [s.candidate.item.model_copy(update={"key": None}).to_json() for s in plan.of(Action.CREATE)[:5]]
        desktop.state.libraries["/users/0"].write_items(held, None)

    with open_library("desktop", load_settings(), endpoint=desktop.endpoint) as library:
        report = run_sync([HF_PAGE], library, load_settings(), on_plan=other_profile_meanwhile)
    assert len(report.created) == SEED_PAPERS - 5 and not report.failed
    assert len(papers(desktop)) == SEED_PAPERS
    assert {r["server_id"] for r in desktop.state.requests("POST", "/items")} == {"OTHERPROFILE"}


def test_a_revoked_key_is_asked_for_once_more(desktop, isolated_home, tmp_path):
    sync(desktop)
    desktop.state.local.keys.clear()  # the person removed zsync's access in Zotero
    other = tmp_path / "other.txt"
    other.write_text("Title: A Paper Nobody Has Synced Yet About Tidal Energy Storage\nAbstract: Something new.\n")
    result = sync(desktop, digest=other)
    assert result.exit_code == 0, result.output
    assert len(desktop.state.requests("POST", "/local/authorize")) == 2


def test_a_no_op_rerun_costs_at_most_two_requests(desktop):
    sync(desktop)
    desktop.state.log.clear()
    result = sync(desktop)
    assert result.exit_code == 0 and f"0 created, 0 updated, {SEED_PAPERS} unchanged" in result.output
    assert len(desktop.state.log) <= 2


def test_a_group_in_the_app_is_desktop_groups_id(desktop):
    desktop.state.add_library("group", 5, "lab").exact_versions = True
    result = CliRunner().invoke(cli, ["sync", str(HF_PAGE), "--library", "desktop:groups/5", "--endpoint", desktop.endpoint])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1].startswith("desktop:groups/5: 47 created")
    assert len(papers(desktop, "/groups/5")) == SEED_PAPERS and not papers(desktop)


def test_check_says_zotero_answers_its_server_id_and_whether_a_key_is_held(desktop):
    def check():
        return CliRunner().invoke(cli, ["check", "--library", "desktop", "--endpoint", desktop.endpoint])
    before = check()
    assert before.exit_code == 0, before.output
    assert before.output.splitlines() == [
        f"desktop at {desktop.endpoint}",
        "  Zotero is running; local API on; writes possible (Zotero 10 or later)",
        "  server ID FAKESRVID001",
        "  key: none yet (the first sync asks Zotero; click Always Allow)"]
    sync(desktop)
    assert check().output.splitlines()[-1].startswith("  key: held, in ")
    assert not desktop.state.requests("POST", "/local/authorize")[1:]  # check never asks


def test_check_with_the_local_api_off_exits_5_naming_the_setting(desktop):
    desktop.state.local.enabled = False
    result = CliRunner().invoke(cli, ["check", "--library", "desktop", "--endpoint", desktop.endpoint])
    assert result.exit_code == 5 and "Allow other applications on this computer" in result.output


def test_endpoint_comes_from_the_desktop_section_of_the_config(desktop, tmp_path):
    config = tmp_path / "zsync.toml"
    config.write_text(f'[desktop]\nendpoint = "{desktop.endpoint}"\n')
    result = CliRunner().invoke(cli, ["--config", str(config), "sync", str(HF_PAGE), "--library", "desktop"])
    assert result.exit_code == 0, result.output
    assert len(papers(desktop)) == SEED_PAPERS


def test_a_scheduled_profile_syncs_into_the_app_at_its_own_endpoint(desktop, tmp_path):
    config = tmp_path / "zsync.toml"
    config.write_text(f'[profiles.reading]\nlibrary = "desktop"\nsources = ["{HF_PAGE}"]\n'
                      f'endpoint = "{desktop.endpoint}"\n')
    result = CliRunner().invoke(cli, ["--config", str(config), "run", "reading", "--as-of", "2026-11-24"])
    assert result.exit_code == 0, result.output
    assert len(papers(desktop)) == SEED_PAPERS


def test_a_group_the_app_does_not_hold_exits_5_saying_what_the_id_is(desktop):
    result = CliRunner().invoke(cli, ["sync", str(HF_PAGE), "--library", "desktop:groups/404", "--endpoint", desktop.endpoint])
    assert result.exit_code == 5
    assert "library not found (404)" in result.output and "a group the Zotero app holds" in result.output


def test_answers_without_a_body_need_not_carry_the_server_id(desktop, tmp_path, monkeypatch):
    from fake_zotero.arxiv_pdf import ArxivPdfServer

    monkeypatch.delenv("ZSYNC_OFFLINE")  # downloads from the loopback stand-in only
    desktop.state.local.terse = True
    with ArxivPdfServer() as arxiv:
        config = tmp_path / "zsync.toml"
        config.write_text(f'resolve = false\n[pdf]\nmode = "file"\narxiv_url = "{arxiv.url}"\n')
        hf_json = HF_PAGE.parents[1] / "corpora/feeds/hf-daily-papers/hf_daily_papers_2026-06-12.json"
        args = ["--config", str(config), "sync", str(hf_json), "--library", "desktop", "--endpoint", desktop.endpoint]
        first = CliRunner().invoke(cli, args)  # file registrations answer 204
        assert first.exit_code == 0 and "30 files stored" in first.output, first.output
        desktop.state.log.clear()
        again = CliRunner().invoke(cli, args)  # the copy is current: 304
    assert again.exit_code == 0 and [r["path"] for r in desktop.state.log] == ["/api/users/0/items"]
