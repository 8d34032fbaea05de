"""The stage after reading: map entries to items, add code links and tags."""

from __future__ import annotations

from dataclasses import dataclass, field

from zsync.config import Settings
from zsync.enrich.links import LinkFinder
from zsync.enrich.pdf import WantedPdf, wanted_pdf
from zsync.enrich.tags import Tagger
from zsync.errors import ConfigError
from zsync.mapping import Mapper
from zsync.model import Entry, Tag, ZoteroItem


@dataclass
class Candidate:
    """One entry on its way into the library: the entry, its item, its code links, its PDF."""

    entry: Entry
    item: ZoteroItem
    links: list[tuple[str, str]] = field(default_factory=list)  # (title, url)
    pdf: WantedPdf | None = None

    @property
    def tags(self) -> list[str]:
        return self.item.tag_names()


class Preparer:
    """Maps entries to items and enriches them; built once per run from the settings."""

    def __init__(self, settings: Settings):
        dirs = settings.mapping_dirs()
        self.mapper = Mapper.from_dirs(*dirs)
        link_files = [d / "code-links.toml" for d in dirs if (d / "code-links.toml").is_file()]
        if not link_files:
            raise ConfigError(f"no code-links.toml in {', '.join(map(str, dirs))}")
        self.links = LinkFinder.from_file(link_files[-1])
        self.tagger = Tagger(settings.tags)
        self.pdf = settings.pdf

    def prepare(self, entry: Entry) -> Candidate:
        item = self.mapper.map(entry)
        links = self.links.links(entry)
        names = [*item.tag_names(), *self.tagger.tags(entry, has_code=bool(links))]
        item.tags = [Tag(tag=name) for name in dict.fromkeys(names)]
        return Candidate(entry=entry, item=item, links=links, pdf=wanted_pdf(entry, self.pdf))
