"""Settings: overriding the title threshold the one way every command does."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from conftest import ABSTRACT_LIST


def test_with_threshold_changes_only_the_title_threshold(settings):
    changed = settings.with_threshold(0.8)
    assert changed.dedupe.threshold == 0.8
    assert changed.dedupe.abstract_threshold == settings.dedupe.abstract_threshold
    assert settings.dedupe.threshold == 0.92  # the original is left as it was


def test_with_threshold_none_keeps_the_configured_one(settings):
    assert settings.with_threshold(None) is settings


def test_with_threshold_out_of_bounds_is_refused_as_in_the_config_file(settings):
    with pytest.raises(ValidationError, match="less than or equal to 1"):
        settings.with_threshold(3)


def unknown_library_run(*args: str, env: dict[str, str] | None = None):
    from click.testing import CliRunner

    from zsync.cli import cli
    return CliRunner().invoke(cli, list(args), env=env)


def test_unknown_library_in_the_config_file_exits_4_naming_file_line_and_key(tmp_path):
    (tmp_path / "zsync.toml").write_text('offline = true\nlibrary = "loacl"\n')
    result = unknown_library_run("--config", str(tmp_path / "zsync.toml"), "list")
    assert result.exit_code == 4
    assert f"Error: {tmp_path / 'zsync.toml'}: line 2: library: unknown library 'loacl'" in result.output


def test_unknown_library_in_ZSYNC_LIBRARY_exits_4_naming_the_variable():
    result = unknown_library_run("list", env={"ZSYNC_LIBRARY": "group/1"})
    assert result.exit_code == 4
    assert "Error: $ZSYNC_LIBRARY: unknown library 'group/1'" in result.output


def test_unknown_library_of_a_profile_exits_4_naming_the_profile_key(tmp_path):
    config = tmp_path / "zsync.toml"
    config.write_text(f'[profiles.nightly]\nlibrary = "group/98765"\nsources = ["{ABSTRACT_LIST}"]\n'
                      f'report_dir = "{tmp_path / "reports"}"\n')
    result = unknown_library_run("--config", str(config), "run", "nightly")
    assert result.exit_code == 4
    assert f"{config}: profiles.nightly.library: unknown library 'group/98765'" in result.output
