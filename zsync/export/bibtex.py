"""Zotero items to BibTeX, by inverting ``mappings/bibtex.toml``.

An item is written as the first entry type of the highest-priority BibTeX mapping for its item
type; each field whose import template is just ``{name}`` goes back to the BibTeX field
``name``; with ``fill_same_name``, other fields go to their own lower-cased names. arXiv
preprints are ``@misc`` with ``eprint``, ``archivePrefix`` and ``primaryClass``; other preprints
``@misc`` with ``pubstate = {prepublished}``. ``extra`` lines ``tex.name: value`` become fields
again; the arXiv id and version lines become ``eprint``; the other ``extra`` lines are kept in an
``extra`` field; tags become ``keywords``; code links become ``note`` lines
``Code (GitHub): \\url{…}``. Zotero's bookkeeping (``dateAdded``, ``dateModified``) is not
written: it is no part of a reference. The date is ``year``/``month``/``day`` for the ``bibtex``
dialect (BibTeX has no ``date``; biber reads these too) and ``date`` for ``biblatex``, never both.
Fields holding citation keys (``ids``, ``crossref``, …) are written as they are: an escaped
``Brandt\\_2014`` is another key. See docs/bibtex.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from zsync.export.citekeys import DEFAULT_FORMAT, assign_keys
from zsync.latex import to_latex
from zsync.mapping import Mapper, MappingSpec
from zsync.model import ZoteroItem
from zsync.sources.bibtex import KEY_FIELDS, VERBATIM

PLAIN = re.compile(r"\{(\w+)\}")
ARXIV_LINE = re.compile(r"^arXiv:\s*(\S+)(?:\s+\[([^\]]+)\])?$")
SKIPPED_FIELDS = {"extra", "citationKey", "dateAdded", "dateModified", "date"}
DIALECTS = ("bibtex", "biblatex")
MONTH_MACROS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
#: BibTeX field names BibLaTeX spells otherwise (biber reads both; these are its own)
BIBLATEX_NAMES = {"address": "location", "journal": "journaltitle"}
VERSION_LINE = re.compile(r"^version:\s*(\d+)$")
#: ``tex.`` lines kept as lines: the item already holds what crossref inherited, and a crossref
#: field would make BibTeX inherit it a second time
LINES_ONLY = {"crossref"}


@dataclass
class Rule:
    """How one item type is written: entry type, field renames, creator fields."""

    entry_type: str
    fields: dict[str, str]  # Zotero field -> BibTeX field
    creators: dict[str, str]  # creatorType -> BibTeX field
    same_name: bool


def rules_from(mapper: Mapper) -> dict[str, Rule]:
    rules: dict[str, Rule] = {}
    for spec in mapper.specs:  # highest priority first; the first spec for a type wins
        if "bibtex" not in spec.when.format or spec.name == "bibtex-arxiv":
            continue
        rules.setdefault("preprint" if spec.name == "bibtex-preprint" else spec.item_type, rule_of(spec))
    return rules


def rule_of(spec: MappingSpec) -> Rule:
    fields = {}
    for field, template in spec.fields.items():
        first = template if isinstance(template, str) else template[0]
        plain = PLAIN.fullmatch(first)
        if plain and field != "citationKey":
            fields[field] = plain[1]
    people = {"authors": "author", "editors": "editor"}
    return Rule(entry_type=spec.when.kind[0] if spec.when.kind else "misc", fields=fields,
                creators={kind: people[source] for source, kind in spec.creators.items()},
                same_name=spec.fill_same_name)


def name(creator) -> str:
    if creator.name:
        return "{" + to_latex(creator.name) + "}"
    first = creator.firstName or ""
    if ", " in first:  # "John, Jr." -> "Last, Jr., John"
        given, suffix = first.split(", ", 1)
        return f"{to_latex(creator.lastName or '')}, {to_latex(suffix)}, {to_latex(given)}"
    return f"{to_latex(creator.lastName or '')}, {to_latex(first)}" if first else to_latex(creator.lastName or "")


def date_fields(date: str, dialect: str) -> dict[str, str]:
    """An item's date as the dialect says it: ``date`` for biblatex; ``year``, ``month`` (a month
    macro, written bare) and ``day`` for BibTeX, or the text as ``year`` when it is not ISO."""
    if not date:
        return {}
    if dialect == "biblatex":
        return {"date": date}
    iso = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", date)
    if not iso:
        return {"year": date}
    out = {"year": iso[1]}
    if iso[2] and 1 <= int(iso[2]) <= 12:
        out["month"] = MONTH_MACROS[int(iso[2]) - 1]
        if iso[3]:
            out["day"] = str(int(iso[3]))
    return out


class BibTeXExporter:
    def __init__(self, mapper: Mapper, key_format: str = DEFAULT_FORMAT, dialect: str = "bibtex"):
        if dialect not in DIALECTS:
            raise ValueError(f"unknown BibTeX dialect {dialect!r}; use one of {', '.join(DIALECTS)}")
        self.rules = rules_from(mapper)
        self.key_format = key_format
        self.dialect = dialect

    def export(self, items: list[ZoteroItem], links: dict[int, list[tuple[str, str]]] | None = None) -> str:
        """``items`` (parents) as a .bib text; ``links[i]`` are item i's (title, url) code links."""
        keys = assign_keys(items, self.key_format)
        return "\n".join(self.entry(item, key, (links or {}).get(i, [])) for i, (item, key) in enumerate(zip(items, keys)))

    def entry(self, item: ZoteroItem, key: str, links: list[tuple[str, str]]) -> str:
        data = item.fields
        extra_lines = item.extra_lines()
        arxiv = next((m for line in extra_lines if (m := ARXIV_LINE.match(line.strip()))), None)
        archive_id = re.fullmatch(r"arXiv:(\S+)", data.get("archiveID", ""))
        out: dict[str, str] = {}
        version = next((m[1] for line in extra_lines if (m := VERSION_LINE.match(line.strip()))), None)
        if item.itemType == "preprint" and archive_id and data.get("repository", "").lower() == "arxiv":
            entry_type = "misc"
            rule = self.rules["preprint"]
            out.update(eprint=archive_id[1] + (f"v{version}" if version else ""), archiveprefix="arXiv")
            if arxiv and arxiv[2]:
                out["primaryclass"] = arxiv[2]
            skip = {"repository", "archiveID", "libraryCatalog"}  # url and DOI kept, as arXiv's own BibTeX gives them
            extra_lines = [line for line in extra_lines if not ARXIV_LINE.match(line.strip())
                           and not VERSION_LINE.match(line.strip())]
        else:
            rule = self.rules.get(item.itemType) or self.rules["document"]
            entry_type = rule.entry_type if item.itemType in self.rules else "misc"
            skip = set()
            if item.itemType == "preprint":
                out["pubstate"] = "prepublished"
            if arxiv:  # a published paper's arXiv version, as arXiv's own BibTeX gives it
                out.update(eprint=arxiv[1], archiveprefix="arXiv")
                if arxiv[2]:
                    out["primaryclass"] = arxiv[2]
                extra_lines = [line for line in extra_lines if not ARXIV_LINE.match(line.strip())]
        fields_of = {kind: rule.creators.get(kind, kind.lower()) for kind in dict.fromkeys(c.creatorType for c in item.creators)}
        for creator_type, field in fields_of.items():  # names are LaTeX already: format() leaves them
            out[field] = " and ".join(name(c) for c in item.creators if c.creatorType == creator_type)
        names_in = set(fields_of.values())
        for field, value in data.items():
            if not value or field in SKIPPED_FIELDS or field in skip or not isinstance(value, str):
                continue
            target = rule.fields.get(field) or (field.lower() if rule.same_name else None)
            if target is None or target == "citation_key":
                continue
            out[target] = value
        out.update(date_fields(data.get("date", ""), self.dialect))
        rest = []
        for line in extra_lines:
            tex = re.match(r"tex\.([\w-]+):\s?(.*)$", line)
            if tex and tex[1].lower() not in out and tex[1].lower() not in LINES_ONLY:
                out[tex[1].lower()] = tex[2]
            else:
                rest.append(line)
        if rest:
            out["extra"] = "\n".join(rest)
        if item.tags:
            out["keywords"] = ", ".join(t.tag for t in item.tags)
        if links:
            note = out.get("note", "")
            out["note"] = "\n".join(filter(None, [note, *(f"{title}: \\url{{{url}}}" for title, url in links)]))
        if self.dialect == "biblatex":
            out = {BIBLATEX_NAMES.get(name, name): value for name, value in out.items()}
        return self.format(entry_type, key, out, names_in)

    @staticmethod
    def format(entry_type: str, key: str, fields: dict[str, str], latex: set[str]) -> str:
        lines = [f"@{entry_type}{{{key},"]
        for field, value in fields.items():
            if field == "month" and value in MONTH_MACROS:
                lines.append(f"  month = {value},")
                continue
            if field in latex:
                text = value
            elif field in VERBATIM or field in KEY_FIELDS or (field == "note" and "\\url{" in value):
                text = value if field != "note" else "\n".join(
                    line if "\\url{" in line else to_latex(line) for line in value.split("\n"))
            else:
                text = to_latex(value, protect_case=field in ("title", "booktitle", "journal"))
            lines.append(f"  {field} = {{{text}}},")
        lines.append("}\n")
        return "\n".join(lines)
