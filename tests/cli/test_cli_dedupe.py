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
        "3 entries: 1 duplicate inside the inputs, 2 unique"]


def test_dedupe_explain_shows_near_misses(tmp_path):
    (tmp_path / "d.txt").write_text(DIGEST)
    result = run("dedupe", tmp_path / "d.txt", "--explain")
    assert "near miss" in result.output and "below threshold 0.92 (title 0.85)" in result.output


def test_dedupe_threshold_option_changes_the_decision(tmp_path):
    (tmp_path / "d.txt").write_text(DIGEST)
    assert "possible" not in run("dedupe", tmp_path / "d.txt").output
    lowered = run("dedupe", tmp_path / "d.txt", "--threshold", "0.8").output  # "vision" for "language": only possible
    assert "(1 possible duplicate to check)" in lowered and "'vision' and 'language'" in lowered


def test_dedupe_against_the_library(tmp_path):
    lib = f"local:{tmp_path / 'l.sqlite'}"
    run("sync", ABSTRACT_LIST, "--library", lib)
    result = run("dedupe", ABSTRACT_LIST, HF_PAGE, "--library", lib, "--as-of", "2026-11-24")
    assert result.output.splitlines()[-1] == f"57 entries: 0 duplicates inside the inputs, 10 already in {lib}, 47 unique"


def test_dedupe_against_the_library_decides_the_same_with_the_records_it_kept(tmp_path):
    lib = f"local:{tmp_path / 'l.sqlite'}"
    run("sync", HF_PAGE, "--library", lib, "--as-of", "2026-11-24")
    args = ("dedupe", ABSTRACT_LIST, HF_PAGE, "--library", lib, "--as-of", "2026-11-24", "--json", "--explain")
    first, again = run(*args).output, run(*args).output  # the first builds the library's records, the second reads them
    assert first == again and json.loads(first.splitlines()[-1])["summary"]["in_library"] == 47


def test_dedupe_json_has_one_decision_per_entry(tmp_path):
    (tmp_path / "d.txt").write_text(DIGEST)
    lines = [json.loads(line) for line in run("dedupe", tmp_path / "d.txt", "--json").output.splitlines()]
    assert [line["decision"] for line in lines[:-1]] == ["unique", "duplicate", "unique"]
    assert lines[-1]["groups"] == [[f"{tmp_path / 'd.txt'}:1", f"{tmp_path / 'd.txt'}:4"]]


def test_dedupe_json_names_bibtex_records_by_citation_key_and_lists_groups(tmp_path):
    (tmp_path / "r.bib").write_text(
        "@article{qwen, title={Qwen Technical Report}, year=2023, author={Bai, Jinze}, eprint={2309.16609}, archivePrefix={arXiv}}\n"
        "@article{qwen25, title={Qwen2.5 Technical Report}, year=2024, author={Bai, Jinze}, eprint={2412.15115}, archivePrefix={arXiv}}\n"
        "@article{qwen25b, title={Qwen2.5 technical report.}, year=2024, author={Jinze Bai}}\n"
        "@article{qwen25c, title={{Qwen2.5} Technical Report}, year=2025, author={Bai, J.}, doi={10.48550/arXiv.2412.15115}}\n")
    lines = [json.loads(line) for line in run("dedupe", tmp_path / "r.bib", "--json").output.splitlines()]
    assert [(line["name"], line["decision"]) for line in lines[:-1]] == [
        ("qwen", "unique"), ("qwen25", "unique"), ("qwen25b", "duplicate"), ("qwen25c", "duplicate")]
    assert lines[-1]["groups"] == [["qwen25", "qwen25b", "qwen25c"]]


def test_dedupe_does_not_look_anything_up_unless_asked(tmp_path, monkeypatch):
    import zsync.resolve

    def no_lookups(*args, **kwargs):
        raise AssertionError("dedupe looked something up")

    monkeypatch.setattr(zsync.resolve.Resolver, "resolve", no_lookups)
    monkeypatch.delenv("ZSYNC_OFFLINE", raising=False)
    (tmp_path / "r.bib").write_text("@article{x, title={A paper without an arXiv id}, year=2024, author={Doe, Jane}}\n")
    assert run("dedupe", tmp_path / "r.bib").exit_code == 0
