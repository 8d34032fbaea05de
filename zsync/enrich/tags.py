"""Tags for an item: the digest's own tags, the source format, ``has-code``, and config rules.

A rule is a regular expression searched (case-insensitively) in the entry's title and/or
abstract; when it is found, the rule's tag is added. Rules come from the config file
(``[[tags.rules]]``), on top of the shipped defaults unless ``tags.default_rules = false``.
"""

from __future__ import annotations

import re
from typing import Iterable

from zsync.config import TagSettings
from zsync.model import Entry


class Tagger:
    def __init__(self, settings: TagSettings):
        self.settings = settings
        self.rules = [(re.compile(rule.pattern, re.I), rule.tag, rule.fields) for rule in settings.all_rules()]

    def tags(self, entry: Entry, has_code: bool) -> list[str]:
        tags = list(entry.tags) if self.settings.digest_tags else []
        if self.settings.source:
            tags.append(self.settings.source.format(format=entry.format))
        if has_code and self.settings.has_code:
            tags.append(self.settings.has_code)
        texts = {"title": "" if entry.title_provisional else entry.title or "", "abstract": entry.abstract or ""}
        for pattern, tag, fields in self.rules:
            if any(pattern.search(texts[field]) for field in fields):
                tags.append(tag)
        return unique(tags)


def unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))
