"""Identifiers: each way of writing a DOI or an arXiv id reads as the same paper."""

from __future__ import annotations

import pytest

from zsync.identifiers import arxiv_from_doi, arxiv_from_text, arxiv_from_url, clean_doi, normalize_doi, split_arxiv_id
from zsync.model import Entry, Location

DOI_FORMS = ["10.1000/ABC", "https://doi.org/10.1000/abc", "doi: 10.1000/Abc", "doi:10.1000/abc",
             "http://dx.doi.org/10.1000/abc", " https://DOI.org/10.1000/ABC ",
             "10.1000/abc/", "(doi:10.1000/abc)", "10.1000/ABC)."]  # what a path, brackets, a sentence leave


def test_a_sici_doi_keeps_its_own_brackets():
    sici = "10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-0"
    assert normalize_doi(f"({sici})") == sici.lower()


@pytest.mark.parametrize("raw", DOI_FORMS)
def test_doi_forms_normalize_alike(raw):
    assert normalize_doi(raw) == "10.1000/abc"


def test_clean_doi_strips_the_prefix_and_keeps_the_case():
    assert clean_doi("https://doi.org/10.1145/ABC.Def") == "10.1145/ABC.Def"


@pytest.mark.parametrize("raw", DOI_FORMS)
def test_entry_identity_is_one_key_for_every_form_of_a_doi(raw):
    # the status store remembers entries by this key: a DOI written as a URL once and bare the
    # next time must not become a second paper (issue 14)
    entry = Entry(format="abstract-list", location=Location(path="d.txt", line=1), title="A paper", doi=raw)
    assert entry.identity == "doi:10.1000/abc"


@pytest.mark.parametrize("text, parsed", [
    ("2406.08464v2", ("2406.08464", 2)),
    ("2406.08464", ("2406.08464", None)),
    ("hep-th/9901001v1", ("hep-th/9901001", 1)),
    ("not an id", None),
])
def test_split_arxiv_id_reads_the_id_and_its_version(text, parsed):
    assert split_arxiv_id(text) == parsed


def test_arxiv_id_from_the_arxiv_doi():
    assert arxiv_from_doi("10.48550/arXiv.2406.08464") == "2406.08464"
    assert arxiv_from_doi("https://doi.org/10.48550/arXiv.2406.08464") == "2406.08464"
    assert arxiv_from_doi("10.1000/abc") is None


@pytest.mark.parametrize("url, arxiv", [
    ("http://arxiv.org/abs/2406.08464", "2406.08464"),
    ("https://arxiv.org/abs/2406.08464v3", "2406.08464"),
    ("https://arxiv.org/pdf/2406.08464v1.pdf", "2406.08464"),
    ("https://arxiv.org/abs/hep-th/9901001", "hep-th/9901001"),
    ("https://example.org/2406.08464", None),
])
def test_arxiv_id_from_urls(url, arxiv):
    assert arxiv_from_url(url) == arxiv


def test_arxiv_id_from_extra_lines():
    assert arxiv_from_text("arXiv:1810.04805 [cs.CL]\nversion: 1") == ["1810.04805"]
