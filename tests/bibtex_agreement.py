"""Field-level agreement of zsync's BibTeX import with Zotero's BibTeX.js and Better BibTeX.

Items are matched by citation key; the core fields below are compared after type-specific
field names are mapped to Zotero's base fields (``proceedingsTitle`` and ``publicationTitle``
are one field; so are ``institution`` and ``publisher``). Agreement is the share of the
peer's core fields zsync fills with the same value.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from zsync.config import default_mapping_dir
from zsync.mapping import Mapper
from zsync.model import Entry
from zsync.schema import ZoteroSchema
from zsync.sources import ParseContext, decode_digest
from zsync.sources.bibtex import BibTeX

SHARED = Path(__file__).resolve().parents[2] / "shared/corpora"
CORE = ["itemType", "title", "creators", "date", "DOI", "url", "publicationTitle", "volume", "issue", "pages",
        "publisher", "place", "ISBN", "ISSN", "language", "edition", "series", "number", "type", "citationKey"]


def ours(bib: str, origin: str = "peer.bib") -> list[dict]:
    mapper = Mapper.from_dirs(default_mapping_dir())
    digest = decode_digest(bib.encode(), origin)
    entries = [e for e in BibTeX().parse(digest.text, origin, ParseContext(as_of=dt.date(2026, 11, 24)))
               if isinstance(e, Entry)]
    return [mapper.map(e).to_json() for e in entries]


def base(item: dict) -> dict:
    schema = ZoteroSchema.bundled()
    item_type = item.get("itemType", "")
    out = {}
    for field, value in item.items():
        name = schema.base_field(item_type, field) if item_type in schema.types else field
        out[name] = value
    if "creators" in out:
        out["creators"] = [(c.get("creatorType"), c.get("name") or (c.get("lastName") if c.get("fieldMode") == 1 else None),
                            None if c.get("fieldMode") == 1 or c.get("name") else c.get("firstName"),
                            None if c.get("fieldMode") == 1 or c.get("name") else c.get("lastName"))
                           for c in out["creators"]]
    return out


CASED = ("title", "publicationTitle")  # Better BibTeX sentence-cases these; zsync keeps them as written


def same(field: str, want, mine, fold_case: bool) -> bool:
    if fold_case and field in CASED and isinstance(want, str) and isinstance(mine, str):
        return want.casefold() == mine.casefold()
    return want == mine


def agreement(expected: list[dict], got: list[dict], fold_case: bool = False) -> tuple[int, int, list[str]]:
    by_key = {g.get("citationKey"): base(g) for g in got}
    agree = total = 0
    misses = []
    for item in expected:
        want = base(item)
        key = item.get("citationKey") or item.get("itemID")
        mine = by_key.get(key, {})
        for field in CORE:
            if field not in want or want[field] in ("", [], None) or (field == "citationKey" and "citationKey" not in item):
                continue
            total += 1
            if same(field, want[field], mine.get(field), fold_case):
                agree += 1
            else:
                misses.append(f"{key}.{field}: peer {str(want[field])[:60]!r} zsync {str(mine.get(field))[:60]!r}")
    return agree, total, misses


def bibtex_js_cases() -> list[tuple[str, str, list[dict]]]:
    cases = json.loads((SHARED / "translators/bibtex_js_testcases.json").read_text())
    return [(f"BibTeX.js case {i + 1}", c["input"], c["items"]) for i, c in enumerate(cases)]


def bbt_cases() -> list[tuple[str, str, list[dict]]]:
    found = []
    for bib in sorted((SHARED / "bibtex/bbt-import").glob("*.bib")):
        expected = json.loads(bib.with_suffix(".json").read_text())["items"]
        found.append((bib.name, decode_digest(bib.read_bytes(), bib.name).text, expected))
    return found


def table(fold_case: bool = False) -> dict[str, tuple[int, int]]:
    """(agreeing fields, peer fields) per peer test file."""
    return {name: agreement(expected, ours(text), fold_case)[:2] for name, text, expected in [*bibtex_js_cases(), *bbt_cases()]}
