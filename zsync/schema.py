"""The official Zotero schema (``zsync/data/zotero-schema.json``) and item validation.

The bundled file is the ``itemTypes`` and ``meta`` part of Zotero's ``schema.json`` (version in
:attr:`ZoteroSchema.version`); a test checks it against the copy in the shared corpora. Every item
zsync writes passes :meth:`ZoteroSchema.problems` first, so a bad mapping is caught here with a
clear message instead of as a per-object 400 from the server.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any

from zsync.model import ZoteroItem

#: properties of item JSON that are not schema fields (Zotero Web API, "Item JSON")
STRUCTURAL = {
    "key", "version", "itemType", "creators", "tags", "collections", "relations", "parentItem",
    "dateAdded", "dateModified", "deleted", "inPublications",
}
ATTACHMENT_PROPERTIES = {"linkMode", "contentType", "charset", "filename", "md5", "mtime", "path", "note"}
LINK_MODES = {"imported_file", "imported_url", "linked_file", "linked_url", "embedded_image"}
FIELD_MAX_BYTES = 65_535


class ZoteroSchema:
    def __init__(self, data: dict[str, Any]):
        self.version: int = data["version"]
        self.types: dict[str, dict[str, Any]] = {t["itemType"]: t for t in data["itemTypes"]}

    @classmethod
    @cache
    def bundled(cls) -> "ZoteroSchema":
        return cls(json.loads(files("zsync").joinpath("data/zotero-schema.json").read_text("utf-8")))

    def fields(self, item_type: str) -> list[str]:
        return [f["field"] for f in self.types[item_type]["fields"]]

    def base_field(self, item_type: str, field: str) -> str:
        """The base field a type-specific field maps to (``repository`` → ``publisher``)."""
        for f in self.types[item_type]["fields"]:
            if f["field"] == field:
                return f.get("baseField", field)
        return field

    def field_for_base(self, item_type: str, base: str) -> str | None:
        """The inverse of :meth:`base_field`: which field of ``item_type`` holds ``base``."""
        for f in self.types[item_type]["fields"]:
            if f.get("baseField", f["field"]) == base:
                return f["field"]
        return None

    def creator_types(self, item_type: str) -> list[str]:
        return [c["creatorType"] for c in self.types[item_type]["creatorTypes"]]

    def problems(self, item: ZoteroItem | dict[str, Any]) -> list[str]:
        """Everything in ``item`` the Zotero server would refuse, as readable sentences."""
        data = item.to_json() if isinstance(item, ZoteroItem) else item
        item_type = data.get("itemType")
        if item_type not in self.types:
            return [f"'{item_type}' is not a valid itemType"]
        allowed = set(self.fields(item_type)) | STRUCTURAL
        if item_type == "attachment":
            allowed |= ATTACHMENT_PROPERTIES
        if item_type == "note":
            allowed.add("note")
        problems = []
        for name, value in data.items():
            if name not in allowed and value not in ("", None):
                problems.append(f"'{name}' is not a valid field for type '{item_type}'")
            elif name not in STRUCTURAL and isinstance(value, str) and len(value.encode()) > FIELD_MAX_BYTES:
                problems.append(f"'{name}' is longer than {FIELD_MAX_BYTES} bytes")
        if item_type == "attachment" and data.get("linkMode") not in LINK_MODES:
            problems.append(f"attachment linkMode must be one of {sorted(LINK_MODES)}")
        if data.get("parentItem") and item_type not in ("attachment", "note", "annotation"):
            problems.append("Child item must be note, attachment, or annotation")
        creator_types = set(self.creator_types(item_type)) | {"author"}  # author is valid everywhere
        for creator in data.get("creators", []):
            kind = creator.get("creatorType")
            if kind not in creator_types:
                problems.append(f"'{kind}' is not a valid creator type for item type '{item_type}'")
            if "name" in creator and ("firstName" in creator or "lastName" in creator):
                problems.append("a creator has both 'name' and 'firstName'/'lastName'")
        for tag in data.get("tags", []):
            if not tag.get("tag") or len(tag["tag"]) > 255:
                problems.append(f"tag {tag.get('tag')!r} must be 1 to 255 characters")
        return problems
