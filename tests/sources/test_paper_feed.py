"""Feeds of papers that are not arXiv's own (tests/data/feeds/paper-feed, SOURCES.md says where
each came from): read as papers, not taken for an arXiv listing. Expectations from the files."""

from __future__ import annotations

from pathlib import Path

import pytest

from zsync.sources.read import read_digests

DATA = Path(__file__).resolve().parent.parent / "data/feeds"
HF_FEEDGEN = DATA / "paper-feed/brevio-ai_hf_daily_papers_feedgen_rss_2026-04-30.xml"
TAKARA = DATA / "paper-feed/brevio-ai_takara_tldr_daily_papers_rss_2026-04-30.xml"


def entries(path, context, registry):
    result = read_digests([path], registry, context)  # the path `zsync parse` takes
    [source] = result.sources
    return source, {e.arxiv_id: e for e in result.entries}


@pytest.mark.parametrize("path, count", [(HF_FEEDGEN, 22), (TAKARA, 50)], ids=["hf-feedgen", "takara"])
def test_a_paper_feed_is_detected_as_one_and_every_item_read(path, count, context, registry):
    source, _ = entries(path, context, registry)
    assert (source.format, source.variant, source.entries, source.rejected) == ("paper-feed", "RSS 2.0", count, 0)


def test_hf_papers_re_served_as_rss_give_authors_upvotes_and_the_summary_not_html(context, registry):
    _, found = entries(HF_FEEDGEN, context, registry)
    first, second = found["2604.21003"], found["2604.21523"]
    assert (first.title, first.date, first.upvotes) == ("The Last Harness You'll Ever Build", "2026-04-22", 1)
    assert [p.last for p in first.authors] == ["Seong", "Yin", "Zhang"]
    assert first.abstract.startswith("AI agents are increasingly deployed on complex, domain-specific workflows")
    assert "<" not in first.abstract and "Upvotes" not in first.abstract and "announce type" not in first.facts
    assert (second.date, second.authors[0].name or second.authors[0].last) == ("2026-04-23", "Khan")


def test_a_url_ending_in_an_arxiv_id_names_the_paper(context, registry):
    _, found = entries(TAKARA, context, registry)
    first = found["2604.26238"]
    assert (first.title, first.date) == ("EnerGS: Energy-Based Gaussian Splatting with Partial Geometric Priors", "2026-04-29")
    assert first.abstract.startswith("3D Gaussian Splatting (3DGS) has been widely adopted") and not first.authors


def test_an_item_naming_no_paper_is_a_located_reject(tmp_path, context, registry):
    text = HF_FEEDGEN.read_text().replace("<link>https://arxiv.org/abs/2604.21003</link>", "<link>https://example.org/post</link>")
    digest = tmp_path / "feed.xml"
    digest.write_text(text.replace('<guid isPermaLink="false">https://arxiv.org/abs/2604.21003</guid>', "<guid>post-1</guid>"))
    result = read_digests([digest], registry, context)
    [reject] = result.rejects
    assert (reject.location.line, len(result.entries)) == (11, 21) and "names no paper" in reject.message
