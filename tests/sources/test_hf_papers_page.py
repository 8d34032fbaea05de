"""Hugging Face papers pages saved with their links (tests/data/hf-papers-page, see SOURCES.md):
a firecrawl Markdown search page, a notebook text export with URL lines, a structured-HTML
trending page. Expectations are read off the files."""

from __future__ import annotations

import pytest

from conftest import DATA
from zsync.sources import SourceRegistry
from zsync.sources.read import read_digests

PAGES = DATA / "hf-papers-page"
FIRECRAWL = PAGES / "firecrawl_search_source_citations.md"
EXPORT = PAGES / "notebook_export_search_intercode_bash.md"
TRENDING = PAGES / "structured_html_trending.md"


def read(path, context):
    return read_digests([path], SourceRegistry.from_entry_points(), context)


def test_saved_pages_are_detected_as_hf_papers_page(context):
    assert [read(p, context).sources[0].format for p in (FIRECRAWL, EXPORT, TRENDING)] == ["hf-papers-page"] * 3


@pytest.mark.parametrize("path, ids", [
    (FIRECRAWL, ["2606.00683", "2609.11115", "2502.20581", "2605.08583"]),
    (EXPORT, ["2410.05434", "2306.14898", "2502.06858", "1808.01400", "2510.21057"]),
    (TRENDING, ["2610.05608", "2412.20138", "2309.06180"]),
])
def test_every_paper_and_nothing_else_with_its_arxiv_id(context, path, ids):
    result = read(path, context)
    assert [e.arxiv_id for e in result.entries] == ids
    assert result.rejects == []


def test_navigation_links_of_a_text_export_are_no_papers(context):
    titles = [e.title for e in read(EXPORT, context).entries]
    assert not {"Models", "Pricing", "Log In", "Daily Papers", "Intercode Bash"} & set(titles)
    assert titles[0] == "Better than Your Teacher: LLM Agents that learn from Privileged AI Feedback"


def test_markdown_escapes_and_hard_breaks_are_undone(context):
    noisy = read(FIRECRAWL, context).entries[2]
    assert noisy.title == "The Noisy Path from Source to Citation: Measuring How Scholars Engage with Past Research"
    assert noisy.abstract.startswith("Academic citations are widely used for evaluating research and tracing knowledge flows.")
    assert "\\" not in noisy.abstract


def test_dates_upvotes_and_author_counts_belong_to_their_paper(context):
    entries = read(EXPORT, context).entries
    assert [(e.date, e.upvotes, e.author_count) for e in entries] == [
        ("2024-10-07", 1, 2), ("2023-06-26", None, 4), ("2025-02-07", None, 6),
        ("2018-08-03", 2, 4), ("2025-10-23", 5, None)]


def test_yearless_dates_are_read_against_the_page_date(context):
    entries = read(FIRECRAWL, context).entries  # the page says "Oct 2"; saved 2026-10-02
    assert [e.date for e in entries] == ["2026-05-29", "2026-09-09", "2025-02-27", "2026-05-08"]


def test_a_paper_shown_twice_is_one_entry_with_its_code_link(context):
    kandinsky = read(TRENDING, context).entries[0]
    assert kandinsky.title == "Kandinsky 6.0 Video: Foundation Models for Synchronized Video and Audio Generation"
    assert (kandinsky.date, kandinsky.upvotes) == ("2026-10-04", 117)
    assert kandinsky.links == ["https://github.com/kandinskylab/kandinsky-6"]


def test_plain_text_summary_after_the_title_is_the_abstract(context):
    trading = read(TRENDING, context).entries[1]
    assert trading.abstract == ("A multi-agent framework using large language models for stock trading simulates "
                                "real-world trading firms, improving performance metrics like cumulative returns "
                                "and Sharpe ratio.")
    assert trading.author_count == 4


def test_entries_point_at_their_title_lines(context):
    for path in (FIRECRAWL, EXPORT):
        lines = path.read_text().split("\n")
        for entry in read(path, context).entries:
            assert entry.title.split(":")[0] in lines[entry.location.line - 1]


PAPER_PAGES = {"paper_page_clipped_spectrum.md": ("2406.06623", "Spectrum: Targeted Training on Signal to Noise Ratio",
                                                  "2024-06-12", "Efficiently post-training large language models remains"),
               "paper_page_clipped_dci.md": ("2605.05242", "Beyond Semantic Similarity: Rethinking Retrieval for Agentic "
                                             "Search via Direct Corpus Interaction", "2026-05-08",
                                             "Modern retrieval systems, whether lexical or semantic"),
               "paper_page_jina_metamath.md": ("2309.12284", "MetaMath: Bootstrap Your Own Mathematical Questions for "
                                               "Large Language Models", "2023-09-21",
                                               "Large language models (LLMs) have pushed the limits")}


@pytest.mark.parametrize("name", sorted(PAPER_PAGES))
def test_a_single_paper_page_is_its_one_paper_not_the_papers_its_comments_recommend(name, context):
    arxiv_id, title, date, abstract_start = PAPER_PAGES[name]
    result = read(PAGES / name, context)
    assert result.sources[0].format == "hf-papers-page"
    [entry] = result.entries
    assert (entry.arxiv_id, entry.title, entry.date) == (arxiv_id, title, date)
    assert entry.abstract.startswith(abstract_start)  # the AI-generated summary before it is left out
    assert "](" not in entry.abstract  # glossary links keep their words only
    lines = (PAGES / name).read_text().split("\n")
    assert title.split(":")[0] in lines[entry.location.line - 1]


def test_a_paper_page_gives_its_authors_and_upvotes(context):
    [metamath] = read(PAGES / "paper_page_jina_metamath.md", context).entries
    assert [(p.first, p.last) for p in metamath.authors[:2]] == [("Longhui", "Yu"), ("Weisen", "Jiang")]
    assert len(metamath.authors) == 10 and metamath.authors[-1].last == "Liu"
    assert metamath.upvotes == 19
    assert metamath.abstract.endswith("the training code for public use.")


def test_a_save_cut_short_without_its_link_targets_is_read_by_its_layout(context):
    result = read(PAGES / "reference_links_cut_short_search_asr.md", context)
    assert result.sources[0].format == "hf-papers-page" and result.rejects == []
    assert [(e.title, e.author_count, e.date, e.upvotes, e.arxiv_id) for e in result.entries] == [
        ("MURMUR: An Efficient Inference System for Long-Form ASR", 3, "2026-05-30", None, None),
        ("Gemini 1.5: Unlocking multimodal understanding across millions of tokens of context", 671, "2024-03-08", 65, None),
        ("Speech-Aware Long Context Pruning and Integration for Contextualized Automatic Speech Recognition", 8,
         "2025-11-14", 1, None)]
    assert result.entries[0].abstract.endswith("The code of Murmur is available at https://github.com/uw-syfi/Murmur.")
    assert not {"Models", "Pricing", "Log In", "Subscribe"} & {e.title for e in result.entries}
