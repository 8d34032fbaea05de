"""Reading user TOML files: every problem names the file and the line to fix."""

from __future__ import annotations

import pytest

from zsync.config import load_settings
from zsync.enrich.links import LinkFinder
from zsync.errors import ConfigError
from zsync.mapping import Mapper
from zsync.tomlfile import line_of, read_toml


def test_syntax_error_names_file_and_line(tmp_path):
    (tmp_path / "zsync.toml").write_text('[dedupe]\nthreshold = 0.9\npreprints = "same\n')
    with pytest.raises(ConfigError) as info:
        load_settings(tmp_path / "zsync.toml")
    assert info.value.message.startswith(f"{tmp_path / 'zsync.toml'}:3: not valid TOML: ")


def test_mapping_syntax_error_names_file_and_line(tmp_path):
    (tmp_path / "bad.toml").write_text('name = "bad"\nitem_type = = "preprint"\n')
    with pytest.raises(ConfigError, match=f"^{tmp_path / 'bad.toml'}:2: not valid TOML"):
        Mapper.from_dirs(tmp_path)


def test_file_that_is_not_utf8_is_a_config_error(tmp_path):
    (tmp_path / "zsync.toml").write_bytes(b'library = "caf\xe9"\n')
    with pytest.raises(ConfigError, match="not UTF-8"):
        read_toml(tmp_path / "zsync.toml")


def test_problem_in_the_second_array_table_points_at_its_line(tmp_path):
    (tmp_path / "two.toml").write_text('[[mappings]]\nname = "a"\nitem_type = "preprint"\n\n'
                                       '[[mappings]]\nname = "b"\nitem_type = "preprint"\npriority = "high"\n')
    with pytest.raises(ConfigError) as info:
        Mapper.from_dirs(tmp_path)
    assert info.value.message == f"{tmp_path / 'two.toml'}: mappings[1]: invalid mapping"
    assert info.value.problems == ("line 8: priority: Input should be a valid integer, unable to parse string as an integer",)


def test_link_rule_problem_names_file_and_line(tmp_path):
    (tmp_path / "code-links.toml").write_text('[[links]]\nhost = "github.com"\ntitle = "Code"\n\n'
                                              '[[links]]\nhost = "(unclosed"\ntitle = "X"\n')
    with pytest.raises(ConfigError) as info:
        LinkFinder.from_file(tmp_path / "code-links.toml")
    assert info.value.problems[0].startswith("line 6: host: Value error, not a regular expression")


def test_line_of_finds_a_key_inside_its_table():
    text = '[a]\nx = 1\n[b]\nx = 2\n'
    assert (line_of(text, ["a", "x"]), line_of(text, ["b", "x"]), line_of(text, ["c"])) == (2, 4, 0)
