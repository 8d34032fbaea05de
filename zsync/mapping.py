"""Entries to Zotero items, following the declarative files in ``mappings/``.

A mapping file chooses an item type for the entries it matches (``when``) and fills item fields
from templates over the entry's values (``"arXiv:{arxiv_id}"``). A template is used only when
every placeholder in it has a value; a list of templates means "the first one that can be used".
The code here only applies the files: what an arXiv paper becomes is decided in
``mappings/arxiv-preprint.toml``, not in Python. ``docs/mapping.md`` describes the format.

Nothing a digest said is lost: values no template used land in ``extra`` as ``key: value`` lines.
"""

from __future__ import annotations

import string
from pathlib import Path
from typing import Any, Iterable

from pydantic import BaseModel, ConfigDict, Field

from zsync.errors import ConfigError
from zsync.model import Creator, Entry, Tag, ZoteroItem
from zsync.schema import ZoteroSchema
from zsync.tomlfile import read_toml, validate

#: entry values that are bookkeeping, never digest facts to keep in ``extra`` unless a mapping
#: asks for them by name
INTERNAL_VALUES = {"location", "title_provisional", "kind", "format"}


class Conditional(BaseModel):
    """A line or tag used only when the entry value named by ``when`` is set."""

    model_config = ConfigDict(extra="forbid")
    when: str
    text: str


Template = str | list[str]
Line = str | list[str] | Conditional


class When(BaseModel):
    model_config = ConfigDict(extra="forbid")
    present: list[str] = Field(default_factory=list, description="entry values that must be set")
    absent: list[str] = Field(default_factory=list, description="entry values that must not be set")
    equals: dict[str, str] = Field(default_factory=dict, description="entry values that must be these (any case)")
    kind: list[str] = Field(default_factory=list, description="entry kinds (e.g. BibTeX types) matched")
    format: list[str] = Field(default_factory=list, description="digest formats matched")

    def matches(self, entry: Entry, values: dict[str, Any]) -> bool:
        return (all(name in values for name in self.present)
                and not any(name in values for name in self.absent)
                and all(str(values.get(k, "")).lower() == v.lower() for k, v in self.equals.items())
                and (not self.kind or (entry.kind or "").lower() in {k.lower() for k in self.kind})
                and (not self.format or entry.format in self.format))


class ExtraSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    lines: list[Line] = Field(default_factory=list)
    facts: dict[str, str] = Field(default_factory=dict, description="entry value -> label in extra")
    rest_prefix: str = Field("", description="put before the name of each value no template used")


class MappingSpec(BaseModel):
    """One ``mappings/*.toml`` file that maps entries to items."""

    model_config = ConfigDict(extra="forbid")
    name: str
    description: str = ""
    priority: int = 0
    when: When = Field(default_factory=When)
    item_type: str
    fields: dict[str, Template] = Field(default_factory=dict)
    creators: dict[str, str] = Field(default_factory=dict, description="entry list -> creatorType")
    extra: ExtraSpec = Field(default_factory=ExtraSpec)
    tags: list[Conditional] = Field(default_factory=list)
    fill_same_name: bool = Field(False, description="an entry value named like a field of the type fills it")
    path: str = Field("", exclude=True)  # the file (and table) it came from: set by zsync, not a key to write


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def render(template: Template, values: dict[str, Any], used: set[str]) -> str | None:
    """The first template whose placeholders all have values, filled in; else ``None``."""
    for candidate in [template] if isinstance(template, str) else template:
        names = placeholders(candidate)
        if names <= values.keys():
            used |= names
            return candidate.format_map(values)
    return None


class Mapper:
    """Applies a set of mapping files, highest priority first."""

    def __init__(self, specs: Iterable[MappingSpec], schema: ZoteroSchema | None = None):
        self.schema = schema or ZoteroSchema.bundled()
        self.specs = sorted(specs, key=lambda s: -s.priority)
        for spec in self.specs:
            self._check(spec)

    @classmethod
    def from_dirs(cls, *dirs: Path) -> "Mapper":
        """Load every entry mapping in ``dirs``: a file with ``item_type`` is one mapping, a file
        with ``[[mappings]]`` several; later dirs override by name."""
        specs: dict[str, MappingSpec] = {}
        for directory in dirs:
            for path in sorted(Path(directory).glob("*.toml")):
                file = read_toml(path)
                single = "item_type" in file.data
                tables = [file.data] if single else file.data.get("mappings", [])
                for number, table in enumerate(tables):
                    where = f"{path}" if single else f"{path}: mappings[{number}]"
                    spec = validate(MappingSpec, table, text=file.text, where=where, what="invalid mapping",
                                    within=() if single else ("mappings", number), path=where)
                    specs[spec.name] = spec
        if not specs:
            raise ConfigError(f"no entry mappings found in {', '.join(map(str, dirs))}")
        return cls(specs.values())

    def _check(self, spec: MappingSpec) -> None:
        """Refuse a mapping that would write fields or creators Zotero does not have."""
        if spec.item_type not in self.schema.types:
            raise ConfigError(f"{spec.path}: item_type: '{spec.item_type}' is not a Zotero item type")
        valid = set(self.schema.fields(spec.item_type))
        problems = [f"fields.{name}: not a field of '{spec.item_type}'" for name in spec.fields if name not in valid]
        creator_types = set(self.schema.creator_types(spec.item_type)) | {"author"}
        problems += [f"creators.{source}: '{kind}' is not a creator type of '{spec.item_type}'"
                     for source, kind in spec.creators.items() if kind not in creator_types]
        if (spec.extra.lines or spec.extra.facts) and "extra" not in valid:
            problems.append(f"extra: '{spec.item_type}' has no extra field")
        if problems:
            raise ConfigError(f"{spec.path}: invalid mapping", problems=problems)

    def spec_for(self, entry: Entry) -> MappingSpec:
        values = entry.values()
        for spec in self.specs:
            if spec.when.matches(entry, values):
                return spec
        raise ConfigError(f"{entry.location}: no mapping applies to this entry",
                          hint="add a fallback mapping with no 'when' to mappings/")

    def map(self, entry: Entry) -> ZoteroItem:
        spec = self.spec_for(entry)
        values = entry.values()
        used: set[str] = set(INTERNAL_VALUES) | set(spec.when.equals)
        fields = {name: text for name, template in spec.fields.items()
                  if (text := render(template, values, used))}
        if spec.fill_same_name:
            for field in self.schema.fields(spec.item_type):
                name = field.lower()
                if field not in fields and name in values and name not in used and field != "extra":
                    fields[field] = str(values[name])
                    used.add(name)
        creators = [self._creator(person, kind)
                    for source, kind in spec.creators.items() for person in getattr(entry, source)]
        used |= set(spec.creators)
        lines = [text for line in spec.extra.lines if (text := self._line(line, values, used))]
        for name, label in spec.extra.facts.items():
            if name in values:
                lines.append(f"{label}: {values[name]}")
                used.add(name)
        lines += [f"{spec.extra.rest_prefix}{name}: {value}" for name, value in values.items() if name not in used]
        lines = list(dict.fromkeys(line for text in lines for line in text.splitlines() if line.strip()))
        if lines:
            fields["extra"] = "\n".join(lines)
        tags = [Tag(tag=rule.text) for rule in spec.tags if rule.when in values]
        return ZoteroItem(itemType=spec.item_type, creators=creators, tags=tags, **fields)

    @staticmethod
    def _line(line: Line, values: dict[str, Any], used: set[str]) -> str | None:
        if isinstance(line, Conditional):
            return render(line.text, values, used) if line.when in values else None
        return render(line, values, used)

    @staticmethod
    def _creator(person: Any, kind: str) -> Creator:
        if person.name:
            return Creator(creatorType=kind, name=person.name)
        return Creator(creatorType=kind, firstName=person.first, lastName=person.last)
