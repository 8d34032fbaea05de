"""BibTeX and BibLaTeX files (``.bib``), read in one pass.

zsync reads the grammar itself rather than through bibtexparser 1.4's pyparsing grammar, which
fails a whole file on one undefined macro, silently drops an entry it cannot read and costs
about 4 ms an entry. The file is split into ``@`` blocks at the start of a line; each block is
an entry, an ``@string``, an ``@preamble``, an ``@comment`` or a reject naming its line and why
(braces that never close before the next block, a field with no ``=``, ...), so one bad block
never costs the others. The ``@string`` definitions are all collected before any value is
expanded, so a macro may be used before it is defined (as bibtexparser allows); a macro defined
nowhere is read as its own name, with one notice at its first use. Values follow bibtexparser
1.4's reading (outer braces or quotes dropped, ``#`` concatenation, month macros as
``January``…, continuation lines left-stripped, ``crossref`` fields inherited, the first of a
field given twice wins), which ``tests/sources/test_bibtex.py`` checks on every corpus file.

Field values become Unicode (``zsync.latex``); names keep their von and Jr parts, and
brace-protected names (``{American Heart Association}``) stay whole. ``eprint`` with
``archivePrefix``/``eprinttype`` arXiv gives the arXiv id; ``note`` lines ``Label: \\url{…}``
(how zsync exports code links) give code links; every other field is kept as a fact.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterator

from bibtexparser.bibdatabase import COMMON_STRINGS
from zsync.dates import is_iso_date, month_number
from zsync.identifiers import arxiv_from_doi, arxiv_from_text, arxiv_from_url, clean_doi, split_arxiv_id
from zsync.latex import to_unicode
from zsync.model import Entry, Location, Notice, Reject
from zsync.names import bibtex_names
from zsync.sources.base import ParseContext

BLOCK_START = re.compile(r"^[ \t]*@[ \t]*(\w+)[ \t]*([{(])", re.M)
NOT_ENTRIES = {"string", "comment", "preamble"}
BRACES = re.compile(r"[{}]")
QUOTED_END = re.compile(r'[{}"]')
SPACE = re.compile(r"\s*")
KEY = re.compile(r"\s*([^,\s{}()\"#%]*)\s*")
FIELD_NAME = re.compile(r"[\w.:+/-]+")
BARE = re.compile(r"[^\s,#{}()\"=]+")
CODE_LINK = re.compile(r"^\s*([^:\n]{1,60}):\s*\\url\{([^}]+)\}\s*$")
#: fields that become Entry attributes rather than facts
CONSUMED = {"author", "editor", "title", "abstract", "doi", "url", "keywords", "date", "year", "month", "day",
            "ID", "ENTRYTYPE", "note", "_from_crossref"}
ARXIV_FIELDS = {"eprint", "archiveprefix", "eprinttype", "primaryclass", "eprintclass"}
#: what exports write in a field that has no value
PLACEHOLDERS = {"null", "none", "n/a", "na", "-", "unknown", "nan"}
#: fields whose line breaks matter
MULTILINE = {"extra", "abstract", "note"}
#: fields taken as written: no LaTeX in a URL ("%" there is not a comment)
VERBATIM = {"url", "doi", "eprint", "urldate", "file"}
#: fields holding citation keys, taken and written as they are (``Brandt_2014``, never ``Brandt\\_2014``)
KEY_FIELDS = {"ids", "crossref", "xref", "related", "entryset", "xdata"}
#: what a URL or DOI escapes for LaTeX (``fromPage=online\\&aid``) and means unescaped
URL_ESCAPE = re.compile(r"\\([&%_#$~])")


class BibSyntaxError(ValueError):
    """A block that breaks the grammar; ``at`` is the offset in the file where it does."""

    def __init__(self, message: str, at: int):
        super().__init__(message)
        self.at = at


@dataclass
class Part:
    """One piece of a ``#``-concatenated value: literal text, or a macro name to expand."""

    text: str
    macro: bool
    at: int


@dataclass
class Block:
    """One ``@`` block: where it starts, its type, and for an entry its key and raw fields."""

    line: int
    kind: str
    start: int
    key: str = ""
    fields: dict[str, list[Part]] = field(default_factory=dict)


@dataclass
class ScanResult:
    """Every block of a file, sorted into what it was, and the notices and rejects it raised."""

    entries: list[Block] = field(default_factory=list)
    strings: list[Block] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)
    problems: list[Reject | Notice] = field(default_factory=list)


class Lines:
    """Offset to 1-based line number, by bisection over the line starts (one pass over the text)."""

    def __init__(self, text: str):
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def __call__(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset)


def balanced(text: str, at: int) -> int:
    """Offset just past the brace group opening at ``at``; braces count as BibTeX counts them
    (a backslash does not escape one)."""
    depth = 0
    for match in BRACES.finditer(text, at):
        depth += 1 if match.group() == "{" else -1
        if depth == 0:
            return match.end()
    raise BibSyntaxError("braces never close", at)


def block_end(text: str, at: int, bracket: str) -> int:
    """Offset just past the ``}`` or ``)`` closing the block opened at ``at``; past the text's
    end when nothing closes it."""
    if bracket == "{":
        try:
            return balanced(text, at)
        except BibSyntaxError:
            return len(text) + 1
    depth = 0
    for match in re.compile(r"[{}()]").finditer(text, at + 1):
        c = match.group()
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        elif c == ")" and depth == 0:
            return match.end()
    return len(text) + 1


class BlockReader:
    """Reads the inside of one block (between its brackets) at an offset of the whole text."""

    def __init__(self, text: str, at: int, end: int):
        self.text, self.at, self.end = text, at, end

    def skip(self) -> None:
        self.at = SPACE.match(self.text, self.at).end()

    def peek(self) -> str:
        self.skip()
        return self.text[self.at] if self.at < self.end else ""

    def value(self) -> list[Part]:
        """A field or @string value: braced, quoted or bare parts joined by ``#``."""
        parts = []
        while True:
            c = self.peek()
            start = self.at
            if c == "{":
                self.at = balanced(self.text, start)
                parts.append(Part(self.text[start + 1:self.at - 1], False, start))
            elif c == '"':
                self.at = self.quoted(start)
                parts.append(Part(self.text[start + 1:self.at - 1], False, start))
            else:
                bare = BARE.match(self.text, start, self.end)
                if not bare:
                    raise BibSyntaxError(f"a value was expected, found {self.text[start:start + 10]!r}", start)
                self.at = bare.end()
                word = bare.group()
                parts.append(Part(word, not word.isdigit(), start))
            if self.peek() != "#":
                return parts
            self.at += 1

    def quoted(self, at: int) -> int:
        depth = 0
        for match in QUOTED_END.finditer(self.text, at + 1, self.end):
            c = match.group()
            if c == "{":
                depth += 1
            elif c == "}":
                depth -= 1
            elif depth == 0:
                return match.end()
        raise BibSyntaxError("a quoted value never closes", at)

    def fields(self, repairs: list[int]) -> dict[str, list[Part]]:
        """``name = value`` pairs up to the block's end; the first of a name given twice wins.
        A comma missing before a field is added, its offset noted in ``repairs``."""
        found: dict[str, list[Part]] = {}
        while True:
            c = self.peek()
            if not c:
                return found
            if c == ",":
                self.at += 1
                continue
            name = FIELD_NAME.match(self.text, self.at, self.end)
            if not name:
                raise BibSyntaxError(f"a field name was expected, found {self.text[self.at:self.at + 10]!r}", self.at)
            self.at = name.end()
            if self.peek() != "=":
                raise BibSyntaxError(f"field {name.group()} has no '='", self.at)
            self.at += 1
            found.setdefault(name.group().lower(), self.value())
            c = self.peek()
            if c and c != ",":
                repairs.append(self.at)


def scan(text: str, lines: Lines) -> ScanResult:
    """Split a .bib text into its ``@`` blocks and read each one, or reject it at its line."""
    result = ScanResult()
    starts = list(BLOCK_START.finditer(text))
    for number, match in enumerate(starts):
        kind = match[1].lower()
        line = lines(match.start())
        limit = starts[number + 1].start() if number + 1 < len(starts) else len(text)
        end = block_end(text, match.end() - 1, match[2])
        if end > limit:  # it runs into the next block: the next block is read, this one is not
            if kind == "comment":  # BibTeX ignores an @comment's text; so does zsync
                result.counts["comment"] += 1
                continue
            result.counts["rejected"] += 1
            result.problems.append(Reject(
                location=Location(path="", line=line),
                message=f"@{match[1]} block never closes (unbalanced {'braces' if match[2] == '{' else 'parentheses'}); skipped",
                excerpt=text[match.start():match.start() + 120]))
            continue
        block = Block(line=line, kind=kind, start=match.start())
        if kind in ("comment", "preamble"):
            result.counts[kind] += 1
            continue
        reader = BlockReader(text, match.end(), end - 1)
        try:
            if kind == "string":
                name = FIELD_NAME.match(text, SPACE.match(text, reader.at).end(), end)
                fields = reader.fields([])
                if not name or len(fields) != 1:
                    raise BibSyntaxError("not one `name = value`", match.start())
                block.key, block.fields = name.group(), fields
                result.strings.append(block)
            else:
                key = KEY.match(text, reader.at, end - 1)
                reader.at = key.end()
                block.key = key[1]
                if reader.peek() not in (",", ""):
                    raise BibSyntaxError(f"the citation key is followed by {text[reader.at:reader.at + 10]!r}, not a comma",
                                         reader.at)
                repairs: list[int] = []
                block.fields = reader.fields(repairs)
                if not block.key:
                    block.key = f"line{line}"
                    result.problems.append(Notice(location=Location(path="", line=line),
                                                  message=f"entry has no citation key; named {block.key}"))
                for at in repairs:
                    result.problems.append(Notice(location=Location(path="", line=lines(at)),
                                                  message="a comma was missing between two fields; added"))
                result.entries.append(block)
        except BibSyntaxError as exc:
            result.counts["rejected"] += 1
            result.problems.append(Reject(location=Location(path="", line=lines(exc.at)),
                                          message=f"@{match[1]} block at line {line}: {exc}; skipped",
                                          excerpt=text[match.start():match.start() + 120]))
            continue
        result.counts[kind if kind == "string" else "entry"] += 1
    return result


def continuation_stripped(value: str) -> str:
    """bibtexparser's reading of a value that spans lines: each line after the first left-stripped."""
    if "\n" not in value:
        return value
    first, *rest = value.split("\n")
    return "\n".join([first, *(line.lstrip() for line in rest)])


class Macros:
    """``@string`` macros, all known before any value is expanded; month names predefined.
    A name defined nowhere is read as itself, and remembered with the line it was first used at."""

    def __init__(self, strings: list[Block], lines: Lines):
        self.raw = {b.key.lower(): next(iter(b.fields.values())) for b in strings}
        self.values: dict[str, str] = {}
        self.undefined: dict[str, tuple[str, int]] = {}
        self.lines = lines

    def expand(self, parts: list[Part], seen: frozenset[str] = frozenset()) -> str:
        return "".join(self.macro(p, seen) if p.macro else p.text for p in parts)

    def macro(self, part: Part, seen: frozenset[str]) -> str:
        name = part.text.lower()
        if name in self.values:
            return self.values[name]
        if name in self.raw and name not in seen:
            self.values[name] = self.expand(self.raw[name], seen | {name})
            return self.values[name]
        if name in COMMON_STRINGS:
            return COMMON_STRINGS[name]
        self.undefined.setdefault(name, (part.text, self.lines(part.at)))
        return part.text


def entry_fields(scanned: ScanResult, macros: Macros) -> list[dict[str, str]]:
    """Each entry's fields as bibtexparser 1.4 gives them (``ID``, ``ENTRYTYPE``, lower-case
    names, expanded values), with what a ``crossref`` parent gives and the child lacks."""
    found = []
    for block in scanned.entries:
        fields = {name: continuation_stripped(macros.expand(parts)) for name, parts in block.fields.items()}
        fields = {name: "" if value == "{}" else value for name, value in fields.items()}
        found.append({**fields, "ENTRYTYPE": block.kind, "ID": block.key})
    by_key: dict[str, dict[str, str]] = {}
    for fields in found:
        by_key.setdefault(fields["ID"].lower(), fields)
    for fields in found:
        inherit(fields, by_key, set())
    return found


def inherit(fields: dict[str, str], by_key: dict[str, dict[str, str]], chain: set[str]) -> None:
    """Fill the fields a crossref parent has and the child lacks (the parent's own parent first)."""
    parent = by_key.get(fields.get("crossref", "").lower())
    if parent is None or "_from_crossref" in fields or fields["ID"].lower() in chain:
        return
    inherit(parent, by_key, chain | {fields["ID"].lower()})
    given = {k: v for k, v in parent.items() if k not in fields and k != "_from_crossref"}
    fields.update(given)
    fields["_from_crossref"] = ",".join(sorted(given))


def iso_date(fields: dict[str, str]) -> str | None:
    """``date`` (BibLaTeX, ranges cut to their start) or ``year``/``month``/``day`` as ISO 8601;
    a month or day that does not exist is left out rather than invented."""
    date = fields.get("date", "").split("/")[0].strip()
    if is_iso_date(date):
        return date
    year = fields.get("year", "").strip()
    if not re.fullmatch(r"\d{4}", year):
        return None
    number = month_number(fields.get("month", ""))
    if number is None:
        return year
    day = fields.get("day", "").strip()
    with_day = f"{year}-{number:02d}-{int(day):02d}" if day.isdigit() else ""
    return with_day if is_iso_date(with_day) else f"{year}-{number:02d}"


def howpublished_url(howpublished: str) -> str:
    """``howpublished`` when it is a web address (``https://…``, ``\\url{https://…}``): the entry's
    URL, as Zotero's BibTeX import takes it; other ``howpublished`` text is kept as it is."""
    text = howpublished.strip()
    if text.startswith("\\url{") and text.endswith("}"):
        text = text[5:-1].strip()
    return URL_ESCAPE.sub(r"\1", text) if text.startswith(("http://", "https://", "mailto:")) and " " not in text else ""


def summary(counts: Counter) -> str:
    """One line accounting for every ``@`` block of a file."""
    total = sum(counts.values())
    kinds = [("entry", "entries"), ("string", "@string"), ("preamble", "@preamble"), ("comment", "@comment"),
             ("rejected", "rejected")]
    return f"{total} @ blocks: " + ", ".join(f"{counts[kind]} {label}" for kind, label in kinds)


#: fields where Google Scholar, arXiv, DBLP and hand-written .bib files put an arXiv reference
ARXIV_TEXT_FIELDS = ("journal", "journaltitle", "booktitle", "note", "howpublished", "volume", "publisher")
#: what is left of such a field that only names the arXiv preprint ("arXiv preprint arXiv:…")
ONLY_ARXIV = re.compile(r"[\s,.;:()]*(?:(?:arXiv|preprint|e-?prints?|CoRR|abs|\[[\w.-]+\])[\s,.;:()/]*)*", re.I)
#: arXiv's note on another paper: "arXiv admin note: text overlap with arXiv:1308.0731" names
#: a neighbour, not this paper
ADMIN_NOTE = re.compile(r"arXiv admin note:[^\n]*", re.I)
#: a category written after the id: "arXiv:2502.20545 [cs.LG]"
CATEGORY_AFTER_ID = re.compile(r"\d{4}\.\d{4,5}(?:v\d+)?\s*\[([a-z-]+(?:\.[A-Za-z-]+)?)\]")


def arxiv_reference(value: dict[str, str]) -> tuple[tuple[str, int | None] | None, set[str]]:
    """The arXiv id (and version) wherever the entry gives it, and the fields that held nothing
    else (consumed: "arXiv preprint arXiv:2407.21787" is no journal).

    In order: ``eprint`` (with ``archivePrefix``/``eprinttype`` arXiv, or none and an id's shape),
    an arXiv DOI (``10.48550/arXiv.…``), an arxiv.org ``url``, then ``arXiv:ID`` or ``abs/ID``
    written in ``journal``, ``note``, ``howpublished`` and the like.
    """
    prefix = (value.get("archiveprefix") or value.get("eprinttype") or "").lower()
    if value.get("eprint") and prefix in ("arxiv", ""):
        parsed = split_arxiv_id(re.sub(r"^arxiv:", "", value["eprint"], flags=re.I))
        if parsed:
            return parsed, held_only_arxiv(value, parsed[0])
    for found in (arxiv_from_doi(value.get("doi", "")), arxiv_from_url(value.get("url", ""))):
        if found:
            return (found, None), held_only_arxiv(value, found)
    for name in ARXIV_TEXT_FIELDS:
        text = ADMIN_NOTE.sub("", value.get(name, ""))
        found = arxiv_from_text(text) or [m for m in re.findall(r"\babs/(\d{4}\.\d{4,5})", text)]
        if found:
            return split_arxiv_id(found[0]) or (found[0], None), held_only_arxiv(value, found[0])
    return None, set()


def held_only_arxiv(value: dict[str, str], arxiv_id: str) -> set[str]:
    """The text fields whose whole content is a reference to ``arxiv_id``."""
    held = set()
    for name in ARXIV_TEXT_FIELDS:
        text = re.sub(rf"(?:arXiv:\s*|abs/)?{re.escape(arxiv_id)}(?:v\d+)?", "", value.get(name, ""), flags=re.I)
        if value.get(name) and ONLY_ARXIV.fullmatch(text):
            held.add(name)
    return held


class BibTeX:
    name = "bibtex"
    description = "BibTeX / BibLaTeX .bib files (@string macros, crossref, LaTeX, arXiv eprints)"

    def sniff(self, text: str) -> float:
        types = {m[1].lower() for m in BLOCK_START.finditer(text[:200_000])}
        return 0.95 if types - NOT_ENTRIES else 0.3 if types else 0.0

    def parse(self, text: str, origin: str, context: ParseContext) -> Iterator[Entry | Reject | Notice]:
        lines = Lines(text)
        scanned = scan(text, lines)
        macros = Macros(scanned.strings, lines)
        fields_list = entry_fields(scanned, macros)
        for problem in scanned.problems:
            yield problem.model_copy(update={"location": Location(path=origin, line=problem.location.line)})
        for written, line in macros.undefined.values():
            yield Notice(location=Location(path=origin, line=line),
                         message=f"undefined macro `{written}`, read as the text {written}")
        first_at: dict[str, int] = {}
        for block, fields in zip(scanned.entries, fields_list):
            location = Location(path=origin, line=block.line)
            if block.key in first_at:
                yield Notice(location=location, message=f"citation key {block.key} was used before, at line "
                                                        f"{first_at[block.key]}; both entries kept")
            first_at.setdefault(block.key, block.line)
            try:
                yield self.entry(fields, location)
            except ValueError as exc:
                scanned.counts["entry"] -= 1
                scanned.counts["rejected"] += 1
                yield Reject(location=location, message=f"entry {block.key} cannot be read: {exc}",
                             excerpt=text[block.start:block.start + 200])
        yield Notice(location=Location(path=origin), message=summary(scanned.counts))

    def entry(self, raw: dict[str, str], location: Location) -> Entry:
        fields = {k.lower() if k not in ("ID", "ENTRYTYPE") else k: v for k, v in raw.items()}
        if "location" in fields:  # BibLaTeX's name for address; an Entry's location is where it was read
            fields.setdefault("address", fields["location"])
            del fields["location"]
        value = {k: (URL_ESCAPE.sub(r"\1", v.strip()) if k in VERBATIM else v.strip() if k in KEY_FIELDS else
                     "\n".join(to_unicode(line) for line in v.split("\n")).strip() if k in MULTILINE
                     else to_unicode(v)) if isinstance(v, str) else v
                 for k, v in fields.items()}
        published_at = "" if value.get("url") else howpublished_url(fields.get("howpublished", ""))
        entry = Entry(format=self.name, location=location, kind=fields["ENTRYTYPE"].lower(), citation_key=fields["ID"],
                      title=value.get("title") or None, abstract=value.get("abstract") or None,
                      authors=bibtex_names(fields.get("author", "")), editors=bibtex_names(fields.get("editor", "")),
                      date=iso_date(value), url=value.get("url") or published_at or None)
        if value.get("doi") and value["doi"].lower() not in PLACEHOLDERS:
            entry.doi = clean_doi(value["doi"]) or None
        entry.tags = [t.strip() for t in re.split(r"[,;]", value.get("keywords", "")) if t.strip()]
        consumed = set(CONSUMED) | ({"howpublished"} if published_at else set())
        parsed, held_only_that = arxiv_reference(value)
        if parsed:
            entry.arxiv_id, entry.arxiv_version = parsed
            written = (CATEGORY_AFTER_ID.search(value.get(name, "")) for name in ARXIV_TEXT_FIELDS)
            entry.arxiv_category = (value.get("primaryclass") or value.get("eprintclass")
                                    or next((m[1] for m in written if m), None))
            consumed |= ARXIV_FIELDS | held_only_that
            if entry.doi and arxiv_from_doi(entry.doi):  # arXiv's own DOI: the paper is a preprint
                entry.doi = None
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
