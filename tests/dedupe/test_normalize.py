"""Each normalisation step, one row each."""

from __future__ import annotations

import pytest

from zsync.dedupe.normalize import arxiv_from_doi, arxiv_from_text, arxiv_from_url, normalize_doi, normalize_title


@pytest.mark.parametrize("raw, normalized", [
    ("<i>Deep</i> &amp; Wide", "deep wide"),                         # HTML tags and entities
    (r"Schr{\"o}dinger's {BERT}", "schrodinger s bert"),             # LaTeX accents and braces
    (r"\textbf{Bold} claims", "bold claims"),                        # LaTeX commands
    ("ﬁne-tuning Ｌａｒｇｅ", "fine tuning large"),                    # NFKC: ligature, full width
    ("Café Résumé", "cafe resume"),                                  # diacritics
    ("ATTENTION Is All", "attention is all"),                        # case
    ("BERT: Pre-training — of Deep", "bert pre training of deep"),   # punctuation, dashes, subtitles
    ("  lots   of\tspace ", "lots of space"),                        # whitespace
])
def test_title_normalization_step(raw, normalized):
    assert normalize_title(raw) == normalized


@pytest.mark.parametrize("raw", ["10.1000/ABC", "https://doi.org/10.1000/abc", "doi: 10.1000/Abc",
                                 "http://dx.doi.org/10.1000/abc"])
def test_doi_forms_normalize_alike(raw):
    assert normalize_doi(raw) == "10.1000/abc"


def test_arxiv_id_from_the_arxiv_doi():
    assert arxiv_from_doi("10.48550/arXiv.2406.08464") == "2406.08464"
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


def test_a_doi_written_as_a_url_has_the_same_identity_as_the_bare_doi():
    from zsync.model import Entry, Location

    def identity(doi: str) -> str:
        return Entry(format="bibtex", location=Location(path="x.bib", line=1), title="T", doi=doi).identity

    assert identity("https://doi.org/10.1000/ABC") == identity("doi:10.1000/abc") == identity("10.1000/Abc")
    assert Entry(format="bibtex", location=Location(path="x"), doi="https://dx.doi.org/10.1000/ABC").doi == "10.1000/ABC"
