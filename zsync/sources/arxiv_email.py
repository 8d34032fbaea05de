"""The arXiv mailing-list digest (a subscription e-mail, as text).

Papers are blocks between lines of dashes, each opened by ``\\\\`` and ``arXiv:ID``:
``Date:`` (new submissions, cross-lists marked ``(*cross-listing*)``) or ``replaced with
revised version DATE`` (replacements), then ``Title:``, ``Authors:``, ``Categories:`` and other
``Key:`` lines wrapped with indented continuations, then ``\\\\``, the abstract, and
``\\\\ ( URL , size)``. Replacements carry no abstract and no version number: they are marked
so that a paper already in the library gets its version line updated, not created twice.
"""

from __future__ import annotations

import re
from typing import Iterator

from zsync.dates import rfc2822_day
from zsync.identifiers import clean_doi, split_arxiv_id
from zsync.model import Entry, Location, Reject
from zsync.names import split_names
from zsync.sources.base import ParseContext

SEPARATOR = re.compile(r"^(-{20,}|%-%-%.*|%%%---.*)$")
HEAD = re.compile(r"^arXiv:(\S+)(\s+\(\*cross-listing\*\))?\s*$")
KEY = re.compile(r"^([A-Z][\w-]*(?: [\w-]+)?):\s?(.*)$")
REPLACED = re.compile(r"^replaced with revised version (.+?)\s+\(")
DATE = re.compile(r"^Date:\s*(.+?)\s+\(")


class ArxivEmail:
    name = "arxiv-email"
    description = "arXiv mailing-list digest e-mails (new, cross-listed and replaced papers)"

    def sniff(self, text: str) -> float:
        head = text[:20000]
        return 0.95 if re.search(r"^arXiv:\S+", head, re.M) and "\\\\" in head and re.search(r"^Title:", head, re.M) else 0.0

    def parse(self, text: str, origin: str, context: ParseContext) -> Iterator[Entry | Reject]:
        block: list[tuple[int, str]] = []
        for number, line in enumerate(text.split("\n"), start=1):
            if SEPARATOR.match(line.strip()):
                if block:
                    yield from self._block(block, origin)
                block = []
            else:
                block.append((number, line))
        if block:
            yield from self._block(block, origin)

    def _block(self, lines: list[tuple[int, str]], origin: str) -> Iterator[Entry | Reject]:
        start = next((i for i, (_, line) in enumerate(lines) if HEAD.match(line.strip())), None)
        if start is None:
            return  # header, footer and announcement text: not papers
        line_no, head = lines[start]
        location = Location(path=origin, line=line_no)
        match = HEAD.match(head.strip())
        parsed = split_arxiv_id(match[1])
        if not parsed:
            yield Reject(location=location, message=f"not an arXiv id: {match[1]!r}")
            return
        fields: dict[str, str] = {}
        last = None
        body = lines[start + 1:]
        abstract: list[str] = []
        marks = 0
        for _, line in body:
            stripped = line.strip()
            if stripped.startswith("\\\\"):
                marks += 1
                continue
            if marks >= 1:
                abstract.append(stripped)
                continue
            if (m := REPLACED.match(stripped)) or (m := DATE.match(stripped)):
                fields["replaced" if stripped.startswith("replaced") else "date"] = m[1]
            elif (m := KEY.match(line)) and not line.startswith(" "):
                last = m[1].lower()
                fields[last] = m[2].strip()
            elif line.startswith(" ") and last and stripped:
                fields[last] += " " + stripped
        if not fields.get("title"):
            yield Reject(location=location, message=f"arXiv:{match[1]} has no title")
            return
        entry = Entry(format=self.name, location=location, title=" ".join(fields.pop("title").split()),
                      abstract=" ".join(" ".join(abstract).split()) or None)
        entry.arxiv_id, entry.arxiv_version = parsed
        entry.authors = split_names(fields.pop("authors", ""))
        categories = fields.pop("categories", "").split()
        entry.arxiv_category = categories[0] if categories else None
        if len(categories) > 1:
            entry.facts["categories"] = " ".join(categories)
        if "doi" in fields:
            entry.doi = clean_doi(fields.pop("doi"))
        submitted = rfc2822_day(fields.pop("date", ""))
        entry.date = submitted
        replaced = fields.pop("replaced", None)
        entry.facts["announce type"] = "replace" if replaced else "cross" if match[2] else "new"
        if replaced:
            entry.facts["revised"] = rfc2822_day(replaced) or replaced
        for name, value in fields.items():
            if value:
                entry.facts[name] = value
        yield entry
