"""Reading .bib files: macros, crossref, LaTeX, names, arXiv eprints, and bad input located."""

from __future__ import annotations

import logging
import re

import bibtexparser
import pytest
from bibtexparser.bparser import BibTexParser

from conftest import CORPORA
from helpers import parse_file, parse_text
from zsync.errors import InputError
from zsync.config import default_mapping_dir
from zsync.mapping import Mapper
from zsync.model import Entry, Notice, Reject
from zsync.sources import read_digest
from zsync.sources.bibtex import BibTeX, Lines, Macros, entry_fields, scan

LARGE = CORPORA / "bibtex/bbt-import/bbt-1436-large-zotero-export-506-entries.bib"
#: an @ block as the .bib readers count them, independently of zsync's scanner
BLOCK = re.compile(r"^[ \t]*@[ \t]*[A-Za-z]+[ \t]*[{(]", re.M)
SUMMARY = re.compile(r"(\d+) @ blocks: (\d+) entries, (\d+) @string, (\d+) @preamble, (\d+) @comment, (\d+) rejected")

BIB = CORPORA / "bibtex"


@pytest.fixture
def mapper():
    return Mapper.from_dirs(default_mapping_dir())


def entries_of(found: list) -> list[Entry]:
    return [f for f in found if isinstance(f, Entry)]


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


def test_latex_becomes_unicode_math_stays_readable_and_superscripts_are_rich_text(context):
    entry = one("@article{a, title = {{\\v R}eh{\\r u}{\\v r}ek at 10\\,K with $\\mu$ and $x^2$}, year = 2020}", context)
    assert entry.title == "Řehůřek at 10 K with μ and x<sup>2</sup>"


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
    assert entries_of(found)[0].facts["journal"] == "IEEE_J_X"


def test_missing_comma_between_fields_is_repaired_with_a_notice(context):
    found = list(BibTeX().parse("@article{h,\ntitle = {T}\nyear = {2001},\n}", "t.bib", context))
    assert any(isinstance(f, Notice) and "comma was missing" in f.message for f in found)
    assert entries_of(found)[0].date == "2001"


def test_declared_legacy_encoding_is_used_with_a_located_warning(context):
    path = BIB / "other/jabref-encoding-windows-1252-without-header.bib"
    digest = read_digest(path)
    assert [str(n) for n in digest.notices] == [f"{path}:4: not UTF-8 (byte 0xb0); read as windows-1252"]
    found = list(BibTeX().parse(digest.text, str(path), context))
    assert entries_of(found)[0].abstract == "25° C"
    assert any(isinstance(f, Notice) and "no citation key" in f.message for f in found)


def test_undeclared_non_utf8_bib_is_read_as_windows_1252_with_a_warning(tmp_path, context):
    (tmp_path / "old.bib").write_bytes("@article{k,\n title = {Caf\xe9 society}}\n".encode("latin-1"))
    digest = read_digest(tmp_path / "old.bib")
    assert [n.message for n in digest.notices] == ["not UTF-8 (byte 0xe9); read as cp1252"]
    assert parse_file(tmp_path / "old.bib", context)[0][0].title == "Café society"


@pytest.mark.parametrize("path", sorted(BIB.glob("*/*.bib")), ids=lambda p: p.name)
def test_every_block_is_an_entry_a_declaration_or_a_reject(path, context):
    digest = read_digest(path)
    found = list(BibTeX().parse(digest.text, str(path), context))
    summary = SUMMARY.fullmatch(found[-1].message)
    total, entries, strings, preambles, comments, rejected = map(int, summary.groups())
    assert (len(entries_of(found)), sum(isinstance(f, Reject) for f in found)) == (entries, rejected)
    assert entries + rejected + strings + preambles + comments == total == len(BLOCK.findall(digest.text))


@pytest.mark.parametrize("path", sorted(BIB.glob("*/*.bib")), ids=lambda p: p.name)
def test_fields_are_the_ones_bibtexparser_reads(path):
    """bibtexparser 1.4 is the reference grammar zsync's own reader replaces (for speed, and to
    keep what bibtexparser drops); given the macros zsync found undefined, it must agree."""
    text = read_digest(path).text
    lines = Lines(text)
    scanned = scan(text, lines)
    macros = Macros(scanned.strings, lines)
    ours = entry_fields(scanned, macros)
    declared = "".join(f'@string{{{name} = "{name}"}}\n' for name, _ in macros.undefined.values())
    logging.disable(logging.WARNING)
    try:
        theirs = bibtexparser.loads(declared + text, BibTexParser(
            common_strings=True, ignore_nonstandard_types=False, interpolate_strings=True,
            add_missing_from_crossref=True)).entries
    finally:
        logging.disable(logging.NOTSET)
    for fields in theirs:
        if "_FROM_CROSSREF" in fields:
            fields["_from_crossref"] = ",".join(sorted(fields.pop("_FROM_CROSSREF")))

    def comparable(entries):  # pyparsing expands tabs; duplicate keys resolve crossrefs alike
        return [{k: " ".join(v.split()) for k, v in e.items()} for e in entries]

    read_by_both = [e for e in ours if any(t["ID"] == e["ID"] for t in theirs)]
    assert comparable(read_by_both) == comparable(theirs)


def test_hundreds_of_undefined_macros_are_each_one_notice_and_nothing_is_dropped(context):
    text = "".join(f"@article{{a{i},\n title = {{Paper {i}}},\n journal = jour{i},\n year = 1994}}\n\n"
                   for i in range(300))
    found = list(BibTeX().parse(text, "legacy.bib", context))
    notices = [f for f in found if isinstance(f, Notice) and f.message.startswith("undefined macro")]
    assert len(entries_of(found)) == 300
    assert [(n.location.line, n.message) for n in notices[:2]] == [
        (3, "undefined macro `jour0`, read as the text jour0"), (8, "undefined macro `jour1`, read as the text jour1")]
    assert len(notices) == 300


def test_a_macro_used_before_its_definition_is_expanded(context):
    entry = one('@article{a, title = {T}, journal = jgr}\n@string{jgr = "J. Geophys. Res."}\n', context)
    assert entry.facts["journal"] == "J. Geophys. Res."


def test_a_citation_key_with_an_apostrophe_is_read(context):
    """``O'Donnell2007``, as a real thesis bibliography has it (Garyfallidis/didaktoriko): BibTeX
    takes any key up to the comma; the entry was rejected and its duplicate left alone."""
    entry = one("@inproceedings{O'Donnell2007,\n  author = {Lauren O'Donnell and Carl-Fredrik Westin},\n"
                "  title = {Automatic tractography segmentation using a high-dimensional white matter atlas},\n"
                "  year = {2007}\n}\n", context)
    assert entry.citation_key == "O'Donnell2007"


def test_duplicate_key_is_a_located_notice_and_both_entries_are_kept(context):
    path = BIB / "other/bibtexparser-biber-examples.bib"
    found = list(BibTeX().parse(read_digest(path).text, str(path), context))
    duplicates = [str(f) for f in found if isinstance(f, Notice) and "used before" in f.message]
    assert duplicates == [f"{path}:1543: citation key tmn4 was used before, at line 1535; both entries kept"]
    assert sum(e.citation_key == "tmn4" for e in entries_of(found)) == 2


def test_unbalanced_braces_mid_file_in_a_real_library_lose_only_that_entry(context):
    text = read_digest(LARGE).text
    cut = text.index("@article{Brandt_cgd_2014")
    broken = text[:cut] + text[cut:].replace("}", "", 1)
    found = list(BibTeX().parse(broken, "cut.bib", context))
    rejects = [f for f in found if isinstance(f, Reject)]
    assert [(r.location.line, r.message) for r in rejects] == [
        (text.count("\n", 0, cut) + 1, "@article block never closes (unbalanced braces); skipped")]
    assert len(entries_of(found)) == 505


def test_a_field_without_equals_is_a_reject_at_its_line_and_the_rest_is_kept(context):
    entries, rejects = parse_text("@article{a, title = {One}}\n@article{b,\n title {Two}}\n@article{c, title = {3}}\n",
                                  context, origin="t.bib")
    assert [e.citation_key for e in entries] == ["a", "c"]
    assert [(r.location.line, r.message) for r in rejects] == [(3, "@article block at line 2: field title has no '='; skipped")]


def test_an_empty_bib_file_is_an_error_naming_it(tmp_path):
    (tmp_path / "empty.bib").write_text("")
    with pytest.raises(InputError, match="the file is empty"):
        read_digest(tmp_path / "empty.bib")


def test_a_bib_file_with_only_declarations_says_so_in_its_summary(context):
    found = list(BibTeX().parse('@string{a = "b"}\n@comment{nothing here}\n', "decl.bib", context))
    assert [f.message for f in found] == ["2 @ blocks: 0 entries, 1 @string, 0 @preamble, 1 @comment, 0 rejected"]


def test_escaped_url_characters_are_read_unescaped(context):
    entries, _ = parse_file(LARGE, context)
    urls = [e.url for e in entries if e.url and "aid=9209341" in e.url]
    assert urls == ["http://journals.cambridge.org/action/displayAbstract?fromPage=online&aid=9209341"]


def test_math_subscripts_become_zotero_rich_text(context):
    entries, _ = parse_file(LARGE, context)
    titles = [e.title for e in entries if "LiAlO" in (e.title or "")]
    assert "Microstructure of M-Plane GaN Epilayers Grown on γ-LiAlO<sub>2</sub> by Plasma-Assisted Molecular Beam" \
           " Epitaxy" in titles
    assert all("LiAlO<sub>2</sub>" in t for t in titles)


def test_aliases_are_read_as_keys(context):
    entries, _ = parse_file(LARGE, context)
    assert next(e for e in entries if e.citation_key == "Brandt_cgd_2014").facts["ids"] == "Brandt_2014"


def test_font_commands_pylatexenc_does_not_know_keep_their_text(context):
    # biber's own example: "An \texttt{article} with \texttt{eprint} and \texttt{eprinttype} fields"
    entries, _ = parse_file(next(BIB.glob("*/bibtexparser-biber-examples.bib")), context)
    baez = next(e for e in entries if e.title == "Higher-Dimensional Algebra V: 2-Groups" and e.kind == "article")
    annotation = baez.facts["annotation"]
    assert annotation.startswith("An article with eprint and eprinttype fields")
    assert "Compare baez/online" in annotation


def test_a_web_address_in_howpublished_is_the_url_as_zotero_imports_it(context):
    # a Better BibTeX export of a web page (Data_Curator_Agent references.bib)
    entry = one("@misc{dantasPhotoJaimeDantas2019,\n  title = {Photo by {{Jaime Dantas}} on {{Unsplash}}},\n"
                "  author = {Dantas, Jaime},\n  year = 2019,\n"
                "  howpublished = {https://unsplash.com/photos/brown-rodent-in-body-of-water-in-front-of-rock-yObnHvuwkiY}\n}\n",
                context)
    assert entry.url == "https://unsplash.com/photos/brown-rodent-in-body-of-water-in-front-of-rock-yObnHvuwkiY"
    assert "howpublished" not in entry.facts
    wrapped = one("@misc{c, title = {X}, howpublished = {\\url{https://a.org/x\\_y}}}\n", context)
    talk = one("@misc{t, title = {A talk}, howpublished = {Talk at the Workshop}}\n", context)
    assert (wrapped.url, talk.url, talk.facts["howpublished"]) == ("https://a.org/x_y", None, "Talk at the Workshop")
