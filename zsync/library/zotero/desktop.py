"""The Zotero desktop app as a library (``desktop``, ``desktop:groups/ID``), through its local API.

Zotero 10 serves the Web API's endpoints at ``http://localhost:23119/api`` (§6 of
``../shared/docs/zotero-api.md``), so this is the Web backend (:class:`ZoteroLibrary`) with a
different endpoint and a different way in:

* every answer carries ``Zotero-Server-ID``: one Zotero profile, one database. Versions, the
  local copy and the key belong to that ID. zsync sends the ID it knows on every request; a
  412 naming another ID means another instance answers now (another profile, a restored
  database): the old copy and key are forgotten, the key asked for again, the library read
  afresh and planned against, so nothing is created twice;
* writes need a key the person grants once: ``POST /local/authorize {"appName": "zsync"}`` makes
  Zotero ask. "Always Allow" gives a key zsync keeps with its server ID in a file only its owner
  can read (0600) and reuses; "Allow" gives a key for one write, which a sync cannot use; "Deny"
  refuses. Either of the last two ends the run before it writes anything (exit 5, with what to
  click). The prompt is rate-limited by Zotero: zsync asks at most once per run (twice if Zotero
  revoked the kept key), never in a loop;
* no ``/deleted``: reads list every key's version and take what is missing as deleted
  (:attr:`ZoteroLibrary.lists_everything`).

Zotero not running, the local API switched off, a Zotero too old for local writes: each is found
on the first request, before anything is written, and explained (:class:`DesktopAuth`).
"""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path
from typing import Any, Callable
from urllib.parse import urlsplit

import httpx2

from zsync.errors import LibraryError
from zsync.library.base import Access, LibraryModified
from zsync.library.zotero.backend import ZoteroLibrary
from zsync.library.zotero.http import RetryPolicy
from zsync.private import write_private

log = logging.getLogger(__name__)
DESKTOP_ENDPOINT = "http://localhost:23119/api"
APP_NAME = "zsync"
SETTING = "Allow other applications on this computer to communicate with Zotero"
PROMPT_SECONDS = 300.0  # how long Zotero's approval prompt may wait for the person
ALWAYS = ('in the dialog Zotero shows, click "Always Allow": a sync writes many times, and '
          '"Allow" lasts for one write only')
SPEC = re.compile(r"desktop(?::groups/(\d+))?")


def parse_desktop(spec: str) -> tuple[str, int] | None:
    """``"desktop"`` → ``("user", 0)``, ``"desktop:groups/5"`` → ``("group", 5)``, else ``None``."""
    m = SPEC.fullmatch(spec.strip().rstrip("/"))
    if not m:
        return None
    return ("group", int(m[1])) if m[1] else ("user", 0)


class InstanceChanged(LibraryError):
    """Another Zotero instance (profile, restored database) answers at the endpoint now."""

    def __init__(self, server_id: str):
        super().__init__(f"another Zotero instance answers now (server ID {server_id})")
        self.server_id = server_id


class KeyFile:
    """The local API key Zotero granted with "Always Allow", kept with the server ID it belongs to,
    in a file only its owner can read: ``<data dir>/desktop/<host_port>.key.json``."""

    def __init__(self, path: Path):
        self.path = path

    @classmethod
    def for_endpoint(cls, data_dir: Path, endpoint: str) -> "KeyFile":
        host = re.sub(r"[^\w.-]+", "_", urlsplit(endpoint).netloc or "local")
        return cls(data_dir / "desktop" / f"{host}.key.json")

    def load(self, server_id: str) -> str | None:
        """The kept key, if it belongs to ``server_id``."""
        try:
            data = json.loads(self.path.read_text("utf-8"))
        except (OSError, ValueError):
            return None
        return data.get("key") if isinstance(data, dict) and data.get("server_id") == server_id else None

    def save(self, server_id: str, key: str) -> None:
        write_private(self.path, json.dumps({"server_id": server_id, "key": key}))

    def forget(self) -> None:
        self.path.unlink(missing_ok=True)


class DesktopAuth:
    """The local API's way in, for :class:`~zsync.library.zotero.http.ZoteroHTTP`: the server ID
    on every request, the local key on writes (asked for on the first write), every answer
    checked for what would stop a sync."""

    def __init__(self, library: "DesktopLibrary", keys: KeyFile, prompt_seconds: float = PROMPT_SECONDS):
        self.library = library
        self.zot = library.zot
        self.keys = keys
        self.prompt_seconds = prompt_seconds
        self.key: str | None = None
        self.asked = 0
        self.confirmed = False  # an answer of this run carried the server ID (Zotero 10 or later)

    @property
    def endpoint(self) -> str:
        return self.zot.endpoint

    # -- LocalAuth ---------------------------------------------------------------------------
    def headers(self, write: bool) -> dict[str, str]:
        if not write:
            return {"Zotero-Server-ID": self.zot.server_id} if self.zot.server_id else {}
        server_id = self.server_id()
        return {"Zotero-Server-ID": server_id, "Zotero-API-Key": self._key(server_id)}

    def check(self, response: httpx2.Response) -> None:
        if response.status_code == 403:
            raise LibraryError(f"{self.endpoint}: Zotero's local API is switched off (403)",
                               hint=f'in Zotero, Settings → Advanced, tick "{SETTING}", then run again')
        server_id = response.headers.get("Zotero-Server-ID")
        if not server_id and (self.confirmed or (response.status_code == 304 and self.zot.server_id)):
            return  # the ID was seen before (this run; or sent, and "not modified" answered it): no proof of age
        if not server_id:
            raise LibraryError(
                f"{self.endpoint}: this Zotero cannot take writes from other applications (its answers carry "
                "no Zotero-Server-ID)", hint="update Zotero to version 10 or later (Help → Check for Updates)")
        if self.zot.server_id is None:
            self.library.adopt(server_id)
        elif server_id != self.zot.server_id:
            raise InstanceChanged(server_id)
        self.confirmed = True

    def unauthorized(self) -> bool:
        log.info("%s: Zotero no longer accepts zsync's key; asking for a new one", self.endpoint)
        self.forget()
        return self.asked < 2

    def unreachable(self, exc: httpx2.TransportError) -> LibraryError | None:
        if not isinstance(exc, httpx2.ConnectError):
            return None
        return LibraryError(f"{self.endpoint}: Zotero is not running (nothing answers there)",
                            hint="start the Zotero desktop app (version 10 or later) and run again")

    # -- the server ID and the key -----------------------------------------------------------
    def server_id(self) -> str:
        """The ID of the instance answering, asked of the bare ``/api/`` if no answer told it yet."""
        if self.zot.server_id is None:
            self.library.http.request("GET", f"{self.endpoint}/")
        assert self.zot.server_id is not None  # check() adopted it or raised
        return self.zot.server_id

    def forget(self) -> None:
        self.keys.forget()
        self.key = None

    def held(self, server_id: str) -> bool:
        return (self.key or self.keys.load(server_id)) is not None

    def _key(self, server_id: str) -> str:
        self.key = self.key or self.keys.load(server_id)
        if self.key is None:
            self.key = self._authorize(server_id)
        return self.key

    def _authorize(self, server_id: str) -> str:
        """Ask Zotero for a key (it shows the person a dialog), once; keep an "Always Allow" key.

        Sent straight through the client, not the retrying sender: Zotero rate-limits the
        prompt, and the wait is the person's, so it gets its own, longer timeout."""
        self.asked += 1
        log.warning("Zotero asks you to allow %r to write to your library: click \"Always Allow\"", APP_NAME)
        try:
            response = self.zot.client.request(
                "POST", f"{self.endpoint}/local/authorize", json={"appName": APP_NAME}, timeout=self.prompt_seconds,
                headers={**self.zot.default_headers(), "Zotero-Server-ID": server_id})
        except httpx2.TimeoutException:
            raise LibraryError(f"{self.endpoint}: nobody answered Zotero's approval dialog within "
                               f"{self.prompt_seconds:.0f} s; nothing was written", hint=ALWAYS) from None
        except httpx2.TransportError as exc:
            raise self.unreachable(exc) or LibraryError(f"{self.endpoint}: lost the connection to Zotero") from None
        self.library.http.requests += 1
        if response.status_code == 403 and "denied" in response.text:
            raise LibraryError(f"{self.endpoint}: Zotero denied zsync write access; nothing was written",
                               hint=f"run again and, {ALWAYS}")
        if response.status_code == 429:
            raise LibraryError(f"{self.endpoint}: Zotero is limiting approval requests (about 5 a minute); "
                               "nothing was written", hint="wait a minute, then run again")
        self.check(response)
        if response.status_code != 200:
            raise LibraryError(f"{self.endpoint}: asking Zotero for write access failed "
                               f"({response.status_code} {response.text.strip()[:200]})")
        answer = response.json()
        if not answer.get("remember"):
            raise LibraryError(f"{self.endpoint}: Zotero allowed one write only (\"Allow\"); nothing was written",
                               hint=f"run again and, {ALWAYS}")
        self.keys.save(server_id, answer["key"])
        return answer["key"]


class DesktopLibrary(ZoteroLibrary):
    """The person's library (``desktop``) or a group (``desktop:groups/ID``) in the running app."""

    lists_everything = True

    def __init__(self, kind: str, library_id: int, cache_dir: Path, keys: KeyFile, *,
                 endpoint: str = DESKTOP_ENDPOINT, client: httpx2.Client | None = None,
                 policy: RetryPolicy = RetryPolicy(), sleep=None, prompt_seconds: float = PROMPT_SECONDS):
        # the local API is on loopback: no proxy from the environment may carry its requests
        client = client or httpx2.Client(follow_redirects=True, timeout=30, trust_env=False)
        super().__init__(kind, library_id, None, cache_dir, endpoint=endpoint, client=client, policy=policy,
                         sleep=sleep, local=True)
        self.id = "desktop" if kind == "user" else f"desktop:groups/{library_id}"
        self.zot.server_id = self.cache.get_text("server_id")
        self.auth = self.http.auth = DesktopAuth(self, keys, prompt_seconds)

    def ready_to_write(self) -> None:
        """Nothing to check before a request: the key is asked of Zotero at the first write, which
        is still before anything is written (and a run with nothing to write never asks)."""

    def adopt(self, server_id: str) -> None:
        """Take ``server_id`` as the instance this copy, and the key, belong to."""
        if self.cache.get_text("server_id") not in (None, server_id):
            log.warning("%s: another Zotero instance answers (server ID %s); forgetting what zsync knew of the "
                        "previous one and reading the library afresh", self.id, server_id)
            self.cache.clear()
            self.auth.forget()
            self.reload()
        self.zot.server_id = server_id
        self.cache.set_meta("server_id", server_id)

    def _switched(self, changed: InstanceChanged) -> None:
        self.zot.server_id = None
        self.adopt(changed.server_id)

    def refresh(self) -> None:
        self._afresh_if_switched(super().refresh)

    def _refresh_collections(self) -> None:
        self._afresh_if_switched(super()._refresh_collections)

    def _afresh_if_switched(self, read: Callable[[], None]) -> None:
        """Read; when another instance answers, forget the old one's copy and read it all afresh."""
        try:
            read()
        except InstanceChanged as changed:
            self._switched(changed)
            read()

    def _send(self, token: str, path: str, body: list[dict[str, Any]], since: int | None
              ) -> tuple[httpx2.Response, dict[str, Any] | None]:
        """A write the new instance refused: plan again against it (never a second copy)."""
        try:
            return super()._send(token, path, body, since)
        except InstanceChanged as changed:
            self._switched(changed)  # forgets the queue too: it was meant for the other instance
            raise LibraryModified(self.id, since if since is not None else -1) from None

    def _upload_headers(self) -> dict[str, str]:
        """Zotero's own upload receiver takes the file with the server ID, without the key."""
        return {"Zotero-Server-ID": self.auth.server_id()}

    def access(self) -> Access:
        """Zotero reachable, its local API on, able to take writes (Zotero 10), which instance,
        and whether zsync holds a key for it: all from the bare ``/api/``, without asking."""
        try:
            self.http.request("GET", f"{self.zot.endpoint}/")
        except InstanceChanged as changed:
            self._switched(changed)
        server_id = self.zot.server_id or ""
        held = self.auth.held(server_id)
        return Access(self.id, self.zot.endpoint, {"library": True, "write": True, "key": held},
                      notes=("Zotero is running; local API on; writes possible (Zotero 10 or later)",
                             f"server ID {server_id}",
                             f"key: {'held, in ' + str(self.auth.keys.path) if held else 'none yet (the first sync asks Zotero; click Always Allow)'}"))
