"""`zsync check`: what the key may do in the library."""

from __future__ import annotations

import json
import socket
import time

from click.testing import CliRunner

from conftest import API_KEY, GROUP_ID, USER_ID
from zsync.cli import cli


def test_check_group_library_shows_read_and_write(fake_zotero, monkeypatch):
    monkeypatch.setenv("ZOTERO_API_KEY", API_KEY)
    result = CliRunner().invoke(cli, ["check", "--library", f"groups/{GROUP_ID}", "--endpoint", fake_zotero.base])
    assert result.exit_code == 0, result.output
    assert result.output == (f"groups/{GROUP_ID} at {fake_zotero.base}: key of zsync-test (user {USER_ID})\n"
                             "  library: yes  write: yes\n")


def test_check_key_from_a_file_as_json(fake_zotero, tmp_path):
    (tmp_path / "key").write_text(API_KEY + "\n")
    result = CliRunner().invoke(cli, ["check", "--library", f"users/{USER_ID}", "--endpoint", fake_zotero.base,
                                      "--api-key-file", str(tmp_path / "key"), "--json"])
    assert json.loads(result.output)["access"] == {"library": True, "files": True, "notes": True, "write": True}


def test_check_another_users_library_says_the_key_cannot_read_it(fake_zotero, monkeypatch):
    monkeypatch.setenv("ZOTERO_API_KEY", API_KEY)
    result = CliRunner().invoke(cli, ["check", "--library", "users/1", "--endpoint", fake_zotero.base])
    assert result.exit_code == 5
    assert "Error: users/1: this API key cannot read the library" in result.output


def test_config_with_the_key_itself_is_refused(tmp_path):
    (tmp_path / "zsync.toml").write_text('[zotero]\napi_key = "secret"\n')
    result = CliRunner().invoke(cli, ["--config", str(tmp_path / "zsync.toml"), "list"])
    assert result.exit_code == 4
    assert "the API key itself must not be in the config file" in result.output
    assert "secret" not in result.output.replace("must not", "")


def test_check_with_a_key_the_server_does_not_know_says_the_key_is_invalid(fake_zotero):
    result = CliRunner().invoke(cli, ["check", "--library", f"groups/{GROUP_ID}", "--endpoint", fake_zotero.base],
                                env={"ZOTERO_API_KEY": "BADKEY"})
    assert result.exit_code == 5
    assert "403 Invalid key): the server knows no such API key" in result.output
    assert "lacks" not in result.output and "zsync check" not in result.output


def test_check_an_endpoint_nothing_answers_at_fails_at_once():
    with socket.socket() as closed:  # a port nothing listens on once this is closed
        closed.bind(("127.0.0.1", 0))
        endpoint = f"http://127.0.0.1:{closed.getsockname()[1]}"
    started = time.monotonic()
    result = CliRunner().invoke(cli, ["check", "--library", f"groups/{GROUP_ID}", "--endpoint", endpoint],
                                env={"ZOTERO_API_KEY": API_KEY})
    assert time.monotonic() - started < 5
    assert result.exit_code == 5
    assert f"Error: {endpoint}: nothing answers there" in result.output and "picks up" not in result.output
