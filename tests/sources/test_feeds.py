"""The feed formats on their real samples: HF daily papers JSON, arXiv API Atom, RSS, e-mail."""

from __future__ import annotations

import pytest

from conftest import CORPORA
from helpers import parse_file
from zsync.errors import InputError
from zsync.config import default_mapping_dir
from zsync.mapping import Mapper
from zsync.model import Entry, Notice
from zsync.schema import ZoteroSchema
from zsync.sources import read_digest

FEEDS = CORPORA / "feeds"
EMAIL_FULL = FEEDS / "arxiv-email/arxiv_email_digest_cs_2026-01-20_full.txt"


@pytest.mark.parametrize("path, name", [
    (FEEDS / "hf-daily-papers/hf_daily_papers_2026-06-12.json", "hf-daily-json"),
    (FEEDS / "arxiv-api/arxiv_api_2026_search_transformer_cs.LG_5_results.atom.xml", "arxiv-atom"),
    (FEEDS / "arxiv-rss/arxiv_cs_cl_rss_2026-04-27.xml", "arxiv-rss"),
    (EMAIL_FULL, "arxiv-email"),
])
def test_each_feed_format_is_detected(registry, path, name):
    assert registry.detect(read_digest(path)).name == name


def test_hf_daily_json_reads_ids_authors_links_upvotes_and_keywords(context):
    entries, rejects = parse_file(FEEDS / "hf-daily-papers/hf_daily_papers_2026-06-12.json", context)
    assert len(entries) == 30 and rejects == []
    first = entries[0]
    assert (first.arxiv_id, first.date, first.authors[0].last) == ("2606.00467", "2026-05-30", "Casanova")
    assert "zero-shot annotation" in first.tags and first.facts["comments"] == "2"
    with_code = [e for e in entries if e.links]
    assert with_code and all(link.startswith("http") for e in with_code for link in e.links)


def test_hf_daily_json_items_are_arxiv_preprints(context):
    entries, _ = parse_file(FEEDS / "hf-daily-papers/hf_daily_papers_2026-06-12.json", context)
    item = Mapper.from_dirs(default_mapping_dir()).map(entries[0])
    assert (item.itemType, item.get("archiveID"), item.get("DOI")) == ("preprint", "arXiv:2606.00467",
                                                                         "10.48550/arXiv.2606.00467")


def test_arxiv_atom_reads_both_formats_with_versions_and_categories(context):
    old, _ = parse_file(FEEDS / "arxiv-api/arxiv_api_2016_id_list_1111.2011v2.atom.xml", context)
    new, _ = parse_file(FEEDS / "arxiv-api/arxiv_api_2026_search_transformer_cs.LG_5_results.atom.xml", context)
    assert (old[0].arxiv_id, old[0].arxiv_version) == ("1111.2011", 2)
    assert (new[0].arxiv_id, new[0].title, new[0].arxiv_category) == ("2606.13677", "Mana: Dexterous Manipulation of Articulated Tools", "cs.RO")


def test_arxiv_atom_old_style_ids(context):
    entries, _ = parse_file(FEEDS / "arxiv-api/arxiv_api_2026_id_list_astro-ph_0601001_oldstyle_id.atom.xml", context)
    assert entries[0].arxiv_id == "astro-ph/0601001"


def test_arxiv_atom_error_feed_is_a_clear_error(context):
    with pytest.raises(InputError, match="the arXiv API answered with an error: incorrect id format for abc"):
        parse_file(FEEDS / "arxiv-api/arxiv_api_2026_id_list_abc_http400_error.atom.xml", context)


def test_arxiv_atom_empty_feed_is_zero_papers_not_an_error(context):
    assert parse_file(FEEDS / "arxiv-api/arxiv_api_2026_id_list_0000.0000_empty.atom.xml", context) == ([], [])


def test_arxiv_rss_reads_announce_type_and_authors(context):
    entries, _ = parse_file(FEEDS / "arxiv-rss/arxiv_cs_cl_rss_2026-04-27.xml", context)
    assert len(entries) == 3
    assert (entries[0].arxiv_id, entries[0].arxiv_version, entries[0].facts["announce type"]) == ("2604.22002", 1, "new")
    assert entries[0].abstract.startswith("Social media platforms") and entries[0].authors


def test_arxiv_email_full_digest_holds_1141_papers(context):
    entries, rejects = parse_file(EMAIL_FULL, context)
    assert len(entries) == 1141 and rejects == []
    kinds = {e.facts["announce type"] for e in entries}
    assert kinds == {"new", "cross", "replace", "replace-cross"}


def test_arxiv_email_unwraps_titles_and_authors_and_reads_keys(context):
    entries, _ = parse_file(FEEDS / "arxiv-email/arxiv_email_digest_cs_2024-11-21_excerpt.txt", context)
    first, second = entries
    assert first.title == "AMSnet-KG: A Netlist Dataset for LLM-based AMS Circuit Auto-Design Using Knowledge Graph RAG"
    assert len(first.authors) == 12 and first.authors[5].last == "Wang"
    assert first.abstract.startswith("High-performance analog") and first.date == "2024-11-07"
    assert second.doi == "10.1016/j.jenvman.2024.122526" and second.facts["comments"] == "15 pages, 14 figures, 8 tables"


def test_arxiv_email_replacements_carry_their_revision_date(context):
    entries, _ = parse_file(EMAIL_FULL, context)
    replaced = next(e for e in entries if e.arxiv_id == "2401.13770")
    assert replaced.facts["announce type"] == "replace" and replaced.facts["revised"] == "2026-01-20"


def test_every_feed_item_is_schema_valid(context):
    mapper, schema = Mapper.from_dirs(default_mapping_dir()), ZoteroSchema.bundled()
    for path in [*FEEDS.glob("*/*.xml"), *FEEDS.glob("*/*.json"), *FEEDS.glob("*/*.txt")]:
        if "error" in path.name:
            continue
        for entry in parse_file(path, context)[0]:
            assert schema.problems(mapper.map(entry)) == [], entry.location


def test_arxiv_rss_bad_pubdate_is_a_located_notice_and_the_run_goes_on(context, registry):
    # issue 14: one bad pubDate used to stop the whole run with an unexpected ValueError
    rss = (FEEDS / "arxiv-rss/arxiv_cs_cl_rss_2026-04-27.xml").read_text()
    first_item = rss.index("<item>")
    broken = rss[:first_item] + rss[first_item:].replace("Mon, 27 Apr 2026 00:00:00 -0400", "sometime in April", 1)
    found = list(registry.get("arxiv-rss").parse(broken, "cs.CL.xml", context))
    entries = [f for f in found if isinstance(f, Entry)]
    notices = [str(f) for f in found if isinstance(f, Notice)]
    assert len(entries) == 3
    assert entries[0].date is None and entries[1].date == "2026-04-27"
    assert notices == [f"cs.CL.xml:{entries[0].location.line}: the announce date is not a date: 'sometime in April'; left out"]


def test_hf_daily_json_organization_as_a_plain_name_is_read(context, registry):
    text = '[{"paper": {"id": "2401.00001", "title": "T", "organization": "Org"}, "upvotes": 1}]'
    [entry] = registry.get("hf-daily-json").parse(text, "d.json", context)
    assert entry.facts["organization"] == "Org"


@pytest.mark.parametrize("name", ["arxiv-atom", "arxiv-rss"])
def test_feed_declaring_an_unknown_encoding_is_an_input_error_naming_it(context, registry, name):
    text = '<?xml version="1.0" encoding="UT0-8"?>\n<feed/>'
    with pytest.raises(InputError, match="^d.xml:1: not a readable .* feed: unknown encoding: UT0-8"):
        list(registry.get(name).parse(text, "d.xml", context))
