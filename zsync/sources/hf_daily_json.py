"""The Hugging Face ``/api/daily_papers`` response (JSON).

Each element has a ``paper`` with the arXiv id (``id``), title, summary, authors, upvotes,
``publishedAt``, and often ``githubRepo`` and ``projectPage`` (code links) and ``ai_keywords``
(tags). Some captures hold ``authors`` and ``ai_keywords`` as the text of a Python list rather
than a JSON list; both are read.
"""

from __future__ import annotations

import ast
import json
from typing import Any, Iterator

from zsync.dates import iso_day
from zsync.errors import InputError
from zsync.identifiers import split_arxiv_id
from zsync.model import Entry, Location, Reject
from zsync.names import person_from_name
from zsync.sources.base import ParseContext
from zsync.whitespace import squeeze


def as_list(value: Any) -> list[Any]:
    if isinstance(value, list):
        return value
    if isinstance(value, str) and value.strip().startswith("["):
        try:
            parsed = ast.literal_eval(value)
        except (ValueError, SyntaxError):
            return []
        return parsed if isinstance(parsed, list) else []
    return []


def fullname(value: Any) -> str | None:
    """An organisation or user: an object with ``fullname`` in the API, a plain name in some captures."""
    if isinstance(value, dict):
        return value.get("fullname")
    return value if isinstance(value, str) else None


class HFDailyJSON:
    name = "hf-daily-json"
    description = "Hugging Face daily papers API response (/api/daily_papers JSON)"

    def sniff(self, text: str) -> float:
        head = text.lstrip()[:20000]
        return 0.95 if head.startswith("[") and '"paper"' in head and '"upvotes"' in head else 0.0

    def parse(self, text: str, origin: str, context: ParseContext) -> Iterator[Entry | Reject]:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            cut = "" if text.rstrip().endswith(("]", "}")) else " (the file is cut off?)"
            raise InputError(Location(path=origin, line=exc.lineno, column=exc.colno),
                             f"not valid JSON: {exc.msg.removesuffix(' at')}{cut}",
                             hint="download the answer again; nothing was read from this file") from None
        items = data if isinstance(data, list) else data.get("papers", []) if isinstance(data, dict) else []
        for number, (item, position) in enumerate(zip(items, self._positions(text, items)), start=1):
            location = Location(path=origin, **position)
            paper = item.get("paper") if isinstance(item, dict) else None
            if not isinstance(paper, dict) or not (paper.get("title") or item.get("title")):
                yield Reject(location=location, message=f"element {number} has no paper with a title")
                continue
            yield self._entry(item, paper, location)

    @staticmethod
    def _positions(text: str, items: list[Any]) -> Iterator[dict[str, int]]:
        """Line (and, for the API's one-line answer, column) of each element's paper id, found
        in one pass: each search starts where the previous element's id was found."""
        one_line = "\n" not in text.strip()
        key = '"id":"' if '"id":"' in text else '"id": "'  # the API's compact answer, or pretty-printed
        line_start = text.rfind("\n", 0, len(text) - len(text.lstrip()))  # where the one line starts
        at, line = 0, 1
        for item in items:
            paper = item.get("paper") if isinstance(item, dict) else None
            pid = paper.get("id") if isinstance(paper, dict) else None
            found = text.find(f'{key}{pid}"', at) if pid else -1
            if found < 0:
                yield {"line": line}
                continue
            line += text.count("\n", at, found)
            at = found
            yield {"line": 1, "column": found - line_start} if one_line else {"line": line}

    def _entry(self, item: dict[str, Any], paper: dict[str, Any], location: Location) -> Entry:
        parsed = split_arxiv_id(str(paper.get("id", "")))
        facts = {name: str(value) for name, value in (
            ("comments", item.get("numComments")),
            ("organization", fullname(paper.get("organization") or item.get("organization"))),
            ("submitted by", fullname(paper.get("submittedOnDailyBy"))),
            ("github stars", paper.get("githubStars"))) if value not in (None, "", 0)}
        return Entry(
            format=self.name, location=location,
            title=squeeze(paper.get("title") or item.get("title") or ""),
            abstract=squeeze(paper.get("summary") or item.get("summary") or "") or None,
            arxiv_id=parsed[0] if parsed else None, arxiv_version=parsed[1] if parsed else None,
            authors=[person_from_name(a["name"]) for a in as_list(paper.get("authors"))
                     if isinstance(a, dict) and a.get("name") and not a.get("hidden")],
            date=iso_day(str(paper.get("publishedAt") or item.get("publishedAt") or "")),
            upvotes=paper["upvotes"] if isinstance(paper.get("upvotes"), int) else None,
            links=[url for url in (paper.get("githubRepo"), paper.get("projectPage")) if isinstance(url, str) and url],
            tags=[k for k in as_list(paper.get("ai_keywords")) if isinstance(k, str)],
            facts=facts)
