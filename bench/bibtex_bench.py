"""BibTeX import and export throughput on the 506-entry Better BibTeX fixture, beside
bibtexparser's bare parse of the same file in the same run; and the field-level agreement
with Zotero's BibTeX.js and Better BibTeX import (the table in docs/bibtex.md).

Run: .venv/bin/python bench/bibtex_bench.py
"""

from __future__ import annotations

import datetime as dt
import logging
import sys
import time
from pathlib import Path

import bibtexparser
from bibtexparser.bparser import BibTexParser

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from bibtex_agreement import table  # noqa: E402

from zsync.config import load_settings  # noqa: E402
from zsync.export import exporter  # noqa: E402
from zsync.mapping import Mapper  # noqa: E402
from zsync.model import Entry  # noqa: E402
from zsync.sources import ParseContext, read_digest  # noqa: E402
from zsync.sources.bibtex import BibTeX  # noqa: E402

FILE = ROOT.parent / "shared/corpora/bibtex/bbt-import/bbt-1436-large-zotero-export-506-entries.bib"


def best_of(runs: int, work) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(runs):
        start = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    settings = load_settings()
    text = read_digest(FILE).text
    mapper = Mapper.from_dirs(*settings.mapping_dirs())
    logging.disable(logging.WARNING)

    def bare():
        return bibtexparser.loads(text, BibTexParser(common_strings=True, interpolate_strings=True)).entries

    def import_items():
        found = BibTeX().parse(text, str(FILE), ParseContext(as_of=dt.date(2026, 11, 24)))
        return [mapper.map(e) for e in found if isinstance(e, Entry)]

    bare_s, entries = best_of(3, bare)
    import_s, items = best_of(3, import_items)
    export_s, out = best_of(3, lambda: exporter(settings).export(items))
    n = len(items)
    print(f"{FILE.name}: {n} entries ({len(entries)} by bibtexparser), best of 3 runs")
    print(f"  bibtexparser 1.4 bare parse      {bare_s:6.2f} s  {len(entries) / bare_s:7.0f} entries/s")
    print(f"  zsync import (parse, map, check) {import_s:6.2f} s  {n / import_s:7.0f} entries/s")
    print(f"  zsync export                     {export_s:6.2f} s  {n / export_s:7.0f} entries/s  ({len(out) // 1024} KiB)")
    print("field-level agreement (fields equal / peer's core fields; title case folded):")
    strict, folded = table(), table(fold_case=True)
    for name, (agree, fields) in strict.items():
        print(f"  {name:<48} {agree:>5}/{fields:<5} {agree / fields:6.1%}  {folded[name][0] / fields:6.1%}")


if __name__ == "__main__":
    main()
