"""A Zotero user or group library through the Web API (``users/N``, ``groups/N``).

Reads keep a local copy of the library current with as few requests as the API allows (§2.6
of ``shared/docs/zotero-api.md``): the first run pages through everything; later runs ask
``items?since=V&format=versions`` with ``If-Modified-Since-Version`` (a 304 ends it there),
fetch only objects whose version differs from the copy, in ``itemKey`` batches, and read
``/deleted?since=V``. The API's ``q`` search cannot find identifiers, so duplicates are found
against this copy, never by a search per entry.

Writes are single POSTs of at most 50 objects with a stable write token from the journal
(:mod:`zsync.library.zotero.cache`); per-object versions come from ``successful``. The copy's
version moves forward after a write only when the write was the library's only change (the new
version is the old one plus one per written object), so nobody else's edit is ever skipped.
"""

from __future__ import annotations

import logging
import re
import uuid
from typing import Any, Iterator, Sequence
from urllib.parse import urlsplit

import httpx2
from pyzotero import zotero

from zsync.batches import chunks
from zsync.errors import LibraryError
from zsync.library.base import Library, WriteFailure, WriteReport
from zsync.library.status import StatusStore
from zsync.library.zotero.cache import ZoteroCache
from zsync.library.zotero.http import RetryPolicy, ZoteroHTTP, explain
from zsync.model import ZoteroItem

log = logging.getLogger(__name__)
SPEC = re.compile(r"(users|groups)/(\d+)")
DEFAULT_ENDPOINT = "https://api.zotero.org"
PAGE = 100
KEYS_PER_READ = 50
TOKEN_USED = "Write token already used"


def parse_spec(spec: str) -> tuple[str, int] | None:
    """``"groups/98765"`` → ``("group", 98765)``; ``None`` when ``spec`` is not a Zotero library."""
    m = SPEC.fullmatch(spec.strip("/"))
    return (m[1][:-1], int(m[2])) if m else None


class ZoteroLibrary(Library):
    def __init__(self, kind: str, library_id: int, api_key: str | None, cache_dir, *,
                 endpoint: str = DEFAULT_ENDPOINT, client: httpx2.Client | None = None,
                 policy: RetryPolicy = RetryPolicy(), sleep=None):
        self.id = f"{kind}s/{library_id}"
        self.zot = zotero.Zotero(library_id, kind, api_key, client=client)
        self.zot.endpoint = endpoint.rstrip("/")
        self.http = ZoteroHTTP(self.zot, policy, **({"sleep": sleep} if sleep else {}))
        host = re.sub(r"[^\w.-]+", "_", urlsplit(endpoint).netloc or "local")
        self.cache = ZoteroCache(cache_dir / f"{host}-{kind}s_{library_id}.sqlite")
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

    @property
    def lock_name(self) -> str:
        return f"{urlsplit(self.zot.endpoint).netloc or 'local'}-{self.id}"

    def pending(self) -> int:
        return len(self.cache.journal())

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

    def create(self, items: Sequence[ZoteroItem]) -> WriteReport:
        return self._write_items([item.to_json() for item in items])

    def update(self, items: Sequence[ZoteroItem]) -> WriteReport:
        return self._write_items([item.model_dump(exclude_unset=True, exclude_none=True) for item in items])

    def collection(self, path: str, create: bool = True) -> str | None:
        self._refresh_collections()
        parent: str | bool = False
        for name in [part.strip() for part in path.split("/") if part.strip()]:
            found = next((c["key"] for c in self.cache.objects("collections")
                          if c["name"] == name and (c.get("parentCollection") or False) == parent), None)
            if found is None:
                if not create:
                    return None
                found = self._create_collection(name, parent)
            parent = found
        return parent or None

    def close(self) -> None:
        self.cache.close()
        self.zot.client.close()

    # -- reading -----------------------------------------------------------------------------
    def check_key(self) -> dict[str, Any]:
        """What the API key may do (``/keys/current``)."""
        response = self.http.request("GET", "/keys/current", library=False)
        if response.status_code != 200:
            raise explain(response, self.id, "checking the API key")
        return response.json()

    def refresh(self) -> None:
        """Bring the local copy of the items up to date (once per run)."""
        if self._items_fresh:
            return
        self._replay_journal()
        since = self.version
        if since == 0:
            self._read_everything()
        else:
            self._read_changes(since)
        self._items_fresh = True

    def _read_everything(self) -> None:
        objects, version = self._pages("/items", {"includeTrashed": 0})
        self.cache.replace_all("items", [o["data"] for o in objects])
        self.cache.set_meta("items_version", version)

    def _read_changes(self, since: int) -> None:
        response = self._get("/items", {"since": since, "format": "versions", "includeTrashed": 1},
                             {"If-Modified-Since-Version": str(since)})
        if response.status_code == 304:
            return
        known = self.cache.versions("items")
        # items trashed since come back with deleted=1, and the cache drops them
        self.get([key for key, version in response.json().items() if known.get(key) != version])
        deleted = self._get("/deleted", {"since": since}).json()
        self.cache.forget("items", deleted.get("items", []))
        self.cache.forget("collections", deleted.get("collections", []))
        self.cache.set_meta("items_version", int(response.headers["Last-Modified-Version"]))

    def _refresh_collections(self) -> None:
        if self._collections_fresh:
            return
        since = self.cache.get_meta("collections_version")
        if since == 0:
            objects, version = self._pages("/collections", {})
            self.cache.replace_all("collections", [o["data"] for o in objects])
        else:
            response = self._get("/collections", {"since": since, "format": "versions"},
                                 {"If-Modified-Since-Version": str(since)})
            version = since
            if response.status_code != 304:
                known = self.cache.versions("collections")
                changed = [k for k, v in response.json().items() if known.get(k) != v]
                for batch in chunks(changed, KEYS_PER_READ):
                    found = self._read_json("/collections", {"collectionKey": ",".join(batch)})
                    self.cache.store("collections", [o["data"] for o in found])
                version = int(response.headers["Last-Modified-Version"])
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
    def _post(self, path: str, body: list[dict[str, Any]]) -> tuple[httpx2.Response, dict[str, Any] | None]:
        """POST one batch under a journaled write token; ``None`` for the report when the token
        was already used, i.e. the batch went through but its answer was lost."""
        if len(body) > self.max_batch:
            raise LibraryError(f"Cannot add more than {self.max_batch} items at a time")
        token = uuid.uuid4().hex
        self.cache.journal_add(token, path, body)
        response = self.http.request("POST", path, json=body, headers={"Zotero-Write-Token": token})
        if response.status_code == 412 and TOKEN_USED in response.text:
            self.cache.journal_done(token)
            return response, None
        if response.status_code != 200:
            raise explain(response, self.id, f"writing {len(body)} objects to {path}")
        self.cache.journal_done(token)
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

    def _write_items(self, body: list[dict[str, Any]]) -> WriteReport:
        if not body:
            return WriteReport()
        before = self.version
        response, data = self._post("/items", body)
        if data is None:
            return self._reconcile(body)
        report = WriteReport(
            successful={int(i): ZoteroItem.model_validate(o["data"]) for i, o in data.get("successful", {}).items()},
            unchanged={int(i): key for i, key in data.get("unchanged", {}).items()},
            failed={int(i): WriteFailure(f.get("code", 0), f.get("message", ""), f.get("key"))
                    for i, f in data.get("failed", {}).items()},
        )
        # servers before per-object results answer with the "success" index -> key map only
        bare = {int(i): key for i, key in data.get("success", {}).items() if int(i) not in report.successful}
        if bare:
            current = {item.key: item for item in self.get(list(bare.values()))}
            report.successful.update({i: current[key] for i, key in bare.items() if key in current})
        self.cache.store("items", [item.to_json() for item in report.successful.values()])
        self._advance(before, len(report.successful), response)
        return report

    def _create_collection(self, name: str, parent: str | bool) -> str:
        before = self.version
        response, data = self._post("/collections", [{"name": name, "parentCollection": parent}])
        created = (data or {}).get("successful", {}).get("0")
        if created is None:
            failure = (data or {}).get("failed", {}).get("0", {}).get("message", "the answer was lost; run again")
            raise LibraryError(f"{self.id}: cannot create collection {name!r}: {failure}")
        self.cache.store("collections", [created["data"]])
        self._advance(before, 1, response)
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

    def _replay_journal(self) -> None:
        """Resend batches whose answer never arrived (a killed run), each with its own token."""
        for token, path, body in self.cache.journal():
            log.info("%s: resending an unanswered batch of %d objects", self.id, len(body))
            response = self.http.request("POST", path, json=body, headers={"Zotero-Write-Token": token})
            if response.status_code not in (200, 412):
                raise explain(response, self.id, f"resending an unanswered batch to {path}")
            self.cache.journal_done(token)
