"""`zsync dedupe`: duplicates inside the inputs and against a library, with explanations."""

from __future__ import annotations

import json

from click.testing import CliRunner

from conftest import ABSTRACT_LIST, HF_PAGE
from zsync.cli import cli

DIGEST = ("Title: Alignment faking in large language models\nAbstract: One.\n\n"
          "Title: Alignment Faking in Large Language Models.\nAbstract: Two.\n\n"
          "Title: Alignment faking in large vision models\nAbstract: Three.\n")


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_dedupe_reports_duplicates_inside_the_inputs_with_the_evidence(tmp_path):
    (tmp_path / "d.txt").write_text(DIGEST)
    result = run("dedupe", tmp_path / "d.txt")
    d = tmp_path / "d.txt"
    assert result.output.splitlines() == [
        f"duplicate  {d}:4 'Alignment Faking in Large Language Models.'",
        f"           = {d}:1 'Alignment faking in large language models': titles at or above threshold 0.92 (title 1.00)",
        "3 entries: 1 duplicates inside the inputs, 2 unique"]


def test_dedupe_explain_shows_near_misses(tmp_path):
    (tmp_path / "d.txt").write_text(DIGEST)
    result = run("dedupe", tmp_path / "d.txt", "--explain")
    assert "near miss" in result.output and "below threshold 0.92 (title 0.85)" in result.output


def test_dedupe_threshold_option_changes_the_decision(tmp_path):
    (tmp_path / "d.txt").write_text(DIGEST)
    assert "2 duplicates inside the inputs" in run("dedupe", tmp_path / "d.txt", "--threshold", "0.8").output


def test_dedupe_against_the_library(tmp_path):
    lib = f"local:{tmp_path / 'l.sqlite'}"
    run("sync", ABSTRACT_LIST, "--library", lib)
    result = run("dedupe", ABSTRACT_LIST, HF_PAGE, "--library", lib, "--as-of", "2026-11-24")
    assert result.output.splitlines()[-1] == f"57 entries: 0 duplicates inside the inputs, 10 already in {lib}, 47 unique"


def test_dedupe_json_has_one_decision_per_entry(tmp_path):
    (tmp_path / "d.txt").write_text(DIGEST)
    lines = [json.loads(line) for line in run("dedupe", tmp_path / "d.txt", "--json").output.splitlines()]
    assert [bool(line["duplicate_of"]) for line in lines] == [False, True, False]
