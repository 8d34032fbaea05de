"""Broken and cut-off digests: one exit code (7) and the file and line, whatever the format; a
cut-off e-mail digest keeps its papers with a located notice."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from conftest import CORPORA
from zsync.cli import cli
from zsync.errors import ExitCode
from zsync.model import Entry, Notice, Reject

FEEDS = CORPORA / "feeds"
DATA = Path(__file__).resolve().parent.parent / "data/feeds"


def parse(path: Path):
    return CliRunner().invoke(cli, ["parse", str(path)])


def cut(source: Path, target: Path, marker: str) -> int:
    """Write ``source`` cut off just after ``marker``; the line the cut falls on."""
    text = source.read_text()
    end = text.index(marker) + len(marker)
    target.write_text(text[:end])
    return text[:end].count("\n") + 1


def test_truncated_hf_json_exits_7_naming_file_and_line(tmp_path):
    digest = tmp_path / "daily.json"
    line = cut(FEEDS / "hf-daily-papers/hf_daily_papers_2026-06-12.json", digest, '"title":"The Cold-Start')
    result = parse(digest)
    assert result.exit_code == ExitCode.INPUT == 7
    assert result.output.startswith(f"Error: {digest}:{line}:")
    assert ": not valid JSON: Unterminated string starting (the file is cut off?)" in result.output


def test_truncated_rss_exits_7_naming_file_and_line(tmp_path):
    digest = tmp_path / "cs.LG.xml"
    line = cut(DATA / "arxiv-rss2/laya-reader_cs.LG+cs.AI+cs.CL+stat.ML_2026-09-24.xml", digest, "<title>Outlier Detection")
    result = parse(digest)
    assert result.exit_code == 7
    assert result.output.startswith(f"Error: {digest}:{line}: not a readable RSS feed: ")


def test_broken_atom_listing_exits_7_naming_file_and_line(tmp_path):
    digest = tmp_path / "cs.LG.atom"
    text = (DATA / "arxiv-rss-atom/paper-forge_cs.LG_2026-09-25.atom.xml").read_text()
    digest.write_text(text.replace("representation learning</title>", "representation learning</titel>"))
    result = parse(digest)
    assert result.exit_code == 7
    assert result.output.startswith(f"Error: {digest}:26: not a readable Atom feed: mismatched tag")  # the entry's title


def test_atom_listing_saved_cut_off_exits_7_at_the_line_it_stops():
    # a real capture that breaks off inside its 87th entry, after that entry's <link> (line 1233)
    digest = DATA / "arxiv-rss-atom/zotero-arxiv-daily_cs.AI_2025-08-20_as_saved_cut_off.atom.xml"
    result = parse(digest)
    assert result.exit_code == 7
    assert result.output.startswith(f"Error: {digest}:1233: not a readable Atom feed: it ends before its elements are closed")


def test_atom_entry_without_an_id_is_rejected_at_its_own_line(tmp_path, registry, context):
    text = (FEEDS / "arxiv-api/arxiv_api_2016_search_au_del_maestro.atom.xml").read_text()
    entries_at = [n for n, line in enumerate(text.split("\n"), start=1) if line.strip() == "<entry>"]
    third = text.split("<entry>")[3]
    start = third.index("<id>")
    broken = text.replace(third, third[:start] + third[third.index("</id>") + 5:], 1)
    found = list(registry.get("arxiv-atom").parse(broken, "a.xml", context))
    [reject] = [f for f in found if isinstance(f, Reject)]
    assert reject.location.line == entries_at[2] != 1
    assert [e.location.line for e in found if isinstance(e, Entry)] == entries_at[:2] + entries_at[3:]


def test_every_atom_entry_is_located_at_its_own_entry_tag(registry, context):
    path = FEEDS / "arxiv-api/arxiv_api_2026_search_testing_100_results.atom.xml"
    text = path.read_text()
    entries_at = [n for n, line in enumerate(text.split("\n"), start=1) if line.strip() == "<entry>"]
    found = [f for f in registry.get("arxiv-atom").parse(text, str(path), context) if isinstance(f, Entry)]
    assert len(entries_at) == 100 and [e.location.line for e in found] == entries_at


def test_email_cut_off_mid_abstract_is_a_notice_at_the_paper_and_keeps_the_rest(tmp_path, registry, context):
    digest = tmp_path / "q-fin.txt"
    cut(DATA / "arxiv-email/arxiv-browse_q-fin_new_2023-03-17.txt", digest, "surprisingly simple model with fully Bayesian")
    found = list(registry.get("arxiv-email").parse(digest.read_text(), str(digest), context))
    entries = [f for f in found if isinstance(f, Entry)]
    notices = [str(f) for f in found if isinstance(f, Notice)]
    assert notices == [f"{digest}:14: the digest ends inside arXiv:2303.08867 (cut off?); kept without its abstract"]
    assert [(e.arxiv_id, e.title, e.abstract) for e in entries] == [
        ("2303.08867", "A Bayesian derivation of the square root law of market impact", None)]


def test_complete_email_digests_have_no_cut_off_notice(registry, context):
    for path in [*DATA.glob("arxiv-email/*.txt"), *FEEDS.glob("arxiv-email/*.txt")]:
        found = registry.get("arxiv-email").parse(path.read_text(), str(path), context)
        assert not [f for f in found if isinstance(f, Notice)], path


def test_a_feed_inside_a_note_is_read_from_where_it_starts_and_its_cut_located_in_the_file():
    # a note with front matter and a summary before the feed (line 38), cut off inside its first item
    digest = DATA / "arxiv-rss2/NEUROMANCER_note_cs.CV_2025-09-18_rss_cut_off.md"
    result = parse(digest)
    assert result.exit_code == 7
    assert result.output.startswith(f"Error: {digest}:67: not a readable RSS feed: it ends before its elements are closed")


def test_email_cut_off_where_a_paper_begins_is_a_notice_at_that_line(tmp_path, registry, context):
    digest = tmp_path / "q-fin.txt"
    text = (DATA / "arxiv-email/arxiv-browse_q-fin_new_2023-03-17.txt").read_text()
    second = text.index("\\\\\narXiv:", text.index("arXiv:2303.08867"))
    digest.write_text(text[:second + 3])  # the rule, then "\\" of the next paper, then nothing
    found = list(registry.get("arxiv-email").parse(digest.read_text(), str(digest), context))
    line = text[:second].count("\n") + 1
    assert [str(f) for f in found if isinstance(f, Notice)] == [
        f"{digest}:{line}: the digest ends where a paper's block begins (cut off?)"]
    assert [e.arxiv_id for e in found if isinstance(e, Entry)] == ["2303.08867"]
