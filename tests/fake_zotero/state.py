"""The fake Zotero server's libraries: versions, items, collections, deletions, write rules.

The rules follow ``shared/docs/zotero-api.md`` (sections cited as §n): per-object versions in a
batch (§0.4), version 0 to create under a client key (§1.2, §1.4), 428 for keyed writes with no
version (§0.2), PATCH semantics for POST updates (§1.6), parent and collection checks (§1.7),
schema validation (§1.2), the write report with string indexes (§1.3).
"""

from __future__ import annotations

import copy
import json
import re
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SHARED = Path(__file__).resolve().parents[3] / "shared"
KEY_RE = re.compile(r"^[23456789ABCDEFGHIJKLMNPQRSTUVWXYZ]{8}$")
STRUCTURAL = {"key", "version", "itemType", "creators", "tags", "collections", "relations", "parentItem",
              "dateAdded", "dateModified", "deleted", "inPublications"}
ATTACHMENT = {"linkMode", "contentType", "charset", "filename", "md5", "mtime", "path", "note"}


def load_schema() -> dict[str, Any]:
    data = json.loads((SHARED / "corpora/zotero-schema/schema.json").read_text())
    return {t["itemType"]: t for t in data["itemTypes"]}


SCHEMA = load_schema()


class ObjectError(Exception):
    def __init__(self, code: int, message: str, data: dict | None = None):
        super().__init__(message)
        self.code, self.message, self.data = code, message, data


@dataclass
class FakeLibrary:
    kind: str  # "user" or "group"
    id: int
    name: str = "fake library"
    version: int = 0
    items: dict[str, dict[str, Any]] = field(default_factory=dict)  # key -> data (incl. version)
    collections: dict[str, dict[str, Any]] = field(default_factory=dict)
    deleted_items: dict[str, int] = field(default_factory=dict)  # key -> library version at deletion
    deleted_collections: dict[str, int] = field(default_factory=dict)
    exact_versions: bool = False  # the local API: an object's version must equal the stored one (§6)

    @property
    def prefix(self) -> str:
        return f"/{self.kind}s/{self.id}"

    # -- reads -------------------------------------------------------------------------------
    def children(self) -> Counter[str]:
        """How many child items each item has (``meta.numChildren``)."""
        return Counter(i["parentItem"] for i in self.items.values() if i.get("parentItem"))

    def envelope(self, data: dict[str, Any], base: str, kind: str = "items",
                 children: Counter[str] | None = None) -> dict[str, Any]:
        """The API's wrapping of one object; ``children`` (from :meth:`children`) once per page,
        so that a page of a large library costs one pass over it, not one per item."""
        meta: dict[str, Any] = {}
        if kind == "items" and data["itemType"] not in ("note", "attachment", "annotation"):
            counts = self.children() if children is None else children
            meta = {"creatorSummary": ", ".join(c.get("lastName") or c.get("name", "") for c in data.get("creators", [])[:2]),
                    "numChildren": counts[data["key"]]}
            if data.get("date"):
                meta["parsedDate"] = data["date"]
        elif kind == "collections":
            meta = {"numCollections": 0, "numItems": 0}
        links = {"self": {"href": f"{base}{self.prefix}/{kind}/{data['key']}", "type": "application/json"},
                 "alternate": {"href": f"https://www.zotero.org{self.prefix}/{kind}/{data['key']}", "type": "text/html"}}
        if data.get("parentItem"):
            links["up"] = {"href": f"{base}{self.prefix}/items/{data['parentItem']}", "type": "application/json"}
        return {"key": data["key"], "version": data["version"],
                "library": {"type": self.kind, "id": self.id, "name": self.name,
                            "links": {"alternate": {"href": f"https://www.zotero.org{self.prefix}", "type": "text/html"}}},
                "links": links, "meta": meta, "data": copy.deepcopy(data)}

    # -- writes ------------------------------------------------------------------------------
    def write_items(self, objects: list[Any], header_version: int | None) -> dict[str, Any]:
        report: dict[str, Any] = {"successful": {}, "success": {}, "unchanged": {}, "failed": {}}
        for index, obj in enumerate(objects):
            i = str(index)
            try:
                if not isinstance(obj, dict):
                    raise ObjectError(400, f"Invalid value for index {index} in uploaded data; expected JSON item object")
                outcome, data = self._write_item(obj, header_version)
            except ObjectError as err:
                failure = {"code": err.code, "message": err.message}
                if isinstance(obj, dict) and obj.get("key"):
                    failure = {"key": obj["key"], **failure}
                if err.data:
                    failure["data"] = err.data
                report["failed"][i] = failure
                continue
            if outcome == "unchanged":
                report["unchanged"][i] = data["key"]
            else:
                report["successful"][i] = data
                report["success"][i] = data["key"]
        return report

    def _write_item(self, obj: dict[str, Any], header_version: int | None) -> tuple[str, dict[str, Any]]:
        obj = dict(obj.get("data", obj)) if "data" in obj and isinstance(obj.get("data"), dict) else dict(obj)
        key = obj.get("key")
        if "version" in obj and not key:
            raise ObjectError(400, "'version' is valid only if item key is provided")
        if key is not None and not KEY_RE.match(str(key)):
            raise ObjectError(400, f"'{key}' is not a valid item key")
        existing = self.items.get(key) if key else None
        if key and "version" not in obj and header_version is None:
            raise ObjectError(428, "Either If-Unmodified-Since-Version or 'version' property must be provided "
                                   "for 'key'-based writes")
        version = obj.pop("version", None)
        if existing is None:
            if key and version not in (None, 0):
                raise ObjectError(404, f"Item doesn't exist (expected version {version}; use 0 instead)")
            data = self._validated({**obj, "key": key or self._new_key()}, creating=True)
        else:
            stale = version != existing["version"] if self.exact_versions else version < existing["version"]
            if version is not None and (version == 0 or stale):
                raise ObjectError(412, f"Item has been modified since specified version "
                                       f"(expected {version}, found {existing['version']})")
            merged = {**{k: v for k, v in existing.items() if k != "version"}, **obj}
            data = self._validated(merged, creating=False)
            if {k: v for k, v in data.items() if k not in ("version", "dateModified")} == \
               {k: v for k, v in existing.items() if k not in ("version", "dateModified")}:
                return "unchanged", existing
        self.version += 1
        stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        data["version"] = self.version
        data.setdefault("dateAdded", existing["dateAdded"] if existing else stamp)
        data["dateModified"] = stamp
        self.items[data["key"]] = data
        self.deleted_items.pop(data["key"], None)
        return "successful", copy.deepcopy(data)

    def _new_key(self) -> str:
        import secrets
        return "".join(secrets.choice("23456789ABCDEFGHIJKLMNPQRSTUVWXYZ") for _ in range(8))

    def _validated(self, data: dict[str, Any], creating: bool) -> dict[str, Any]:
        item_type = data.get("itemType")
        if item_type not in SCHEMA:
            raise ObjectError(400, f"'{item_type}' is not a valid itemType")
        fields = {f["field"] for f in SCHEMA[item_type]["fields"]}
        allowed = fields | STRUCTURAL | (ATTACHMENT if item_type == "attachment" else set()) | (
            {"note"} if item_type == "note" else set())
        for name, value in data.items():
            if name not in allowed:
                if value in ("", None, False):
                    continue
                if any(name == f["field"] for t in SCHEMA.values() for f in t["fields"]):
                    raise ObjectError(400, f"'{name}' is not a valid field for type '{item_type}'")
                raise ObjectError(400, f"Invalid property '{name}'")
            if isinstance(value, str) and len(value.encode()) > 65535:
                raise ObjectError(413, f"Field '{name}' too long", {"field": name, "value": value[:50]})
        if item_type == "attachment":
            if data.get("linkMode") not in ("imported_file", "imported_url", "linked_file", "linked_url", "embedded_image"):
                raise ObjectError(400, "'linkMode' property not provided")
            if data.get("linkMode") == "linked_url" and any(data.get(k) for k in ("filename", "md5", "mtime")):
                raise ObjectError(400, "'filename' is valid only for imported and embedded-image attachments")
        creator_types = {c["creatorType"] for c in SCHEMA[item_type]["creatorTypes"]} | {"author"}
        for creator in data.get("creators", []) or []:
            if creator.get("creatorType") not in creator_types:
                raise ObjectError(400, f"'{creator.get('creatorType')}' is not a valid creator type for item type '{item_type}'")
        for tag in data.get("tags", []) or []:
            if set(tag) - {"tag", "type"}:
                raise ObjectError(400, f"Invalid tag property '{sorted(set(tag) - {'tag', 'type'})[0]}'")
            if len(tag.get("tag", "")) > 255:
                raise ObjectError(413, "Tag too long", {"tag": tag["tag"]})
        parent = data.get("parentItem")
        if parent:
            if item_type not in ("note", "attachment", "annotation"):
                raise ObjectError(400, "Child item must be note, attachment, or annotation")
            if parent not in self.items:
                raise ObjectError(409, f"Parent item {parent} not found", {"parentItem": parent})
            if self.items[parent]["itemType"] in ("note", "attachment"):
                raise ObjectError(409, "Parent item cannot be a note or attachment")
            if data.get("collections"):
                raise ObjectError(400, "Child items cannot be assigned to collections")
        for collection in data.get("collections", []) or []:
            if collection not in self.collections:
                raise ObjectError(409, f"Collection {collection} not found", {"collection": collection})
        data.setdefault("tags", [])
        data.setdefault("relations", {})
        if not parent:
            data.setdefault("collections", [])
        if item_type not in ("note", "attachment", "annotation"):
            data.setdefault("creators", [])
        return data

    def write_collections(self, objects: list[Any]) -> dict[str, Any]:
        report: dict[str, Any] = {"successful": {}, "success": {}, "unchanged": {}, "failed": {}}
        for index, obj in enumerate(objects):
            name = obj.get("name") if isinstance(obj, dict) else None
            parent = obj.get("parentCollection") or False
            if not name:
                report["failed"][str(index)] = {"code": 400, "message": "Collection name cannot be empty"}
                continue
            if len(name) > 255:
                report["failed"][str(index)] = {"code": 413, "message": "Collection name too long"}
                continue
            if parent and parent not in self.collections:
                report["failed"][str(index)] = {"code": 409, "message": f"Parent collection {parent} not found"}
                continue
            key = obj.get("key") or self._new_key()
            self.version += 1
            data = {"key": key, "version": self.version, "name": name, "parentCollection": parent, "relations": {}}
            self.collections[key] = data
            report["successful"][str(index)] = data
            report["success"][str(index)] = key
        return report

    def store_file(self, key: str, upload: "Upload") -> None:
        """Registering an upload (or an ``exists`` answer) sets the attachment's file properties."""
        data = self.items[key]
        self.version += 1
        data.update(md5=upload.md5, mtime=upload.mtime, filename=upload.filename, version=self.version,
                    dateModified=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))

    def delete_item(self, key: str) -> None:
        self.version += 1
        for child in [k for k, v in self.items.items() if v.get("parentItem") == key]:
            del self.items[child]
            self.deleted_items[child] = self.version
        del self.items[key]
        self.deleted_items[key] = self.version


@dataclass
class LocalApi:
    """The desktop app's local API (Zotero 10, §6): how this instance behaves.

    ``authorize`` is what the person clicks when Zotero asks: "always" (a key to keep), "once"
    (a key for one write), "deny". ``enabled=False`` is the setting switched off (403 to
    everything); ``server_ids=False`` is a Zotero too old for local writes (no header, writes 501).
    """

    server_id: str = "FAKESRVID001"
    enabled: bool = True
    server_ids: bool = True
    terse: bool = False  # the server ID on answers with a body only (none on 204 and 304), as a terser server might
    authorize: str = "always"
    keys: dict[str, bool] = field(default_factory=dict)  # granted key -> remembered (False: one write)
    prompts: list[float] = field(default_factory=list)  # when Zotero showed the dialog

    def grant(self) -> tuple[int, dict[str, Any]]:
        """Answer ``POST /api/local/authorize`` the way the person's click decides; at most 5 a minute."""
        import secrets
        now = time.time()
        if len([t for t in self.prompts if now - t < 60]) >= 5:
            return 429, {}
        self.prompts.append(now)
        if self.authorize == "deny":
            return 403, {"denied": True}
        key = secrets.token_hex(16)
        self.keys[key] = self.authorize == "always"
        return 200, {"key": key, "remember": self.authorize == "always"}


@dataclass
class Upload:
    """A file upload authorised for an attachment and waiting for its bytes, then registration."""

    item_key: str
    md5: str
    filename: str
    filesize: int
    mtime: int
    received: bool = False


@dataclass
class ApiKey:
    key: str
    user_id: int
    username: str = "zsync-test"
    user_access: dict[str, bool] = field(default_factory=lambda: {"library": True, "files": True, "notes": True, "write": True})
    groups: dict[str, dict[str, bool]] = field(default_factory=lambda: {"all": {"library": True, "write": True}})

    def can(self, library: FakeLibrary, write: bool) -> bool:
        if library.kind == "user":
            return library.id == self.user_id and self.user_access.get("write" if write else "library", False)
        access = self.groups.get(str(library.id)) or self.groups.get("all") or {}
        return access.get("write" if write else "library", False)

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "userID": self.user_id, "username": self.username, "displayName": self.username,
                "access": {"user": self.user_access, "groups": self.groups}}


@dataclass
class Fault:
    """A scripted misbehaviour for the next matching request."""

    method: str
    path: str  # regular expression searched in the request path
    status: int = 0  # answer with this status instead of handling the request
    headers: dict[str, str] = field(default_factory=dict)
    body: str = ""
    drop_after_commit: bool = False  # handle the request, then close the connection unanswered
    delay: float = 0.0  # seconds to wait before answering
    times: int = 1


class ServerState:
    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.libraries: dict[str, FakeLibrary] = {}
        self.keys: dict[str, ApiKey] = {}
        self.tokens: dict[tuple[str, str], float] = {}  # (api key, token) -> time used
        self.faults: list[Fault] = []
        self.log: list[dict[str, Any]] = []
        self.backoff: str | None = None  # a Backoff header to send on every response
        self.write_delay: tuple[float, float] | None = None  # seconds (low, high) every write waits, as on a busy server
        self.local: LocalApi | None = None  # set: this server is a desktop app's local API, at /api
        self.files: dict[str, bytes] = {}  # md5 -> stored file (the storage server, or the app's storage)
        self.uploads: dict[str, Upload] = {}  # upload key -> authorised upload
        self.quota: int | None = None  # bytes of file storage; beyond it an upload is refused with 413

    def serve_local(self, **kw: Any) -> LocalApi:
        """Behave as the Zotero desktop app's local API, with the person's own library as users/0."""
        self.local = LocalApi(**kw)
        if "/users/0" not in self.libraries:
            self.add_library("user", 0, "My Library")
        for library in self.libraries.values():
            library.exact_versions = True
        return self.local

    def add_library(self, kind: str, library_id: int, name: str = "fake library") -> FakeLibrary:
        library = FakeLibrary(kind, library_id, name)
        self.libraries[library.prefix] = library
        return library

    def add_key(self, key: str, user_id: int, **kw: Any) -> ApiKey:
        api_key = ApiKey(key, user_id, **kw)
        self.keys[key] = api_key
        return api_key

    def next_fault(self, method: str, path: str) -> Fault | None:
        for fault in self.faults:
            if fault.method == method and re.search(fault.path, path):
                fault.times -= 1
                if fault.times <= 0:
                    self.faults.remove(fault)
                return fault
        return None

    def requests(self, method: str | None = None, path: str = "") -> list[dict[str, Any]]:
        return [r for r in self.log if (method is None or r["method"] == method) and re.search(path, r["path"])]
