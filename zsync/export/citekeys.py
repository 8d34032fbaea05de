"""Stable citation keys for export, in the style of Better BibTeX.

An item's own ``citationKey`` is kept. Others get a key from a format (default
``{auth}{shorttitle}{year}``: first author's family name in lower case, the first three
significant title words capitalised, the year — BBT's ``auth.lower + shorttitle(3,3) + year``).
Keys are unique within an export: colliding keys get ``a``, ``b``, … in a fixed order (by date,
title, item key), so the same library exports the same keys every time.
"""

from __future__ import annotations

import re
import string
from collections import defaultdict

from zsync.dedupe.normalize import strip_diacritics
from zsync.model import ZoteroItem

DEFAULT_FORMAT = "{auth}{shorttitle}{year}"
FUNCTION_WORDS = {"a", "an", "the", "of", "on", "in", "at", "to", "for", "and", "or", "with", "from", "by",
                  "as", "is", "are", "via", "into", "about", "but", "nor"}


def ascii_word(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]", "", strip_diacritics(text))


def parts(item: ZoteroItem) -> dict[str, str]:
    people = [c for c in item.creators if c.creatorType in ("author", "programmer", "inventor", "presenter")] or item.creators
    family = (people[0].lastName or people[0].name or "") if people else ""
    words = [ascii_word(w) for w in re.split(r"[\s/]+", item.get("title"))]
    significant = [w for w in words if w and w.lower() not in FUNCTION_WORDS]
    year = re.search(r"\d{4}", item.get("date"))
    auth = ascii_word(family.split()[-1] if family.split() else family)
    return {
        "auth": auth.lower(), "Auth": auth[:1].upper() + auth[1:],
        "shorttitle": "".join(w[:1].upper() + w[1:] for w in significant[:3]),
        "title": (significant[0] if significant else "").lower(),
        "year": year[0] if year else "",
    }


def generated_key(item: ZoteroItem, key_format: str = DEFAULT_FORMAT) -> str:
    names = {name for _, name, _, _ in string.Formatter().parse(key_format) if name}
    unknown = names - set(parts(ZoteroItem(itemType="document")))
    if unknown:
        raise ValueError(f"unknown citation key parts {sorted(unknown)}; use auth, Auth, shorttitle, title, year")
    return key_format.format_map(parts(item)) or "item"


def assign_keys(items: list[ZoteroItem], key_format: str = DEFAULT_FORMAT) -> list[str]:
    """A unique citation key for each item, in the items' order."""
    keys = [item.get("citationKey") or generated_key(item, key_format) for item in items]
    groups: dict[str, list[int]] = defaultdict(list)
    for index, key in enumerate(keys):
        groups[key].append(index)
    taken = set(keys)
    for key, indexes in groups.items():
        if len(indexes) < 2:
            continue
        ordered = sorted(indexes, key=lambda i: (not items[i].get("citationKey"), items[i].get("date"),
                                                 items[i].get("title"), items[i].key or ""))
        suffixes = (s for s in suffix_sequence() if f"{key}{s}" not in taken)
        for index in ordered[1:]:
            keys[index] = f"{key}{next(suffixes)}"
            taken.add(keys[index])
    return keys


def suffix_sequence():
    for letter in string.ascii_lowercase:
        yield letter
    for first in string.ascii_lowercase:
        for second in string.ascii_lowercase:
            yield first + second
