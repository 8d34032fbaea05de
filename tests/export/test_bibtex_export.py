"""Writing BibTeX: entry types, arXiv fields, stable keys, LaTeX, code links, nothing lost."""

from __future__ import annotations

import re
import unicodedata

import pytest
from click.testing import CliRunner

from conftest import AS_OF, CORPORA
from helpers import parse_file
from zsync.cli import cli
from zsync.config import load_settings
from zsync.export import convert_digests, exporter
from zsync.config import default_mapping_dir
from zsync.mapping import Mapper
from zsync.sources import ParseContext, SourceRegistry
from zsync.export.citekeys import assign_keys, generated_key
from zsync.model import Creator, Tag, ZoteroItem

LARGE = CORPORA / "bibtex/bbt-import/bbt-1436-large-zotero-export-506-entries.bib"


@pytest.fixture
def bib():
    return exporter(load_settings())


def arxiv_item(**kw) -> ZoteroItem:
    return ZoteroItem(itemType="preprint", title="BERT: Pre-training of Deep Bidirectional Transformers",
                      creators=[Creator(firstName="Jacob", lastName="Devlin")], date="2018-10-11",
                      repository="arXiv", archiveID="arXiv:1810.04805", DOI="10.48550/arXiv.1810.04805",
                      url="http://arxiv.org/abs/1810.04805", libraryCatalog="arXiv.org",
                      extra="arXiv:1810.04805 [cs.CL]\nversion: 1", **kw)


def test_arxiv_preprint_is_misc_with_eprint_archiveprefix_and_primaryclass(bib):
    text = bib.export([arxiv_item()])
    assert text.startswith("@misc{devlinBERTPretrainingDeep2018,\n")
    for line in ("  eprint = {1810.04805v1},", "  archiveprefix = {arXiv},", "  primaryclass = {cs.CL},",
                 "  author = {Devlin, Jacob},", "  year = {2018},"):
        assert line in text.splitlines()


def test_generated_key_follows_better_bibtex_default(bib):
    assert generated_key(arxiv_item()) == "devlinBERTPretrainingDeep2018"


def test_keys_are_unique_and_stable(bib):
    items = [arxiv_item(), arxiv_item(), arxiv_item(citationKey="devlinBERTPretrainingDeep2018")]
    assert assign_keys(items) == assign_keys(list(items)) == [
        "devlinBERTPretrainingDeep2018a", "devlinBERTPretrainingDeep2018b", "devlinBERTPretrainingDeep2018"]


def test_citation_key_field_is_kept(bib):
    assert bib.export([arxiv_item(citationKey="devlin2019")]).startswith("@misc{devlin2019,")


def test_key_format_is_configurable():
    assert generated_key(arxiv_item(), "{Auth}_{year}_{title}") == "Devlin_2018_bert"


def test_unicode_is_written_as_latex_and_capitals_protected(bib):
    item = ZoteroItem(itemType="journalArticle", title="Café LLMs for Muñoz & co.", publicationTitle="J. Ø",
                      creators=[Creator(firstName="José", lastName="Muñoz")])
    text = bib.export([item])
    assert "  title = {Caf{\\'e} {LLMs} for Mu{\\~n}oz \\& co.}," in text
    assert "  author = {Mu{\\~n}oz, Jos{\\'e}}," in text


def test_code_links_tags_and_extra_are_kept(bib):
    item = ZoteroItem(itemType="preprint", title="T", tags=[Tag(tag="LLM"), Tag(tag="has-code")],
                      extra="upvotes: 5\ntex.owner: me")
    text = bib.export([item], {0: [("Code (GitHub)", "https://github.com/a/b_c")]})
    lines = text.splitlines()
    assert "  pubstate = {prepublished}," in lines and "  owner = {me}," in lines
    assert "  extra = {upvotes: 5}," in lines and "  keywords = {LLM, has-code}," in lines
    assert "  note = {Code (GitHub): \\url{https://github.com/a/b_c}}," in lines


def test_other_item_types_use_the_inverse_of_the_mapping(bib):
    item = ZoteroItem(itemType="conferencePaper", title="T", proceedingsTitle="Proc. X", place="Paris", pages="1--2")
    lines = bib.export([item]).splitlines()
    assert lines[0].startswith("@inproceedings{") and "  booktitle = {Proc. X}," in lines and "  address = {Paris}," in lines


@pytest.fixture(scope="module")
def large_export() -> str:
    """The 506-entry Zotero export, converted offline as ``zsync convert`` does (issue 16, row 1)."""
    settings = load_settings().model_copy(update={"offline": True})
    text, _, _ = convert_digests([LARGE], settings, SourceRegistry.from_entry_points(), ParseContext(as_of=AS_OF))
    return text


def test_aliases_are_written_as_keys_not_escaped(large_export):
    assert "  ids = {Brandt_2014}," in large_export.splitlines()


def test_combining_accent_is_written_as_latex_not_a_raw_mark(large_export):
    assert "(11{\\=0}0)" in large_export
    assert not [c for c in large_export if unicodedata.combining(c)]


def test_escaped_url_is_written_back_unescaped(large_export):
    assert "  url = {http://journals.cambridge.org/action/displayAbstract?fromPage=online&aid=9209341}," \
        in large_export.splitlines()


def test_subscript_comes_back_as_math(large_export):
    assert "Grown on $\\gamma${-LiAlO}$_{2}$ by" in large_export


def test_math_in_titles_stays_one_math_group(bib, context):
    path = CORPORA / "bibtex/bbt-import/bbt-472-math-markup.bib"
    entries, _ = parse_file(path, context)
    items = [Mapper.from_dirs(default_mapping_dir()).map(e) for e in entries]
    text = bib.export(items)
    assert "$\\mu$" in text and "ensuremath" not in text


def test_philpapers_math_title_stays_math(bib):
    item = ZoteroItem(itemType="journalArticle", title="Cardinal invariants above ≤ω")
    assert "  title = {Cardinal invariants above $\\leq\\omega$}," in bib.export([item]).splitlines()


def test_zotero_bookkeeping_is_not_written(bib):
    item = ZoteroItem(itemType="journalArticle", title="T", dateAdded="2024-01-02T03:04:05Z",
                      dateModified="2024-01-03T03:04:05Z")
    assert bib.export([item]).splitlines() == ["@article{T,", "  title = {T},", "}"]


def test_arxiv_id_and_version_lines_go_to_eprint_not_to_extra(bib):
    text = bib.export([arxiv_item()])
    assert "  eprint = {1810.04805v1}," in text.splitlines() and "extra" not in text


def test_bibtex_dialect_writes_year_month_and_day_and_no_date(bib):
    lines = bib.export([ZoteroItem(itemType="journalArticle", title="T", date="2019-02-05")]).splitlines()
    assert [line for line in lines if re.match(r"  (year|month|day|date) =", line)] == [
        "  year = {2019},", "  month = feb,", "  day = {5},"]


def test_biblatex_dialect_writes_date_and_no_year():
    biblatex = exporter(load_settings(), "biblatex")
    lines = biblatex.export([ZoteroItem(itemType="journalArticle", title="T", date="2019-02-05")]).splitlines()
    assert [line for line in lines if re.match(r"  (year|month|day|date) =", line)] == ["  date = {2019-02-05},"]


def test_convert_takes_the_dialect_option(tmp_path, monkeypatch):
    monkeypatch.setenv("ZSYNC_OFFLINE", "1")
    result = CliRunner().invoke(cli, ["convert", str(CORPORA / "bibtex/bbt-import/bbt-1696-biblatex-online-arxiv-eprint.bib"),
                                      "--dialect", "biblatex", "-o", str(tmp_path / "out.bib")])
    text = (tmp_path / "out.bib").read_text()
    assert result.exit_code == 0 and "  date = {2019-02}," in text.splitlines() and "year =" not in text
