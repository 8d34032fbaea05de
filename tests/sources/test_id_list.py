"""Plain identifier lists as a digest (tests/data/id-list, see SOURCES.md): offline, what the
ids alone give; online, resolved in batches from recorded answers."""

from __future__ import annotations

import pytest
import responses

from conftest import AS_OF, CORPORA, DATA
from zsync.config import default_mapping_dir
from zsync.fetch import Fetcher
from zsync.mapping import Mapper
from zsync.model import Entry, Location
from zsync.resolve import ARXIV_API, CROSSREF_API, Resolver
from zsync.sources import SourceRegistry
from zsync.sources.id_list import IdList, identifiers
from zsync.sources.read import read_digests

LISTS = DATA / "id-list"
ID_LIST_ANSWER = CORPORA / "feeds/arxiv-api/arxiv_api_2026_id_list_0808.05394_1707.08567.atom.xml"


def read(name, context):
    return read_digests([LISTS / name], SourceRegistry.from_entry_points(), context)


@pytest.mark.parametrize("name", ["bibleaf_arxiv_ids.txt", "paper_map_arxiv_ids.txt",
                                  "publication_html_doi_published.txt", "awesome_llm_milestones.md",
                                  "pubmed_arxiv_arxiv_ids_head.txt"])
def test_each_list_is_detected_as_id_list(name, context):
    assert read(name, context).sources[0].format == "id-list"


def test_arxiv_id_list_with_comment_lines(context):
    entries = read("bibleaf_arxiv_ids.txt", context).entries
    assert len(entries) == 41
    assert [e.arxiv_id for e in entries[:3]] == ["2305.14251", "2301.13188", "2305.15852"]
    assert entries[-1].arxiv_id == "2402.13055" and entries[-1].location.line == 48
    assert ("1807.03748", 20) in [(e.arxiv_id, e.location.line) for e in entries]


def test_old_style_ids_count_with_or_without_their_slash(context):
    entries = read("pubmed_arxiv_arxiv_ids_head.txt", context).entries
    assert len(entries) == 20
    assert [e.arxiv_id for e in entries[2:5]] == ["nlin/0608019", "0903.5449", "hep-ph/0605279"]
    assert [e.arxiv_id for e in entries if "/" in e.arxiv_id] == [
        "nlin/0608019", "hep-ph/0605279", "hep-ph/0605134", "astro-ph/9608054", "cond-mat/0506313",
        "astro-ph/0202198", "cond-mat/9907309"]


@pytest.mark.parametrize("line, found", [
    ("see hep-th/9711200v3 and math.AG/0601001", [("arxiv", "hep-th/9711200v3"), ("arxiv", "math.AG/0601001")]),
    ("order no. abc1234567, path x/1234567, phone 0601001", []),
])
def test_a_bare_old_style_id_needs_a_known_archive(line, found):
    assert list(identifiers(line)) == found


def test_offline_an_id_gives_a_flagged_provisional_title_and_the_arxiv_shape(context, tmp_path):
    first = read("paper_map_arxiv_ids.txt", context).entries[0]
    assert (first.title, first.title_provisional, first.authors) == ("[arXiv:1511.00561]", True, [])
    item = Mapper.from_dirs(default_mapping_dir()).map(first)
    assert (item.itemType, item.get("url"), item.get("DOI")) == (
        "preprint", "http://arxiv.org/abs/1511.00561", "10.48550/arXiv.1511.00561")
    assert "zsync:needs-title" in item.tag_names() and "url:" not in item.get("extra")


def test_dois_bare_as_urls_and_with_trailing_blanks(context):
    entries = read("publication_html_doi_published.txt", context).entries
    dois = [e.doi for e in entries if e.doi]
    assert len(entries) == 30 and len(dois) == 29
    assert dois[0] == "10.1021/acs.jpcb.3c07624"
    assert "10.1021/acs.nanolett.3c01017" in dois and "10.1021/acs.jctc.2c01203" in dois
    assert "10.1063/1.5115042" in dois  # written as https://doi.org/…
    assert [e.arxiv_id for e in entries if e.arxiv_id] == ["1301.3120"]
    assert entries[0].title == "[DOI 10.1021/acs.jpcb.3c07624]"


def test_ids_mixed_with_text_only_arxiv_links_count(context):
    entries = read("awesome_llm_milestones.md", context).entries
    assert [e.arxiv_id for e in entries] == ["1909.08053", "1910.02054", "2001.08361", "2101.03961", "2107.03374",
                                             "2108.07258", "2110.08207", "2203.15556", "2205.05131"]
    assert entries[-1].arxiv_version == 1


@pytest.fixture
def resolver(tmp_path):
    return Resolver(Fetcher(tmp_path, sleep=lambda s: None, today=lambda: AS_OF))


@responses.activate
def test_online_arxiv_ids_are_resolved_in_one_id_list_request(tmp_path, resolver, context):
    ids = tmp_path / "ids.txt"
    ids.write_text("1707.08567\n0808.05394\n")
    responses.get(ARXIV_API, body=ID_LIST_ANSWER.read_text())
    entries = read_digests([ids], SourceRegistry.from_entry_points(), context).entries
    assert resolver.resolve(entries) == []
    assert len(responses.calls) == 1 and "id_list=1707.08567%2C0808.05394" in responses.calls[0].request.url
    found, unknown = entries
    assert found.title == "Proceedings of Workshop AEW10: Concepts in Information Theory and Communications"
    assert not found.title_provisional and found.authors and found.date == "2017-07-27"
    assert found.facts["resolved"] == "arXiv:1707.08567 via the arXiv API, by id"
    assert (unknown.title, unknown.title_provisional) == ("[arXiv:0808.05394]", True)  # not in the answer: kept


@responses.activate
def test_online_dois_are_resolved_in_one_crossref_request(tmp_path, resolver, context):
    dois = tmp_path / "dois.txt"
    dois.write_text("https://doi.org/10.1038/s41592-022-01760-3\n10.5555/no-title\n")
    responses.get(CROSSREF_API, body=(LISTS / "crossref_works_filter_doi.json").read_text())
    entries = read_digests([dois], SourceRegistry.from_entry_points(), context).entries
    assert resolver.resolve(entries) == []
    assert len(responses.calls) == 1
    assert "filter=doi%3A10.1038%2Fs41592-022-01760-3%2Cdoi%3A10.5555%2Fno-title" in responses.calls[0].request.url
    found, titleless = entries
    assert (found.title, found.date) == ("Protein language models for structure prediction", "2023-01-27")
    assert [(p.first, p.last) for p in found.authors] == [("Zeming", "Lin"), ("Alexander", "Rives")]
    assert not found.title_provisional and found.facts["resolved"].endswith("via Crossref, by id")
    assert titleless.title_provisional


@responses.activate
def test_resolved_ids_are_cached(tmp_path, resolver, context):
    ids = tmp_path / "ids.txt"
    ids.write_text("1707.08567\n")
    responses.get(ARXIV_API, body=ID_LIST_ANSWER.read_text())
    for _ in range(2):
        resolver.resolve(read_digests([ids], SourceRegistry.from_entry_points(), context).entries)
    assert len(responses.calls) == 1


@responses.activate
def test_an_entry_with_an_arxiv_id_but_no_authors_gains_them_and_keeps_its_title(resolver):
    responses.get(ARXIV_API, body=ID_LIST_ANSWER.read_text())
    page_entry = Entry(format="hf-papers-page", location=Location(path="p.md", line=3), arxiv_id="1707.08567",
                       title="Proceedings of Workshop AEW10", author_count=3)
    assert resolver.resolve([page_entry]) == []
    assert page_entry.title == "Proceedings of Workshop AEW10" and page_entry.authors


@pytest.mark.parametrize("line, found", [
    ("[Lancet](https://doi.org/10.1016/S0140-6736(20)30183-5).", [("doi", "10.1016/S0140-6736(20)30183-5")]),
    ("(see doi:10.1145/3442188.3445922)", [("doi", "10.1145/3442188.3445922")]),
    ("10.48550/arXiv.2501.11733, and 2023.12 is a year", [("arxiv", "2501.11733")]),
    ("10.1109/EuroSPW59978.2023.00008 https://arxiv.org/pdf/2405.02246.pdf",
     [("doi", "10.1109/EuroSPW59978.2023.00008"), ("arxiv", "2405.02246")]),
])
def test_identifiers_end_where_the_text_around_them_begins(line, found):
    assert list(identifiers(line)) == found


@pytest.mark.parametrize("feed", ["arxiv-rss/arxiv_cs_cl_rss_2026-04-27.xml", "hf-daily-papers/hf_daily_papers_2026-06-12.json",
                                  "arxiv-api/arxiv_api_2026_id_list_0000.0000_empty.atom.xml"])
def test_a_feed_or_api_answer_full_of_ids_is_never_an_id_list(feed):
    assert IdList().sniff((CORPORA / "feeds" / feed).read_text()) == 0.0
