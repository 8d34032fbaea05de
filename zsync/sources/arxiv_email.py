"""The arXiv mailing-list digest (a subscription e-mail, as text), of every era.

Papers are blocks between rules: lines of dashes, and the section marks ``%-%-%-…`` (cross-lists
follow), ``%%--%%--…`` (replacements follow) and ``%%%---%%%---…`` (the end). A block opens with
``\\\\`` and the paper's id, ``arXiv:ID`` (since 2007) or ``Paper: archive/NNNNNNN`` (before), with
``(*cross-listing*)`` for a cross-list; then ``Date:`` (new submissions) or ``replaced with
revised version DATE`` (replacements; arXiv's listing files add ``Date (revised vN):`` for each
later version, the last read as the paper's version and revision day), ``Title:``,
``Authors:``, ``Categories:`` and other ``Key:`` lines wrapped with indented continuations;
then ``\\\\``, the abstract, and ``\\\\ ( URL , size)``. Nothing after that line belongs to the paper.

Titles and names are LaTeX, read as Unicode (:mod:`zsync.sources.clean`). A replaced cross-list
is ``replace-cross``, as in the RSS listings. Replacements carry no abstract and no version
number: they are marked so that a paper already in the library gets its version line updated.
A digest that ends inside a paper's block was cut off: the paper is kept (without the part of
its abstract that was cut), with a notice at its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterator

from zsync.dates import rfc2822_day
from zsync.identifiers import clean_doi, split_arxiv_id
from zsync.model import Entry, Location, Notice, Reject
from zsync.sources.base import ParseContext
from zsync.sources.clean import author_list, latex_text
from zsync.whitespace import squeeze

SEPARATOR = re.compile(r"^(-{20,}|%-%-%.*|%%--%%.*|%%%---.*)$")
HEAD = re.compile(r"^(?:arXiv:(?P<id>\S+)(?P<cross>\s+\(\*cross-listing\*\))?"
                  r"|Paper(?P<old_cross>\s*\(\*cross-listing\*\))?:\s*(?P<old_id>\S+))\s*$")
HEAD_LINE = re.compile(HEAD.pattern, re.M)  # a head anywhere in a text
KEY = re.compile(r"^([A-Z][\w-]*(?: [\w-]+)?):\s?(.*)$")
REPLACED = re.compile(r"^replaced with revised version (.+?)\s+\(")
DATE = re.compile(r"^Date:\s*(.+?)\s+\(")
#: arXiv's listing files give each later version: "Date (revised v2): Mon, 12 May 2008 14:10:43 GMT (809kb)"
REVISION = re.compile(r"^Date \(revised v(\d+)\):\s*(.+?)\s+\(")
TRAILER = re.compile(r"^\\\\\s*\(")
#: keys that are not about the paper: the submitter's e-mail address stays out of the library
PRIVATE_KEYS = {"from"}


@dataclass
class Block:
    """A paper's lines as ``(line number, text)``, and whether its block was seen to the end."""

    lines: list[tuple[int, str]] = field(default_factory=list)
    closed: bool = False  # a rule followed it


class ArxivEmail:
    name = "arxiv-email"
    description = "arXiv mailing-list digest e-mails (new, cross-listed and replaced papers)"
    variants = {"since 2007": "arXiv:ID heads, abstracts, \\\\ ( URL , size) trailers",
                "before 2007": "Paper: archive/NNNNNNN heads, From: lines"}

    def sniff(self, text: str) -> float:
        head = text[:20000]
        return 0.95 if HEAD_LINE.search(head) and "\\\\" in head and re.search(r"^Title:", head, re.M) else 0.0

    def variant(self, text: str) -> str:
        head = HEAD_LINE.search(text[:20000])
        return "before 2007" if head and head["old_id"] else "since 2007"

    def parse(self, text: str, origin: str, context: ParseContext) -> Iterator[Entry | Reject | Notice]:
        block = Block()
        for number, line in enumerate(text.split("\n"), start=1):
            if SEPARATOR.match(line.strip()):
                block.closed = True
                yield from self._block(block, origin)
                block = Block()
            elif line.strip() or block.lines:
                block.lines.append((number, line))
        yield from self._block(block, origin)

    def _block(self, block: Block, origin: str) -> Iterator[Entry | Reject | Notice]:
        lines = block.lines
        start = next((i for i, (_, line) in enumerate(lines) if HEAD.match(line.strip())), None)
        if start is None:
            if not block.closed and [line.strip() for _, line in lines if line.strip()] == ["\\\\"]:
                yield Notice(location=Location(path=origin, line=lines[0][0]),
                             message="the digest ends where a paper's block begins (cut off?)")
            return  # header, footer and announcement text: not papers
        line_no, head = lines[start]
        location = Location(path=origin, line=line_no)
        match = HEAD.match(head.strip())
        raw_id = match["id"] or match["old_id"]
        parsed = split_arxiv_id(raw_id)
        if not parsed:
            yield Reject(location=location, message=f"not an arXiv id: {raw_id!r}")
            return
        fields: dict[str, str] = {}
        last = None
        abstract: list[str] = []
        part = "head"  # then "abstract", then "end"
        for _, line in lines[start + 1:]:
            stripped = line.strip()
            if stripped.startswith("\\\\"):
                part = "abstract" if part == "head" and not TRAILER.match(stripped) else "end"
                if part == "end":
                    break
            elif part == "abstract":
                abstract.append(stripped)
            elif (m := REPLACED.match(stripped)) or (m := DATE.match(stripped)):
                fields["replaced" if stripped.startswith("replaced") else "date"] = m[1]
            elif m := REVISION.match(stripped):  # the last one is the paper's latest version
                fields["version"], fields["revision date"] = m[1], m[2]
            elif (m := KEY.match(line)) and not line.startswith(" "):
                last = m[1].lower()
                fields[last] = m[2].strip()
            elif line.startswith(" ") and last and stripped:
                fields[last] += " " + stripped
        if not block.closed and (part == "head" or any(abstract)):  # a paper without abstract may end at its "\\"
            cut = "; kept without its abstract" if any(abstract) else ""
            yield Notice(location=location, message=f"the digest ends inside arXiv:{raw_id} (cut off?){cut}")
            abstract = []
        if not fields.get("title"):
            yield Reject(location=location, message=f"arXiv:{raw_id} has no title")
            return
        yield self._entry(fields, abstract, parsed, bool(match["cross"] or match["old_cross"]), location)

    def _entry(self, fields: dict[str, str], abstract: list[str], parsed: tuple[str, int | None], cross: bool,
               location: Location) -> Entry:
        entry = Entry(format=self.name, location=location, title=latex_text(fields.pop("title")),
                      abstract=squeeze(" ".join(abstract)) or None)
        entry.arxiv_id, entry.arxiv_version = parsed
        if "version" in fields:
            entry.arxiv_version = int(fields.pop("version"))
            revised = fields.pop("revision date")
            entry.facts["revised"] = rfc2822_day(revised) or revised
        entry.authors = author_list(fields.pop("authors", ""))
        categories = fields.pop("categories", "").split()
        entry.arxiv_category = categories[0] if categories else None
        if len(categories) > 1:
            entry.facts["categories"] = " ".join(categories)
        if "doi" in fields:
            entry.doi = clean_doi(fields.pop("doi"))
        entry.date = rfc2822_day(fields.pop("date", ""))
        replaced = fields.pop("replaced", None)
        entry.facts["announce type"] = ("replace" if replaced else "new") if not cross else ("replace-cross" if replaced else "cross")
        if replaced:
            entry.facts["revised"] = rfc2822_day(replaced) or replaced
        for name, value in fields.items():
            if value and name not in PRIVATE_KEYS:
                entry.facts[name] = latex_text(value) if name == "journal-ref" else value
        return entry
