"""arXiv abstract pages and search results copied or saved as text (tests/data/arxiv-page, see
SOURCES.md); expectations read off the files."""

from __future__ import annotations

import pytest

from conftest import DATA
from zsync.sources import SourceRegistry
from zsync.sources.arxiv_page import ArxivPage
from zsync.sources.read import read_digests

PAGES = DATA / "arxiv-page"


def read(name, context):
    return read_digests([PAGES / name], SourceRegistry.from_entry_points(), context)


def first_authors(entry, n=2):
    return [(a.first, a.last) for a in entry.authors[:n]]


@pytest.mark.parametrize("name", sorted(p.name for p in PAGES.glob("*.md") if p.name != "SOURCES.md"))
def test_every_sample_is_read_as_arxiv_page_without_rejects(name, context):
    result = read(name, context)
    assert result.sources[0].format == "arxiv-page"
    assert result.rejects == [] and result.entries


def test_copied_abstract_page_gives_its_paper_and_no_chrome(context):
    [entry] = read("abs_copied_mobile_agent_e.md", context).entries
    assert (entry.arxiv_id, entry.arxiv_version, entry.arxiv_category) == ("2501.11733", 2, "cs.CL")
    assert entry.title == "Mobile-Agent-E: Self-Evolving Mobile Assistant for Complex Tasks"
    assert entry.date == "2025-01-28"  # last revised, the version the page shows
    assert first_authors(entry) == [("Zhenhailong", "Wang"), ("Haiyang", "Xu")] and len(entry.authors) == 8
    assert entry.abstract.startswith("Smartphones have become indispensable in modern life")
    assert entry.abstract.endswith("Project page: this https URL .")
    assert entry.doi is None  # the page's 10.48550 DOI is arXiv's own


def test_saved_abstract_page_takes_its_id_from_the_front_matter(context):
    [entry] = read("abs_saved_noticing_the_watcher.md", context).entries
    assert (entry.arxiv_id, entry.arxiv_version, entry.date) == ("2603.16928", 1, "2026-03-14")
    assert entry.title == "Noticing the Watcher: LLM Agents Can Infer CoT Monitoring from Blocking Feedback"
    assert entry.abstract.endswith("CoT monitoring is not a permanently reliable safeguard.")


def test_page_saved_on_one_line_is_split_at_its_keys(context):
    [entry] = read("abs_one_line_prompt2dag.md", context).entries
    assert (entry.arxiv_id, entry.date) == ("2509.13487", "2025-09-16")
    assert entry.title == "Prompt2DAG: A Modular Methodology for LLM-Based Data Enrichment Pipeline Generation"
    assert first_authors(entry, 3) == [("Abubakari", "Alidu"), ("Michele", "Ciavotta"), ("Flavio", "DePaoli")]
    assert entry.abstract.startswith("Developing reliable data enrichment pipelines")
    assert "View PDF" not in entry.abstract


@pytest.mark.parametrize("name, expected", [
    ("search_moondream_rough_notes.md", [
        ("2405.02246", "What matters when building vision-language models?", ("Hugo", "Laurençon"), "2024-05-03"),
        ("2405.01483", "MANTIS: Interleaved Multi-Image Instruction Tuning", ("Dongfu", "Jiang"), "2024-05-02")]),
    ("search_chat_export.md", [
        ("2409.12959", "MMSearch: Benchmarking the Potential of Large Models as Multi-modal Search Engines",
         ("Dongzhi", "Jiang"), "2024-09-19"),
        ("2409.12924", "WaveletGPT: Wavelets Meet Large Language Models", ("Prateek", "Verma"), "2024-09-03"),
        ("2409.11905", "AlignBot: Aligning VLM-powered Customized Task Planning with User Reminders Through "
                       "Fine-Tuning for Household Robots", ("", "Zhaxizhuoma"), "2024-09-18"),
        ("2409.11733", "Human-like Affective Cognition in Foundation Models", ("Kanishk", "Gandhi"), "2024-09-18")]),
])
def test_search_results_ids_titles_first_authors_dates(name, expected, context):
    entries = read(name, context).entries
    assert [(e.arxiv_id, e.title, (e.authors[0].first, e.authors[0].last or e.authors[0].name), e.date)
            for e in entries] == [(i, t, (f if f else "", l), d) for i, t, (f, l), d in expected]


def test_search_result_abstract_stops_before_the_page_text(context):
    entries = read("search_moondream_rough_notes.md", context).entries
    assert entries[0].abstract.endswith("within its size category across va…")
    assert all("▽ More" not in e.abstract and "Submitted" not in e.abstract for e in entries)
    assert entries[1].facts["comment"] == "9 pages, 3 figures"
    assert (entries[0].arxiv_category, entries[0].facts["categories"]) == ("cs.CV", "cs.CV cs.AI")


def test_search_result_publisher_doi_is_read(context):
    entries = read("search_notes_data_quality.md", context).entries
    assert [e.arxiv_id for e in entries] == ["2410.18558", "2410.17337", "2410.06030"]
    assert entries[2].doi == "10.1109/EuroSPW59978.2023.00008"
    assert entries[2].title == "Data Quality Issues in Vulnerability Detection Datasets"


def test_a_result_flattened_with_both_abstracts_keeps_the_full_one(context):
    line = ("Abstract: Recent progress in hardware and methodology… ▽ More Recent progress in hardware and methodology "
            "for training neural networks has ushered in a new generation of large networks. △ Less")
    text = f"arXiv:1906.02243  [pdf, other]  cs.CL\nEnergy and Policy Considerations for Deep Learning in NLP\n{line}\n"
    [entry] = list(ArxivPage().parse(text, "r.txt", context))
    assert entry.abstract == ("Recent progress in hardware and methodology for training neural networks has ushered "
                              "in a new generation of large networks.")
