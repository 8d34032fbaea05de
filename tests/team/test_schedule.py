"""`zsync schedule`: snippets that parse, and the docs show exactly what the code prints."""

from __future__ import annotations

import configparser
import re
from pathlib import Path

import yaml
from click.testing import CliRunner

from conftest import ROOT
from zsync.cli import cli
from zsync.team.schedule import cron, github_actions, systemd

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
    workflow = yaml.safe_load(github_actions("nightly", 5, 15))
    assert workflow[True]["schedule"] == [{"cron": "15 5 * * *"}]  # YAML 1.1 reads the key `on` as True
    steps = workflow["jobs"]["sync"]["steps"]
    run = next(s for s in steps if s.get("name") == "Sync into Zotero")
    assert run["run"] == "zsync --config zsync.toml run nightly"
    assert run["env"]["ZOTERO_API_KEY"] == "${{ secrets.ZOTERO_API_KEY }}"


def test_docs_show_exactly_the_generated_snippets():
    assert cron("nightly", 6, 0, WORKDIR, EXE) in DOC
    for text in systemd("nightly", 6, 0, WORKDIR, EXE).values():
        assert text in DOC
    assert github_actions("nightly", 6, 0) in DOC


def test_schedule_command_prints_the_snippets(tmp_path):
    cfg = tmp_path / "zsync.toml"
    cfg.write_text('[profiles.nightly]\nlibrary = "groups/1"\nsources = ["hf:daily"]\n')
    out = CliRunner().invoke(cli, ["--config", str(cfg), "schedule", "nightly", "--cron", "--at", "07:45"]).output
    assert CRON_LINE.match(out.strip()) and out.startswith("45 7 * * * cd ")
    gh = CliRunner().invoke(cli, ["--config", str(cfg), "schedule", "nightly", "--github-actions"]).output
    assert gh == github_actions("nightly", 6, 0, "zsync.toml")
    bad = CliRunner().invoke(cli, ["--config", str(cfg), "schedule", "nightly", "--cron", "--at", "25:00"])
    assert bad.exit_code == 2 and "'25:00' is not HH:MM" in bad.output
