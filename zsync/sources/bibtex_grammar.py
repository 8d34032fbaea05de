"""The BibTeX grammar, read in one pass: blocks, fields, ``@string`` macros, ``#``, crossref.

bibtexparser 1.4 (pyzotero pins ``<2``) parses with pyparsing: about 500 entries a second, and it
fails a whole file on the first undefined macro, so a file with hundreds of journal macros
(``jgr``, ``apj``: NASA ADS, old BibDesk and JabRef exports) costs one full parse per macro. This
module reads the same grammar with the same results (field names lower-cased, braces and quotes
around a value removed and the braces inside kept, month macros, later lines of a value
left-stripped, the first of two same-named fields kept, crossref inheritance) in one pass:

1. :func:`scan` splits the text into ``@`` blocks with their lines; a block whose brackets never
   close is a reject and the next block is read;
2. every ``@string`` is defined first, wherever it is in the file;
3. each entry's fields are read; a macro nobody defined is read as its own name, once a notice;
4. crossref parents fill what their children lack.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from zsync.model import Location, Notice, Reject

MISSING_COMMA = re.compile(r'([}"])([ \t]*\n[ \t]*)(?=[A-Za-z][\w-]*[ \t]*=)')
ENTRY_START = re.compile(r"^[ \t]*@[ \t]*(\w+)[ \t]*([{(])", re.M)
NOT_ENTRIES = {"string", "comment", "preamble"}
MONTH_MACROS = {"jan": "January", "feb": "February", "mar": "March", "apr": "April", "may": "May", "jun": "June",
                "jul": "July", "aug": "August", "sep": "September", "oct": "October", "nov": "November",
                "dec": "December"}
FIELD_NAME = re.compile(r"\s*([\w\-().+:]+)\s*=\s*")
MACRO = re.compile(r"[\w\-:]+")
NUMBER = re.compile(r"\d+")
BRACES = re.compile(r"[{}]")
QUOTED = re.compile(r'[{}"]')
SPACE = re.compile(r"\s*")
BRACKETS_CURLY = re.compile(r"\\.|[{}]", re.S)
BRACKETS_ROUND = re.compile(r"\\.|[{}()]", re.S)


class GrammarError(ValueError):
    """A block that is not BibTeX: says what was expected where."""


@dataclass
class Block:
    line: int
    kind: str
    text: str
    key: str = ""


@dataclass
class Parsed:
    entries: list[dict[str, str]] = field(default_factory=list)
    problems: list[Reject | Notice] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)  # blocks found, by kind: entry, string, comment, …


def scan(text: str) -> tuple[list[Block], list[Reject | Notice]]:
    """Split a .bib text into ``@`` blocks with their line numbers, checking each closes."""
    blocks: list[Block] = []
    problems: list[Reject | Notice] = []
    starts = list(ENTRY_START.finditer(text))
    line, counted = 1, 0
    for number, match in enumerate(starts):
        line += text.count("\n", counted, match.start())
        counted = match.start()
        kind = match[1].lower()
        end = closing(text, match.end() - 1, match[2])
        limit = starts[number + 1].start() if number + 1 < len(starts) else len(text)
        if end is None or end > limit:
            if kind != "comment":
                problems.append(Reject(location=Location(path="", line=line),
                                       message=f"@{match[1]} block never closes (unbalanced braces); skipped",
                                       excerpt=text[match.start():match.start() + 120]))
            continue
        block = Block(line, kind, text[match.start():end + 1])
        if kind not in NOT_ENTRIES:
            key = re.match(r"\s*([^,\s]*)\s*,", text[match.end():end]) if match.end() < end else None
            block.key = key[1] if key else ""
            if not block.key:
                block.key = f"line{line}"
                block.text = text[match.start():match.end()] + block.key + text[match.end():end + 1]
                problems.append(Notice(location=Location(path="", line=line),
                                       message=f"entry has no citation key; named {block.key}"))
            repaired = MISSING_COMMA.sub(r"\1,\2", block.text)
            if repaired != block.text:
                block.text = repaired
                problems.append(Notice(location=Location(path="", line=line),
                                       message="a comma was missing between two fields; added"))
        blocks.append(block)
    return blocks, problems


def closing(text: str, open_at: int, bracket: str) -> int | None:
    """Index of the bracket closing the one at ``open_at`` (escaped braces do not count)."""
    depth = 0
    close = "}" if bracket == "{" else ")"
    for m in (BRACKETS_CURLY if bracket == "{" else BRACKETS_ROUND).finditer(text, open_at):
        c = m[0]
        if len(c) == 2:  # an escaped character
            continue
        if c == "{" or c == bracket:
            depth += 1
        else:
            depth -= 1
            if depth == 0 and c == close:
                return m.start()
    return None


Part = tuple[bool, str]  # (is a macro, text)


def read_value(text: str, at: int, end: int) -> tuple[list[Part], int]:
    """A field value at ``at``: integer, {braced}, "quoted" or macro, joined by ``#``."""
    parts: list[Part] = []
    while True:
        at = SPACE.match(text, at).end()
        if at >= end:
            raise GrammarError("a value is missing")
        c = text[at]
        if c == "{":
            close = matching_brace(text, at, end)
            parts.append((False, text[at + 1:close]))
            at = close + 1
        elif c == '"':
            close = closing_quote(text, at, end)
            parts.append((False, text[at + 1:close]))
            at = close + 1
        else:
            m = NUMBER.match(text, at) if c.isdigit() else None
            m = m or MACRO.match(text, at)
            if not m:
                raise GrammarError(f"unexpected {c!r} where a value should start")
            parts.append((not c.isdigit() or not m[0].isdigit(), m[0]))
            at = m.end()
        at = SPACE.match(text, at).end()
        if at < end and text[at] == "#":
            at += 1
            continue
        return parts, at


def matching_brace(text: str, at: int, end: int) -> int:
    depth = 0
    for m in BRACES.finditer(text, at, end):
        depth += 1 if m[0] == "{" else -1
        if depth == 0:
            return m.start()
    raise GrammarError("a braced value never closes")


def closing_quote(text: str, at: int, end: int) -> int:
    depth = 0
    for m in QUOTED.finditer(text, at + 1, end):
        c = m[0]
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        elif depth == 0:
            return m.start()
    raise GrammarError("a quoted value never closes")


def read_fields(text: str, at: int, end: int) -> list[tuple[str, list[Part]]]:
    """``name = value, …`` from ``at`` to ``end`` (the block's closing bracket)."""
    fields = []
    while True:
        at = SPACE.match(text, at).end()
        if at >= end:
            return fields
        m = FIELD_NAME.match(text, at)
        if not m:
            raise GrammarError(f"a field name was expected at {text[at:at + 30]!r}")
        parts, at = read_value(text, m.end(), end)
        fields.append((m[1].lower(), parts))
        if at < end:
            if text[at] != ",":
                raise GrammarError(f"a comma was expected after field {m[1]} at {text[at:at + 30]!r}")
            at += 1


def clean(value: str) -> str:
    """As bibtexparser: later lines of a value lose their leading white space; ``{}`` is empty."""
    if "\n" in value:
        lines = value.splitlines()
        value = "\n".join([lines[0], *(line.lstrip() for line in lines[1:])])
    return "" if value == "{}" else value


def parse(text: str) -> Parsed:
    """The entries of a .bib text as dicts (``ID``, ``ENTRYTYPE``, fields), and every problem
    and notice, each located by line (the caller adds the file)."""
    blocks, problems = scan(text)
    parsed = Parsed(problems=list(problems))
    counts = parsed.counts
    macros: dict[str, str] = dict(MONTH_MACROS)
    undefined: dict[str, int] = {}
    bodies: list[tuple[Block, int, int]] = []
    for block in blocks:
        head = ENTRY_START.match(block.text)
        assert head is not None  # scan found it
        start, end = head.end(), len(block.text) - 1
        if block.kind == "string":
            try:
                fields = read_fields(block.text, start, end)
            except GrammarError as exc:
                parsed.problems.append(Reject(location=Location(path="", line=block.line),
                                              message=f"@string cannot be read: {exc}", excerpt=block.text[:120]))
                continue
            for name, parts in fields:
                macros[name] = expand(parts, macros, undefined, block.line)
            counts["string"] = counts.get("string", 0) + 1
        elif block.kind in NOT_ENTRIES:
            counts[block.kind] = counts.get(block.kind, 0) + 1
        else:
            bodies.append((block, start, end))

    for block, start, end in bodies:
        key_end = block.text.index(",", start) if "," in block.text[start:end] else end
        try:
            fields = read_fields(block.text, key_end + 1, end)
        except GrammarError as exc:
            parsed.problems.append(Reject(location=Location(path="", line=block.line),
                                          message=f"entry {block.key} cannot be read: {exc}", excerpt=block.text[:200]))
            continue
        entry: dict[str, str] = {}
        for name, parts in fields:
            line = block.line
            if any(is_macro and text.lower() not in macros for is_macro, text in parts):
                use = re.search(rf"\b{re.escape(name)}\s*=", block.text, re.I)
                line += block.text.count("\n", 0, use.start()) if use else 0
            entry.setdefault(name, clean(expand(parts, macros, undefined, line)))
        entry["ENTRYTYPE"], entry["ID"], entry["_line"] = block.kind, block.key, str(block.line)
        parsed.entries.append(entry)
        counts["entry"] = counts.get("entry", 0) + 1
    for name, line in undefined.items():
        parsed.problems.append(Notice(location=Location(path="", line=line),
                                      message=f"undefined macro `{name}`, read as the text {name}"))
    inherit_crossref(parsed.entries)
    return parsed


def expand(parts: list[Part], macros: dict[str, str], undefined: dict[str, int], line: int) -> str:
    out = []
    for is_macro, text in parts:
        if not is_macro:
            out.append(text)
            continue
        name = text.lower()
        if name in macros:
            out.append(macros[name])
        else:
            undefined.setdefault(text, line)
            out.append(text)
    return "".join(out)


def inherit_crossref(entries: list[dict[str, str]]) -> None:
    """A child entry gains the fields of its ``crossref`` parent that it lacks (the parent's own
    parents first), and ``_FROM_CROSSREF`` lists them, as bibtexparser does."""
    by_key = {e["ID"]: e for e in entries}
    done: set[str] = set()

    def resolve(entry: dict[str, str], seen: frozenset[str]) -> None:
        key = entry["ID"]
        parent = by_key.get(entry.get("crossref", ""))
        if key in done or parent is None or parent["ID"] in seen:
            return
        resolve(parent, seen | {key})
        inherited = {k: v for k, v in parent.items() if k not in entry and k not in ("_FROM_CROSSREF", "_line")}
        entry.update(inherited)
        entry["_FROM_CROSSREF"] = sorted(inherited)  # type: ignore[assignment]
        done.add(key)

    for entry in entries:
        if "crossref" in entry:
            resolve(entry, frozenset())
