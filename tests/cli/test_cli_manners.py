"""The manners of a well-kept command line (issue 16): stdin as a digest, one unreachable source
does not stop the others, counts read as English."""

from __future__ import annotations

import json

from click.testing import CliRunner

from conftest import ABSTRACT_LIST, HF_PAGE
from zsync.cli import cli

AS_OF = ["--as-of", "2026-11-24"]


def run(*args, input=None):
    return CliRunner().invoke(cli, [str(a) for a in args], input=input)


def test_a_digest_piped_in_is_read_from_dash(tmp_path):
    result = run("sync", "-", "--library", f"local:{tmp_path / 'l.sqlite'}", "--offline", *AS_OF,
                 input=ABSTRACT_LIST.read_bytes())
    assert result.exit_code == 0, result.output
    assert "<stdin>: 10 entries (abstract-list)" in result.output and "10 created" in result.output


def test_parse_reads_standard_input_too():
    result = run("parse", "-", "--json", input=HF_PAGE.read_bytes())
    assert result.exit_code == 0 and len(result.output.splitlines()) == 47


def test_an_unreachable_source_is_named_and_the_other_digests_still_sync(tmp_path):
    result = run("sync", "hf:daily", "arxiv:cs.CL", ABSTRACT_LIST, "--offline", "--library",
                 f"local:{tmp_path / 'l.sqlite'}", *AS_OF)
    assert result.exit_code == 5
    assert "10 created" in result.output and "2 failed" in result.output
    assert "failed hf:daily:" in result.output and "failed arxiv:cs.CL:" in result.output


def test_only_unreachable_sources_stop_the_run_with_exit_5_and_one_hint(tmp_path):
    result = run("sync", "hf:daily", "--offline", "--library", f"local:{tmp_path / 'l.sqlite'}")
    assert result.exit_code == 5 and "zsync is offline" in result.output
    assert "drop --offline" not in result.output and "use --offline" not in result.output  # no hint loop


def test_dedupe_and_convert_read_what_they_can_and_exit_5_for_the_rest():
    for command in ("dedupe", "convert"):
        result = run(command, "hf:daily", ABSTRACT_LIST, "--offline", *AS_OF)
        assert result.exit_code == 5 and "failed hf:daily:" in result.output


def test_convert_takes_offline():
    result = run("convert", HF_PAGE, "--offline", *AS_OF)
    assert result.exit_code == 0 and result.output.count("@") == 47


def test_dedupe_and_convert_honour_strict(tmp_path):
    digest = tmp_path / "d.txt"
    digest.write_text("Title: A paper on things\nAbstract: Fine.\n\nAuthors: Nobody Here\n")  # the second is rejected
    for command in ("dedupe", "convert"):
        result = run(command, digest, "--strict", "--offline")
        assert result.exit_code == 3, (command, result.output)


def test_one_of_a_kind_is_counted_in_the_singular(tmp_path):
    digest = tmp_path / "one.txt"
    digest.write_text("Title: A paper on things\nAbstract: Something we did.\n")
    result = run("sync", digest, "--library", f"local:{tmp_path / 'l.sqlite'}", "--offline")
    assert f"{digest}: 1 entry (abstract-list)" in result.output
    assert "1 entries" not in result.output


def test_ctrl_c_exits_130_and_says_a_rerun_continues(tmp_path, monkeypatch):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt
    monkeypatch.setattr("zsync.sync.run_sync", interrupted)  # the command imports it when it runs
    result = run("sync", ABSTRACT_LIST, "--library", f"local:{tmp_path / 'l.sqlite'}", "--offline")
    assert result.exit_code == 130
    assert "run the same command again to continue" in result.output and "Aborted" not in result.output


def test_quiet_sync_prints_nothing_but_problems(tmp_path):
    result = run("-q", "sync", ABSTRACT_LIST, "--library", f"local:{tmp_path / 'l.sqlite'}", "--offline", *AS_OF)
    assert result.exit_code == 0 and result.output == ""


def test_verbose_and_quiet_together_is_a_usage_error():
    assert run("-v", "-q", "formats").exit_code == 2


def test_verbose_shows_zsync_debug_lines_not_the_http_librarys(tmp_path, caplog):
    import logging
    run("-v", "formats")
    assert logging.getLogger("zsync").getEffectiveLevel() == logging.DEBUG
    assert logging.getLogger("httpcore").getEffectiveLevel() > logging.DEBUG
    assert logging.getLogger("urllib3").getEffectiveLevel() > logging.DEBUG


def test_no_color_turns_colour_off(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    result = CliRunner().invoke(cli, ["parse", str(ABSTRACT_LIST), "--offline", "--format", "hf-papers-text"], color=True)
    assert "\x1b[" not in result.output


def test_looking_at_a_library_that_does_not_exist_creates_no_file(tmp_path):
    path = tmp_path / "nothing-yet.sqlite"
    for command in (["list"], ["export"], ["check"]):
        result = run(*command, "--library", f"local:{path}")
        assert result.exit_code == 0, result.output
    assert not path.exists()
    assert "0 items" in run("list", "--library", f"local:{path}").output


def test_local_without_a_path_says_so_and_does_not_blame_the_directory():
    result = run("list", "--library", "local:")
    assert result.exit_code == 1 and "local: names no file" in result.output and "local:PATH" in result.output


def test_status_without_a_config_file_says_there_is_none(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ZSYNC_CONFIG", raising=False)
    result = run("status")
    assert result.exit_code == 4 and "no config file found" in result.output


def test_check_without_an_api_key_says_so_before_any_request(monkeypatch):
    monkeypatch.delenv("ZOTERO_API_KEY", raising=False)
    result = run("check", "--library", "users/1", "--endpoint", "http://127.0.0.1:9")
    assert result.exit_code == 5 and "no API key" in result.output and "ZOTERO_API_KEY" in result.output
    assert "no answer" not in result.output


def test_list_json_gives_each_paper_its_children_and_collection_names(tmp_path):
    lib = f"local:{tmp_path / 'l.sqlite'}"
    run("sync", ABSTRACT_LIST, "--library", lib, "--offline", "--collection", "Team/Daily Papers", *AS_OF)
    papers = [json.loads(line) for line in run("list", "--library", lib, "--json").output.splitlines()]
    assert len(papers) == 10 and all(p["collectionPaths"] == ["Team/Daily Papers"] for p in papers)
    with_code = [p for p in papers if p["children"]]
    assert len(with_code) == 2 and with_code[0]["children"][0]["linkMode"] == "linked_url"


def test_export_of_a_collection_includes_its_subcollections(tmp_path):
    lib = f"local:{tmp_path / 'l.sqlite'}"
    run("sync", ABSTRACT_LIST, "--library", lib, "--offline", "--collection", "Team/Daily Papers", *AS_OF)
    result = run("export", "--library", lib, "--collection", "Team", "-o", tmp_path / "team.bib")
    assert result.exit_code == 0 and "10 entries written" in result.output
    missing = run("export", "--library", lib, "--collection", "Nope")
    assert missing.exit_code == 1 and "collections: Team, Team/Daily Papers" in missing.output
