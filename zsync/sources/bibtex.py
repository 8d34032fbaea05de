"""BibTeX and BibLaTeX files (``.bib``).

The grammar (``@string`` macros and ``#`` concatenation, month macros, ``@comment`` and
``@preamble``, ``crossref`` inheritance) is read in one pass by :mod:`zsync.sources.bibtex_grammar`:
a block whose braces never close is a reject at its line and the rest of the file is still read;
an entry with no citation key is named after its line; an undefined macro is read as its own
name. Each such repair is a notice at its line, and a last notice counts what the file held.

Field values become Unicode (``zsync.latex``); names keep their von and Jr parts, and
brace-protected names (``{American Heart Association}``) stay whole. ``eprint`` with
``archivePrefix``/``eprinttype`` arXiv gives the arXiv id; ``note`` lines ``Label: \\url{…}``
(how zsync exports code links) give code links; every other field is kept as a fact.
"""

from __future__ import annotations

import re
from typing import Iterator

from bibtexparser.customization import splitname

from zsync.dates import month_number
from zsync.identifiers import clean_doi
from zsync.latex import to_unicode
from zsync.model import Entry, Location, Notice, Person, Reject, split_arxiv_id
from zsync.sources.base import ParseContext
from zsync.sources.bibtex_grammar import ENTRY_START, NOT_ENTRIES, parse as parse_bibtex

CODE_LINK = re.compile(r"^\s*([^:\n]{1,60}):\s*\\url\{([^}]+)\}\s*$")
#: fields that become Entry attributes rather than facts
CONSUMED = {"author", "editor", "title", "abstract", "doi", "url", "keywords", "date", "year", "month", "day",
            "ID", "ENTRYTYPE", "note", "_from_crossref"}
ARXIV_FIELDS = {"eprint", "archiveprefix", "eprinttype", "primaryclass", "eprintclass"}
#: fields whose line breaks matter
MULTILINE = {"extra", "abstract", "note"}
#: fields taken as written: no LaTeX in a URL ("%" there is not a comment)
VERBATIM = {"url", "doi", "eprint", "urldate", "file"}


def person(name: str) -> Person:
    name = name.strip()
    if name.startswith("{") and name.endswith("}") and name.count("{") == 1:
        return Person(name=to_unicode(name[1:-1]))
    try:
        parts = splitname(name, strict_mode=False)
    except Exception:  # a name bibtexparser cannot split is kept whole
        return Person(name=to_unicode(name))
    first = to_unicode(" ".join(parts.get("first", [])))
    last = to_unicode(" ".join(parts.get("von", []) + parts.get("last", [])))
    jr = to_unicode(" ".join(parts.get("jr", [])))
    if not first and not jr:
        return Person(name=last)
    return Person(first=f"{first}, {jr}" if jr else first, last=last)


def names(value: str) -> list[Person]:
    """Split a name list on "and" outside braces: {Council on Quality and Outcomes} is one name."""
    found, depth, start = [], 0, 0
    for match in re.finditer(r"[{}]|\s+and\s+", value):
        token = match.group()
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
        elif depth == 0:
            found.append(value[start:match.start()])
            start = match.end()
    found.append(value[start:])
    return [person(n) for n in found if n.strip() and n.strip().lower() != "others"]


def iso_date(fields: dict[str, str]) -> str | None:
    """``date`` (BibLaTeX, ranges cut to their start) or ``year``/``month``/``day`` as ISO 8601."""
    date = fields.get("date", "").split("/")[0].strip()
    if re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", date):
        return date
    year = fields.get("year", "").strip()
    if not re.fullmatch(r"\d{4}", year):
        return None
    month = fields.get("month", "").strip().lower().rstrip(".")
    number = month_number(month)
    if number is None:
        return year
    day = fields.get("day", "").strip()
    return f"{year}-{number:02d}" + (f"-{int(day):02d}" if day.isdigit() and 1 <= int(day) <= 31 else "")


class BibTeX:
    name = "bibtex"
    description = "BibTeX / BibLaTeX .bib files (@string macros, crossref, LaTeX, arXiv eprints)"

    def sniff(self, text: str) -> float:
        types = {m[1].lower() for m in ENTRY_START.finditer(text[:200_000])}
        return 0.95 if types - NOT_ENTRIES else 0.3 if types else 0.0

    def parse(self, text: str, origin: str, context: ParseContext) -> Iterator[Entry | Reject | Notice]:
        parsed = parse_bibtex(text)
        for problem in sorted(parsed.problems, key=lambda p: p.location.line):
            yield problem.model_copy(update={"location": Location(path=origin, line=problem.location.line)})
        rejected = 0
        for fields in parsed.entries:
            location = Location(path=origin, line=int(fields.pop("_line", 0)))
            try:
                yield self.entry(fields, location)
            except ValueError as exc:
                rejected += 1
                yield Reject(location=location, message=f"entry {fields['ID']} cannot be read: {exc}")
        rejected += sum(1 for p in parsed.problems if isinstance(p, Reject))
        counts = parsed.counts
        if rejected or set(counts) - {"entry"}:
            blocks = ", ".join(f"{counts[k]} @{k}" for k in ("string", "preamble", "comment") if counts.get(k))
            yield Notice(location=Location(path=origin), message=(
                f"{counts.get('entry', 0) - rejected + sum(1 for p in parsed.problems if isinstance(p, Reject))} "
                f"entries read, {rejected} rejected" + (f"; also {blocks}" if blocks else "")))

    def entry(self, raw: dict[str, str], location: Location) -> Entry:
        fields = {k.lower() if k not in ("ID", "ENTRYTYPE") else k: v for k, v in raw.items()}
        value = {k: (v.strip() if k in VERBATIM else
                     "\n".join(to_unicode(line) for line in v.split("\n")).strip() if k in MULTILINE
                     else to_unicode(v)) if isinstance(v, str) else v
                 for k, v in fields.items()}
        entry = Entry(format=self.name, location=location, kind=fields["ENTRYTYPE"].lower(), citation_key=fields["ID"],
                      title=value.get("title") or None, abstract=value.get("abstract") or None,
                      authors=names(fields.get("author", "")), editors=names(fields.get("editor", "")),
                      date=iso_date(value), url=value.get("url") or None)
        if value.get("doi"):
            entry.doi = clean_doi(value["doi"])
        entry.tags = [t.strip() for t in re.split(r"[,;]", value.get("keywords", "")) if t.strip()]
        consumed = set(CONSUMED)
        prefix = (value.get("archiveprefix") or value.get("eprinttype") or "").lower()
        if value.get("eprint") and prefix in ("arxiv", ""):
            parsed = split_arxiv_id(re.sub(r"^arxiv:", "", value["eprint"], flags=re.I))
            if parsed and (prefix == "arxiv" or "arxiv.org" in (entry.url or "")):
                entry.arxiv_id, entry.arxiv_version = parsed
                entry.arxiv_category = value.get("primaryclass") or value.get("eprintclass") or None
                consumed |= ARXIV_FIELDS
        note_rest = []
        for line in fields.get("note", "").split("\n"):
            link = CODE_LINK.match(line)
            if link:
                entry.links.append(link[2].strip())
            elif line.strip():
                note_rest.append(to_unicode(line))
        if note_rest:
            entry.facts["note"] = "\n".join(note_rest)
        if "date" in value and entry.date is None:
            entry.facts["date"] = value["date"]
        elif "year" in value and entry.date is None:
            entry.facts["date"] = " ".join(filter(None, [value.get("month", ""), value["year"]]))
        if value.get("extra"):  # "tex.name: value" lines (zsync's own export) are fields again
            kept = []
            for line in value["extra"].split("\n"):
                tex = re.match(r"tex\.([\w-]+):\s?(.*)$", line)
                if tex and tex[1].lower() not in value:
                    entry.facts[tex[1].lower()] = tex[2]
                else:
                    kept.append(line)
            value["extra"] = "\n".join(kept)
        for name, text in sorted({**value, **entry.facts}.items()):  # bibtexparser's order is not the file's
            if name not in consumed and text and isinstance(text, str):
                entry.facts[name] = text
        entry.facts = dict(sorted(entry.facts.items()))
        return entry
