"""Which commands write: `sync` and `run` take the library's lock and settle queued batches;
`list`, `sync --dry-run` and `status` never write."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from conftest import ABSTRACT_LIST, API_KEY, AS_OF, GROUP_ID
from library.contract import paper
from zsync.cli import cli
from zsync.config import data_dir, load_settings
from zsync.library import LocalLibrary, ZoteroLibrary
from zsync.team.lock import LibraryLock


@pytest.fixture
def queued(fake_zotero, monkeypatch) -> None:
    """A batch left queued by a run whose answer never came."""
    monkeypatch.setenv("ZOTERO_API_KEY", API_KEY)
    with ZoteroLibrary("group", GROUP_ID, API_KEY, data_dir() / "zotero", endpoint=fake_zotero.base) as zotero:
        list(zotero.items())
        zotero.cache.journal_add("queuedtoken00001", "/items", [paper("queued").to_json()], zotero.version)


def zsync(*args: str):
    return CliRunner().invoke(cli, list(args))


def web(fake_zotero) -> list[str]:
    return ["--library", f"groups/{GROUP_ID}", "--endpoint", fake_zotero.base]


@pytest.mark.parametrize("command", [["list"], ["sync", str(ABSTRACT_LIST), "--dry-run"]], ids=["list", "dry-run"])
def test_read_only_command_leaves_a_queued_batch_queued(queued, fake_zotero, command):
    result = zsync(*command, *web(fake_zotero))
    assert result.exit_code == 0, result.output
    assert not fake_zotero.state.requests("POST")


def test_writing_command_settles_a_queued_batch_first(queued, fake_zotero):
    result = zsync("sync", str(ABSTRACT_LIST), *web(fake_zotero), "--as-of", AS_OF.isoformat())
    assert result.exit_code == 0, result.output
    assert fake_zotero.state.requests("POST")[0]["write_token"] == "queuedtoken00001"


def test_sync_waits_for_the_lock_then_exits_6(tmp_path):
    path = tmp_path / "team.sqlite"
    with LocalLibrary(path) as library, LibraryLock(library.lock_file(data_dir()), library.id, 0, "zsync run nightly"):
        result = zsync("sync", str(ABSTRACT_LIST), "--library", f"local:{path}", "--lock-timeout", "0.2")
    assert result.exit_code == 6
    assert "another run holds the lock" in result.output and "zsync run nightly" in result.output


def test_dry_run_needs_no_lock(tmp_path):
    path = tmp_path / "team.sqlite"
    with LocalLibrary(path) as library, LibraryLock(library.lock_file(data_dir()), library.id, 0, "zsync run nightly"):
        result = zsync("sync", str(ABSTRACT_LIST), "--library", f"local:{path}", "--dry-run", "--lock-timeout", "0")
    assert result.exit_code == 0, result.output


def test_local_library_lock_is_beside_the_file_whatever_the_home(tmp_path, monkeypatch):
    with LocalLibrary(tmp_path / "team.sqlite") as library:
        mine = library.lock_file(data_dir())
        monkeypatch.setenv("ZSYNC_HOME", str(tmp_path / "another-home"))
        assert library.lock_file(data_dir()) == mine == tmp_path / "team.sqlite.lock"


def test_error_inside_a_scheduled_sync_is_not_called_a_collection_template(tmp_path, monkeypatch):
    """Only the template is read as a configuration problem; a bug elsewhere is not exit 4."""
    (tmp_path / "zsync.toml").write_text(f'[profiles.p]\nlibrary = "local:l.sqlite"\nsources = ["{ABSTRACT_LIST}"]\n'
                                         'collection = "Daily/{date:%Y}"\n')

    def broken(*args, **kwargs):
        raise KeyError("a bug")

    monkeypatch.setattr("zsync.team.runner.run_sync", broken)
    from zsync.team.runner import run_profile
    with pytest.raises(KeyError):
        run_profile("p", load_settings(tmp_path / "zsync.toml"))
