"""Profiles, exit codes, reports and status for scheduled runs."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from conftest import ABSTRACT_LIST, HF_PAGE
from zsync.cli import cli
from zsync.config import load_settings
from zsync.errors import ConfigError, LockedError
from zsync.team.lock import LibraryLock
from zsync.team.runner import profile_settings


def config(tmp_path, body: str):
    path = tmp_path / "zsync.toml"
    path.write_text(body)
    return path


def run(cfg, *args):
    return CliRunner().invoke(cli, ["--config", str(cfg), *[str(a) for a in args]])


LOCAL = f"""
[profiles.team]
library = "local:team.sqlite"
sources = ["{HF_PAGE}", "{ABSTRACT_LIST}"]
collection = "Daily Papers/{{date:%Y-%m}}"
report_dir = "reports"
"""


def test_init_writes_a_config_that_loads(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(cli, ["init"]).exit_code == 0
    assert "nightly" in load_settings(tmp_path / "zsync.toml").profiles
    assert "exists already" in CliRunner().invoke(cli, ["init"]).output


def test_wrong_profile_key_names_file_line_and_allowed_keys(tmp_path):
    cfg = config(tmp_path, '[profiles.a]\nlibrary = "groups/1"\nsources = ["x"]\ncolection = "X"\n')
    with pytest.raises(ConfigError) as info:
        load_settings(cfg)
    assert info.value.problems[0].startswith("line 4: profiles.a.colection: Extra inputs are not permitted; allowed: library")


def test_wrong_profile_value_says_what_is_allowed(tmp_path):
    cfg = config(tmp_path, '[profiles.a]\nlibrary = "groups/1"\nsources = ["x"]\nresolve = "maybe"\n')
    with pytest.raises(ConfigError) as info:
        load_settings(cfg)
    assert info.value.problems == ("line 4: profiles.a.resolve: Input should be a valid boolean, unable to interpret input",)


def test_api_key_in_a_profile_is_refused(tmp_path):
    cfg = config(tmp_path, '[profiles.a]\nlibrary = "groups/1"\nsources = ["x"]\napi_key = "abc"\n')
    with pytest.raises(ConfigError) as info:
        load_settings(cfg)
    assert "must not be in the config file" in info.value.problems[0]


def test_profile_values_override_the_file(tmp_path):
    cfg = config(tmp_path, '[dedupe]\nthreshold = 0.9\n[profiles.a]\nlibrary = "local:x.sqlite"\nsources = ["d.txt"]\n'
                           'threshold = 0.95\napi_key_env = "TEAM_KEY"\n')
    settings = profile_settings(load_settings(cfg), "a")
    assert (settings.dedupe.threshold, settings.zotero.api_key_env) == (0.95, "TEAM_KEY")
    assert settings.library == f"local:{tmp_path / 'x.sqlite'}"


def test_unknown_profile_lists_the_known_ones(tmp_path):
    result = run(config(tmp_path, LOCAL), "run", "nope")
    assert result.exit_code == 4 and "no profile 'nope' (profiles: team)" in result.output


def test_run_succeeds_writes_reports_and_reruns_change_nothing(tmp_path):
    cfg = config(tmp_path, LOCAL)
    first = run(cfg, "run", "team", "--as-of", "2026-11-24")
    assert first.exit_code == 0, first.output
    assert "team: local:" in first.output and "57 created" in first.output
    report = json.loads((tmp_path / "reports/latest.json").read_text())
    assert report["profile"] == "team" and report["exit_code"] == 0 and len(report["created"]) == 57
    html = (tmp_path / "reports/latest.html").read_text()
    assert "<h2>Added (57)</h2>" in html and "Alignment faking in large language models" in html
    second = run(cfg, "run", "team", "--as-of", "2026-11-24")
    assert "0 created, 0 updated, 57 unchanged" in second.output
    assert len(list((tmp_path / "reports").glob("2026*.json"))) == 2


def test_collection_template_takes_the_run_date(tmp_path):
    cfg = config(tmp_path, LOCAL)
    run(cfg, "run", "team", "--as-of", "2026-11-24")
    from zsync.library import LocalLibrary
    with LocalLibrary(tmp_path / "team.sqlite") as library:
        assert library.collection("Daily Papers/2026-11", create=False)


def test_rejected_entries_exit_3(tmp_path):
    (tmp_path / "d.txt").write_text("Abstract: A good one.\n\nAbstract:\n")
    cfg = config(tmp_path, '[profiles.a]\nlibrary = "local:l.sqlite"\nsources = ["d.txt"]\n')
    result = run(cfg, "run", "a")
    assert result.exit_code == 3 and "rejected" in result.output


def test_bad_collection_template_exits_4_and_still_writes_a_report(tmp_path):
    cfg = config(tmp_path, LOCAL.replace("{date:%Y-%m}", "{month}"))
    result = run(cfg, "run", "team")
    assert result.exit_code == 4
    assert json.loads((tmp_path / "reports/latest.json").read_text())["error"].startswith("collection template")


def test_a_run_that_stopped_says_so_in_its_summary_line_not_as_a_quiet_success(tmp_path):
    cfg = config(tmp_path, LOCAL.replace("{date:%Y-%m}", "{month}"))
    result = run(cfg, "run", "team")
    assert "team: local:" in result.stdout and ": stopped (0 created, 0 updated, 0 unchanged)" in result.stdout


def test_locked_library_exits_6_with_the_holder(tmp_path):
    cfg = config(tmp_path, LOCAL.replace('report_dir = "reports"', 'report_dir = "reports"\nlock_timeout = 0'))
    with LibraryLock(tmp_path / "team.sqlite.lock", "team.sqlite", 0, "someone else"):
        result = run(cfg, "run", "team")
    assert result.exit_code == 6
    assert "another run holds the lock" in result.output and "someone else" in result.output


def test_lock_times_out_in_process(tmp_path):
    with LibraryLock(tmp_path / "lib.lock", "lib", 0):
        with pytest.raises(LockedError):
            with LibraryLock(tmp_path / "lib.lock", "lib", 0.1):
                pass


def test_status_shows_runs_and_library_version(tmp_path):
    cfg = config(tmp_path, LOCAL)
    run(cfg, "run", "team", "--as-of", "2026-11-24")
    output = run(cfg, "status").output.splitlines()
    assert output[0] == f"team: local:{tmp_path / 'team.sqlite'}, library version 78"  # 57 papers, 18 links, 2 collections, the ledger
    assert "exit 0  57 created" in output[1]
