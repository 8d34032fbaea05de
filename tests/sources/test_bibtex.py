"""Reading .bib files: macros, crossref, LaTeX, names, arXiv eprints, and bad input located."""

from __future__ import annotations

import pytest

from conftest import CORPORA
from helpers import parse_file, parse_text
from zsync.mapping import Mapper, default_mapping_dir
from zsync.model import Entry, Notice
from zsync.sources import read_digest
from zsync.sources.bibtex import BibTeX

BIB = CORPORA / "bibtex"


@pytest.fixture
def mapper():
    return Mapper.from_dirs(default_mapping_dir())


def one(text, context):
    entries, rejects = parse_text(text, context, origin="t.bib")
    assert rejects == []
    return entries[0]


@pytest.mark.parametrize("path", sorted(BIB.glob("*/*.bib")), ids=lambda p: p.name)
def test_every_corpus_file_is_read_with_nothing_dropped(path, context):
    entries, rejects = parse_file(path, context)
    assert entries and rejects == []


def test_string_macros_and_concatenation(context):
    entry = one('@string{mc = "McDermott, Drew V."}\n@techreport(M72,\n author = mc # { and Gerald J. Sussman},\n'
                ' year = {1972}, month = May, title = {The {\\sc CONNIVER} Manual})\n', context)
    assert [p.last for p in entry.authors] == ["McDermott", "Sussman"]
    assert (entry.date, entry.title, entry.kind) == ("1972-05", "The CONNIVER Manual", "techreport")


def test_crossref_children_inherit_from_a_parent_defined_later(context):
    entries, _ = parse_file(BIB / "bbt-import/bbt-2373-crossref-inheritance.bib", context)
    inbook = next(e for e in entries if e.citation_key == "inbook")
    assert inbook.facts["booktitle"] == "Global Civil Society: Dimensions of the Nonprofit Sector"
    assert [p.last for p in inbook.editors] == ["Salamon", "Sokolowski"]


def test_latex_becomes_unicode_and_math_stays_readable(context):
    entry = one("@article{a, title = {{\\v R}eh{\\r u}{\\v r}ek at 10\\,K with $\\mu$ and $x^2$}, year = 2020}", context)
    assert entry.title == "Řehůřek at 10 K with μ and x^2"


def test_names_keep_von_and_jr_and_literal_names(context):
    entry = one("@book{b, author = {van Beethoven, Ludwig and Doe, Jr., John and {World Health Organization}"
                " and {Council on Quality and Outcomes}}, title = {T}}", context)
    assert [(p.first, p.last, p.name) for p in entry.authors] == [
        ("Ludwig", "van Beethoven", ""), ("John, Jr.", "Doe", ""), ("", "", "World Health Organization"),
        ("", "", "Council on Quality and Outcomes")]


def test_biblatex_date_and_fields(context, mapper):
    entry = one("@article{c, journaltitle = {J. of Tests}, date = {2019-02-05/2019-03}, title = {T}}", context)
    item = mapper.map(entry)
    assert (item.get("date"), item.get("publicationTitle")) == ("2019-02-05", "J. of Tests")


def test_arxiv_misc_becomes_a_preprint_in_the_arxiv_importers_shape(context, mapper):
    entries, _ = parse_file(BIB / "bbt-import/bbt-1696-biblatex-online-arxiv-eprint.bib", context)
    item = mapper.map(entries[0]).to_json()
    assert {k: item[k] for k in ("itemType", "repository", "archiveID", "DOI", "url", "libraryCatalog", "citationKey")} == {
        "itemType": "preprint", "repository": "arXiv", "archiveID": "arXiv:1902.07120",
        "DOI": "10.48550/arXiv.1902.07120", "url": "http://arxiv.org/abs/1902.07120", "libraryCatalog": "arXiv.org",
        "citationKey": "bardos2019"}
    assert item["extra"].splitlines()[0] == "arXiv:1902.07120 [math]"


def test_arxiv_article_with_a_publisher_doi_stays_a_journal_article(context, mapper):
    entry = one("@article{d, title = {T}, journal = {Nano Lett.}, doi = {10.1021/x}, eprint = {1601.07201},"
                " archivePrefix = {arXiv}}", context)
    item = mapper.map(entry)
    assert (item.itemType, item.get("DOI"), item.get("extra")) == ("journalArticle", "10.1021/x", "arXiv:1601.07201")


def test_unknown_fields_are_kept_in_extra_as_tex_lines(context, mapper):
    item = mapper.map(one("@article{e, title = {T}, owner = {me}, timestamp = {2010.03.08}}", context))
    assert item.get("extra").splitlines() == ["tex.owner: me", "tex.timestamp: 2010.03.08"]


def test_keywords_become_tags(context):
    assert one("@misc{f, title = {T}, keywords = {a, b; c}}", context).tags == ["a", "b", "c"]


def test_unbalanced_braces_are_a_located_reject_and_the_rest_is_kept(context):
    text = "@article{good1, title = {One}}\n\n@article{bad, title = {Two}\n\n@article{good2, title = {Three}}\n"
    entries, rejects = parse_text(text, context, origin="t.bib")
    assert [e.title for e in entries] == ["One", "Three"]
    assert [(r.location.line, r.message) for r in rejects] == [(3, "@article block never closes (unbalanced braces); skipped")]


def test_undefined_macro_is_read_as_its_name_with_a_notice(context):
    found = list(BibTeX().parse("@article{g,\n title = {T},\n journal = IEEE_J_X}", "t.bib", context))
    notice = next(f for f in found if isinstance(f, Notice))
    assert (notice.location.line, notice.message) == (3, "undefined macro `IEEE_J_X`, read as the text IEEE_J_X")
    assert found[-1].facts["journal"] == "IEEE_J_X"


def test_missing_comma_between_fields_is_repaired_with_a_notice(context):
    found = list(BibTeX().parse("@article{h,\ntitle = {T}\nyear = {2001},\n}", "t.bib", context))
    assert any(isinstance(f, Notice) and "comma was missing" in f.message for f in found)
    assert found[-1].date == "2001"


def test_declared_legacy_encoding_is_used_with_a_located_warning(context):
    path = BIB / "other/jabref-encoding-windows-1252-without-header.bib"
    digest = read_digest(path)
    assert [str(n) for n in digest.notices] == [f"{path}:4: not UTF-8 (byte 0xb0); read as windows-1252"]
    found = list(BibTeX().parse(digest.text, str(path), context))
    assert [f for f in found if isinstance(f, Entry)][-1].abstract == "25° C"
    assert any(isinstance(f, Notice) and "no citation key" in f.message for f in found)


def test_undeclared_non_utf8_bib_is_read_as_windows_1252_with_a_warning(tmp_path, context):
    (tmp_path / "old.bib").write_bytes("@article{k,\n title = {Caf\xe9 society}}\n".encode("latin-1"))
    digest = read_digest(tmp_path / "old.bib")
    assert [n.message for n in digest.notices] == ["not UTF-8 (byte 0xe9); read as cp1252"]
    assert parse_file(tmp_path / "old.bib", context)[0][0].title == "Café society"
