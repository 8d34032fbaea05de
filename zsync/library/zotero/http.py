"""Requests to the Zotero Web API, beneath pyzotero's write methods.

pyzotero provides the connection: its ``httpx2`` client (injectable), the endpoint, the library
prefix and the default headers with the API key. zsync sends the requests itself because
pyzotero 1.16's ``create_items`` draws a fresh write token on every call (so a retry is never
idempotent) and crashes on a 429 body, and ``update_items`` drops a chunk refused with 429
(§0.5 and §7.4 of ``../shared/docs/zotero-api.md``, the team's notes on the Web API beside this
repository, not in it). The policy here, from the API docs (§3 there):

* ``Backoff: N`` on any response: pause N seconds before the next request;
* 429 and 503: wait ``Retry-After`` (seconds or an HTTP date), else 30 s, 60 s, 300 s;
* other 5xx and lost connections: retry with growing pauses (1, 2, 4, 8, 16 s); a server that
  never answered (refused, no such host) fails at once: waiting would not make it appear;
* the same request is resent unchanged (same write token), so a retry cannot write twice;
* all waiting for one request is bounded by ``max_wait``; past it, a clear failure.

The API key travels only in pyzotero's ``Authorization`` header: never in a URL, a message or
a log line. The desktop app's local API authenticates differently (a server ID on every request,
a local key on writes); a :class:`LocalAuth` given to :class:`ZoteroHTTP` adds those headers and
checks every answer (:mod:`zsync.library.zotero.desktop`).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any, Callable, Protocol

import httpx2
from pyzotero import zotero

from zsync.dates import retry_after_seconds
from zsync.errors import LibraryError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RetryPolicy:
    max_wait: float = 600.0  # seconds of waiting allowed for one request, all retries together
    rate_limit_waits: tuple[float, ...] = (30.0, 60.0, 300.0)
    error_waits: tuple[float, ...] = (1.0, 2.0, 4.0, 8.0, 16.0)


class LocalAuth(Protocol):
    """What the desktop app's local API adds to the Web API's requests (see ``desktop.py``)."""

    def headers(self, write: bool) -> dict[str, str]:
        """Headers for one request: the server ID, and for a write the local key (asked for once)."""

    def check(self, response: httpx2.Response) -> None:
        """Raise if the answer shows Zotero cannot serve zsync (API off, too old, another instance)."""

    def unauthorized(self) -> bool:
        """A write was refused with 401 (the key was revoked): ask for a new key once; True to resend."""

    def unreachable(self, exc: httpx2.TransportError) -> LibraryError | None:
        """The error for a connection that failed at once (Zotero not running), or None to retry."""


def backoff_of(response: httpx2.Response) -> float | None:
    try:
        return float(response.headers["Backoff"])
    except (KeyError, ValueError):
        return None


class ZoteroHTTP:
    """Sends requests for one library through a ``pyzotero.Zotero`` connection."""

    def __init__(self, zot: zotero.Zotero, policy: RetryPolicy = RetryPolicy(),
                 sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.monotonic,
                 auth: LocalAuth | None = None):
        self.zot = zot
        self.auth = auth
        self.policy = policy
        self.sleep = sleep
        self.clock = clock
        self.library = f"{zot.library_type}/{zot.library_id}"
        self.requests = 0  # requests sent, retries included (for reports and the bench)
        self.waited = 0.0
        self._pause_until = 0.0
        self.answered = False  # the server answered once: a lost connection is worth retrying

    def url(self, path: str, library: bool = True) -> str:
        prefix = f"/{self.library}" if library else ""
        return self.zot.endpoint.rstrip("/") + prefix + path

    def request(self, method: str, path: str, *, params: dict[str, Any] | None = None, json: Any = None,
                headers: dict[str, str] | None = None, library: bool = True, data: dict[str, str] | None = None,
                files: Any = None, bare: bool = False) -> httpx2.Response:
        """Send until a final answer (anything but 429, 5xx or a lost connection) or give up.

        ``path`` may be a whole URL (a file upload's storage URL); ``bare`` sends none of the
        API's headers (no key travels to a storage server)."""
        url = path if path.startswith(("http://", "https://")) else self.url(path, library)
        rate_limited = errors = 0
        budget = self.policy.max_wait
        reauthorized = False
        while True:
            self._wait(min(max(0.0, self._pause_until - self.clock()), budget))
            sent = {} if bare else {**self.zot.default_headers(),
                                    **(self.auth.headers(method != "GET") if self.auth else {})}
            try:
                response = self.zot.client.request(method, url, params=params, json=json, data=data, files=files,
                                                   headers={**sent, **(headers or {})})
            except httpx2.TransportError as exc:
                self.requests += 1
                if self.auth and not bare and (failure := self.auth.unreachable(exc)):
                    raise failure from None
                if not self.answered and not bare and isinstance(exc, (httpx2.ConnectError, httpx2.ConnectTimeout)):
                    raise LibraryError(f"{self.zot.endpoint}: nothing answers there ({exc or type(exc).__name__})",
                                       hint="check the address (--endpoint, [zotero] endpoint) and the network; "
                                            "nothing was sent") from None
                delay = self._next(self.policy.error_waits, errors)
                errors += 1
                why = f"no answer from {self.zot.endpoint} ({type(exc).__name__})"
            else:
                self.requests += 1
                self.answered = True
                if self.auth and not bare:
                    self.auth.check(response)
                    if response.status_code == 401 and method != "GET" and not reauthorized:
                        reauthorized = self.auth.unauthorized()
                        if reauthorized:
                            continue
                pause = backoff_of(response)
                if pause:
                    self._pause_until = self.clock() + pause
                status = response.status_code
                if status in (429, 503):
                    delay = retry_after_seconds(response.headers.get("Retry-After"), time.time())
                    if delay is None:
                        delay = self._next(self.policy.rate_limit_waits, rate_limited)
                    rate_limited += 1
                    why = f"the server answered {status} ({response.text.strip()[:100] or 'rate limited'})"
                elif status >= 500:
                    delay = self._next(self.policy.error_waits, errors)
                    errors += 1
                    why = f"the server answered {status}"
                else:
                    return response
            if delay is None or delay > budget:
                asked = f"; it asked for {delay:.0f} s more, beyond [zotero] max_wait ({self.policy.max_wait:.0f} s)" \
                    if delay is not None else ""
                raise LibraryError(
                    f"{self.library}: {method} {path} failed: {why}; gave up after waiting "
                    f"{self.policy.max_wait - budget:.0f} s in total{asked}",
                    hint="try again later" + ("" if method == "GET" else
                                              "; nothing was lost, a new run picks up where this one stopped"))
            log.info("%s %s: %s; retrying in %.1f s", method, path, why, delay)
            self._wait(delay)
            budget -= delay

    @staticmethod
    def _next(waits: tuple[float, ...], attempt: int) -> float | None:
        return waits[attempt] if attempt < len(waits) else None

    def _wait(self, seconds: float) -> None:
        if seconds > 0:
            self.waited += seconds
            self.sleep(seconds)


#: what ``zsync check`` does: its errors do not send the user to ``zsync check``
CHECKING_KEY = "checking the API key"


def explain(response: httpx2.Response, library: str, doing: str) -> LibraryError:
    """A :class:`LibraryError` saying what a final error status means for the user."""
    status, body = response.status_code, response.text.strip()[:300]
    if status == 403 and "invalid key" in body.lower():
        return LibraryError(f"{library}: {doing} refused (403 {body}): the server knows no such API key "
                            "(mistyped, cut short, or revoked)",
                            hint="give the key exactly as https://www.zotero.org/settings/keys shows it "
                                 "($ZOTERO_API_KEY, --api-key-file or [zotero] api_key_file), or create one there")
    if status == 403:
        lacks = "write access" if "write" in body.lower() else "read access"
        check = "" if doing == CHECKING_KEY else f"check the key with `zsync check --library {library}`; "
        return LibraryError(f"{library}: {doing} refused (403 {body or 'Forbidden'}): the API key lacks {lacks} to this library",
                            hint=f"{check}keys and their permissions are at https://www.zotero.org/settings/keys")
    if status == 404:
        hint = ("desktop:groups/ID takes the ID of a group the Zotero app holds (the number in the group's "
                "zotero.org address)" if library.startswith("desktop") else
                "users/ID takes your numeric user ID (not the user name); groups/ID the group's ID")
        return LibraryError(f"{library}: {doing}: library not found (404)", hint=hint)
    if status == 413:
        return LibraryError(f"{library}: {doing}: request too large (413 {body})",
                            hint="a field is longer than 65,535 bytes or a batch holds more than 50 objects")
    if status == 400:
        return LibraryError(f"{library}: {doing}: the server refused the request as invalid (400 {body})")
    return LibraryError(f"{library}: {doing} failed ({status} {body})")

