"""`zsync export` and `zsync convert`."""

from __future__ import annotations

from click.testing import CliRunner

from conftest import ABSTRACT_LIST, CORPORA
from zsync.cli import cli


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_sync_a_bib_then_export_it(tmp_path):
    lib = f"local:{tmp_path / 'l.sqlite'}"
    bib = CORPORA / "bibtex/bbt-import/bbt-2373-crossref-inheritance.bib"
    # the @inbook and the @incollection are one chapter (same title, authors, pages, book)
    assert "2 created, 0 updated, 0 unchanged, 1 duplicate" in run("sync", bib, "--library", lib).output
    result = run("export", "--format", "bibtex", "--library", lib, "-o", tmp_path / "out.bib")
    assert result.exit_code == 0 and result.output == f"2 entries written to {tmp_path / 'out.bib'}\n"
    text = (tmp_path / "out.bib").read_text()
    assert text.count("\n@") + text.startswith("@") == 2 and "@book{book," in text


def test_export_one_collection(tmp_path):
    lib = f"local:{tmp_path / 'l.sqlite'}"
    run("sync", ABSTRACT_LIST, "--library", lib, "--collection", "Mine")
    run("sync", CORPORA / "bibtex/bbt-import/bbt-154-string-substitutions.bib", "--library", lib)
    assert run("export", "--library", lib, "--collection", "Mine").output.count("@misc{") == 10
    assert "no collection 'Nope'" in run("export", "--library", lib, "--collection", "Nope").output


def test_export_is_identical_across_runs(tmp_path):
    lib = f"local:{tmp_path / 'l.sqlite'}"
    run("sync", ABSTRACT_LIST, "--library", lib)
    assert run("export", "--library", lib).output == run("export", "--library", lib).output


def test_convert_digest_straight_to_bibtex(tmp_path):
    result = run("convert", ABSTRACT_LIST, "-o", tmp_path / "d.bib")
    assert result.output == f"10 entries written to {tmp_path / 'd.bib'}\n"
    assert (tmp_path / "d.bib").read_text().count("pubstate = {prepublished}") == 10


def test_convert_dedupe_writes_a_paper_listed_twice_once_as_sync_would(tmp_path):
    (tmp_path / "d.txt").write_text("Title: Alignment faking in large language models\nAbstract: One.\n\n"
                                    "Title: Alignment Faking in Large Language Models.\nAbstract: Two.\n")
    result = CliRunner().invoke(cli, ["convert", str(tmp_path / "d.txt"), "--dedupe", "-o", str(tmp_path / "d.bib")])
    text = (tmp_path / "d.bib").read_text()
    assert text.count("\n@") + text.startswith("@") == 1
    assert "1 entry written to" in result.output and "(1 duplicate folded into them)" in result.output


def test_convert_without_dedupe_keeps_every_entry(tmp_path):
    (tmp_path / "d.txt").write_text("Title: Alignment faking in large language models\nAbstract: One.\n\n"
                                    "Title: Alignment Faking in Large Language Models.\nAbstract: Two.\n")
    CliRunner().invoke(cli, ["convert", str(tmp_path / "d.txt"), "-o", str(tmp_path / "d.bib")])
    text = (tmp_path / "d.bib").read_text()
    assert text.count("\n@") + text.startswith("@") == 2


def test_an_arxiv_preprint_is_exported_with_eprint_url_and_doi_as_arxiv_gives_them(tmp_path):
    bib = tmp_path / "one.bib"
    bib.write_text("@misc{x,\n title={A study of things},\n author={Doe, Jane},\n year={2023},\n"
                   " eprint={2301.00001},\n}\n")
    out = run("convert", bib, "--offline").output
    assert "eprint = {2301.00001}" in out and "archiveprefix = {arXiv}" in out
    assert "url = {http://arxiv.org/abs/2301.00001}" in out and "doi = {10.48550/arXiv.2301.00001}" in out


def test_output_to_a_folder_is_bad_usage_naming_it(tmp_path):
    result = CliRunner().invoke(cli, ["convert", str(ABSTRACT_LIST), "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert f"{tmp_path} is a folder; name a file in it" in result.output and "unexpected" not in result.output


def test_output_into_a_missing_folder_is_bad_usage_naming_it(tmp_path):
    result = CliRunner().invoke(cli, ["export", "-o", str(tmp_path / "nothere" / "team.bib")])
    assert result.exit_code == 2
    assert f"the folder {tmp_path / 'nothere'} does not exist" in result.output
