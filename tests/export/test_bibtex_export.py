"""Writing BibTeX: entry types, arXiv fields, stable keys, LaTeX, code links, nothing lost."""

from __future__ import annotations

import pytest

from zsync.config import load_settings
from zsync.export import exporter
from zsync.export.citekeys import assign_keys, generated_key
from zsync.model import Creator, Tag, ZoteroItem


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
    for line in ("  eprint = {1810.04805},", "  archiveprefix = {arXiv},", "  primaryclass = {cs.CL},",
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
