"""One behaviour each: the identifiers, the rules that make a pair one paper, and every guard."""

from __future__ import annotations

import pytest

from zsync.config import DedupeSettings
from zsync.dedupe import compare
from zsync.dedupe.record import make_record, record_from_fields

TITLE = "Alignment faking in large language models"
SETTINGS = DedupeSettings()


def rec(ref="A", title=TITLE, **kw):
    return make_record(ref, title=title, **kw)


def judge(a, b):
    return compare(a, b, SETTINGS)


@pytest.mark.parametrize("a, b", [
    (dict(arxiv=["2412.14093"]), dict(dois=["10.48550/arXiv.2412.14093"])),      # arXiv id vs arXiv DOI
    (dict(arxiv=["2412.14093"]), dict(arxiv=["2412.14093"], title="Other words")),  # ids beat titles
    (dict(dois=["https://doi.org/10.1/ABC"]), dict(dois=["doi:10.1/abc"])),        # DOI forms
])
def test_shared_identifier_is_decisive(a, b):
    match = judge(rec("A", **a), rec("B", **b))
    assert match.same and match.reason.startswith("same ")


def test_similar_titles_are_one_paper_with_their_score_in_the_explanation():
    match = judge(rec(), rec("B", "Alignment Faking in Large Language Models."))
    assert match.same and str(match) == "titles at or above threshold 0.92 (title 1.00)"


def test_different_titles_are_two_papers():
    assert not judge(rec(), rec("B", "Mitigating the Alignment Tax of RLHF")).same


def test_title_without_its_subtitle_matches_when_year_authors_and_venue_agree():
    people = [("Sandy", "Gould")]
    long = rec("A", "Diminished control in crowdsourcing: An investigation of multitasking", date="2016",
               people=people, venue="ACM Transactions on Computer-Human Interaction")
    short = rec("B", "Diminished Control in Crowdsourcing", date="2016", people=people,
                venue="ACM Trans. Computer-Human Interaction")
    assert judge(long, short).same and "contains the other" in judge(long, short).reason
    assert not judge(long, rec("B", "Diminished Control in Crowdsourcing", date="2016")).same  # no corroboration


def test_title_inside_a_longer_one_with_a_column_name_matches_when_corroborated():
    common = dict(date="2016", people=[("Stephane", "Kasriel")], venue="Harvard Business Review")
    match = judge(rec("A", "Upwork's CEO on how an introverted engineer learned to lead", **common),
                  rec("B", "How did it ... Upwork's CEO on how an introverted engineer learned to lead", **common))
    assert match.same


def test_one_article_printed_twice_is_one_record_despite_two_dois():
    common = dict(title="Sponsorship and IT vendor management of projects", people=[("Li", "Liu"), ("Philip", "Yetton")],
                  venue="Journal of Information Technology")
    online = rec("A", dois=["10.1057/jit.2008.23"], date="2010", volume="25", pages="56--64", **common)
    issue = rec("B", dois=["10.1057/jit.2009.2"], date="2009", volume="24", pages="46--54", **common)
    assert judge(online, issue).same and "printed twice" in judge(online, issue).reason
    shorter = rec("B", dois=["10.1057/jit.2009.2"], date="2009", volume="24", pages="90--90", **common)
    assert not judge(online, shorter).same  # a one-page follow-up is another record


def test_correction_notice_stays_its_own_record():
    common = dict(people=[("Allen", "Lee")], venue="Journal of Information Technology", date="2011")
    paper = rec("A", "IS research methods: inclusive or exclusive?", pages="296--298", **common)
    erratum = rec("B", "Erratum: IS research methods: inclusive or exclusive?", pages="178", **common)
    assert not judge(paper, erratum).same


def test_translated_title_matches_on_venue_volume_page_year_and_authors():
    common = dict(date="2018", people=[("Heiner", "Heiland")], venue="Industrielle Beziehungen", volume="25",
                  pages="128--139")
    match = judge(rec("A", "Review-Artikel: Zum aktuellen Stand des Plattformkapitalismus", **common),
                  rec("B", "Review article: The current situation of platform capitalism", **common))
    assert match.same and "same venue, volume, first page" in match.reason


def test_provisional_titles_are_compared_by_abstract():
    abstract = "We study how routers select among large language models for each query. " * 3
    match = judge(rec("A", "[We study how…]", provisional=True, abstract=abstract), rec("B", "RouterDC", abstract=abstract))
    assert match.same and "abstracts decide" in match.reason


@pytest.mark.parametrize("a, b, veto", [
    (dict(dois=["10.1/a"]), dict(dois=["10.1/b"]), "different DOIs"),
    (dict(date="2010"), dict(date="2024"), "years 2010 and 2024 too far apart"),
    (dict(people=[("J", "Smith")]), dict(people=[("A", "Doe")]), "no author in common"),
    (dict(title="Deep learning theory part I"), dict(title="Deep learning theory part II"),
     "different part, volume or edition numbers in the titles"),
    (dict(kind="conference"), dict(kind="journal"), "a conference and a journal publication"),
    (dict(kind="conference", date="2017", venue="International Conference on Information Systems"),
     dict(kind="conference", date="2018", venue="Hawaii International Conference on System Sciences"),
     "different venues in 2017 and 2018"),
    (dict(volume="24"), dict(volume="25"), "volumes 24 and 25"),
    (dict(issue="3"), dict(issue="4"), "issues 3 and 4"),
    (dict(pages="46--54"), dict(pages="56--64"), "first pages 46 and 56"),
    (dict(title="Editor's Comments"), dict(title="Editor's Comments"), "a generic title, and no first page or identifier in common"),
    (dict(title="Special Section: Competitive Strategy, Economics, and Information Systems", date="2009"),
     dict(title="Special Section - Competitive Strategy, Economics, and Information Systems", date="2010"),
     "a generic title, and no first page or identifier in common"),
])
def test_guard_vetoes_a_title_match(a, b, veto):
    match = judge(rec("A", **{"title": TITLE, **a}), rec("B", **{"title": TITLE, **b}))
    assert not match.same and veto in match.vetoes


def test_author_names_agree_despite_initials_swaps_and_typos():
    assert judge(rec(people=[("Chaoqun", "Deng")]), rec("B", people=[("C.", "Deng")])).same
    assert judge(rec(people=[("Andrea", "Carignani")]), rec("B", people=[("C.", "Andrea")])).same  # swapped
    assert judge(rec(people=[("Christina", "Hiessl")]), rec("B", people=[("C.", "Hiess")])).same  # typo


def test_conference_paper_and_book_chapter_may_be_one_paper():
    assert judge(rec(kind="conference"), rec("B", kind="chapter")).same


def test_preprint_and_published_version_are_one_paper_by_default():
    assert judge(rec(kind="preprint", arxiv=["2401.00001"]), rec("B", kind="journal", dois=["10.1/x"])).same


def test_venue_acronym_agrees_with_the_full_name():
    a = rec(kind="conference", date="2017", venue="International Conference on Information Systems")
    b = rec("B", kind="conference", date="2018", venue="ICIS 2018: Transforming Society with Digital Innovation")
    assert judge(a, b).same


def test_generic_title_with_the_same_first_page_is_one_record():
    assert judge(rec(title="Editorial", pages="271"), rec("B", title="Editorial", pages="271--271")).same


def test_far_candidates_get_no_further_evidence():
    match = judge(rec(people=[("A", "B")]), rec("B", "Something else entirely", people=[("A", "B")]))
    assert match.scores == {"title": 0.0} and match.reason == "below threshold 0.92"


def test_records_from_bibtex_fields_carry_the_coordinates():
    record = record_from_fields("x", {"title": "T: sub", "author": "Deng, Chaoqun and Ravichandran, T.",
                                      "year": "2017", "ENTRYTYPE": "InCollection", "volume": "174 AISC",
                                      "pages": "047--65", "number": "2", "eprint": "2401.00001v2"})
    assert (record.kind, record.volume, record.first_page, record.issue) == ("chapter", "174", "47", "2")
    assert record.main_title == "t" and record.arxiv == {"2401.00001"}
    assert record.surnames == {"deng", "ravichandran"}


def test_preprint_policy_distinct_keeps_preprint_and_published_version_apart():
    settings = DedupeSettings(preprints="distinct")
    match = compare(rec(kind="preprint"), rec("B", kind="journal"), settings)
    assert not match.same and "a preprint and a journal publication" in match.vetoes
