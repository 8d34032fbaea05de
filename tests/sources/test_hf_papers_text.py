"""The Hugging Face Daily Papers page copied as text (seed 000)."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import DATA, HF_PAGE
from helpers import parse_file, parse_text
from zsync.model import Entry, Notice
from zsync.sources import ParseContext


@pytest.fixture
def entries(context):
    found, rejects = parse_file(HF_PAGE, context)
    assert rejects == []
    return found


def by_title(entries, title):
    return next(e for e in entries if e.title == title)


def test_hf_page_yields_47_entries_with_exact_titles(entries):
    expected = (DATA / "hf_page_000_titles.txt").read_text().splitlines()
    assert [e.title for e in entries] == expected


def test_hf_page_titles_point_at_their_lines(entries):
    lines = HF_PAGE.read_text().split("\n")
    assert all(lines[e.location.line - 1] == e.title for e in entries)


def test_hf_page_keeps_whole_abstracts(entries):
    text = HF_PAGE.read_text()
    assert all(e.abstract and f"\n{e.abstract}\n" in text for e in entries)
    assert entries[0].abstract.endswith("https://github.com/Jason-Qiu/EEG_Language_Alignment.")


def test_hf_page_reads_author_counts(entries):
    assert by_title(entries, "Alignment faking in large language models").author_count == 20
    assert by_title(entries, "Bone: Block Affine Transformation as Parameter Efficient Fine-tuning Methods "
                             "for Large Language Models").author_count == 1


def test_hf_page_reads_upvotes_after_the_date(entries):
    magpie = by_title(entries, "Magpie: Alignment Data Synthesis from Scratch by Prompting Aligned LLMs with Nothing")
    assert (magpie.date, magpie.upvotes) == ("2024-06-12", 5)
    assert entries[0].upvotes is None  # "Aug 10, 2022" has no number after it


def test_hf_page_complete_dates_are_kept(entries):
    assert entries[0].date == "2022-08-10"


def test_hf_page_yearless_date_is_latest_such_day_before_page_date(entries):
    routing = by_title(entries, "Routing Manifold Alignment Improves Generalization of Mixture-of-Experts LLMs")
    assert (routing.date, routing.upvotes) == ("2025-11-10", 2)


def test_hf_page_date_follows_the_reference_day():
    found, _ = parse_file(HF_PAGE, ParseContext(as_of=dt.date(2025, 12, 30)))
    routing = next(e for e in found if e.title.startswith("Routing Manifold"))
    assert routing.date == "2024-11-10"  # page "Dec 31" is then 2024-12-31


def test_hf_page_entry_without_author_block_is_still_an_entry(entries):
    entry = by_title(entries, "Uncovering the Computational Ingredients of Human-Like Representations in LLMs")
    assert entry.abstract and entry.author_count is None and entry.date is None


def test_hf_page_chrome_is_not_an_entry(entries):
    titles = {e.title for e in entries}
    assert not titles & {"new", "Subscribe", "Daily Papers", "Dec 31", "byAK and the research community",
                         "Get trending papers in your email inbox!"}


def test_hf_meta_block_with_no_paper_is_a_located_reject(context):
    page = "Daily Papers\n\nDec 31\n\n  • 3 authors\n·\nNov 3\n\nA Title\n\n" + "An abstract sentence. " * 20 + "\n"
    entries, rejects = parse_text(page, context)
    assert [r.location.line for r in rejects] == [5]
    assert "no paper before it" in rejects[0].message
    assert [e.title for e in entries] == ["A Title"]


def test_hf_title_with_nothing_after_it_is_a_reject_not_an_entry(context):
    abstract = "We study things. " * 30
    page = f"Daily Papers\n\nDec 31\n\nFirst Paper\n\n{abstract}\n\n  • 2 authors\n·\nNov 3\n\nDangling line\n"
    entries, rejects = parse_text(page, context)
    assert [e.title for e in entries] == ["First Paper"]
    assert [(r.location.line, r.excerpt) for r in rejects] == [(13, "Dangling line")]


def test_hf_title_missing_its_abstract_does_not_swallow_the_next_paper(context):
    abstract = "We study things. " * 30
    page = (f"Daily Papers\n\nDec 31\n\nLonely Title\n\nSecond Paper\n\n{abstract}\n\n  • 2 authors\n·\nNov 3 4\n")
    entries, rejects = parse_text(page, context)
    assert [(e.title, e.upvotes) for e in entries] == [("Second Paper", 4)]
    assert [r.excerpt for r in rejects] == ["Lonely Title"]


def test_hf_other_meta_lines_are_read_and_unknown_ones_rejected(context):
    abstract = "We study things. " * 30
    page = (f"Daily Papers\n\nDec 31\n\nA Paper\n\n{abstract}\n\n"
            "• Ada Lovelace, Alan Turing\n·\nSubmitted by someone\nPublished on Dec 2\nUpvote\n17\nsomething odd\n")
    [entry], rejects = parse_text(page, context)
    assert [p.last for p in entry.authors] == ["Lovelace", "Turing"]
    assert (entry.date, entry.upvotes) == ("2025-12-02", 17)
    assert entry.facts == {"submitted by": "someone"}
    assert [(r.location.line, r.excerpt) for r in rejects] == [(15, "something odd")]


def test_hf_page_date_that_is_no_day_is_a_located_notice_and_the_paper_is_kept(context, registry):
    # issue 14: "Jun 31" used to stop the whole run with an unexpected ValueError
    text = HF_PAGE.read_text().replace("Jun 12, 2024 5", "Jun 31, 2024 5")
    found = list(registry.get("hf-papers-text").parse(text, "page.txt", context))
    magpie = next(f for f in found if isinstance(f, Entry) and f.title.startswith("Magpie: Alignment Data Synthesis"))
    assert (magpie.date, magpie.upvotes) == (None, 5)
    assert [str(f) for f in found if isinstance(f, Notice)] == ["page.txt:27: 'Jun 31, 2024 5' is no day; the date is left out"]
