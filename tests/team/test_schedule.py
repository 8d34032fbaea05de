"""`zsync schedule`: snippets that parse, and the docs show exactly what the code prints."""

from __future__ import annotations

import configparser
import json
import re
from pathlib import Path

import yaml
from click.testing import CliRunner

from conftest import ROOT
from zsync.cli import cli
from zsync.team.schedule import cron, github_actions, install_command, systemd

INSTALL = "pip install git+https://github.com/ORG/zsync@COMMIT"

WORKDIR, EXE = Path("/home/team/papers"), "/home/team/papers/.venv/bin/zsync"
DOC = (ROOT / "docs/scheduling.md").read_text()
CRON_LINE = re.compile(r"^(\d{1,2}) (\d{1,2}) \* \* \* \S.*$")


def test_cron_line_has_five_fields_and_a_command():
    line = cron("nightly", 6, 30, WORKDIR, EXE)
    m = CRON_LINE.match(line)
    assert m and (m[1], m[2]) == ("30", "6") and f"{EXE} run nightly" in line and ">>" in line


def test_systemd_units_have_the_keys_systemd_needs():
    units = systemd("nightly", 6, 0, WORKDIR, EXE)
    service, timer = configparser.ConfigParser(interpolation=None), configparser.ConfigParser(interpolation=None)
    service.read_string(units["zsync-nightly.service"])
    timer.read_string(units["zsync-nightly.timer"])
    assert service["Service"]["Type"] == "oneshot" and service["Service"]["ExecStart"] == f"{EXE} run nightly"
    assert service["Service"]["EnvironmentFile"].startswith("-")
    assert timer["Timer"]["OnCalendar"] == "*-*-* 06:00:00" and timer["Install"]["WantedBy"] == "timers.target"


def test_github_actions_workflow_is_valid_yaml_with_the_secret():
    workflow = yaml.safe_load(github_actions("nightly", 5, 15, "zsync.toml", INSTALL))
    assert workflow[True]["schedule"] == [{"cron": "15 5 * * *"}]  # YAML 1.1 reads the key `on` as True
    steps = workflow["jobs"]["sync"]["steps"]
    run = next(s for s in steps if s.get("name") == "Sync into Zotero")
    assert run["run"] == "zsync --config zsync.toml run nightly"
    assert run["env"]["ZOTERO_API_KEY"] == "${{ secrets.ZOTERO_API_KEY }}"


def test_docs_show_exactly_the_generated_snippets():
    assert cron("nightly", 6, 0, WORKDIR, EXE) in DOC
    for text in systemd("nightly", 6, 0, WORKDIR, EXE).values():
        assert text in DOC
    assert github_actions("nightly", 6, 0, "zsync.toml", INSTALL) in DOC


def test_schedule_command_prints_the_snippets(tmp_path):
    cfg = tmp_path / "zsync.toml"
    cfg.write_text('[profiles.nightly]\nlibrary = "groups/1"\nsources = ["hf:daily"]\n')
    out = CliRunner().invoke(cli, ["--config", str(cfg), "schedule", "nightly", "--cron", "--at", "07:45"]).stdout
    assert CRON_LINE.match(out.strip()) and out.startswith("45 7 * * * cd ")
    gh = CliRunner().invoke(cli, ["--config", str(cfg), "schedule", "nightly", "--github-actions", "--install", INSTALL])
    assert gh.output == github_actions("nightly", 6, 0, "zsync.toml", INSTALL)
    bad = CliRunner().invoke(cli, ["--config", str(cfg), "schedule", "nightly", "--cron", "--at", "25:00"])
    assert bad.exit_code == 2 and "'25:00' is not HH:MM" in bad.output


def test_two_kinds_of_snippet_at_once_is_a_usage_error(tmp_path):
    cfg = tmp_path / "zsync.toml"
    cfg.write_text('[profiles.nightly]\nlibrary = "groups/1"\nsources = ["hf:daily"]\n')
    both = CliRunner().invoke(cli, ["--config", str(cfg), "schedule", "nightly", "--cron", "--systemd"])
    assert both.exit_code == 2 and "choose one of" in both.output


def test_the_workflow_never_installs_a_zsync_no_index_has(tmp_path):
    # this zsync is installed from a local checkout with no remote: CI cannot reach it, so the
    # command asks how CI should install it instead of printing `pip install zsync`
    cfg = tmp_path / "zsync.toml"
    cfg.write_text('[profiles.nightly]\nlibrary = "groups/1"\nsources = ["hf:daily"]\n')
    result = CliRunner().invoke(cli, ["--config", str(cfg), "schedule", "nightly", "--github-actions"])
    if install_command(tmp_path) is None:
        assert result.exit_code == 2 and "--install" in result.output
    else:  # a checkout with a remote, or a released version: installed the same way on CI
        assert result.exit_code == 0 and f"- run: {install_command(tmp_path)}" in result.output
    assert "pip install zsync\n" not in result.output


def test_a_checkout_inside_the_config_repository_is_installed_from_it(tmp_path, monkeypatch):
    import subprocess
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    checkout = tmp_path / "tools" / "zsync"
    checkout.mkdir(parents=True)

    class Installed:
        version = "0.1.0"

        def read_text(self, name):
            return json.dumps({"url": f"file://{checkout}", "dir_info": {"editable": True}})

    monkeypatch.setattr("importlib.metadata.distribution", lambda name: Installed())
    assert install_command(tmp_path) == "pip install ./tools/zsync"


def test_cron_for_a_web_library_without_a_key_file_warns_that_the_key_will_be_missing(tmp_path):
    cfg = tmp_path / "zsync.toml"
    cfg.write_text('[profiles.nightly]\nlibrary = "groups/98765"\nsources = ["d.txt"]\n')
    result = CliRunner().invoke(cli, ["--config", str(cfg), "schedule", "nightly", "--cron"])
    assert result.exit_code == 0 and CRON_LINE.match(result.stdout.splitlines()[0])
    assert "$ZOTERO_API_KEY will not be set" in result.stderr
    cfg.write_text('[zotero]\napi_key_file = "~/.config/zsync/zotero.key"\n'
                   '[profiles.nightly]\nlibrary = "groups/98765"\nsources = ["d.txt"]\n')
    assert "will not be set" not in CliRunner().invoke(cli, ["--config", str(cfg), "schedule", "nightly", "--cron"]).stderr
