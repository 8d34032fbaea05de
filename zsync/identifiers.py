"""Paper identifiers (DOIs and arXiv ids): the one place that reads and normalises them.

The same DOI reaches zsync written several ways (``10.1000/ABC``, ``doi:10.1000/abc``,
``https://doi.org/10.1000/abc``) and the same arXiv paper as an id with or without a version, an
abs/pdf URL, an ``arXiv:ID`` line or an arXiv DOI. Parsers, the status-store key
(:attr:`zsync.model.Entry.identity`) and the deduplicator all read them through these functions,
so one paper always gets one key. This module imports nothing from zsync: it sits at the bottom
of the import graph.

* :func:`clean_doi` strips the URL or ``doi:`` prefix and keeps the case as written (for the
  item's DOI field); :func:`normalize_doi` also folds case (DOIs are case-insensitive) and is
  what keys and comparisons use.
* :func:`split_arxiv_id` reads an id and its version; :func:`arxiv_from_doi`,
  :func:`arxiv_from_url` and :func:`arxiv_from_text` find ids inside other text.
"""

from __future__ import annotations

import re

ARXIV_NEW_ID = re.compile(r"(?P<id>\d{4}\.\d{4,5})(?:v(?P<version>\d+))?")
#: the archives of arXiv's ids before April 2007 (``hep-ph/0605279``); data sets write them without
#: the slash (``hep-ph0605279``, the PubMed/arXiv summarisation set)
OLD_ARCHIVES = ("acc-phys", "adap-org", "alg-geom", "ao-sci", "astro-ph", "atom-ph", "bayes-an", "chao-dyn", "chem-ph",
                "cmp-lg", "comp-gas", "cond-mat", "cs", "dg-ga", "funct-an", "gr-qc", "hep-ex", "hep-lat", "hep-ph",
                "hep-th", "math", "math-ph", "mtrl-th", "nlin", "nucl-ex", "nucl-th", "patt-sol", "physics",
                "plasm-ph", "q-alg", "q-bio", "quant-ph", "solv-int", "supr-con")
ARXIV_OLD_ID = re.compile(r"(?P<id>[a-z][a-z.-]*(?:\.[A-Z]{2})?/\d{7})(?:v(?P<version>\d+))?")
DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.I)
#: a DOI: the directory indicator 10, a registrant code, a slash and a suffix without spaces
DOI = re.compile(r"\b10\.\d+(?:\.\d+)*/[^\s\"]+")  # SICI suffixes hold <, >, ; and ()
ARXIV_DOI = re.compile(r"10\.48550/arxiv\.(.+)", re.I)
ARXIV_URL = re.compile(r"arxiv\.org/(?:abs|pdf|html)/([^\s?#]+?)(?:\.pdf)?(?:[?#]|$)", re.I)
ARXIV_TEXT = re.compile(r"\barXiv:\s*([a-z][a-z.-]*(?:\.[A-Z]{2})?/\d{7}|\d{4}\.\d{4,5})(?:v\d+)?", re.I)


def clean_doi(doi: str) -> str:
    """``https://doi.org/10.1000/ABC``, ``doi: 10.1000/ABC``, a publisher's ``…/doi/10.1000/ABC``
    or ``10.1000/ABC http://…`` → ``10.1000/ABC`` (case kept, for the item's DOI field); text with
    no DOI in it is kept as written, as Zotero keeps it (but see :func:`normalize_doi`)."""
    text = DOI_PREFIX.sub("", doi.strip()).strip()
    m = DOI.search(text)
    return m[0].rstrip(".,;") if m else text


def normalize_doi(doi: str) -> str:
    """``https://doi.org/10.1000/ABC`` → ``10.1000/abc``: one spelling per DOI, for keys and
    comparing; ``""`` for what holds no DOI (``null``, ``n/a``, a page's address): a placeholder
    two records share is not an identifier they share. What text around a DOI leaves at its
    end is no part of it: a sentence's full stop, a path's slash, the bracket the DOI was
    written in ("(doi:10.25300/misq/2020/15273)"); a SICI's own brackets stay."""
    m = DOI.search(DOI_PREFIX.sub("", doi.strip()))
    if not m:
        return ""
    found = m[0].rstrip(".,;/")
    while found.endswith(")") and found.count(")") > found.count("("):
        found = found[:-1].rstrip(".,;/")
    return found.lower()


def split_arxiv_id(text: str) -> tuple[str, int | None] | None:
    """``"2406.08464v2"`` → ``("2406.08464", 2)``; old-style ids too; ``None`` if not an id."""
    text = text.strip()
    for pattern in (ARXIV_NEW_ID, ARXIV_OLD_ID):
        m = pattern.fullmatch(text)
        if m:
            return m["id"], int(m["version"]) if m["version"] else None
    return None


def arxiv_from_doi(doi: str) -> str | None:
    """The arXiv id inside an arXiv DOI (``10.48550/arXiv.2406.08464``), else ``None``."""
    m = ARXIV_DOI.fullmatch(normalize_doi(doi))
    parsed = split_arxiv_id(m[1]) if m else None
    return parsed[0] if parsed else None


def arxiv_from_url(url: str) -> str | None:
    """The arXiv id (without version) of an arxiv.org abs, pdf or html URL, else ``None``."""
    m = ARXIV_URL.search(url or "")
    parsed = split_arxiv_id(m[1]) if m else None
    return parsed[0] if parsed else None


def arxiv_from_text(text: str) -> list[str]:
    """arXiv ids written as ``arXiv:ID`` in free text (``extra``, ``archiveID``), without versions."""
    return [m[1] for m in ARXIV_TEXT.finditer(text or "")]
