"""The files zsync keeps: every way they fail ends with exit 5 and what to do; they are private."""

from __future__ import annotations

import logging
import stat
import subprocess
import sys

from click.testing import CliRunner

from conftest import ABSTRACT_LIST, API_KEY, GROUP_ID, ROOT
from library.contract import paper
from zsync.cli import cli
from zsync.config import ZoteroSettings
from zsync.library import LocalLibrary, ZoteroLibrary


def sync_into(library: str, *more: str):
    return CliRunner().invoke(cli, ["sync", str(ABSTRACT_LIST), "--library", library, *more])


def test_zero_byte_library_file_is_an_error_not_a_new_library(tmp_path):
    (tmp_path / "team.sqlite").touch()
    result = sync_into(f"local:{tmp_path / 'team.sqlite'}")
    assert result.exit_code == 5
    assert "the library file is empty (0 bytes)" in result.output and "hint: if it is meant to start" in result.output
    assert (tmp_path / "team.sqlite").stat().st_size == 0


def test_damaged_library_file_is_named_and_left_for_a_person(tmp_path):
    (tmp_path / "team.sqlite").write_bytes(b"this is not SQLite" * 100)
    result = sync_into(f"local:{tmp_path / 'team.sqlite'}")
    assert result.exit_code == 5
    assert f"{tmp_path / 'team.sqlite'}: the file is damaged" in result.output
    assert "restore it from a backup" in result.output
    assert (tmp_path / "team.sqlite").read_bytes().startswith(b"this is not SQLite")


def test_damaged_zotero_copy_is_moved_aside_and_rebuilt(fake_zotero, tmp_path, caplog):
    with ZoteroLibrary("group", GROUP_ID, API_KEY, tmp_path, endpoint=fake_zotero.base) as zotero:
        zotero.create([paper("kept")])
        copy = zotero.cache.path
    copy.write_bytes(b"garbage" * 1000)
    with caplog.at_level(logging.WARNING), \
            ZoteroLibrary("group", GROUP_ID, API_KEY, tmp_path, endpoint=fake_zotero.base) as zotero:
        assert [i.get("title") for i in zotero.items()] == ["kept"]
    assert "is damaged" in caplog.text and list(tmp_path.glob("*.damaged-*"))


FILL_THE_DISK = """
import resource, signal, sys
from zsync.cli import main
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # writes past the limit fail instead of killing
resource.setrlimit(resource.RLIMIT_FSIZE, (int(sys.argv[1]), int(sys.argv[1])))
sys.argv = ["zsync", *sys.argv[2:]]
main()
"""


def test_disk_that_cannot_take_the_write_exits_5_with_advice(tmp_path):
    path = tmp_path / "team.sqlite"
    LocalLibrary(path).close()
    limit = path.stat().st_size + 8192  # room to open, not to write 10 papers
    result = subprocess.run([sys.executable, "-c", FILL_THE_DISK, str(limit), "sync", str(ABSTRACT_LIST),
                             "--library", f"local:{path}"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 5, result.stderr
    assert "the disk is full or cannot be written" in result.stderr and f"free space on the disk holding {tmp_path}" in result.stderr
    with LocalLibrary(path) as library:
        papers = [i for i in library.items() if i.itemType == "preprint"]
        assert len(papers) in (0, 10)  # a batch is one transaction: whole or not at all
    assert sync_into(f"local:{path}").exit_code == 0  # with room again, the run completes
    with LocalLibrary(path) as library:
        assert len([i for i in library.items() if i.itemType == "preprint"]) == 10


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_state_files_and_queue_are_readable_by_their_owner_only(fake_zotero, isolated_home, monkeypatch):
    monkeypatch.setenv("ZOTERO_API_KEY", API_KEY)
    monkeypatch.setattr("os.umask", lambda mask: 0)  # not relied upon
    result = sync_into(f"groups/{GROUP_ID}", "--endpoint", fake_zotero.base)
    assert result.exit_code == 0, result.output
    files = [p for p in isolated_home.rglob("*") if p.is_file() and not p.name.endswith(".lock")]
    assert files and {mode(p) for p in files} == {0o600}, {str(p): oct(mode(p)) for p in files}
    assert mode(isolated_home / "zotero") == 0o700


def test_key_file_others_can_read_is_warned_about(tmp_path, caplog):
    key = tmp_path / "zotero.key"
    key.write_text("secretkey\n")
    key.chmod(0o644)
    with caplog.at_level(logging.WARNING):
        assert ZoteroSettings().api_key(key) == "secretkey"
    assert f"{key} can be read by other users; `chmod 600 {key}`" in caplog.text and "secretkey" not in caplog.text
    caplog.clear()
    key.chmod(0o600)
    ZoteroSettings().api_key(key)
    assert not caplog.text
