"""Blocking and lookup: candidates found without comparing all pairs."""

from __future__ import annotations

from conftest import ABSTRACT_LIST, HF_PAGE
from helpers import paper, parse_file
from zsync.config import Settings
from zsync.dedupe import DedupeIndex, record_from_item
from zsync.dedupe.report import entry_records
from zsync.mapping import Mapper
from zsync.model import Creator, Tag, ZoteroItem


def index_of(*records):
    index = DedupeIndex()
    for record in records:
        index.add(record)
    return index


def test_identical_title_of_only_common_words_is_still_found():
    index = index_of(*(paper(f"R{i}", f"digital work study number {i}") for i in range(400)))
    index.add(paper("T", "digital work study"))
    assert index.find(paper("q", "Digital Work: Study")).ref == "T"


def test_a_title_without_its_subtitle_finds_the_full_title_both_ways():
    index = index_of(*(paper(f"R{i}", f"digital work study: {i} the vary word") for i in range(400)),
                     paper("A", "Platform labour: a review"), paper("B", "Crowd work"))
    assert "A" in index.candidates(paper("q", "Platform labour"))
    assert "B" in index.candidates(paper("q", "Crowd work: an overview"))


def test_a_main_title_shared_by_hundreds_does_not_make_them_all_candidates():
    index = index_of(*(paper(f"R{i}", f"Digital work: {word} {i}") for i, word in
                       enumerate(["platforms", "crowds", "gigs", "algorithms", "unions"] * 80)))
    assert len(index.candidates(paper("q", "Digital work: a survey of platforms in Europe"))) < 100


def test_a_title_holding_another_under_one_main_title_is_still_found_among_hundreds():
    about = {"date": "2021", "people": [("Ana", "Lopes")], "venue": "New Technology, Work and Employment"}
    index = index_of(*(paper(f"R{i}", f"Platform work: the evidence of {i}") for i in range(400)),
                     paper("A", "Platform work: a review of the evidence from twelve European countries and beyond",
                           **about))
    assert index.find(paper("q", "Platform work: a review of the evidence", **about)).ref == "A"


def test_same_volume_and_page_are_candidates_whatever_the_titles():
    stored = paper("A", "Zum aktuellen Stand", volume="25", pages="128")
    assert "A" in index_of(stored).candidates(paper("q", "The current situation", volume="25", pages="128"))


def test_abstracts_are_only_searched_for_provisional_titles():
    abstract = "routers select among large language models for every single query " * 2
    index = index_of(paper("A", "RouterDC query based router", abstract=abstract))
    assert index.candidates(paper("q", "[x]", provisional=True, abstract=abstract)) == {"A"}
    assert index.candidates(paper("q", "Unrelated words here", abstract=abstract)) == set()



def test_a_library_index_reads_abstracts_back_only_when_an_untitled_query_asks():
    abstract = "routers select among large language models for every single query " * 2
    held = {"A": paper("A", "RouterDC query based router", abstract=abstract)}
    read: list[str] = []

    def load(refs: list[str]) -> dict:
        read.extend(refs)
        return {ref: held[ref] for ref in refs}

    index = DedupeIndex(load=load)
    index.add(held["A"])
    assert index.candidates(paper("q", "Unrelated words here", abstract=abstract)) == set() and read == []
    assert index.candidates(paper("q", "[x]", provisional=True, abstract=abstract)) == {"A"} and read == ["A"]

def test_matches_put_the_same_paper_first_and_keep_near_misses():
    index = index_of(paper("A", "Alignment faking in large language models"),
                     paper("B", "Alignment faking in large vision models"))
    best, near = index.matches(paper("q", "Alignment Faking in Large Language Models"))
    assert (best.ref, best.same, near.ref, near.same) == ("A", True, "B", False)


def test_neither_seed_has_duplicates_inside_it(context):
    for path in (HF_PAGE, ABSTRACT_LIST):
        entries, _ = parse_file(path, context)
        index = DedupeIndex()
        for entry, record in zip(entries, entry_records(entries, Mapper.from_dirs(*Settings().mapping_dirs()))):
            assert index.find(record) is None, entry.title
            index.add(record)


def test_item_records_read_arxiv_ids_from_every_place():
    for fields in ({"DOI": "10.48550/arXiv.2401.00001"}, {"archiveID": "arXiv:2401.00001"},
                   {"url": "http://arxiv.org/abs/2401.00001v2"}, {"extra": "arXiv:2401.00001 [cs.CL]"}):
        assert record_from_item(ZoteroItem(key="K", itemType="preprint", **fields)).arxiv == {"2401.00001"}


def test_item_record_with_needs_title_tag_is_provisional():
    item = ZoteroItem(key="K", itemType="preprint", title="[x]", tags=[Tag(tag="zsync:needs-title")],
                      creators=[Creator(firstName="Ada", lastName="Lovelace")])
    record = record_from_item(item)
    assert record.title_provisional and record.surnames == {"lovelace"}
