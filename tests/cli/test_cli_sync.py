"""`zsync sync` as a user runs it."""

from __future__ import annotations

import json

from click.testing import CliRunner

from conftest import ABSTRACT_LIST, CORPORA, HF_PAGE
from zsync.cli import cli
from zsync.library import LocalLibrary

AS_OF = ["--as-of", "2026-11-24"]


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_sync_into_the_embedded_default_then_again(isolated_home):
    first = run("sync", HF_PAGE, *AS_OF)
    assert first.exit_code == 0, first.output
    library = f"local:{isolated_home / 'library.sqlite'}"
    assert first.output == (f"{HF_PAGE}: 47 entries (hf-papers-text)\n"
                            f"{library}: 47 created, 0 updated, 0 unchanged; 16 code links attached\n")
    again = run("sync", HF_PAGE, *AS_OF)
    assert again.output.splitlines()[-1] == f"{library}: 0 created, 0 updated, 47 unchanged"


def test_sync_json_is_the_run_report(tmp_path):
    result = run("sync", ABSTRACT_LIST, "--library", f"local:{tmp_path / 'l.sqlite'}", "--json")
    report = json.loads(result.output)
    assert report["sources"] == [{"path": str(ABSTRACT_LIST), "format": "abstract-list", "variant": None, "entries": 10,
                                  "rejected": 0}]
    assert len(report["created"]) == 10 and report["created"][0]["location"] == f"{ABSTRACT_LIST}:1"


def test_sync_dry_run_lists_what_would_happen(tmp_path):
    result = run("sync", ABSTRACT_LIST, "--library", f"local:{tmp_path / 'l.sqlite'}", "--dry-run")
    assert result.exit_code == 0
    assert result.output.splitlines()[1].startswith(f"would create {ABSTRACT_LIST}:1  [Recent works")
    assert result.output.splitlines()[-1].endswith("would be: 10 created, 0 updated, 0 unchanged; 2 code links attached")


def test_sync_dry_run_writes_no_item(tmp_path):
    # issue 14: the old check ("created" not in `zsync list`) held whatever the library held
    path = tmp_path / "l.sqlite"
    assert run("sync", ABSTRACT_LIST, "--library", f"local:{path}", "--dry-run").exit_code == 0
    with LocalLibrary(path) as library:
        assert (list(library.items()), library.version) == ([], 0)


def test_sync_dry_run_creates_no_collection(tmp_path):
    path = tmp_path / "l.sqlite"
    assert run("sync", ABSTRACT_LIST, "--library", f"local:{path}", "--dry-run", "--collection", "New").exit_code == 0
    with LocalLibrary(path) as library:
        assert library.collection("New", create=False) is None


def test_sync_explain_says_why(tmp_path):
    lib = f"local:{tmp_path / 'l.sqlite'}"
    run("sync", ABSTRACT_LIST, "--library", lib)
    result = run("sync", ABSTRACT_LIST, "--library", lib, "--explain")
    assert "the same abstract as the entry an earlier run synced to this item" in result.output


def test_explain_names_the_identifier_an_entry_was_remembered_by(tmp_path):
    lib = f"local:{tmp_path / 'l.sqlite'}"
    feed = next((CORPORA / "feeds" / "arxiv-rss").glob("*.xml"))
    run("sync", feed, "--library", lib, "--offline")
    result = run("sync", feed, "--library", lib, "--offline", "--explain")
    assert "the same arXiv id 2604." in result.output and "as the entry an earlier run synced to this item" in result.output


def test_sync_strict_exits_3_on_rejects_but_keeps_good_entries(tmp_path):
    digest = tmp_path / "d.txt"
    digest.write_text("Abstract: A good one, and long enough to be read as an abstract by anyone.\n\nAbstract:\n")
    lib = f"local:{tmp_path / 'l.sqlite'}"
    result = run("sync", digest, "--library", lib, "--strict")
    assert result.exit_code == 3
    assert f"rejected {digest}:3: 'Abstract:' with no text after it" in result.output
    assert "1 created" in result.output


def test_sync_unreadable_file_is_an_error_naming_it(tmp_path):
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01")
    result = run("sync", tmp_path / "bin.txt")
    assert result.exit_code == 7
    assert result.output == f"Error: {tmp_path / 'bin.txt'}:1: looks like a binary file (NUL byte), not a text digest\n"


def test_sync_unknown_format_lists_the_known_ones(tmp_path):
    (tmp_path / "n.txt").write_text("hello\n")
    result = run("sync", tmp_path / "n.txt")
    assert result.output.splitlines() == [
        f"Error: {tmp_path / 'n.txt'}: no known digest format fits this file",
        "hint: force one with --format NAME; known formats: abstract-list, arxiv-atom, arxiv-email, arxiv-page, arxiv-rss, "
        "arxiv-rss-atom, bibtex, hf-daily-json, hf-papers-page, hf-papers-text, id-list, paper-feed"]


def test_sync_bad_config_exits_4_with_the_problems(tmp_path):
    (tmp_path / "zsync.toml").write_text("[dedupe]\nthreshold = 3\n")
    result = run("--config", tmp_path / "zsync.toml", "sync", ABSTRACT_LIST)
    assert result.exit_code == 4
    assert result.output.splitlines()[:2] == [f"Error: {tmp_path / 'zsync.toml'}: invalid configuration",
                                              "  - line 2: dedupe.threshold: Input should be less than or equal to 1"]


def test_sync_threshold_option_changes_the_decision(tmp_path):
    digest = tmp_path / "d.txt"
    authors = "Authors: Ryan Greenblatt, Carson Denison\n"
    digest.write_text(f"Title: Alignment faking in large language models\n{authors}Abstract: One.\n\n"
                      f"Title: Alignment faking in large language models and agents\n{authors}Abstract: Two.\n")
    lib = f"local:{tmp_path / 'l.sqlite'}"
    assert run("sync", digest, "--library", lib, "--dry-run").output.splitlines()[-1].endswith(
        "would be: 2 created, 0 updated, 0 unchanged, 2 possible duplicates")
    assert run("sync", digest, "--library", lib, "--dry-run", "--threshold", "0.8").output.splitlines()[-1].endswith(
        "would be: 1 created, 0 updated, 0 unchanged, 1 duplicate")
