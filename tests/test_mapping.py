"""Entries to Zotero items through mappings/*.toml."""

from __future__ import annotations

import json
import re

import pytest

from conftest import ABSTRACT_LIST, CORPORA, HF_PAGE
from helpers import parse_file
from zsync.errors import ConfigError
from zsync.config import default_mapping_dir
from zsync.mapping import Mapper
from zsync.model import Entry, Location, Person
from zsync.schema import ZoteroSchema


@pytest.fixture
def mapper() -> Mapper:
    return Mapper.from_dirs(default_mapping_dir())


def translator_preprints():
    cases = json.loads((CORPORA / "translators/arxiv_testcases.json").read_text())
    return [item for case in cases if isinstance(case.get("items"), list)
            for item in case["items"] if item["itemType"] == "preprint"]


def entry_from_translator_item(item: dict) -> Entry:
    m = re.match(r"arXiv:(\S+)(?: \[(\S+)\])?(?:\nversion: (\d+))?", item["extra"])
    return Entry(
        format="test", location=Location(path="t"), title=item["title"], abstract=item["abstractNote"],
        authors=[Person(first=c["firstName"], last=c["lastName"]) for c in item["creators"]],
        date=item["date"], arxiv_id=m[1], arxiv_category=m[2], arxiv_version=int(m[3]) if m[3] else None,
    )


@pytest.mark.parametrize("expected", translator_preprints(), ids=lambda item: item["archiveID"])
def test_arxiv_entry_takes_the_arxiv_translators_shape(mapper, expected):
    item = mapper.map(entry_from_translator_item(expected)).to_json()
    for field in ("itemType", "title", "abstractNote", "date", "DOI", "archiveID", "repository", "url",
                  "libraryCatalog", "creators"):
        assert item[field] == expected[field], field
    assert item["extra"].startswith(expected["extra"] + "\n")


def test_entry_without_arxiv_id_is_still_a_preprint_with_what_is_known(mapper, context):
    entries, _ = parse_file(HF_PAGE, context)
    item = mapper.map(entries[1]).to_json()
    assert item["itemType"] == "preprint"
    assert {"DOI", "archiveID", "repository", "url"}.isdisjoint(item)
    assert item["date"] == "2024-06-12"


def test_digest_facts_without_a_zotero_field_go_to_extra(mapper, context):
    entries, _ = parse_file(HF_PAGE, context)
    magpie = mapper.map(entries[1])
    assert magpie.get("extra").splitlines() == ["upvotes: 5", "number of authors: 7", "digest: hf-papers-text"]


def test_unmapped_facts_are_not_lost(mapper):
    entry = Entry(format="x", location=Location(path="t"), title="T", facts={"submitted by": "someone"})
    assert "submitted by: someone" in mapper.map(entry).get("extra").splitlines()


def test_provisional_title_is_flagged_in_tags_and_extra(mapper, context):
    entries, _ = parse_file(ABSTRACT_LIST, context)
    item = mapper.map(entries[0])
    assert "zsync:needs-title" in item.tag_names()
    assert item.get("extra").startswith("zsync: the digest gave no title")


def test_every_seed_item_is_schema_valid(mapper, context):
    schema = ZoteroSchema.bundled()
    for path in (HF_PAGE, ABSTRACT_LIST):
        entries, _ = parse_file(path, context)
        for entry in entries:
            assert schema.problems(mapper.map(entry)) == [], entry.location


def test_mapping_with_a_field_the_type_lacks_is_refused_naming_file_and_field(tmp_path):
    (tmp_path / "bad.toml").write_text('name = "bad"\nitem_type = "preprint"\n[fields]\npublicationTitle = "{title}"\n')
    with pytest.raises(ConfigError, match="bad.toml: invalid mapping") as info:
        Mapper.from_dirs(tmp_path)
    assert info.value.problems == ("fields.publicationTitle: not a field of 'preprint'",)


def test_mapping_with_an_unknown_key_is_refused(tmp_path):
    (tmp_path / "bad.toml").write_text('name = "bad"\nitem_type = "preprint"\nfeilds = {}\n')
    with pytest.raises(ConfigError) as info:
        Mapper.from_dirs(tmp_path)
    assert info.value.problems == ("line 3: feilds: Extra inputs are not permitted; allowed: name, description, "
                                   "priority, when, item_type, fields, creators, extra, tags, fill_same_name",)


def test_mapping_template_alternatives_take_the_first_that_can_be_filled(mapper):
    entry = Entry(format="x", location=Location(path="t"), title="T", arxiv_id="2401.00001")
    assert mapper.map(entry).get("extra").splitlines()[0] == "arXiv:2401.00001"


def test_user_mapping_dir_overrides_a_shipped_mapping_by_name(tmp_path):
    (tmp_path / "preprint.toml").write_text(
        'name = "preprint"\nitem_type = "journalArticle"\n[fields]\ntitle = "{title}"\n')
    mapper = Mapper.from_dirs(default_mapping_dir(), tmp_path)
    entry = Entry(format="x", location=Location(path="t"), title="T")
    assert mapper.map(entry).itemType == "journalArticle"
