"""HTTP front of the fake Zotero Web API v3, on a real loopback socket.

Routes (``/users/{id}`` and ``/groups/{id}`` prefixes): ``GET /keys/current`` and
``/keys/{key}``; ``GET items``, ``items/top``, ``items/{key}``, ``collections``, ``deleted``;
``POST items`` and ``collections``; ``PATCH``/``DELETE items/{key}``; ``DELETE items?itemKey=``.
Authentication by ``Zotero-API-Key``, ``?key=`` or ``Authorization: Bearer`` (§4.1). Lists page
with ``limit`` (default 25, max 100), ``start``, ``Total-Results`` and ``Link`` (§2.2, §2.3);
``since``, ``format=versions|keys``, ``itemKey``, ``includeTrashed``, ``If-Modified-Since-Version``
→ 304. Writes check the write token (5-32 characters, once per key for 12 h, §1.5), the 50-object
limit (413), ``If-Unmodified-Since-Version`` (412) and then each object (``state.py``). Error
bodies are plain text. File uploads (§5 of the file upload protocol): ``POST items/{key}/file``
authorises (md5, filename, filesize, mtime; ``{"exists": 1}`` when the storage holds the file,
413 past ``state.quota``), ``POST /upload/{uploadKey}`` stands in for the storage server
(multipart, md5 checked), ``POST items/{key}/file`` with ``upload=`` registers. With
``state.serve_local()`` the server is the desktop app's local API instead (§6), under ``/api``:
``Zotero-Server-ID`` on every answer (412 when a request names another, 428 on a write without
it), ``POST /api/local/authorize`` answered as the person clicks (always, once, deny; 429 past 5
a minute), 401 for a write without a valid key, a one-write key used up by its write, no
``/deleted``, exact per-object versions, 403 everywhere when switched off, no server ID and no
writes when too old. Faults (``state.Fault``) inject 429/503 with headers, dropped connections
after a committed write, and delays; ``state.write_delay`` makes every write wait like a busy server;
``state.backoff`` adds a ``Backoff`` header everywhere.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from fake_zotero.state import FakeLibrary, ServerState, Upload

LIB_PATH = re.compile(r"^(/(?:users|groups)/\d+)(/.*)?$")
TOKEN_TTL = 43200


def multipart(content_type: str, body: bytes) -> dict[str, bytes]:
    """The fields of a ``multipart/form-data`` body, byte for byte (name -> content)."""
    match = re.search(r'boundary="?([^";]+)"?', content_type)
    if not match:
        raise HttpError(400, "Not a multipart/form-data request")
    fields = {}
    for part in body.split(b"--" + match[1].encode())[1:]:
        if part.startswith(b"--"):
            break
        head, _, content = part.removeprefix(b"\r\n").partition(b"\r\n\r\n")
        name = re.search(rb'name="([^"]*)"', head)
        if name:
            fields[name[1].decode()] = content.removesuffix(b"\r\n")
    return fields


class HttpError(Exception):
    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers or {}


class Handler(BaseHTTPRequestHandler):
    server: "FakeZoteroServer"
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: Any) -> None:  # keep test output quiet
        pass

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def do_PATCH(self) -> None:
        self._handle("PATCH")

    def do_DELETE(self) -> None:
        self._handle("DELETE")

    # -- plumbing ----------------------------------------------------------------------------
    def _handle(self, method: str) -> None:
        state = self.server.state
        parts = urlsplit(self.path)
        self.query = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        length = int(self.headers.get("Content-Length") or 0)
        self.body = self.rfile.read(length) if length else b""
        with state.lock:
            state.log.append({"method": method, "path": parts.path, "query": dict(self.query),
                              "write_token": self.headers.get("Zotero-Write-Token"),
                              "authorization": self.headers.get("Authorization"),
                              "server_id": self.headers.get("Zotero-Server-ID"),
                              "api_key": self.headers.get("Zotero-API-Key")})
            fault = state.next_fault(method, parts.path)
        if fault and fault.delay:
            time.sleep(fault.delay)
        if method != "GET" and state.write_delay:
            time.sleep(random.uniform(*state.write_delay))  # outside the lock: other requests go on meanwhile
        if fault and fault.status:
            return self._send(fault.status, fault.body or "Too many requests", fault.headers, "text/plain")
        try:
            with state.lock:
                status, payload, headers = self._route(method, parts.path)
        except HttpError as err:
            return self._send(err.status, err.message, err.headers, "text/plain")
        if fault and fault.drop_after_commit:
            self.close_connection = True
            self.connection.close()
            return
        if fault:
            headers.update(fault.headers)
        self._send(status, payload, headers)

    def _send(self, status: int, payload: Any, headers: dict[str, str], content_type: str = "application/json") -> None:
        body = b"" if payload is None else (payload if isinstance(payload, str) else json.dumps(payload)).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Zotero-API-Version", "3")
        if self.server.state.backoff:
            self.send_header("Backoff", self.server.state.backoff)
        local = self.server.state.local
        if local and local.enabled and local.server_ids and (status not in (204, 304) or not local.terse):
            self.send_header("Zotero-Server-ID", local.server_id)
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _api_key(self) -> str | None:
        header = self.headers.get("Zotero-API-Key")
        param = self.query.get("key")
        if header and param and header != param:
            raise HttpError(400, "Zotero-API-Key header and 'key' parameter differ")
        if header or param:
            return header or param
        auth = self.headers.get("Authorization")
        if auth and auth.lower().startswith("bearer"):
            match = re.fullmatch(r"bearer +([a-z0-9]+)", auth, re.I)
            if not match:
                raise HttpError(400, "Invalid Authorization header format")
            return match[1]
        return None

    # -- routing -----------------------------------------------------------------------------
    def _route(self, method: str, path: str) -> tuple[int, Any, dict[str, str]]:
        state = self.server.state
        if state.local:
            return self._route_local(method, path)
        upload = re.fullmatch(r"/upload/(\w+)", path)
        if method == "POST" and upload:
            return self._receive(upload[1])
        key = self._api_key()
        if key is not None and key not in state.keys:
            raise HttpError(403, "Invalid key")
        if path in ("/keys/current",) or path.startswith("/keys/"):
            wanted = key if path == "/keys/current" else path.rsplit("/", 1)[1]
            if wanted is None:
                raise HttpError(403, "Forbidden")
            if wanted not in state.keys:
                raise HttpError(404, f"Key '{wanted}' not found")
            return 200, state.keys[wanted].to_json(), {}
        match = LIB_PATH.match(path)
        if not match or match[1] not in state.libraries:
            raise HttpError(404, "Not found")
        library = state.libraries[match[1]]
        rest = match[2] or "/"
        write = method != "GET"
        if write and key is None:
            raise HttpError(403, "An API key is required for write requests.")
        if key is None or not state.keys[key].can(library, write=False):
            raise HttpError(403, "Forbidden")
        if write and not state.keys[key].can(library, write=True):
            raise HttpError(403, "Write access denied")
        return self._dispatch(method, library, rest, key)

    def _route_local(self, method: str, path: str) -> tuple[int, Any, dict[str, str]]:
        """The desktop app's local API: its own checks, then the same endpoints (§6)."""
        local = self.server.state.local
        assert local is not None
        if not local.enabled:
            raise HttpError(403, "Local API is not enabled")
        if not path.startswith("/api/"):
            raise HttpError(404, "Not found")
        path = path[len("/api"):]
        if path == "/":
            return 200, "Nothing to see here.", {}
        sent = self.headers.get("Zotero-Server-ID")
        if sent and local.server_ids and sent != local.server_id:
            raise HttpError(412, "Zotero-Server-ID does not match this server")
        if method == "GET":
            key = None
        elif not local.server_ids:
            raise HttpError(501, "Method not implemented")
        elif not sent:
            raise HttpError(428, "Zotero-Server-ID not provided")
        elif path == "/local/authorize" and method == "POST":
            status, answer = local.grant()
            if status == 429:
                raise HttpError(429, "Too many authorization requests", {"Retry-After": "60"})
            return status, answer, {}
        elif upload := re.fullmatch(r"/upload/(\w+)", path):
            return self._receive(upload[1])
        else:
            key = self._api_key()
            if key is None:
                raise HttpError(401, "API key required -- POST /api/local/authorize to obtain one",
                                {"WWW-Authenticate": 'Zotero-API-Key realm="Zotero Local API"'})
            if key not in local.keys:
                raise HttpError(401, "Invalid or expired API key")
        match = LIB_PATH.match(path)
        if not match or match[1] not in self.server.state.libraries or (match[2] or "").startswith("/deleted"):
            raise HttpError(404, "Not found")
        answer = self._dispatch(method, self.server.state.libraries[match[1]], match[2] or "/", key or "")
        if key and not local.keys[key]:
            del local.keys[key]  # "Allow": the key lasts for one write
        return answer

    def _dispatch(self, method: str, library: FakeLibrary, rest: str, key: str) -> tuple[int, Any, dict[str, str]]:
        if method == "GET":
            return self._get(library, rest)
        if method == "POST" and rest in ("/items", "/collections"):
            return self._post(library, rest, key)
        item = re.fullmatch(r"/items/([A-Z0-9]{8})", rest)
        file = re.fullmatch(r"/items/([A-Z0-9]{8})/file", rest)
        if method == "POST" and file:
            return self._file(library, file[1])
        if method == "PATCH" and item:
            return self._patch(library, item[1])
        if method == "DELETE" and item:
            return self._delete_one(library, item[1])
        if method == "DELETE" and rest == "/items":
            return self._delete_many(library)
        raise HttpError(405, "Method not allowed")

    def _get(self, library: FakeLibrary, rest: str) -> tuple[int, Any, dict[str, str]]:
        version = {"Last-Modified-Version": str(library.version)}
        if rest == "/deleted":
            if "since" not in self.query:
                raise HttpError(400, "'since' parameter must be provided")
            since = self._int("since")
            return 200, {"collections": [k for k, v in library.deleted_collections.items() if v > since],
                         "searches": [], "items": [k for k, v in library.deleted_items.items() if v > since],
                         "tags": [], "settings": []}, version
        single = re.fullmatch(r"/items/([A-Z0-9]{8})", rest)
        if single:
            data = library.items.get(single[1])
            if data is None:
                raise HttpError(404, "Item does not exist")
            return 200, library.envelope(data, self.server.base), {"Last-Modified-Version": str(data["version"])}
        if rest not in ("/items", "/items/top", "/collections"):
            raise HttpError(404, "Not found")
        if "If-Modified-Since-Version" in self.headers and int(self.headers["If-Modified-Since-Version"]) >= library.version:
            return 304, None, version
        kind = "collections" if rest == "/collections" else "items"
        objects = list((library.collections if kind == "collections" else library.items).values())
        if rest == "/items/top":
            objects = [o for o in objects if not o.get("parentItem")]
        if kind == "items" and self.query.get("includeTrashed") != "1":
            objects = [o for o in objects if not o.get("deleted")]
        if "since" in self.query:
            since = self._int("since")
            objects = [o for o in objects if o["version"] > since]
        keys_param = self.query.get("itemKey" if kind == "items" else "collectionKey")
        if keys_param is not None:
            wanted = [k for k in keys_param.split(",") if k]
            objects = [o for o in objects if o["key"] in wanted]
        fmt = self.query.get("format", "json")
        headers = {**version, "Total-Results": str(len(objects))}
        if fmt == "versions":
            return 200, {o["key"]: o["version"] for o in objects}, headers
        if fmt == "keys":
            return 200, "\n".join(o["key"] for o in objects) + "\n", headers
        if fmt != "json":
            raise HttpError(400, f"Invalid 'format' value '{fmt}'")
        limit = self._int("limit", 25)
        limit = 25 if limit <= 0 else min(limit, 100)
        if keys_param is not None:
            limit = 100
        start = self._int("start", 0)
        page = objects[start:start + limit]
        headers["Link"] = self._links(rest, start, limit, len(objects))
        children = library.children()
        return 200, [library.envelope(o, self.server.base, kind, children) for o in page], headers

    def _links(self, rest: str, start: int, limit: int, total: int) -> str:
        params = {k: v for k, v in self.query.items() if k not in ("start", "key")}

        def url(s: int) -> str:
            query = dict(sorted({**params, **({"start": str(s)} if s else {})}.items()))
            return f"{self.server.base}{urlsplit(self.path).path}" + (f"?{urlencode(query)}" if query else "")
        links = []
        if start > 0:
            links += [f'<{url(0)}>; rel="first"', f'<{url(max(0, start - limit))}>; rel="prev"']
        if start + limit < total:
            links.append(f'<{url(start + limit)}>; rel="next"')
            links.append(f'<{url(((total - 1) // limit) * limit)}>; rel="last"')
        links.append(f'<https://www.zotero.org{urlsplit(self.path).path}>; rel="alternate"')
        return ", ".join(links)

    def _int(self, name: str, default: int | None = None) -> int:
        value = self.query.get(name)
        if value is None and default is not None:
            return default
        try:
            return int(value or "")
        except ValueError:
            raise HttpError(400, f"Invalid value for '{name}' parameter") from None

    def _post(self, library: FakeLibrary, rest: str, key: str) -> tuple[int, Any, dict[str, str]]:
        state = self.server.state
        token = self.headers.get("Zotero-Write-Token")
        if token is not None:
            if not 5 <= len(token) <= 32:
                raise HttpError(400, "Write token must be 5-32 characters in length")
            used = state.tokens.get((key, token))
            if used is not None and time.time() - used < TOKEN_TTL:
                raise HttpError(412, "Write token already used")
        if not self.body:
            raise HttpError(400, "POST data not provided")
        try:
            objects = json.loads(self.body)
        except json.JSONDecodeError:
            raise HttpError(400, "JSON Error: Syntax error, malformed JSON") from None
        if not isinstance(objects, list):
            raise HttpError(400, "Uploaded data must be a JSON array")
        if len(objects) > 50:
            raise HttpError(413, f"Cannot add more than 50 {rest.strip('/')} at a time")
        header = self.headers.get("If-Unmodified-Since-Version")
        header_version = int(header) if header is not None else None
        if header_version is not None and header_version < library.version:
            raise HttpError(412, f"Library has been modified since specified version "
                                 f"(expected {header_version}, found {library.version})")
        report = library.write_items(objects, header_version) if rest == "/items" else library.write_collections(objects)
        if token is not None:
            state.tokens[(key, token)] = time.time()
        for i, data in report["successful"].items():
            report["successful"][i] = library.envelope(data, self.server.base, rest.strip("/"))
        return 200, report, {"Last-Modified-Version": str(library.version)}

    def _patch(self, library: FakeLibrary, key: str) -> tuple[int, Any, dict[str, str]]:
        header = self.headers.get("If-Unmodified-Since-Version")
        data = json.loads(self.body or b"{}")
        version = data.pop("version", None)
        expected = int(header) if header is not None else version
        existing = library.items.get(key)
        if existing is None:
            raise HttpError(404, "Item not found (to create, use If-Unmodified-Since-Version: 0, JSON 'version' 0, or PUT method)")
        if expected is None:
            raise HttpError(428, "Either If-Unmodified-Since-Version or object version property must be provided for key-based writes")
        if expected < existing["version"]:
            raise HttpError(412, f"Item has been modified since specified version (expected {expected}, found {existing['version']})",
                            {"Last-Modified-Version": str(existing["version"])})
        library.write_items([{**data, "key": key, "version": expected}], None)
        return 204, None, {"Last-Modified-Version": str(library.version)}

    def _delete_one(self, library: FakeLibrary, key: str) -> tuple[int, Any, dict[str, str]]:
        header = self.headers.get("If-Unmodified-Since-Version")
        if header is None:
            raise HttpError(428, "If-Unmodified-Since-Version must be provided for delete requests")
        if key not in library.items:
            raise HttpError(404, "Item not found")
        if int(header) < library.items[key]["version"]:
            raise HttpError(412, "Item has been modified since specified version")
        library.delete_item(key)
        return 204, None, {"Last-Modified-Version": str(library.version)}

    def _delete_many(self, library: FakeLibrary) -> tuple[int, Any, dict[str, str]]:
        header = self.headers.get("If-Unmodified-Since-Version")
        if header is None:
            raise HttpError(428, "If-Unmodified-Since-Version must be provided for delete requests")
        if int(header) < library.version:
            raise HttpError(412, f"Library has been modified since specified version (expected {header}, found {library.version})")
        for key in [k for k in self.query.get("itemKey", "").split(",") if k in library.items]:
            library.delete_item(key)
        return 204, None, {"Last-Modified-Version": str(library.version)}


    # -- file uploads --------------------------------------------------------------------------
    def _file(self, library: FakeLibrary, key: str) -> tuple[int, Any, dict[str, str]]:
        """Authorise an upload (or answer ``exists``), or register one that was received."""
        state = self.server.state
        item = library.items.get(key)
        if item is None:
            raise HttpError(404, "Item not found")
        if item["itemType"] != "attachment" or item.get("linkMode") not in ("imported_file", "imported_url"):
            raise HttpError(400, "Item is not a stored-file attachment")
        form = {k: v[-1] for k, v in parse_qs(self.body.decode(), keep_blank_values=True).items()}
        if "upload" in form:
            upload = state.uploads.pop(form["upload"], None)
            if upload is None or upload.item_key != key or not upload.received:
                raise HttpError(400, "Upload not found")
            library.store_file(key, upload)
            return 204, None, {"Last-Modified-Version": str(library.version)}
        none_match, match = self.headers.get("If-None-Match"), self.headers.get("If-Match")
        if none_match != "*" and not match:
            raise HttpError(428, "If-Match/If-None-Match header not provided")
        if none_match == "*" and item.get("md5"):
            raise HttpError(412, "If-None-Match: * set but file exists")
        if match and item.get("md5") != match:
            raise HttpError(412, "ETag does not match current version of file")
        try:
            upload = Upload(key, form["md5"], form["filename"], int(form["filesize"]), int(form["mtime"]))
        except (KeyError, ValueError):
            raise HttpError(400, "md5, filename, filesize and mtime must be provided") from None
        if state.files.get(upload.md5) is not None and len(state.files[upload.md5]) == upload.filesize:
            library.store_file(key, upload)
            return 200, {"exists": 1}, {"Last-Modified-Version": str(library.version)}
        used = sum(len(data) for data in state.files.values())
        if state.quota is not None and used + upload.filesize > state.quota:
            raise HttpError(413, f"File would exceed quota ({used + upload.filesize} > {state.quota})")
        upload_key = secrets.token_hex(16)
        state.uploads[upload_key] = upload
        prefix = "/api" if state.local else ""
        return 200, {"url": f"{self.server.base}{prefix}/upload/{upload_key}", "uploadKey": upload_key,
                     "contentType": "multipart/form-data", "prefix": "", "suffix": "",
                     "params": {"key": f"{upload.md5}", "acl": "private", "success_action_status": "201"}}, {}

    def _receive(self, upload_key: str) -> tuple[int, Any, dict[str, str]]:
        """The storage server: a multipart POST of the authorised params and the file."""
        upload = self.server.state.uploads.get(upload_key)
        if upload is None:
            raise HttpError(400, "No such upload")
        parts = multipart(self.headers.get("Content-Type", ""), self.body)
        data = parts.get("file") or b""
        if (parts.get("key") or b"").decode() != upload.md5:
            raise HttpError(400, "The upload's key does not match its authorisation")
        if hashlib.md5(data).hexdigest() != upload.md5 or len(data) != upload.filesize:
            raise HttpError(400, "The file's md5 or size does not match its authorisation")
        self.server.state.files[upload.md5] = data
        upload.received = True
        return 201, None, {}


class LoopbackServer(ThreadingHTTPServer):
    """An HTTP server on a free loopback port, serving from a thread while in a ``with`` block."""

    daemon_threads = True

    def __init__(self, handler: type[BaseHTTPRequestHandler]):
        super().__init__(("127.0.0.1", 0), handler)
        self.base = f"http://127.0.0.1:{self.server_address[1]}"
        self.thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()
        self.server_close()


class FakeZoteroServer(LoopbackServer):
    def __init__(self, state: ServerState | None = None):
        super().__init__(Handler)
        self.state = state or ServerState()
