"""A shared identifier is the same paper only when nothing flatly denies it, and a group is one
paper only when no two of its records conflict: behaviours found on real bibliographies the rules
were never tuned on (tests/data/bib-unseen, where each comes from), through ``zsync dedupe``."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from zsync.cli import cli

UNSEEN = Path(__file__).resolve().parent.parent / "data/bib-unseen"


def dedupe(name: str) -> tuple[list[set[str]], dict[str, set[str]]]:
    """The groups of ``zsync dedupe FILE --json``, and each entry's possible duplicates."""
    result = CliRunner().invoke(cli, ["dedupe", str(UNSEEN / name), "--json"])
    assert result.exit_code in (0, 3), result.output
    lines = [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]
    possible = {d["name"]: {p["of"] for p in d["possible"]} for d in lines if "name" in d}
    return [set(g) for g in lines[-1]["groups"]], possible


def together(groups: list[set[str]], *names: str) -> bool:
    return any(set(names) <= group for group in groups)


def test_a_doi_copied_into_the_same_authors_next_paper_makes_them_possible_duplicates_not_one():
    groups, possible = dedupe("polisci-mendeley.bib")
    assert not together(groups, "Wood1988", "Wood1991")  # APSR 82 p. 213 and APSR 85 pp. 801-828
    assert "Wood1988" in possible["Wood1991"]


def test_a_working_paper_and_its_article_sharing_a_doi_are_one_paper():
    groups, _ = dedupe("polisci-mendeley.bib")
    assert together(groups, "Grimmer2015", "Powell2016")  # "Unpublished manuscript" 2015, J. Politics 2016


def test_a_junk_arxiv_id_on_unlike_papers_merges_none_of_them():
    groups, possible = dedupe("climate-mendeley.bib")
    for a, b in [("Allcott2009a", "Allcott2011"), ("Allcott2011", "Allcott2014"), ("Castree2014", "Roberts2014a")]:
        assert not together(groups, a, b)
    assert "Allcott2009a" in possible["Allcott2011"]  # one author in common: a person looks


def test_an_arxiv_id_beside_two_different_dois_is_two_papers():
    groups, _ = dedupe("climate-mendeley.bib")
    assert not together(groups, "Blei2006", "Blei2007")  # Dynamic Topic Models; A correlated topic model


def test_one_title_with_a_doi_copied_to_another_venue_two_years_later_is_two_papers():
    groups, possible = dedupe("climate-mendeley.bib")
    assert not together(groups, "Blei2010", "Blei2012")  # IEEE SPM 2010 and CACM 55(4) 2012
    assert "Blei2010" in possible["Blei2012"]


def test_an_organisations_two_reports_sharing_a_doi_are_two():
    groups, _ = dedupe("climate-mendeley.bib")
    assert not together(groups, "IPCC2013a", "IPCC2014")  # WG I 2013 and the 2014 synthesis report


def test_a_comment_under_its_print_and_online_titles_is_one_paper_by_its_doi():
    groups, _ = dedupe("climate-mendeley.bib")
    assert together(groups, "Lenzi2018", "Lenzi2018a")  # the same five authors


def test_an_arxiv_id_typed_into_a_coauthors_other_paper_merges_nothing():
    groups, possible = dedupe("ml-lisa.bib")
    assert not together(groups, "Tompson-et-al-arxiv2014", "Goroshin-et-al-ICLR2015")
    assert "Tompson-et-al-arxiv2014" in possible["Goroshin-et-al-ICLR2015"]


def test_two_volumes_of_a_book_do_not_chain_through_the_entry_without_a_volume():
    groups, possible = dedupe("ml-lisa.bib")
    assert not together(groups, "Rumelhart86a", "McClelland86a")
    assert together(groups, "Rumelhart86", "Rumelhart86a") != together(groups, "Rumelhart86", "McClelland86a")
    assert possible["McClelland86a"] or possible["Rumelhart86a"]  # the volume left out is for a person


def test_a_paper_retitled_between_arxiv_versions_by_the_same_authors_is_one_paper():
    groups, _ = dedupe("pl-zotero.bib")
    assert together(groups, "Hammer2016Refinement", "Hammer2016Typed")


def test_a_two_word_title_by_the_same_people_in_the_same_year_is_one_paper():
    groups, _ = dedupe("ml-lisa.bib")
    assert together(groups, "Goodfellow_maxout_2013", "Goodfellow+al-ICML2013-small")  # "Maxout Networks"


def test_a_paper_retitled_by_its_authors_between_arxiv_versions_stays_one_with_a_word_swapped():
    groups, _ = dedupe("ml-lisa.bib")
    assert together(groups, "Mao+al-arxiv2014", "Mao-et-al-ICLR2015")  # "Explain Images …" / "Deep captioning …"


def test_chapters_carrying_their_books_doi_and_title_are_not_one_paper():
    groups, possible = dedupe("sbacelar-mendeley.bib")
    assert not together(groups, "Courgeau2017", "Bavel2017")  # no author in common under 10.1007/978-…
    assert "Courgeau2017" in possible["Bavel2017"]


def test_two_columns_one_word_apart_with_one_doi_copied_are_two():
    groups, possible = dedupe("sbacelar-mendeley.bib")
    assert not together(groups, "Altman2015a", "Altman2015b")  # "Simple" / "Multiple linear regression"
    assert "Altman2015a" in possible["Altman2015b"]


def test_junk_records_sharing_a_junk_identifier_and_a_generic_title_are_not_merged():
    groups, _ = dedupe("sbacelar-mendeley.bib")
    assert not together(groups, "Bash2015", "Melorose2015")  # "No Title No Title", arXiv 1011.1669
    assert not together(groups, "Guide1996", "ATCC1996")  # "Table of Contents Table of Contents"


def test_a_doi_copied_into_another_authors_paper_with_a_similar_title_is_two():
    groups, _ = dedupe("akhirsch-hand.bib")
    assert not together(groups, "dePaivaR16", "NanevskiPP07")  # Fibrational / Contextual Modal Type Theory


def test_a_conference_paper_and_its_journal_version_two_years_later_sharing_a_doi_are_possible_duplicates():
    groups, possible = dedupe("akhirsch-hand.bib")
    assert not together(groups, "HondaY97", "HondaY99")  # ICALP 1997, TCS 221 (1999)
    assert "HondaY97" in possible["HondaY99"]
