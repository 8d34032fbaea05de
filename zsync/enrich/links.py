"""Code links: URLs in abstracts (and links a digest gives) as linked-URL attachments.

Which URLs count and what they are called is data, in ``mappings/code-links.toml``. Sentence
punctuation after a URL is not part of it: "see https://github.com/thu-ml/CCA." links to
``…/CCA``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict

from zsync.model import Entry, ZoteroItem
from zsync.tomlfile import Regex, read_toml, validate

URL = re.compile(r"https?://[^\s<>\"'`{}|\\^]+", re.I)
TRAILING = ".,;:!?'\"*"
PAIRS = {")": "(", "]": "["}


class LinkRule(BaseModel):
    model_config = ConfigDict(extra="forbid")
    host: Regex
    path: Regex = ""
    title: str = ""
    skip: bool = False

    def fits(self, host: str, path: str) -> bool:
        return bool(re.fullmatch(self.host, host, re.I)) and (not self.path or bool(re.search(self.path, path)))


def clean_url(url: str) -> str:
    """Strip sentence punctuation and unbalanced closing brackets from the end of a URL."""
    while url:
        last = url[-1]
        if last in TRAILING:
            url = url[:-1]
        elif last in PAIRS and url.count(last) > url.count(PAIRS[last]):
            url = url[:-1]
        else:
            break
    return url


def find_urls(text: str) -> list[str]:
    """The distinct URLs in ``text``, in order of appearance."""
    seen: dict[str, None] = {}
    for match in URL.finditer(text or ""):
        url = clean_url(match.group())
        if urlsplit(url).netloc:
            seen.setdefault(url, None)
    return list(seen)


def link_identity(url: str) -> str:
    """What makes two URLs the same link: host case, ``www.``, a trailing slash and ``.git`` do not."""
    parts = urlsplit(url)
    host = parts.netloc.lower().removeprefix("www.")
    path = parts.path.rstrip("/").removesuffix(".git")
    return f"{host}{path}" + (f"?{parts.query}" if parts.query else "")


class LinkFinder:
    def __init__(self, rules: Iterable[LinkRule]):
        self.rules = list(rules)

    @classmethod
    def from_file(cls, path: Path) -> "LinkFinder":
        file = read_toml(path)
        return cls(validate(LinkRule, rule, text=file.text, where=str(path), what="invalid link rule", within=("links", number))
                   for number, rule in enumerate(file.data.get("links", [])))

    def title_for(self, url: str) -> str | None:
        parts = urlsplit(url)
        for rule in self.rules:
            if rule.fits(parts.hostname or "", parts.path):
                return None if rule.skip else rule.title
        return None

    def links(self, entry: Entry) -> list[tuple[str, str]]:
        """``(title, url)`` for each code link of ``entry``, one per distinct link."""
        found: dict[str, tuple[str, str]] = {}
        for url in [*entry.links, *find_urls(entry.abstract or "")]:
            title = self.title_for(url)
            if title:
                found.setdefault(link_identity(url), (title, url))
        return list(found.values())


def link_attachment(title: str, url: str, parent_key: str | None = None) -> ZoteroItem:
    """A child attachment with exactly the properties of Zotero's ``linked_url`` template."""
    return ZoteroItem(
        itemType="attachment", linkMode="linked_url", parentItem=parent_key,
        title=title, url=url, accessDate="", note="", contentType="", charset="",
    )
