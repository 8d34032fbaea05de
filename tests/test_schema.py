"""The bundled Zotero schema and item validation."""

from __future__ import annotations

import json

from conftest import CORPORA
from zsync.model import Creator, ZoteroItem
from zsync.schema import ZoteroSchema


def test_bundled_schema_matches_the_official_one():
    official = json.loads((CORPORA / "zotero-schema/schema.json").read_text())
    bundled = ZoteroSchema.bundled()
    assert bundled.version == official["version"]
    assert bundled.types == {t["itemType"]: t for t in official["itemTypes"]}


def test_schema_refuses_unknown_item_type():
    assert ZoteroSchema.bundled().problems({"itemType": "paper"}) == ["'paper' is not a valid itemType"]


def test_schema_refuses_field_of_another_type():
    item = ZoteroItem(itemType="preprint", publisher="arXiv")
    assert ZoteroSchema.bundled().problems(item) == ["'publisher' is not a valid field for type 'preprint'"]


def test_schema_accepts_author_on_every_type_but_checks_other_creator_types():
    schema = ZoteroSchema.bundled()
    assert schema.problems(ZoteroItem(itemType="webpage", creators=[Creator(creatorType="author", name="X")])) == []
    assert schema.problems(ZoteroItem(itemType="preprint", creators=[Creator(creatorType="director", name="X")])) == [
        "'director' is not a valid creator type for item type 'preprint'"]


def test_schema_accepts_linked_url_attachment_template():
    item = {"itemType": "attachment", "linkMode": "linked_url", "title": "", "accessDate": "", "url": "",
            "note": "", "tags": [], "collections": [], "relations": {}, "contentType": "", "charset": "",
            "parentItem": "ABCD2345"}
    assert ZoteroSchema.bundled().problems(item) == []


def test_schema_knows_base_fields():
    schema = ZoteroSchema.bundled()
    assert schema.base_field("preprint", "repository") == "publisher"
    assert schema.field_for_base("preprint", "number") == "archiveID"
