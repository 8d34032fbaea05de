"""Tags: source format, has-code, and regex rules from config."""

from __future__ import annotations

import pytest

from zsync.config import load_settings
from zsync.enrich.tags import Tagger
from zsync.errors import ConfigError
from zsync.model import Entry, Location


def entry(**kw) -> Entry:
    return Entry(format="hf-papers-text", location=Location(path="t"), **kw)


def test_tags_name_the_source_format_and_code(settings):
    assert Tagger(settings.tags).tags(entry(title="Plain"), has_code=True)[:2] == ["source:hf-papers-text", "has-code"]


def test_default_rules_tag_by_title_and_abstract(settings):
    tags = Tagger(settings.tags).tags(entry(title="Aligning LLMs", abstract="We use RLHF."), has_code=False)
    assert {"LLM", "reinforcement learning"} <= set(tags)


def test_config_rules_add_to_the_defaults(tmp_path):
    (tmp_path / "zsync.toml").write_text('[[tags.rules]]\ntag = "robots"\npattern = "robot"\nfields = ["abstract"]\n')
    tags = Tagger(load_settings(tmp_path / "zsync.toml").tags).tags(entry(title="LLM", abstract="A robot."), has_code=False)
    assert {"robots", "LLM"} <= set(tags)


def test_default_rules_can_be_switched_off(tmp_path):
    (tmp_path / "zsync.toml").write_text('[tags]\ndefault_rules = false\nsource = ""\n')
    assert Tagger(load_settings(tmp_path / "zsync.toml").tags).tags(entry(title="LLM"), has_code=False) == []


def test_provisional_titles_do_not_trigger_title_rules(settings):
    tags = Tagger(settings.tags).tags(entry(title="[LLM stuff]", title_provisional=True), has_code=False)
    assert "LLM" not in tags


def test_a_rule_that_is_not_a_regex_is_a_config_error(tmp_path):
    (tmp_path / "zsync.toml").write_text('[[tags.rules]]\ntag = "x"\npattern = "(unclosed"\n')
    with pytest.raises(ConfigError) as info:
        load_settings(tmp_path / "zsync.toml")
    assert info.value.problems[0].startswith("line 3: tags.rules.0.pattern: Value error, not a regular expression")


def test_digest_keywords_become_tags_unless_switched_off(tmp_path):
    keyworded = entry(title="T", tags=["zero-shot annotation"])
    assert "zero-shot annotation" in Tagger(load_settings().tags).tags(keyworded, has_code=False)
    (tmp_path / "zsync.toml").write_text("[tags]\ndigest_tags = false\n")
    assert "zero-shot annotation" not in Tagger(load_settings(tmp_path / "zsync.toml").tags).tags(keyworded, has_code=False)
