"""The manners of a well-kept command line (issue 16): stdin as a digest, one unreachable source
does not stop the others, counts read as English."""

from __future__ import annotations

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
