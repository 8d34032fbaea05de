"""Fetching digests and lookups over HTTP, politely, with an on-disk cache.

* A descriptive User-Agent, connect and read timeouts, retries with growing pauses on lost
  connections, 429 and 5xx (``Retry-After`` honoured, in seconds or as an HTTP date), then a
  clear :class:`FetchError`.
* Per-host etiquette: at least ``PAUSES[host]`` seconds between requests (arXiv asks for 3 s).
* Answers are cached on disk under the data directory; a digest fetched again the same day (a
  re-run) is read from the cache, and lookups are kept longer (``max_age_days``). Files (an
  arXiv paper's PDF, :meth:`Fetcher.download`) are kept for good: a re-run downloads nothing.
* Named sources: ``hf:daily`` (today's Hugging Face daily papers), ``hf:daily/2026-11-20``,
  ``arxiv:cs.CL`` (the day's arXiv listing), or any ``http(s)://`` URL.

Offline (``--offline``), nothing is fetched: a named source is an error, lookups are skipped.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable
from urllib.parse import urlencode, urlsplit

import requests
from urllib3.exceptions import NameResolutionError

from zsync import __version__
from zsync.config import Settings, data_dir
from zsync.dates import retry_after_seconds
from zsync.errors import ExitCode, ZsyncError

log = logging.getLogger(__name__)
USER_AGENT = f"zsync/{__version__} (paper digests to Zotero; https://pypi.org/project/zsync/)"
PAUSES = {"export.arxiv.org": 3.0, "arxiv.org": 3.0, "rss.arxiv.org": 1.0, "huggingface.co": 1.0,
          "api.crossref.org": 1.0}
TIMEOUT = (10, 60)  # connect, read (seconds)
WAITS = (2.0, 8.0, 30.0)  # between attempts after a lost connection, 429 or 5xx


class FetchError(ZsyncError):
    """A URL could not be fetched (after retries), or fetching is off."""

    exit_code = ExitCode.REMOTE


@dataclass(frozen=True)
class Remote:
    url: str
    format: str | None  # the digest format, when the source fixes it


def is_remote(name: str) -> bool:
    """Whether a digest name is a URL or a named source (``scheme:rest``) rather than a local file.

    A file that exists wins over a look-alike name, so ``notes:v2.txt`` on disk is still read.
    """
    if name.startswith(("http://", "https://")):
        return True
    return bool(re.fullmatch(r"[a-z]+:\S+", name)) and not Path(name).exists()


def remote(name: str, today: dt.date) -> Remote | None:
    """What a named remote source or URL stands for; ``None`` for a local path.

    Raises :class:`ZsyncError` for a ``scheme:rest`` name zsync does not know.
    """
    if not is_remote(name):
        return None
    if name.startswith(("http://", "https://")):
        return Remote(name, None)
    if m := re.fullmatch(r"hf:daily(?:/(\d{4}-\d{2}-\d{2}))?", name):
        return Remote(f"https://huggingface.co/api/daily_papers?date={m[1] or today.isoformat()}", "hf-daily-json")
    if m := re.fullmatch(r"arxiv:([a-z-]+(?:\.[A-Za-z-]+)?)", name):
        return Remote(f"https://rss.arxiv.org/rss/{m[1]}", "arxiv-rss")
    raise ZsyncError(f"unknown remote source {name!r}",
                     hint="use hf:daily, hf:daily/YYYY-MM-DD, arxiv:CATEGORY (e.g. arxiv:cs.CL) or a URL")


def unresolvable(exc: BaseException) -> bool:
    """Whether a failed request failed because the host name did not resolve."""
    seen: set[int] = set()
    todo: list[object] = [exc]
    while todo:
        current = todo.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, NameResolutionError):
            return True
        if isinstance(current, BaseException):
            todo += [current.__cause__, current.__context__, getattr(current, "reason", None), *current.args]
    return False


class Fetcher:
    def __init__(self, cache_dir: Path, *, offline: bool = False, session: requests.Session | None = None,
                 sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.monotonic,
                 today: Callable[[], dt.date] = dt.date.today):
        self.cache_dir = cache_dir
        self.offline = offline
        self.session = session or requests.Session()
        self.session.headers["User-Agent"] = USER_AGENT
        self.sleep, self.clock, self.today = sleep, clock, today
        self.last: dict[str, float] = {}
        self.requests = 0

    @classmethod
    def for_settings(cls, settings: Settings) -> "Fetcher":
        """The fetcher a run uses: cache in the data directory, offline if the settings say so."""
        return cls(data_dir() / "http", offline=settings.offline)

    def get(self, url: str, params: dict[str, str] | None = None, *, max_age_days: int = 0) -> str:
        """The text at ``url``: from the cache when fetched within ``max_age_days`` (0: today)."""
        full = url + ("?" + urlencode(params) if params else "")
        cached = self._cached(full, max_age_days)
        if cached is not None:
            return cached
        if self.offline:
            raise FetchError(f"{full}: not fetched, zsync is offline", hint="a named source or URL needs the network: run without --offline when online, or save it to a file")
        response = self._fetch(url, params)
        response.encoding = response.encoding or "utf-8"
        self._store(full, response.text)
        return response.text

    def download(self, url: str) -> Path:
        """The file at ``url``, downloaded once (politely, like every fetch) and kept in the cache."""
        path = self._path(url).with_suffix(".file")
        if path.is_file():
            return path
        if self.offline:
            raise FetchError(f"{url}: not downloaded, zsync is offline", hint="drop --offline to download")
        content = self._fetch(url, None).content
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".part")
        partial.write_bytes(content)
        partial.replace(path)  # a killed download leaves no half file behind
        return path

    def _fetch(self, url: str, params: dict[str, str] | None) -> requests.Response:
        host = urlsplit(url).hostname or ""
        why = ""
        for attempt in range(len(WAITS) + 1):
            wait = self.last.get(host, -1e9) + PAUSES.get(host, 0.0) - self.clock()
            if wait > 0:
                self.sleep(wait)
            self.requests += 1
            try:
                response = self.session.get(url, params=params, timeout=TIMEOUT)
            except requests.RequestException as exc:
                if unresolvable(exc):  # no network, or no such host: waiting will not help
                    raise FetchError(f"{url}: cannot resolve {host}", hint="no network? the other digests are still read; --offline also skips online lookups") from None
                why, retry_after = f"no answer ({type(exc).__name__})", None
            else:
                self.last[host] = self.clock()
                if response.status_code == 200:
                    return response
                why = f"HTTP {response.status_code}"
                if response.status_code not in (429, 500, 502, 503, 504):
                    raise FetchError(f"{response.url}: {why} {response.reason or ''}".strip())
                retry_after = retry_after_seconds(response.headers.get("Retry-After"), time.time())
            self.last[host] = self.clock()
            if attempt < len(WAITS):
                delay = WAITS[attempt] if retry_after is None else retry_after
                log.info("%s: %s; retrying in %.0f s", url, why, delay)
                self.sleep(delay)
        raise FetchError(f"{url}: {why} after {len(WAITS) + 1} attempts", hint="try again later, or use --offline")

    def _path(self, full: str) -> Path:
        return self.cache_dir / hashlib.sha256(full.encode()).hexdigest()[:32]

    def _cached(self, full: str, max_age_days: int) -> str | None:
        path = self._path(full)
        try:
            record = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError):
            return None
        fetched = dt.date.fromisoformat(record["date"])
        return record["text"] if (self.today() - fetched).days <= max_age_days else None

    def _store(self, full: str, text: str) -> None:
        path = self._path(full)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({"url": full, "date": self.today().isoformat(), "text": text}), "utf-8")
