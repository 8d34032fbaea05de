"""Matching with evidence: identifiers, titles, abstracts, and the guards."""

from __future__ import annotations

from conftest import ABSTRACT_LIST, HF_PAGE
from helpers import parse_file
from zsync.dedupe import DedupeIndex, Record, record_from_entry, record_from_item
from zsync.model import Creator, Entry, Location, Tag, ZoteroItem


def rec(ref: str, title: str = "", **kw) -> Record:
    from zsync.dedupe.normalize import normalize_title
    return Record(ref=ref, label=title, title=normalize_title(title), **kw)


def index_of(*records: Record) -> DedupeIndex:
    index = DedupeIndex()
    for record in records:
        index.add(record)
    return index


TITLE = "Alignment faking in large language models"


def test_same_arxiv_id_is_decisive_whatever_the_titles():
    match = index_of(rec("A", "Something", arxiv=frozenset({"2412.14093"}))).find(
        rec("q", "Else entirely", arxiv=frozenset({"2412.14093"})))
    assert match.ref == "A" and match.reason == "same arXiv id 2412.14093"


def test_same_doi_is_decisive():
    match = index_of(rec("A", "X y z", dois=frozenset({"10.1/a"}))).find(rec("q", "Q r s", dois=frozenset({"10.1/a"})))
    assert match.reason == "same DOI 10.1/a"


def test_near_identical_titles_match_with_their_score():
    match = index_of(rec("A", TITLE)).find(rec("q", "Alignment Faking in Large Language Models."))
    assert match.ref == "A" and match.scores["title"] == 1.0


def test_different_titles_do_not_match():
    assert index_of(rec("A", TITLE)).find(rec("q", "Mitigating the Alignment Tax of RLHF")) is None


def test_different_dois_veto_a_title_match():
    index = index_of(rec("A", TITLE, dois=frozenset({"10.1/a"})))
    [near] = index.matches(rec("q", TITLE, dois=frozenset({"10.1/b"})))
    assert not near.same and near.vetoes == ["different DOIs"]


def test_years_far_apart_veto_a_title_match():
    [near] = index_of(rec("A", TITLE, year=2010)).matches(rec("q", TITLE, year=2024))
    assert not near.same and "too far apart" in near.vetoes[0]


def test_no_shared_author_vetoes_a_title_match():
    [near] = index_of(rec("A", TITLE, authors=frozenset({"smith j"}))).matches(rec("q", TITLE, authors=frozenset({"doe a"})))
    assert near.vetoes == ["no author in common"]


def test_part_numbers_veto_a_title_match():
    [near] = index_of(rec("A", "Deep learning theory part I")).matches(rec("q", "Deep learning theory part II"))
    assert "different part, volume or edition numbers" in near.vetoes


def test_short_generic_titles_are_not_enough():
    [near] = index_of(rec("A", "Introduction")).matches(rec("q", "Introduction"))
    assert not near.same and "too short or generic" in near.vetoes[0]


def test_provisional_titles_are_compared_by_abstract(context):
    entries, _ = parse_file(ABSTRACT_LIST, context)
    first = record_from_entry(entries[0], "A")
    same_text = Entry(format="x", location=Location(path="t"), title="RouterDC: Query-Based Router",
                      abstract=entries[0].abstract)
    match = index_of(first).find(record_from_entry(same_text, "q"))
    assert match.ref == "A" and "abstracts compared" in match.reason


def test_neither_seed_has_duplicates_inside_it(context):
    for path in (HF_PAGE, ABSTRACT_LIST):
        entries, _ = parse_file(path, context)
        index = DedupeIndex()
        for position, entry in enumerate(entries):
            record = record_from_entry(entry, str(position))
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
    assert record.title_provisional and record.authors == {"lovelace a"}
