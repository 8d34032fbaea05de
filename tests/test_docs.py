"""Docs stay true: every command has help and a section in docs/usage.md; mappings validate."""

from __future__ import annotations

import pytest

from conftest import ROOT
from zsync.cli import cli
from zsync.mapping import Mapper, default_mapping_dir

COMMANDS = sorted(cli.commands)


@pytest.mark.parametrize("name", COMMANDS)
def test_command_has_help_text(name):
    assert cli.commands[name].help


@pytest.mark.parametrize("name", COMMANDS)
def test_command_is_documented_in_usage(name):
    assert f"## zsync {name}" in (ROOT / "docs/usage.md").read_text()


def test_shipped_mappings_validate():
    assert Mapper.from_dirs(default_mapping_dir()).specs


def test_readme_starts_with_the_two_commands():
    lines = (ROOT / "README.md").read_text().splitlines()
    assert lines[3].endswith("zsync sync ../shared/seeds/000_0f185be45a9c79b1.txt")
    assert lines[4].endswith(".venv/bin/python -m pytest")
    assert lines[4] in (ROOT / ".ci/run").read_text()
