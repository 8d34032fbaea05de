"""arXiv ids wherever real .bib files put them (tests/data/bibtex-arxiv, see SOURCES.md): Google
Scholar's `journal = {arXiv preprint arXiv:…}`, `howpublished`, arXiv's DataCite DOI, `eprint`
written `arXiv:…`; such an entry is a preprint, not a journal article "published" in arXiv."""

from __future__ import annotations

import pytest

from conftest import DATA
from zsync.config import default_mapping_dir
from zsync.mapping import Mapper
from zsync.sources import SourceRegistry
from zsync.sources.read import read_digests

BIBS = DATA / "bibtex-arxiv"


def read(name, context):
    return read_digests([BIBS / name], SourceRegistry.from_entry_points(), context).entries


@pytest.fixture(scope="module")
def mapper() -> Mapper:
    return Mapper.from_dirs(default_mapping_dir())


@pytest.mark.parametrize("name, expected", [
    ("google_scholar_journal.bib", [("he2022rethinking", "2301.00303", "He"), ("nuscenes2019", "1903.11027", "Caesar"),
                                    ("guo2021multi", "2103.02148", "Guo"),
                                    ("choquette2022multi", "2211.06530", "Choquette-Choo")]),
    ("howpublished_misc.bib", [("sos1_2024", "2502.20545", "Li"), ("hu2017squeeze", "1709.01507", None),
                               ("garreau2017median", "1707.07269", "Garreau"), ("TB19", "1904.13000", "Tramèr")]),
    ("arxiv_doi_and_eprint.bib", [("https://doi.org/10.48550/arxiv.2211.09108", "2211.09108", "Zhan"),
                                  ("https://doi.org/10.48550/arxiv.2202.03163", "2202.03163", "Cherel"),
                                  ("2509.09292", "2509.09292", "Cai")]),
])
def test_every_entry_that_names_an_arxiv_id_carries_it(name, expected, context):
    entries = read(name, context)
    assert [(e.citation_key, e.arxiv_id, e.authors[0].last if e.authors else None) for e in entries] == expected


def test_google_scholar_arxiv_preprint_is_a_preprint_not_a_journal_article(context, mapper):
    entry = read("google_scholar_journal.bib", context)[0]
    item = mapper.map(entry)
    assert item.itemType == "preprint"
    assert (item.get("archiveID"), item.get("DOI")) == ("arXiv:2301.00303", "10.48550/arXiv.2301.00303")
    assert item.get("title") == "Rethinking with Retrieval: Faithful Large Language Model Inference"
    assert "arXiv preprint" not in (item.get("extra") or "") and not item.get("publicationTitle")


def test_arxiv_datacite_doi_is_the_arxiv_id_not_a_publisher_doi(context, mapper):
    zhan = read("arxiv_doi_and_eprint.bib", context)[0]
    assert (zhan.arxiv_id, zhan.doi) == ("2211.09108", None)
    assert mapper.map(zhan).itemType == "preprint"


def test_eprint_written_with_its_prefix_and_category(context):
    light = read("arxiv_doi_and_eprint.bib", context)[2]
    assert (light.arxiv_id, light.arxiv_category, light.doi) == ("2509.09292", "cs.AI", None)


def test_category_written_after_the_id_and_howpublished_consumed(context):
    sos = read("howpublished_misc.bib", context)[0]
    assert (sos.arxiv_id, sos.arxiv_category) == ("2502.20545", "cs.LG")
    assert "howpublished" not in sos.facts


def test_a_conference_paper_with_an_arxiv_id_stays_a_conference_paper(context, mapper):
    tramer = read("howpublished_misc.bib", context)[3]
    item = mapper.map(tramer)
    assert tramer.arxiv_id == "1904.13000" and item.itemType == "conferencePaper"
    assert item.get("proceedingsTitle") == "Conference on Neural Information Processing Systems (NeurIPS)"


def test_google_scholar_math_braces_are_the_title_s_protective_braces_not_text(context):
    [entry] = read("google_scholar_math_braces.bib", context)
    assert entry.title == "TensorFlow: a system for Large-Scale machine learning"
    assert (entry.authors[0].first, entry.authors[0].last) == ("Martín", "Abadi")
