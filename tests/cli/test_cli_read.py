"""`zsync parse`, `zsync list`, `zsync formats`."""

from __future__ import annotations

import json

from click.testing import CliRunner

from conftest import ABSTRACT_LIST, HF_PAGE
from zsync.cli import cli


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_parse_json_prints_one_entry_a_line():
    result = run("parse", HF_PAGE, "--json", "--as-of", "2026-11-24")
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 47
    assert lines[2]["title"].startswith("Routing Manifold") and lines[2]["date"] == "2025-11-10"
    assert lines[2]["location"] == {"path": str(HF_PAGE), "line": 29}


def test_parse_forced_format_is_used_and_the_gate_refuses_what_it_reads_as_no_papers():
    result = run("parse", ABSTRACT_LIST, "--format", "hf-papers-text")
    assert result.exit_code == 7
    assert "read as hf-papers-text, this file holds 0 paper(s)" in result.output
    assert "nothing is taken from it" in result.output


def test_list_shows_items_and_their_code_links(tmp_path):
    lib = f"local:{tmp_path / 'l.sqlite'}"
    run("sync", ABSTRACT_LIST, "--library", lib)
    result = run("list", "--library", lib)
    assert "↳ https://github.com/shuhao02/RouterDC" in result.output
    assert result.output.count("[") == 10


def test_list_json_is_item_json(tmp_path):
    lib = f"local:{tmp_path / 'l.sqlite'}"
    run("sync", ABSTRACT_LIST, "--library", lib)
    items = [json.loads(line) for line in run("list", "--library", lib, "--json").output.splitlines()]
    assert len(items) == 10 and {i["itemType"] for i in items} == {"preprint"}


def test_list_of_a_library_file_not_there_says_so_and_creates_nothing(tmp_path, caplog):
    missing = tmp_path / "typo" / "l.sqlite"
    result = run("list", "--library", f"local:{missing}")
    assert result.exit_code == 0 and f"{missing}: no library file there yet" in caplog.text
    assert not (tmp_path / "typo").exists()


def test_formats_lists_the_built_in_formats():
    names = [line.split()[0] for line in run("formats").output.splitlines() if not line.startswith(" ")]
    assert names == ["abstract-list", "arxiv-atom", "arxiv-email", "arxiv-page", "arxiv-rss", "arxiv-rss-atom", "bibtex",
                     "hf-daily-json", "hf-papers-page", "hf-papers-text", "id-list", "paper-feed"]
