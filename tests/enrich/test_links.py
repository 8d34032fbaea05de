"""Code links from abstracts, as linked-URL attachments."""

from __future__ import annotations

import pytest

from conftest import ABSTRACT_LIST, HF_PAGE
from helpers import parse_file
from zsync.enrich.links import LinkFinder, clean_url, find_urls, link_attachment
from zsync.config import default_mapping_dir
from zsync.schema import ZoteroSchema

SEED_000_LINKS = [
    ("Code (GitHub)", "https://github.com/Jason-Qiu/EEG_Language_Alignment"),
    ("Project page", "https://lezhang7.github.io/sail.github.io/"),
    ("Code (GitHub)", "https://github.com/Ola-Omni/Ola"),
    ("Code (GitHub)", "https://github.com/thu-ml/CCA"),
    ("Code (GitHub)", "https://github.com/Alpha-VLLM/LLaMA2-Accessory"),
    ("Code (GitHub)", "https://github.com/luping-liu/LongAlign"),
    ("Code (GitHub)", "https://github.com/SHI-Labs/Diffusion-Driven-Test-Time-Adaptation-via-Synthetic-Domain-Alignment"),
    ("Code (GitHub)", "https://github.com/mshukor/ima-lmms"),
    ("Code (GitHub)", "https://github.com/SaFoLab-WISC/PRISM"),
    ("Code (GitHub)", "https://github.com/kangyangWHU/LLMAlignment"),
    ("Project page", "https://sites.google.com/view/pearl-preference"),
    ("Project page", "https://huangtiansheng.github.io/Antidote_gh_page/"),
    ("Code (GitHub)", "https://github.com/BiomedSciAI/biomed-multi-alignment"),
    ("Model (Hugging Face)", "https://huggingface.co/ibm/biomed.omics.bl.sm.ma-ted-458m"),
    ("Project page", "https://realerasing.github.io/RealEra/"),
    ("Code (GitHub)", "https://github.com/AIGeeksGroup/DOEI"),
]
SEED_004_LINKS = [("Code (GitHub)", "https://github.com/shuhao02/RouterDC"),
                  ("Code (GitHub)", "https://github.com/nblt/MEHL-Soup")]


@pytest.fixture
def finder() -> LinkFinder:
    return LinkFinder.from_file(default_mapping_dir() / "code-links.toml")


@pytest.mark.parametrize("path, expected", [(HF_PAGE, SEED_000_LINKS), (ABSTRACT_LIST, SEED_004_LINKS)])
def test_seed_code_links_are_exact(finder, context, path, expected):
    entries, _ = parse_file(path, context)
    assert [link for entry in entries for link in finder.links(entry)] == expected


@pytest.mark.parametrize("raw, clean", [
    ("https://github.com/thu-ml/CCA.", "https://github.com/thu-ml/CCA"),
    ("https://github.com/a/b),", "https://github.com/a/b"),
    ("https://en.wikipedia.org/wiki/Foo_(bar)", "https://en.wikipedia.org/wiki/Foo_(bar)"),
    ("https://example.org/x;", "https://example.org/x"),
])
def test_sentence_punctuation_is_not_part_of_a_url(raw, clean):
    assert clean_url(raw) == clean


def test_urls_in_parentheses_are_found_without_the_bracket():
    assert find_urls("code (see https://gitlab.com/g/p).") == ["https://gitlab.com/g/p"]


@pytest.mark.parametrize("url, title", [
    ("https://gitlab.com/g/p", "Code (GitLab)"),
    ("https://bitbucket.org/t/r", "Code (Bitbucket)"),
    ("https://huggingface.co/datasets/org/d", "Dataset (Hugging Face)"),
    ("https://huggingface.co/spaces/org/demo", "Demo (Hugging Face)"),
    ("https://arxiv.org/abs/2401.00001", None),
    ("https://doi.org/10.1000/x", None),
])
def test_link_kinds_come_from_the_rules(finder, url, title):
    assert finder.title_for(url) == title


def test_link_attachment_is_a_valid_linked_url_child():
    item = link_attachment("Code (GitHub)", "https://github.com/a/b", "ABCD2345")
    assert item.to_json()["linkMode"] == "linked_url"
    assert ZoteroSchema.bundled().problems(item) == []
