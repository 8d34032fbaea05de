"""The files zsync keeps: every way they fail ends with exit 5 and what to do; they are private."""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Iterator

import pytest

from click.testing import CliRunner

from conftest import ABSTRACT_LIST, API_KEY, GROUP_ID, ROOT
from library.contract import paper
from zsync.cli import cli
from zsync.config import ZoteroSettings
from zsync.errors import ConfigError, LibraryError
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
    (tmp_path / "team.sqlite").write_bytes(b"SQLite format 3\x00" + b"\xde\xad\xbe\xef" * 1000)
    result = sync_into(f"local:{tmp_path / 'team.sqlite'}")
    assert result.exit_code == 5
    assert f"{tmp_path / 'team.sqlite'}: the file is damaged" in result.output
    assert "restore it from a backup" in result.output
    assert (tmp_path / "team.sqlite").read_bytes().endswith(b"\xde\xad\xbe\xef")


def test_a_text_file_named_as_library_is_called_no_library_file_not_damaged(tmp_path):
    config = tmp_path / "zsync.toml"
    config.write_text('library = "local"\n')
    result = CliRunner().invoke(cli, ["list", "--library", f"local:{config}"])
    assert result.exit_code == 5
    assert f"{config}: not a zsync library file: it holds text" in result.output
    assert "damaged" not in result.output and "mv " not in result.output
    assert config.read_text() == 'library = "local"\n'


def test_damaged_zotero_copy_is_moved_aside_and_rebuilt(fake_zotero, tmp_path, caplog):
    with ZoteroLibrary("group", GROUP_ID, API_KEY, tmp_path, endpoint=fake_zotero.base) as zotero:
        zotero.create([paper("kept")])
        copy = zotero.cache.path
    copy.write_bytes(b"\xde\xad\xbe\xef" * 1000)
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


def test_a_key_file_written_as_an_environment_file_gives_the_key(tmp_path):
    """The one file serves --api-key-file and a systemd EnvironmentFile (zsync schedule --systemd)."""
    key = tmp_path / "zotero.env"
    key.write_text("# zsync\nZOTERO_API_KEY=secretkey\n")
    key.chmod(0o600)
    assert ZoteroSettings().api_key(key) == "secretkey"


def test_an_empty_key_file_is_named_as_empty_not_as_missing(tmp_path):
    key = tmp_path / "zotero.key"
    key.write_text("\n")
    key.chmod(0o600)
    with pytest.raises(ConfigError, match=f"^{re.escape(str(key))}: the API key file is empty$"):
        ZoteroSettings().api_key(key)


def test_a_key_file_holding_something_else_is_an_error_without_its_content(tmp_path):
    key = tmp_path / "zotero.key"
    key.write_text("OTHER_VARIABLE=secretkey\n")
    key.chmod(0o600)
    with pytest.raises(ConfigError, match="holds no key") as caught:
        ZoteroSettings().api_key(key)
    assert "secretkey" not in str(caught.value)


@contextlib.contextmanager
def as_an_ordinary_user() -> Iterator[None]:
    """Run the block as a user file modes apply to: `nobody` when the tests run as root (for
    whom chmod changes nothing), else the user running them. Commands run in it must have run
    once before as root: Python's own modules may live where `nobody` cannot read."""
    if os.geteuid() != 0:
        yield
        return
    os.setegid(NOBODY), os.seteuid(NOBODY)
    try:
        yield
    finally:
        os.seteuid(0), os.setegid(0)


NOBODY = 65534


@pytest.fixture
def read_only_library(monkeypatch) -> Iterator[Path]:
    """A library of the 10 abstract-list papers, its file read-only for its owner (who runs the
    block of :func:`as_an_ordinary_user`), in a folder that owner may write."""
    folder = Path(tempfile.mkdtemp())
    path = folder / "team.sqlite"
    assert sync_into(f"local:{path}").exit_code == 0
    for variable in ("ZSYNC_HOME", "HOME", "XDG_CONFIG_HOME"):  # nothing of root's is looked at
        monkeypatch.setenv(variable, str(folder / "home"))
    monkeypatch.chdir(folder)
    if os.geteuid() == 0:
        for part in (folder, path):
            os.chown(part, NOBODY, NOBODY)
    path.chmod(0o444)
    yield path
    shutil.rmtree(folder)


#: each command that only reads, and what it prints of the library
READING_COMMANDS = {"list": (["list"], "10 items"), "export": (["export"], "@misc{CapabilitiesLargeLanguage,"),
                    "dedupe": (["dedupe", str(ABSTRACT_LIST)], "10 already in local:")}


@pytest.mark.parametrize("command", READING_COMMANDS)
def test_reading_commands_work_on_a_read_only_library_and_leave_no_file_beside_it(read_only_library, command):
    args, shown = READING_COMMANDS[command]
    args = [*args, "--library", f"local:{read_only_library}"]
    CliRunner().invoke(cli, args)  # as root first: every module loaded (see as_an_ordinary_user)
    with as_an_ordinary_user():
        result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert shown in result.output
    assert not list(read_only_library.parent.glob("team.sqlite-*"))


def test_writing_to_a_read_only_library_says_the_file_is_read_only(read_only_library):
    sync_into(f"local:{read_only_library.with_name('scratch.sqlite')}")  # as root first: every module loaded
    with as_an_ordinary_user():
        result = sync_into(f"local:{read_only_library}")
    assert result.exit_code == 5
    assert f"{read_only_library}: the file is read-only for you, so zsync cannot write to it" in result.output
    assert f"chmod u+w {read_only_library}" in result.output and "check that" not in result.output


def test_read_only_file_left_beside_a_library_is_named_when_writing(read_only_library):
    read_only_library.chmod(0o644)
    shm = read_only_library.with_name("team.sqlite-shm")
    shm.write_bytes(b"")
    shm.chmod(0o444)
    if os.geteuid() == 0:
        os.chown(shm, NOBODY, NOBODY)
    sync_into(f"local:{read_only_library.with_name('scratch.sqlite')}")  # as root first: every module loaded
    with as_an_ordinary_user():
        result = sync_into(f"local:{read_only_library}")
    assert result.exit_code == 5
    assert f"{shm}: this file beside team.sqlite is read-only for you" in result.output


def test_library_opened_for_reading_refuses_to_write(tmp_path):
    LocalLibrary(tmp_path / "team.sqlite").close()
    with LocalLibrary(tmp_path / "team.sqlite", create=False) as library, pytest.raises(LibraryError):
        library.create([paper("written by a reading command")])
    with LocalLibrary(tmp_path / "team.sqlite") as library:
        assert list(library.items()) == []
