"""Abstract-only lists (seed 004): no titles, so provisional ones, plainly flagged."""

from __future__ import annotations

from conftest import ABSTRACT_LIST
from helpers import parse_file, parse_text
from zsync.model import Entry, Notice, Reject
from zsync.sources.abstract_list import AbstractList


def test_abstract_list_yields_10_entries_with_whole_abstracts(context):
    entries, rejects = parse_file(ABSTRACT_LIST, context)
    lines = ABSTRACT_LIST.read_text().splitlines()
    assert rejects == []
    assert [e.abstract for e in entries] == [line.removeprefix("Abstract:").strip() for line in lines]
    assert [e.location.line for e in entries] == list(range(1, 11))


def test_abstract_list_titles_are_provisional_and_bracketed(context):
    entries, _ = parse_file(ABSTRACT_LIST, context)
    assert all(e.title_provisional for e in entries)
    assert all(e.title.startswith("[") and e.title.endswith("]") for e in entries)
    assert entries[0].title == "[Recent works show that assembling multiple off-the-shelf large language models (LLMs) can…]"


def test_abstract_list_reads_optional_key_lines_and_continuations(context):
    text = ("Title: A Real Title\nAuthors: Ada Lovelace and Alan Turing\narXiv: 2406.08464v2\n"
            "Abstract: First line of the abstract\ncontinues here.\n\nAbstract: Another one.\n")
    entries, rejects = parse_text(text, context)
    assert rejects == []
    first, second = entries
    assert (first.title, first.title_provisional, first.arxiv_id, first.arxiv_version) == ("A Real Title", False, "2406.08464", 2)
    assert first.abstract == "First line of the abstract continues here."
    assert [p.last for p in first.authors] == ["Lovelace", "Turing"]
    assert second.title_provisional and second.location.line == 7


def test_abstract_list_stray_lines_are_one_located_notice_not_rejects_and_the_rest_survive(context):
    text = "Abstract: One paper.\n\nnot an entry\nAbstract: Two paper.\nAbstract:\n\nmenu\nmore menu\n"
    found = list(AbstractList().parse(text, "d.txt", context))
    assert [e.abstract for e in found if isinstance(e, Entry)] == ["One paper.", "Two paper."]
    assert [(r.location.line, r.message) for r in found if isinstance(r, Reject)] == [
        (5, "'Abstract:' with no text after it")]
    [notice] = [n for n in found if isinstance(n, Notice)]
    assert notice.location.line == 3 and "3 line(s) outside any entry skipped as page text (lines 3, 7, 8)" in notice.message


def test_abstract_list_arxiv_line_with_page_text_after_the_id(context):
    text = "arXiv: 2501.11733 (cs) [Submitted on 20 Jan 2025]\nAbstract: Smartphones have become indispensable.\n"
    [entry] = [e for e in AbstractList().parse(text, "d.txt", context) if isinstance(e, Entry)]
    assert entry.arxiv_id == "2501.11733"


def test_abstract_list_date_that_does_not_exist_is_a_located_reject(context):
    entries, rejects = parse_text("Title: T\nDate: 2024-02-30\nAbstract: One paper.\n", context)
    assert entries == []
    assert [str(r) for r in rejects] == ["digest.txt:1: date is not a date written YYYY[-MM[-DD]]: '2024-02-30'"]
