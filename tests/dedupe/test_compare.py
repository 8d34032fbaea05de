"""One behaviour each: the identifiers, the rules that make a pair one paper, and every guard."""

from __future__ import annotations

import pytest

from helpers import paper
from zsync.config import DedupeSettings
from zsync.dedupe import Verdict, compare

TITLE = "Alignment faking in large language models"
SETTINGS = DedupeSettings()


def rec(ref="A", title=TITLE, **kw):
    return paper(ref, title, **kw)


def judge(a, b):
    return compare(a, b, SETTINGS)


@pytest.mark.parametrize("a, b", [
    (dict(arxiv=["2412.14093"]), dict(dois=["10.48550/arXiv.2412.14093"])),      # arXiv id vs arXiv DOI
    (dict(arxiv=["2412.14093"], people=[("Ryan", "Greenblatt"), ("Carson", "Denison")]),  # retitled version
     dict(arxiv=["2412.14093"], title="Deceptive behaviour of helpful models in training",
          people=[("Ryan", "Greenblatt"), ("Carson", "Denison")])),
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


def test_one_article_printed_twice_is_one_record():
    common = dict(title="Sponsorship and IT vendor management of projects", people=[("Li", "Liu"), ("Philip", "Yetton")],
                  venue="Journal of Information Technology")
    online = rec("A", date="2010", volume="25", pages="56--64", **common)
    issue = rec("B", date="2009", volume="24", pages="46--54", **common)
    assert judge(online, issue).same and "printed twice" in judge(online, issue).reason
    abstract = rec("B", date="2009", volume="24", pages="90--90", **common)
    assert not judge(online, abstract).same  # a one-page meeting abstract is another record


JAIS = "Journal of the Association for Information Systems"


def test_a_shared_doi_that_titles_and_authors_deny_is_only_a_possible_duplicate():
    """Two PDFs of JAIS 20/9 that GROBID gave one DOI (MingxinJiang/bib-dedupe, is_jais)."""
    blockchain = rec("A", "Blockchain Research in Information Systems: Current Trends and an Inclusive Future Research "
                     "Agenda", dois=["10.17705/1JAIS.00571"], venue=JAIS, volume="20", issue="9",
                     people=[("Matti", "Rossi"), ("Christoph", "Mueller-Bloch"), ("Roman", "Beck")])
    commentaries = rec("B", "Scholarly Commentaries on Hirschheim's \"Against Theory\"", dois=["10.17705/1JAIS.00571"],
                       venue=JAIS, volume="20", issue="9", people=[("Dirk S", "Hovorka"), ("Frantz", "Rowe")])
    match = judge(blockchain, commentaries)
    assert match.verdict is Verdict.POSSIBLE and "contradicted" in match.vetoes


def test_a_shared_doi_with_a_running_head_for_a_title_but_the_same_authors_is_one_paper():
    people = [("M. Lynne", "Markus"), ("Frantz", "Rowe")]
    article = rec("A", "Is IT Changing the World? Conceptions of Causality for Information Systems Theorizing",
                  dois=["10.25300/MISQ/2018/12903"], people=people)
    pdf = rec("B", "Commentary on Debates and Perspectives Paper", dois=["10.25300/misq/2018/12903"], people=people)
    assert judge(article, pdf).same


@pytest.mark.parametrize("title", ["J ournal of the A I S ssociation for nformation ystems",
                                   "Journal of the Association for Information",
                                   "Journal of the Association for Information Abstract Research Article"])
def test_a_title_that_is_the_journal_s_name_tells_no_two_papers_apart(title):
    """PDF records of JAIS 17/10 whose title GROBID took from the running head, sharing only a
    junk author ("Paper, Research"), as in MingxinJiang/bib-dedupe's is_jais sets."""
    common = dict(venue=JAIS, volume="17", issue="10", date="2016")
    a = rec("A", title, people=[("Research", "Paper"), ("Rob", "Gleasure"), ("Joseph", "Feller")], **common)
    b = rec("B", title, people=[("Research", "Paper"), ("Nancy", "Deng"), ("K. D", "Joshi")], **common)
    match = judge(a, b)
    assert not match.same and "generic" in match.vetoes


def test_a_title_that_names_its_journal_among_its_own_words_is_a_title():
    common = dict(venue="Journal of Management Information Systems", people=[("Jack", "Rockart")], date="1984")
    title = "Managing Personal Computer Use: The Role of Corporate Management Information Systems"
    assert judge(rec("A", title, **common), rec("B", title.replace(":", " -"), **common)).same


@pytest.mark.parametrize("title", ["Understanding and Predicting Electronic Commerce Adoption",
                                   "Information Systems Outsourcing: An Empirical Study"])
def test_a_footnote_mark_at_the_end_of_a_title_is_not_a_part_number(title):
    """MIS Quarterly's Crossref titles keep a footnote digit DBLP drops (MingxinJiang/bib-dedupe,
    is_misq), also after a word that names parts ("Study 1")."""
    common = dict(venue="MIS Quarterly", volume="30", people=[("Paul A.", "Pavlou"), ("Mendel", "Fygenson")], date="2006")
    crossref = rec("A", title + ("1" if title.endswith("Adoption") else " 1"), **common)
    dblp = rec("B", title, **common)
    assert judge(crossref, dblp).same


def test_a_number_at_the_end_of_a_title_elsewhere_is_still_a_version():
    people = [("An", "Yang")]
    assert not judge(rec("A", "Introducing the open model Qwen2", people=people, date="2024"),
                     rec("B", "Introducing the open model Qwen", people=people, date="2024")).same


def test_two_different_dois_are_two_papers_whatever_the_titles():
    common = dict(title="Sponsorship and IT vendor management of projects", people=[("Li", "Liu")],
                  venue="Journal of Information Technology", date="2010")
    match = judge(rec("A", dois=["10.1057/jit.2008.23"], **common), rec("B", dois=["10.1057/jit.2009.2"], **common))
    assert match.verdict is Verdict.DISTINCT and "doi" in match.vetoes


def test_two_different_arxiv_ids_are_two_papers_whatever_the_titles():
    people = [("Jinze", "Bai")]
    match = judge(rec("A", "Qwen Technical Report", arxiv=["2309.16609"], people=people, date="2023"),
                  rec("B", "Qwen Technical Report", arxiv=["2412.15115"], people=people, date="2023"))
    assert match.verdict is Verdict.DISTINCT and "arxiv" in match.vetoes


def test_a_model_or_version_number_in_a_title_makes_another_paper():
    people = [("Jinze", "Bai")]
    for other in ("Qwen2 Technical Report", "Qwen2.5 Technical Report"):
        match = judge(rec("A", "Qwen Technical Report", people=people, date="2024"),
                      rec("B", other, people=people, date="2024"))
        assert match.verdict is Verdict.DISTINCT and "numbers" in match.vetoes


@pytest.mark.parametrize("annotated", [
    "Gain-of-function mutations in complement factor B. [Review] [45 refs]",
    "Gain-of-function mutations in complement factor B (Structured abstract)",
    "Gain-of-function mutations in complement factor B.[Erratum appears in N Engl J Med. 2009;360(5):544]",
    "Gain-of-function mutations in complement factor B (Extended version)",
    "[Gain-of-function mutations in complement factor B]. [Chinese]",
])
def test_database_annotations_are_not_title_words(annotated):
    assert rec("B", annotated).title == rec("A", "Gain-of-function mutations in complement factor B").title


def test_brackets_naming_another_document_are_title_words():
    # a Better BibTeX export (Data_Curator_Agent references.bib): a textbook and its instructor's manual
    book = "Introduction to Real Analysis (4th Edition)"
    people = [("Robert G.", "Bartle")]
    assert rec("A", f"{book} [Instructor Manual]").title != rec("B", book).title
    assert not judge(rec("A", f"{book} [Instructor Manual]", people=people), rec("B", book, people=people)).same


def web_page(ref, url, title="Photo by Jaime Dantas on Unsplash"):
    from zsync.dedupe.record import record_from_item
    from zsync.model import Creator, ZoteroItem
    return record_from_item(ZoteroItem(key=ref, itemType="document", title=title, url=url, date="2020",
                                       creators=[Creator(firstName="Jaime", lastName="Dantas")]))


def test_two_web_pages_with_one_title_at_different_addresses_are_only_possibly_one():
    # the same export: three photos on Unsplash, one title, three addresses
    a = web_page("A", "https://unsplash.com/photos/brown-rodent-on-green-grass-during-daytime-WROg3LroIIU")
    b = web_page("B", "https://unsplash.com/photos/brown-lion-and-lioness-on-green-grass-fiel")
    match = judge(a, b)
    assert match.verdict is Verdict.POSSIBLE and "web" in match.vetoes
    assert judge(a, web_page("C", "http://www.unsplash.com/photos/brown-rodent-on-green-grass-during-daytime-WROg3LroIIU/")).same


def test_an_article_number_and_a_print_range_do_not_disagree():
    common = dict(people=[("Ann", "Lee")], venue="PLoS One", date="2010", volume="5")
    assert judge(rec("A", pages="e12724", **common), rec("B", pages="1-10", **common)).same
    assert judge(rec("A", pages="c1804", **common), rec("B", pages="1804-1806", **common)).same
    assert judge(rec("A", pages="23", **common), rec("B", pages="23-35", **common)).same  # a lone page and its range


def test_supplement_pages_keep_their_letter_and_abstracts_on_one_page_stay_apart():
    common = dict(people=[("M", "Dragon-Durey")], venue="Molecular Immunology", date="2011", volume="48",
                  issue="14, Sp. Iss. SI", pages="1724")
    assert rec(pages="81A").first_page == "81a"
    a = rec("A", "Factor H and MCP haplotypes don't confer susceptibility for C3 glomerulopathy", **common)
    b = rec("B", "Anti-factor H auto-antibodies in C3 glomerulopathy", **common)
    assert not judge(a, b).same


def test_an_article_of_nine_pages_in_a_supplement_issue_is_printed_once():
    # haematology id_0000230 and id_0000231: one article, its title and a translation of it
    common = dict(people=[("A", "Andres")], venue="Nefrologia", date="2010", volume="30", pages="30-38")
    a = rec("A", "Indications and contraindications for living kidney donations", issue="SUPPL", **common)
    b = rec("B", "[Indications and contraindications of living-donor kidney transplantation]. [Spanish]",
            issue="Suppl 2", **common)
    assert judge(a, b).same
    assert not judge(rec("A", a.label, issue="SUPPL", **{**common, "pages": "30-31"}),
                      rec("B", b.label, issue="Suppl 2", **{**common, "pages": "30-31"})).same  # an abstract's length


def test_two_different_abstracts_are_two_papers():
    common = dict(people=[("Ann", "Lee")], venue="Blood", date="2010")
    a = rec("A", abstract="We measured complement activation in forty children with haemolytic uraemic syndrome " * 4, **common)
    b = rec("B", abstract="A survey of registry data on renal transplantation outcomes across European centres " * 4, **common)
    assert "abstract" in judge(a, b).vetoes and not judge(a, b).same


def test_a_corporate_author_cannot_show_that_authors_differ():
    a = rec("A", people=[("ALTS", "Group")], date="2003", venue="Am J Obstet Gynecol")
    b = rec("B", people=[("D", "Solomon")], date="2003", venue="Am J Obstet Gynecol")
    assert judge(a, b).same


def test_a_replaced_word_makes_a_close_title_only_possible():
    common = dict(people=[("Inc", "Alexion")], date="2011")
    match = judge(rec("A", "Clinical trial of eculizumab in adult patients with atypical hemolytic uremic syndrome", **common),
                  rec("B", "Clinical trial of eculizumab in pediatric patients with atypical hemolytic uremic syndrome", **common))
    assert match.verdict is Verdict.POSSIBLE and "words" in match.vetoes


def test_a_title_just_below_the_threshold_is_a_possible_duplicate():
    common = dict(people=[("Ryan", "Greenblatt")], date="2024")
    match = judge(rec("A", "Alignment faking in large language models", **common),
                  rec("B", "Alignement faiking in lage langauge modles", **common))  # typed badly: 0.92 - 0.01
    assert match.verdict is Verdict.POSSIBLE


def test_a_record_without_a_title_is_at_most_a_possible_duplicate():
    common = dict(people=[("J", "Zuber")], venue="Nat Rev Nephrol", date="2011", volume="7", pages="23-35")
    match = judge(rec("A", "New insights into postrenal transplant hemolytic uremic syndrome", **common), rec("B", "", **common))
    assert match.verdict is Verdict.POSSIBLE


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
    assert match.same and "same venue, volume, pages, year and authors" in match.reason


def test_provisional_titles_are_compared_by_abstract():
    abstract = "We study how routers select among large language models for each query. " * 3
    match = judge(rec("A", "[We study how…]", provisional=True, abstract=abstract), rec("B", "RouterDC", abstract=abstract))
    assert match.same and "abstracts decide" in match.reason


@pytest.mark.parametrize("a, b, veto", [
    (dict(dois=["10.1/a"]), dict(dois=["10.1/b"]), "doi"),
    (dict(date="2010"), dict(date="2024"), "year"),
    (dict(people=[("J", "Smith")]), dict(people=[("A", "Doe")]), "authors"),
    (dict(title="Deep learning theory part I"), dict(title="Deep learning theory part II"), "numbers"),
    (dict(title="A randomized trial of eculizumab: phase 2"), dict(title="A randomized trial of eculizumab: phase 3"), "numbers"),
    (dict(title="Deep learning theory, part one"), dict(title="Deep learning theory"), "numbers"),
    (dict(kind="conference"), dict(kind="journal"), "kind"),
    (dict(kind="conference", date="2017", venue="International Conference on Information Systems"),
     dict(kind="conference", date="2018", venue="Hawaii International Conference on System Sciences"), "venue"),
    (dict(volume="24"), dict(volume="25"), "volume"),
    (dict(issue="3"), dict(issue="4"), "issue"),
    (dict(pages="46--54"), dict(pages="56--64"), "pages"),
    (dict(title="Editor's Comments"), dict(title="Editor's Comments"), "generic"),
    (dict(title="Special Section: Competitive Strategy, Economics, and Information Systems", date="2009"),
     dict(title="Special Section - Competitive Strategy, Economics, and Information Systems", date="2010"), "generic"),
])
def test_guard_vetoes_a_title_match(a, b, veto):
    match = judge(rec("A", **{"title": TITLE, **a}), rec("B", **{"title": TITLE, **b}))
    assert not match.same and veto in match.vetoes


def test_a_veto_is_decided_by_its_key_not_its_message():
    match = judge(rec("A", volume="24"), rec("B", volume="25"))
    assert match.vetoes == {"volume": "volumes 24 and 25"}


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


def test_an_editors_two_editorials_of_one_year_stay_two():
    common = dict(title="Editorial", date="2016", people=[("Igor", "Aleksander")], venue="J Inf Technol")
    assert not judge(rec(**common), rec("B", **common)).same


def test_far_candidates_get_no_further_evidence():
    match = judge(rec(people=[("A", "B")]), rec("B", "Something else entirely", people=[("A", "B")]))
    assert match.scores == {"title": 0.0} and match.reason == "below threshold 0.92"


def test_preprint_policy_distinct_keeps_preprint_and_published_version_apart():
    settings = DedupeSettings(preprints="distinct")
    match = compare(rec(kind="preprint"), rec("B", kind="journal"), settings)
    assert not match.same and match.vetoes["kind"] == "a preprint and a journal publication"


def test_the_word_after_study_or_trial_is_a_part_number_only_when_it_is_a_number():
    # respiratory id_0000377 and id_0000378: the title with its subtitle, and without
    common = dict(people=[("M", "Sahn")], venue="Chest", date="1995", volume="108")
    match = judge(rec("A", "Optimal therapy of malignant pleural effusions", **common),
                  rec("B", "Optimal therapy of malignant pleural effusions: report of a randomized trial of talc", **common))
    assert "numbers" not in match.vetoes and match.same


def test_two_long_ranges_ending_on_the_same_page_are_one_article_with_a_typo():
    # haematology id_0001010 and id_0001011
    common = dict(people=[("W", "Haller")], venue="American Journal of Transplantation", date="2010", volume="10")
    title = ("Successful isolated liver transplantation in a child with atypical hemolytic uremic syndrome and a "
             "mutation in complement factor H")
    assert judge(rec("A", f"{title}: Brief communication", pages="2141-2147", **common),
                 rec("B", title, pages="2142-2147", **common)).same
    assert "pages" in judge(rec("A", f"{title}: Brief communication", pages="2141-2142", **common),
                            rec("B", title, pages="2142-2142", **common)).vetoes  # a letter and its reply may


def test_an_issue_number_alone_does_not_split_one_article_at_one_place():
    common = dict(people=[("T", "Ziegler")], venue="Nutrition", date="1996", volume="20", pages="91-92")
    assert judge(rec("A", issue="1112", **common), rec("B", issue="1", **common)).same


def test_two_titles_on_the_same_pages_of_two_issues_are_two_articles():
    common = dict(people=[("Maria", "Durlauf")], venue="Psychosociological Issues in Human Resource Management",
                  date="2019", volume="7", pages="54--59")
    a = rec("A", "The commodification of digital labor in the gig economy", issue="1", **common)
    b = rec("B", "Big data analytics in human resource management", issue="2", **common)
    assert not judge(a, b).same
