"""Resolution of what digests leave out, against recorded arXiv API answers."""

from __future__ import annotations

import pytest
import responses

from conftest import AS_OF, CORPORA
from zsync.fetch import Fetcher
from zsync.config import default_mapping_dir
from zsync.mapping import Mapper
from zsync.model import Entry, Location
from zsync.resolve import ARXIV_API, Resolver
from zsync.sources.arxiv_atom import atom_entries

FEED = (CORPORA / "feeds/arxiv-api/arxiv_api_2026_search_transformer_cs.LG_5_results.atom.xml").read_text()
MANA = "Mana: Dexterous Manipulation of Articulated Tools"


@pytest.fixture
def resolver(tmp_path):
    return Resolver(Fetcher(tmp_path, sleep=lambda s: None, today=lambda: AS_OF))


def entry(**kw) -> Entry:
    return Entry(format="hf-papers-text", location=Location(path="d.txt", line=1), **kw)


@responses.activate
def test_title_only_entry_gains_its_arxiv_id_and_authors_with_the_evidence(resolver):
    responses.get(ARXIV_API, body=FEED)
    found = entry(title=MANA)
    assert resolver.resolve([found]) == []
    assert (found.arxiv_id, found.arxiv_category) == ("2606.13677", "cs.RO") and found.authors
    assert found.facts["resolved"] == "arXiv:2606.13677 via the arXiv API, title similarity 1.00"
    assert 'ti:"Mana Dexterous Manipulation of Articulated Tools"' in responses.calls[0].request.url.replace("+", " ").replace("%22", '"').replace("%3A", ":")


@responses.activate
def test_abstract_only_entry_gains_its_real_title_and_loses_the_flag(resolver):
    responses.get(ARXIV_API, body=FEED)
    full = next(e for e in atom_entries(FEED, "f") if e.title == MANA)
    found = entry(title="[Articulated tool manipulation…]", title_provisional=True, abstract=full.abstract)
    resolver.resolve([found])
    assert (found.title, found.title_provisional) == (MANA, False)
    item = Mapper.from_dirs(default_mapping_dir()).map(found)
    assert "zsync:needs-title" not in item.tag_names() and item.get("archiveID") == "arXiv:2606.13677"


@responses.activate
def test_no_confident_match_keeps_the_entry_as_the_digest_gave_it(resolver):
    responses.get(ARXIV_API, body=FEED)
    found = entry(title="A Completely Different Paper About Soil Chemistry")
    resolver.resolve([found])
    assert found.arxiv_id is None and "resolved" not in found.facts


@responses.activate
def test_lookup_error_stops_lookups_and_keeps_entries(resolver):
    responses.get(ARXIV_API, status=400)
    entries = [entry(title=MANA), *(entry(title=f"Paper {i} on topics") for i in range(10))]
    [notice] = resolver.resolve(entries)
    assert "lookups stopped" in notice.message and all(e.arxiv_id is None for e in entries)
    assert len(responses.calls) == 1


@responses.activate
def test_titles_are_looked_up_in_batches(resolver):
    responses.get(ARXIV_API, body=FEED)
    resolver.resolve([entry(title=f"Title number {i} about things") for i in range(20)])
    assert len(responses.calls) == 3  # 8 + 8 + 4


@responses.activate
def test_lookups_are_cached(resolver):
    responses.get(ARXIV_API, body=FEED)
    resolver.resolve([entry(title=MANA)])
    resolver.resolve([entry(title=MANA)])
    assert len(responses.calls) == 1
