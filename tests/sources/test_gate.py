"""The sanity gate before anything is written: papers only on evidence, page chrome skipped with
one notice, a file of junk refused whole (exit 1)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from conftest import ABSTRACT_LIST, CORPORA, DATA, HF_PAGE, ROOT
from zsync.cli import cli
from zsync.errors import InputError
from zsync.model import Entry, Location
from zsync.sources import SourceRegistry
from zsync.sources.gate import evidence
from zsync.sources.read import read_digests

EXPORT = DATA / "hf-papers-page" / "notebook_export_search_intercode_bash.md"


def read(path, context, format=None):
    return read_digests([path], SourceRegistry.from_entry_points(), context, format)


def entry(**fields) -> Entry:
    return Entry(format="test", location=Location(path="t", line=1), **fields)


def test_a_saved_page_read_as_copied_text_is_refused_whole(context):
    with pytest.raises(InputError) as caught:
        read(EXPORT, context, format="hf-papers-text")
    assert "holds 0 paper(s)" in caught.value.message and "nothing is taken from it" in caught.value.message
    assert any("Models" in problem for problem in caught.value.problems)


def test_the_refusal_exits_7_and_writes_nothing(tmp_path):
    library = tmp_path / "lib.sqlite"
    result = CliRunner().invoke(cli, ["sync", str(EXPORT), "--format", "hf-papers-text", "--library", f"local:{library}"])
    assert result.exit_code == 7 and "nothing is taken from it" in result.output
    listed = CliRunner().invoke(cli, ["list", "--library", f"local:{library}"])
    assert ": 0 items" in listed.output


def test_chrome_among_papers_is_skipped_with_one_notice(tmp_path, context):
    page = tmp_path / "page.txt"
    page.write_text(HF_PAGE.read_text() + "\n\nModels\n\nhttps://huggingface.co/models\n\nPricing\n\nhttps://huggingface.co/pricing\n")
    result = read(page, context)
    assert len(result.entries) == 47 and result.rejects == []
    skipped = [n for n in result.notices if "no paper's evidence skipped" in n.message]
    assert len(skipped) == 1 and "'Models'" in skipped[0].message and "'Pricing'" in skipped[0].message


@pytest.mark.parametrize("fields, why", [
    ({"title": "Log In", "abstract": "https://huggingface.co/login"}, None),
    ({"title": "Pricing"}, None),
    ({"title": "Models", "arxiv_id": "2410.05434"}, "arXiv id"),
    ({"title": "A title", "doi": "10.1000/x"}, "DOI"),
    ({"title": "A title", "url": "https://arxiv.org/abs/2410.05434"}, "paper URL"),
    ({"title": "A title", "author_count": 3}, "title and authors"),
    ({"title": "A title", "abstract": "We propose a method that learns from feedback of teachers and improves agents a lot."},
     "title and abstract"),
])
def test_evidence_of_a_paper(fields, why):
    assert evidence(entry(**fields)) == why


def test_a_bib_with_broken_entries_keeps_its_good_ones(tmp_path, context):
    bib = tmp_path / "refs.bib"
    good = (DATA / "bibtex-arxiv" / "google_scholar_journal.bib").read_text().split("\n\n")[0]
    bib.write_text(good + "\n\n@article{broken1, title={No end\n\n@article{broken2, title={Nor here\n")
    result = read(bib, context)
    assert [e.citation_key for e in result.entries] == ["he2022rethinking"] and len(result.rejects) == 2


def parse_cli(path) -> object:
    return CliRunner().invoke(cli, ["parse", str(path), "--offline"])


def test_a_csv_export_whose_dois_are_one_field_is_refused_whole():
    csv = CORPORA / "dedup" / "bib-dedupe" / "special_cases" / "records_pre_merged.csv"
    result = parse_cli(csv)
    assert result.exit_code == 7
    assert f"Error: {csv}: read as id-list, this file is no digest: identifiers on only 6 of its 13 lines" in result.output


def test_a_document_citing_one_paper_is_refused_whole():
    result = parse_cli(ROOT / "docs" / "sources.md")
    assert result.exit_code == 7
    assert "read as hf-papers-page, this file is no digest: 1 paper(s) in" in result.output


@pytest.mark.parametrize("path", [
    CORPORA / "feeds/arxiv-api/arxiv_api_2026_id_list_0808.05394_1707.08567.atom.xml",  # 1 paper, 124 lines
])
def test_a_feed_of_one_paper_with_many_lines_is_a_digest_its_structure_is_the_evidence(path):
    result = parse_cli(path)
    assert result.exit_code == 0 and f"{path}: 1 entry, 0 rejected (arxiv-atom)" in result.output, result.output


def test_a_reference_list_with_one_arxiv_id_is_refused_whole(tmp_path):
    refs = tmp_path / "refs.txt"
    refs.write_text("Vaswani et al. Attention is all you need. NeurIPS 2017.\n"
                    "Devlin et al. BERT: pre-training of deep bidirectional transformers. arXiv:1810.04805\n"
                    "Brown et al. Language models are few-shot learners. NeurIPS 2020.\n"
                    "Radford et al. Improving language understanding by generative pre-training. 2018.\n")
    result = parse_cli(refs)
    assert result.exit_code == 7 and "identifiers on only 1 of its 4 lines" in result.output
    assert result.output.count("Error:") == 1


def test_a_pasted_id_list_with_a_few_lines_of_text_is_read(tmp_path):
    ids = (DATA / "id-list" / "paper_map_arxiv_ids.txt").read_text()
    pasted = tmp_path / "reading-list.txt"
    pasted.write_text(f"Papers for Thursday's reading group\n(from the paper map)\n\n{ids}\nthanks, see you there\n")
    result = parse_cli(pasted)
    assert result.exit_code == 0, result.output
    assert f"{pasted}: 30 entries, 0 rejected (id-list)" in result.output


def test_a_forced_format_that_reads_no_paper_exits_7_and_writes_nothing(tmp_path):
    library = tmp_path / "lib.sqlite"
    result = CliRunner().invoke(cli, ["sync", str(ABSTRACT_LIST), "--format", "bibtex", "--library", f"local:{library}"])
    assert result.exit_code == 7
    assert f"{ABSTRACT_LIST}: no entries found (read as bibtex)" in result.output
    assert "hint: --format bibtex reads no paper in it: leave --format out" in result.output
    assert ": 0 items" in CliRunner().invoke(cli, ["list", "--library", f"local:{library}"]).output


def test_a_forced_format_that_skips_every_line_exits_7_saying_what_it_skipped():
    bib = CORPORA / "bibtex" / "other" / "jabref-complex.bib"
    result = CliRunner().invoke(cli, ["parse", str(bib), "--format", "abstract-list"])
    assert result.exit_code == 7
    assert "no entries found (read as abstract-list)" in result.output and "293 line(s) outside any entry" in result.output


def test_a_feed_of_a_day_without_papers_is_read_as_empty(tmp_path):
    feed = tmp_path / "cs.CL.xml"
    feed.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>cs.CL updates on arXiv.org</title>'
                    "</channel></rss>")
    result = CliRunner().invoke(cli, ["parse", str(feed)])
    assert result.exit_code == 0, result.output
    assert "the listing holds no papers" in result.output
