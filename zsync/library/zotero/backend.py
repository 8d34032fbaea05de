"""A Zotero user or group library through the Web API (``users/N``, ``groups/N``).

Reads keep a local copy of the library current with as few requests as the API allows (§2.6
of ``../shared/docs/zotero-api.md``, the team's notes on the Web API beside this repository, not
in it): the first run pages through everything; later runs ask
``items?since=V&format=versions`` with ``If-Modified-Since-Version`` (a 304 ends it there),
fetch only objects whose version differs from the copy, in ``itemKey`` batches, and read
``/deleted?since=V``. The API's ``q`` search cannot find identifiers, so duplicates are found
against this copy, never by a search per entry.

A stored file (a paper's PDF) follows Zotero's file upload protocol: authorisation with the
file's md5, name, size and time (``{"exists": 1}``: the storage has it, nothing is uploaded), the
upload to the storage URL the answer names (without the API key), and registration; the
attachment then carries the md5, which tells a re-run the file is there.

Writes are single POSTs of at most 50 objects with a write token recorded in the journal
(:mod:`zsync.library.zotero.cache`) before they are sent; per-object versions come from
``successful``. Creates carry ``If-Unmodified-Since-Version``: the library version the plan saw.
A 412 means someone wrote since (another member, a person): nothing was written, and the caller
reads what changed and plans again (:class:`~zsync.library.base.LibraryModified`). The copy's
version moves forward after a write only when the write was the library's only change (the new
version is the old one plus one per written object), so nobody else's edit is ever skipped.

A batch whose answer never came stays queued. Only a writing command settles it
(:meth:`ZoteroLibrary.settle`), and never blindly: it is sent again with its own write token and
its own version condition, so it either turns out to have gone through (token used: read back),
goes through now because nobody wrote since, or is dropped because the library moved on (its
entries are then planned again against the library as it is). Read-only commands never send it.
"""

from __future__ import annotations

import hashlib
import logging
import mimetypes
import re
import uuid
from pathlib import Path
from typing import Any, ClassVar, Iterator, Sequence
from urllib.parse import urlsplit

import httpx2
from pyzotero import zotero

from zsync.batches import chunks
from zsync.dedupe.record import BlockingKeys, Record
from zsync.errors import LibraryError
from zsync.library import records
from zsync.library.base import (OUTLINE_QUERY, Access, Library, LibraryModified, Outline, WriteFailure, WriteReport,
                                outline_of)
from zsync.library.status import StatusStore
from zsync.library.zotero.cache import ZoteroCache
from zsync.library.zotero.http import CHECKING_KEY, RetryPolicy, ZoteroHTTP, explain
from zsync.model import ZoteroItem

log = logging.getLogger(__name__)
SPEC = re.compile(r"(users|groups)/(\d+)")
DEFAULT_ENDPOINT = "https://api.zotero.org"
PAGE = 100
KEYS_PER_READ = 50
TOKEN_USED = "Write token already used"
MAX_RACES = 20  # conditional collection creates lost to other writers before giving up


def parse_spec(spec: str) -> tuple[str, int] | None:
    """``"groups/98765"`` → ``("group", 98765)``; ``None`` when ``spec`` is not a Zotero library."""
    m = SPEC.fullmatch(spec.strip("/"))
    return (m[1][:-1], int(m[2])) if m else None


NO_KEY_HINT = ("set ZOTERO_API_KEY, or pass --api-key-file PATH (a file only you can read); "
               "create a key at https://www.zotero.org/settings/keys")


class ZoteroLibrary(Library):
    #: the Web API answers "what changed since V" and ``/deleted``; the desktop app's local API
    #: has no ``/deleted``, so there the version listings are complete and what is missing is gone
    lists_everything: ClassVar[bool] = False

    def __init__(self, kind: str, library_id: int, api_key: str | None, cache_dir, *,
                 endpoint: str = DEFAULT_ENDPOINT, client: httpx2.Client | None = None,
                 policy: RetryPolicy = RetryPolicy(), sleep=None, local: bool = False):
        self.id = f"{kind}s/{library_id}"
        self.has_key = bool(api_key)
        self.zot = zotero.Zotero(library_id, kind, api_key, client=client, local=local)
        self.zot.endpoint = endpoint.rstrip("/")
        self.http = ZoteroHTTP(self.zot, policy, **({"sleep": sleep} if sleep else {}))
        host = re.sub(r"[^\w.-]+", "_", urlsplit(endpoint).netloc or "local")
        self.cache = ZoteroCache(Path(cache_dir) / f"{host}-{kind}s_{library_id}.sqlite")
        self._items_fresh = False
        self._collections_fresh = False

    # -- Library interface -------------------------------------------------------------------
    @property
    def version(self) -> int:
        return self.cache.get_meta("items_version")

    @property
    def status(self) -> StatusStore:
        return self.cache.status

    def items(self) -> Iterator[ZoteroItem]:
        self.refresh()
        for data in self.cache.objects("items"):
            yield ZoteroItem.model_validate(data)

    def outline(self) -> Outline:
        """The copy brought up to date, outlined."""
        self.refresh()
        return outline_of(self.version, self.cache.db.execute(OUTLINE_QUERY))

    def paper_keys(self) -> Iterator[BlockingKeys]:
        self.refresh()
        return records.kept_keys(self.cache.db)

    def records_of(self, keys: list[str]) -> dict[str, Record]:
        return records.records_of(self.cache.db, keys)

    def held(self, key: str) -> ZoteroItem:
        data = self.cache.object("items", key)
        if data is None:
            raise LibraryError(f"{self.id}: item {key} is gone from the local copy", hint="run again")
        return ZoteroItem.model_validate(data)

    def state(self) -> str:
        """The version of the copy brought up to date (one request when nothing changed)."""
        self.refresh()
        return str(self.version)

    def reload(self) -> None:
        self._items_fresh = self._collections_fresh = False

    def lock_file(self, data_dir: Path) -> Path:
        host = re.sub(r"[^\w.-]+", "_", urlsplit(self.zot.endpoint).netloc or "local")
        return data_dir / "locks" / f"{host}-{self.id.replace('/', '_')}.lock"

    def pending(self) -> int:
        return len(self.cache.journal())

    def settle(self) -> int:
        dropped = 0
        for token, path, body, since in self.cache.journal():
            if since is None and not all("key" in o and "version" in o for o in body):
                # neither the batch nor each object carries a version condition: sent again, it could double
                log.warning("%s: dropped a queued batch of %d objects without version conditions", self.id, len(body))
                dropped += 1
            else:  # conditional as a whole, or object by object (ledger pages, updates): safe to send again
                log.info("%s: settling a queued batch of %d objects", self.id, len(body))
                try:
                    response, data = self._send(token, path, body, since)
                except LibraryModified:
                    dropped += 1
                else:
                    self._take_answer(path, body, response, data, self.version if since is None else since)
            self.cache.journal_done(token)
        self.reload()
        return dropped

    def deleted_items(self) -> Iterator[ZoteroItem]:
        self.refresh()
        for data in self.cache.tombstones():
            yield ZoteroItem.model_validate({k: v for k, v in data.items() if k != "deleted"})

    def get(self, keys: Sequence[str]) -> list[ZoteroItem]:
        found = []
        for batch in chunks(keys, KEYS_PER_READ):
            data = [o["data"] for o in self._read_json("/items", {"itemKey": ",".join(batch), "limit": PAGE,
                                                                  "includeTrashed": 1})]
            self.cache.store("items", data)
            found += [ZoteroItem.model_validate(d) for d in data if not d.get("deleted")]
        return found

    def create(self, items: Sequence[ZoteroItem], since: int | None = None) -> WriteReport:
        return self._write_items([item.to_json() for item in items], since)

    def update(self, items: Sequence[ZoteroItem]) -> WriteReport:
        return self._write_items([item.model_dump(exclude_unset=True, exclude_none=True) for item in items], None)

    def collections(self) -> dict[str, tuple[str, str | None]]:
        self.refresh()
        self._refresh_collections()
        return {c["key"]: (c["name"], c.get("parentCollection") or None) for c in self.cache.objects("collections")}

    def collection(self, path: str, create: bool = True) -> str | None:
        """Collections are created on the condition that the library did not change since it was
        read, so two members creating "Daily/2026-11" at once make one collection, not two."""
        for _ in range(MAX_RACES):
            self.refresh()  # reads /deleted: a collection a person deleted is gone from the copy
            self._refresh_collections()
            parent: str | bool = False
            try:
                for name in [part.strip() for part in path.split("/") if part.strip()]:
                    found = next((c["key"] for c in self.cache.objects("collections")
                                  if c["name"] == name and (c.get("parentCollection") or False) == parent), None)
                    if found is None:
                        if not create:
                            return None
                        found = self._create_collection(name, parent)
                    parent = found
            except LibraryModified:
                self.reload()
                continue
            return parent or None
        raise LibraryError(f"{self.id}: the library kept changing while zsync created collection {path!r}",
                           hint="run again")

    def close(self) -> None:
        self.cache.close()
        self.zot.client.close()

    def ready_to_write(self) -> None:
        if not self.has_key:
            raise LibraryError(f"{self.id}: no API key", hint=NO_KEY_HINT)

    # -- reading -----------------------------------------------------------------------------
    def access(self) -> Access:
        """What the API key may do in this library (``/keys/current``): the user library's rights
        if it is the key owner's, else the group's own entry, else the key's rights in all groups."""
        self.ready_to_write()  # without a key there is nothing to ask the server about
        response = self.http.request("GET", "/keys/current", library=False)
        if response.status_code != 200:
            raise explain(response, self.id, CHECKING_KEY)
        info = response.json()
        access = info.get("access", {})
        kind, number = self.id.split("/")
        if kind == "users":
            rights = access.get("user", {}) if int(number) == info.get("userID") else {}
        else:
            groups = access.get("groups", {})
            rights = groups.get(number) or groups.get("all") or {}
        return Access(self.id, self.zot.endpoint, {name: bool(value) for name, value in rights.items()},
                      holder=info.get("username"), user_id=info.get("userID"))

    def refresh(self) -> None:
        """Bring the local copy of the items up to date (once per run, and after :meth:`reload`)."""
        if self._items_fresh:
            return
        since = self.version
        if since == 0:
            self._read_everything()
        else:
            self._read_changes(since)
        self._items_fresh = True

    def _read_everything(self) -> None:
        objects, version = self._pages("/items", {"includeTrashed": 1})
        self.cache.replace_all("items", [o["data"] for o in objects])
        self.cache.set_meta("items_version", version)

    def _read_changes(self, since: int) -> None:
        response, changed, gone = self._changes("/items", since)
        if response is None:
            return
        self.get(changed)  # items trashed since come back with deleted=1, and the cache drops them
        if self.lists_everything:
            self.cache.forget("items", gone)
        else:
            deleted = self._get("/deleted", {"since": since}).json()
            self.cache.forget("items", deleted.get("items", []))
            self.cache.forget("collections", deleted.get("collections", []))
        self.cache.set_meta("items_version", self._version_of(response, since))

    def _changes(self, path: str, since: int) -> tuple[httpx2.Response | None, list[str], list[str]]:
        """What changed at ``path`` since the copy's version ``since``: the answer (``None`` when
        nothing did), the keys to read again, and (complete listings only) the keys now gone."""
        params: dict[str, Any] = {"format": "versions"}
        if not self.lists_everything:
            params["since"] = since
        if path == "/items":
            params["includeTrashed"] = 1  # the trash too: a new member's copy must know the papers people threw away
        response = self._get(path, params, {"If-Modified-Since-Version": str(since)})
        if response.status_code == 304:
            return None, [], []
        listed, known = response.json(), self.cache.versions(path.strip("/"))
        gone = [key for key in known if key not in listed] if self.lists_everything else []
        return response, [key for key, version in listed.items() if known.get(key) != version], gone

    @staticmethod
    def _version_of(response: httpx2.Response, since: int) -> int:
        return int(response.headers.get("Last-Modified-Version") or since)

    def _refresh_collections(self) -> None:
        if self._collections_fresh:
            return
        since = self.cache.get_meta("collections_version")
        if since == 0:
            objects, version = self._pages("/collections", {})
            self.cache.replace_all("collections", [o["data"] for o in objects])
        else:
            response, changed, gone = self._changes("/collections", since)
            version = since
            if response is not None:
                for batch in chunks(changed, KEYS_PER_READ):
                    found = self._read_json("/collections", {"collectionKey": ",".join(batch)})
                    self.cache.store("collections", [o["data"] for o in found])
                self.cache.forget("collections", gone)
                version = self._version_of(response, since)
        self.cache.set_meta("collections_version", version)
        self._collections_fresh = True

    def _pages(self, path: str, params: dict[str, Any]) -> tuple[list[dict[str, Any]], int]:
        """Every object at ``path``, following ``start``; restarts if the library changes meanwhile."""
        for _ in range(3):
            objects: list[dict[str, Any]] = []
            versions: set[str] = set()
            start = 0
            while True:
                response = self._get(path, {**params, "limit": PAGE, "start": start})
                versions.add(response.headers.get("Last-Modified-Version", "0"))
                page = response.json()
                objects += page
                total = int(response.headers.get("Total-Results", len(objects)))
                start += len(page)
                if not page or start >= total:
                    break
            if len(versions) == 1:
                return objects, int(versions.pop())
        raise LibraryError(f"{self.id}: the library kept changing while zsync read it", hint="run again")

    def _read_json(self, path: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        return self._get(path, params).json()

    def _get(self, path: str, params: dict[str, Any], headers: dict[str, str] | None = None) -> httpx2.Response:
        response = self.http.request("GET", path, params=params, headers=headers)
        if response.status_code not in (200, 304):
            raise explain(response, self.id, f"reading {path}")
        return response

    # -- writing -----------------------------------------------------------------------------
    def _post(self, path: str, body: list[dict[str, Any]], since: int | None
              ) -> tuple[httpx2.Response, dict[str, Any] | None]:
        """POST one batch under a new write token, journaled first; ``None`` for the report when
        the token was already used, i.e. the batch went through but its answer was lost."""
        if len(body) > self.max_batch:
            raise LibraryError(f"Cannot add more than {self.max_batch} items at a time")
        token = uuid.uuid4().hex
        self.cache.journal_add(token, path, body, since)
        answer = self._send(token, path, body, since)  # a LibraryError here leaves the batch queued
        self.cache.journal_done(token)
        return answer

    def _send(self, token: str, path: str, body: list[dict[str, Any]], since: int | None
              ) -> tuple[httpx2.Response, dict[str, Any] | None]:
        headers = {"Zotero-Write-Token": token}
        if since is not None:
            headers["If-Unmodified-Since-Version"] = str(since)
        response = self.http.request("POST", path, json=body, headers=headers)
        if response.status_code == 412 and TOKEN_USED in response.text:
            return response, None
        if response.status_code == 412 and since is not None:
            self.cache.journal_done(token)  # refused whole: it can never be written now
            raise LibraryModified(self.id, since)
        if response.status_code != 200:
            self.cache.journal_done(token)  # a final answer: nothing was written
            raise explain(response, self.id, f"writing {len(body)} objects to {path}")
        return response, response.json()

    def _advance(self, before: int, written: int, response: httpx2.Response) -> None:
        """Move the copies' version past our own write, if nobody else wrote in between: then
        the library went from ``before`` to ``before + written`` through this write alone."""
        after = response.headers.get("Last-Modified-Version")
        if not (after and written and int(after) == before + written):
            return
        for meta in ("items_version", "collections_version"):
            if self.cache.get_meta(meta) == before:
                self.cache.set_meta(meta, int(after))

    def _write_items(self, body: list[dict[str, Any]], since: int | None) -> WriteReport:
        if not body:
            return WriteReport(version=since)
        before = self.version
        response, data = self._post("/items", body, since)
        return self._take_answer("/items", body, response, data, before)

    def _take_answer(self, path: str, body: list[dict[str, Any]], response: httpx2.Response,
                     data: dict[str, Any] | None, before: int) -> WriteReport:
        """What a write did, from its answer (or read back when the answer was lost), kept in the copy."""
        if path == "/collections":
            created = [o["data"] for o in (data or {}).get("successful", {}).values()]
            self.cache.store("collections", created)
            self._advance(before, len(created), response)
            return WriteReport()
        if data is None:
            return self._reconcile(body)
        report = WriteReport(
            successful={int(i): ZoteroItem.model_validate(o["data"]) for i, o in data.get("successful", {}).items()},
            unchanged={int(i): key for i, key in data.get("unchanged", {}).items()},
            failed={int(i): WriteFailure(f.get("code", 0), f.get("message", ""), f.get("key"))
                    for i, f in data.get("failed", {}).items()},
            version=int(response.headers["Last-Modified-Version"]) if "Last-Modified-Version" in response.headers else None,
        )
        # servers before per-object results answer with the "success" index -> key map only
        bare = {int(i): key for i, key in data.get("success", {}).items() if int(i) not in report.successful}
        if bare:
            current = {item.key: item for item in self.get(list(bare.values()))}
            report.successful.update({i: current[key] for i, key in bare.items() if key in current})
        self.cache.store("items", [item.to_json() for item in report.successful.values()])
        self._advance(before, len(report.successful), response)
        return report

    def store_file(self, key: str, content: bytes, filename: str, mtime: int) -> None:
        before = self.version
        path = f"/items/{key}/file"
        doing = f"storing {filename} ({len(content):,} bytes)"
        md5 = hashlib.md5(content).hexdigest()
        kind = mimetypes.guess_type(filename)[0] or "application/octet-stream"
        form = {"md5": md5, "filename": filename, "filesize": str(len(content)), "mtime": str(mtime),
                "contentType": kind, "params": "1"}
        response = self.http.request("POST", path, data=form, headers={"If-None-Match": "*"})
        if response.status_code == 413:
            raise LibraryError(f"{self.id}: {doing}: the library's file storage is full (413 {response.text.strip()[:200]})",
                               hint="free some storage (or get more) at https://www.zotero.org/storage, or use --pdf link")
        if response.status_code == 412:  # someone stored a file there meanwhile: theirs stays
            return
        if response.status_code != 200:
            raise explain(response, self.id, doing)
        answer = response.json()
        if not answer.get("exists"):
            sent = self.http.request("POST", answer["url"], data=answer.get("params", {}), bare=True,
                                     files={"file": (filename, content, kind)},
                                     headers=self._upload_headers())
            if sent.status_code not in (200, 201, 204):
                raise LibraryError(f"{self.id}: {doing}: the storage server refused the upload "
                                   f"({sent.status_code} {sent.text.strip()[:200]})", hint="run again later")
            response = self.http.request("POST", path, data={"upload": answer["uploadKey"]},
                                         headers={"If-None-Match": "*"})
            if response.status_code != 204:
                raise explain(response, self.id, f"{doing}: registering the upload")
        data = self.cache.item(key)
        if data is not None and "Last-Modified-Version" in response.headers:
            data.update(md5=md5, mtime=mtime, filename=filename, version=int(response.headers["Last-Modified-Version"]))
            self.cache.store("items", [data])
        self._advance(before, 1, response)

    def _upload_headers(self) -> dict[str, str]:
        """Headers for the storage server: none for the Web API's (S3 wants no Zotero key)."""
        return {}

    def _create_collection(self, name: str, parent: str | bool) -> str:
        before = self.version
        response, data = self._post("/collections", [{"name": name, "parentCollection": parent}], before)
        created = (data or {}).get("successful", {}).get("0")
        if created is None:
            failure = (data or {}).get("failed", {}).get("0", {}).get("message", "the answer was lost; run again")
            raise LibraryError(f"{self.id}: cannot create collection {name!r}: {failure}")
        self._take_answer("/collections", [], response, data, before)
        return created["key"]

    def _reconcile(self, body: list[dict[str, Any]]) -> WriteReport:
        """The batch went through but its answer was lost: read back what it wrote."""
        log.info("%s: write token already used; reading the batch back", self.id)
        found = {item.key: item for item in self.get([o["key"] for o in body if o.get("key")])}
        report = WriteReport()
        for index, obj in enumerate(body):
            if obj.get("key") in found:
                report.successful[index] = found[obj["key"]]
            else:
                report.failed[index] = WriteFailure(
                    0, "the server's answer was lost and the object is not in the library", obj.get("key"))
        return report
