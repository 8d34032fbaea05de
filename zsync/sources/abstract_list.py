"""A list of paper abstracts, one ``Abstract:`` line (or paragraph) per paper.

The seed of this format gives abstracts and nothing else, so each entry gets a provisional title
made from its abstract, flagged as such (``title_provisional``), never passed off as the real
one. Optional ``Title:``, ``Authors:``, ``arXiv:``, ``DOI:``, ``URL:`` and ``Date:`` lines before
an abstract belong to it; lines after an ``Abstract:`` line continue it until a blank line or the
next key line.
"""

from __future__ import annotations

import re
from typing import Iterator

from zsync.dates import is_iso_date
from zsync.identifiers import clean_doi, split_arxiv_id
from zsync.model import Entry, Location, Notice, Reject
from zsync.sources.base import ParseContext
from zsync.names import split_names
from zsync.sources.text import provisional_title

KEY_LINE = re.compile(r"(?P<key>Abstract|Title|Authors?|arXiv|DOI|URL|Date)\s*:\s*(?P<value>.*)", re.I)
#: a line (blanks before it allowed) that starts an abstract, or any key line, found in a whole text
ABSTRACT_START = re.compile(r"^[^\S\n]*Abstract[^\S\n]*:", re.M | re.I)
KEYED_START = re.compile(r"^[^\S\n]*(?:Abstract|Title|Authors?|arXiv|DOI|URL|Date)[^\S\n]*:", re.M | re.I)


class AbstractList:
    name = "abstract-list"
    keyed_records = True  # records are written with Title:/Abstract: keys: layout evidence for the gate
    description = "lines starting with 'Abstract:', optionally with Title:/Authors:/arXiv:/DOI: lines"

    def sniff(self, text: str) -> float:
        """Sure as far as its lines are key lines, when one starts an abstract. Counted over the
        text at once (two patterns tried line by line were a millisecond of every file's detection)."""
        head = text[:200_000]
        if not ABSTRACT_START.search(head):
            return 0.0
        lines = sum(1 for line in head.split("\n") if line.strip())
        return 0.4 + 0.5 * len(KEYED_START.findall(head)) / lines

    def parse(self, text: str, origin: str, context: ParseContext) -> Iterator[Entry | Reject | Notice]:
        fields: dict[str, str] = {}
        start = 0
        in_abstract = False
        outside: list[int] = []  # lines outside any entry: page text, reported once
        for number, raw in enumerate(text.split("\n"), start=1):
            line = raw.strip()
            key_line = KEY_LINE.fullmatch(line)
            if in_abstract and line and not key_line:
                fields["abstract"] += " " + line
                continue
            if in_abstract and (not line or key_line):
                yield self._entry(fields, Location(path=origin, line=start))
                fields, in_abstract = {}, False
            if not line:
                continue
            if key_line is None:
                outside.append(number)
                continue
            if not fields:
                start = number
            key = key_line["key"].lower().rstrip("s") if key_line["key"].lower() != "abstract" else "abstract"
            fields[key] = key_line["value"].strip()
            in_abstract = key == "abstract"
        if in_abstract:
            yield self._entry(fields, Location(path=origin, line=start))
        elif fields:
            yield Reject(location=Location(path=origin, line=start),
                         message="key lines with no 'Abstract:' after them", excerpt=str(fields)[:200])
        if outside:
            shown = ", ".join(map(str, outside[:10])) + (" …" if len(outside) > 10 else "")
            yield Notice(location=Location(path=origin, line=outside[0]),
                         message=f"{len(outside)} line(s) outside any entry skipped as page text (lines {shown}); "
                                 "entries start with 'Abstract:' or a key line such as 'Title:'")

    def _entry(self, fields: dict[str, str], location: Location) -> Entry | Reject:
        abstract = " ".join(fields.get("abstract", "").split())
        if not abstract:
            return Reject(location=location, message="'Abstract:' with no text after it")
        entry = Entry(format=self.name, location=location, abstract=abstract)
        if fields.get("title"):
            entry.title = fields["title"]
        else:
            entry.title, entry.title_provisional = provisional_title(abstract), True
        if fields.get("author"):
            entry.authors = split_names(fields["author"])
        if fields.get("arxiv"):
            parsed = split_arxiv_id((fields["arxiv"].split() or [""])[0])  # page text may follow the id
            if parsed is None:
                return Reject(location=location, message=f"not an arXiv id: {fields['arxiv']!r}")
            entry.arxiv_id, entry.arxiv_version = parsed
        if fields.get("doi"):
            entry.doi = clean_doi(fields["doi"])
        if fields.get("url"):
            entry.url = fields["url"]
        if fields.get("date"):
            if not is_iso_date(fields["date"]):
                return Reject(location=location, message=f"date is not a date written YYYY[-MM[-DD]]: {fields['date']!r}")
            entry.date = fields["date"]
        return entry
