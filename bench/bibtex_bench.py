"""BibTeX import throughput, zsync beside bare bibtexparser 1.4 on the same text in the same run:
every .bib of ``shared/corpora/bibtex`` and a 10,000-entry file made by repeating their entries
(keys made unique); then export throughput and the field-level agreement with Zotero's
BibTeX.js and Better BibTeX import (the tables in docs/bibtex.md).

zsync is timed through the path the CLI reads digests by, ``zsync.sources.read.read_digests``
(decode, detect the format, parse, LaTeX to Unicode, names); bibtexparser through
``bibtexparser.loads`` with common month macros and, since it fails a whole file on an undefined
macro, an ``@string`` for each macro zsync found undefined.

Run: .venv/bin/python bench/bibtex_bench.py
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

import bibtexparser
from bibtexparser.bparser import BibTexParser

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from bibtex_agreement import table  # noqa: E402

from zsync.config import load_settings  # noqa: E402
from zsync.export import exporter  # noqa: E402
from zsync.mapping import Mapper  # noqa: E402
from zsync.sources import ParseContext, SourceRegistry, read_digest  # noqa: E402
from zsync.sources.read import read_digests  # noqa: E402

CORPUS = ROOT.parent / "shared/corpora/bibtex"
ENTRY_KEY = re.compile(r"^([ \t]*@[ \t]*(?!string|comment|preamble)\w+[ \t]*[{(][ \t]*)([^,\s]*)", re.M | re.I)


def best_of(runs: int, work: Callable[[], object]) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(runs):
        start = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - start)
    return best, result


def repeated(texts: list[str], entries: int) -> str:
    """Real entries repeated until there are ``entries`` of them, each copy's keys suffixed."""
    out, count, copy = [], 0, 0
    while count < entries:
        for text in texts:
            out.append(ENTRY_KEY.sub(lambda m: f"{m[1]}{m[2]}-r{copy}", text))
            count += len(ENTRY_KEY.findall(text))
        copy += 1
    return "\n".join(out)


def compare(path: Path, runs: int) -> tuple[int, float, float]:
    """(entries zsync read, zsync seconds, bibtexparser seconds)."""
    registry, context = SourceRegistry.from_entry_points(), ParseContext(as_of=dt.date(2026, 11, 24))
    text = read_digest(path).text
    ours_s, read = best_of(runs, lambda: read_digests([path], registry, context, format="bibtex"))
    undefined = [m[1] for n in read.notices if (m := re.match(r"undefined macro `([^`]+)`", n.message))]
    text = "".join(f'@string{{{name} = "{name}"}}\n' for name in undefined) + text
    logging.disable(logging.WARNING)
    bare_s, _ = best_of(runs, lambda: bibtexparser.loads(text, BibTexParser(common_strings=True, interpolate_strings=True)))
    logging.disable(logging.NOTSET)
    return len(read.entries), ours_s, bare_s


def rate(entries: int, seconds: float) -> str:
    return f"{entries / seconds:8.0f}"


def main() -> None:
    files = sorted(CORPUS.glob("*/*.bib"))
    print("import, entries/s (best of 3; the file of 10,000 and more repeated entries: 1 run)")
    print(f"  {'file':<52} {'entries':>7} {'zsync':>8} {'bare bibtexparser':>18}")
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "repeated-10000.bib"
        big.write_text(repeated([read_digest(f).text for f in files], 10_000), encoding="utf-8")
        for path in [*files, big]:
            entries, ours_s, bare_s = compare(path, 1 if path == big else 3)
            print(f"  {path.name:<52} {entries:>7} {rate(entries, ours_s)} {rate(entries, bare_s):>18}")
    settings = load_settings()
    mapper = Mapper.from_dirs(*settings.mapping_dirs())
    large = CORPUS / "bbt-import/bbt-1436-large-zotero-export-506-entries.bib"
    read = read_digests([large], SourceRegistry.from_entry_points(), ParseContext(as_of=dt.date(2026, 11, 24)))
    items = [mapper.map(e) for e in read.entries]
    export_s, out = best_of(3, lambda: exporter(settings).export(items))
    print(f"export of {large.name}: {len(items) / export_s:.0f} entries/s ({len(out) // 1024} KiB)")
    print("field-level agreement (fields equal / peer's core fields; title case folded):")
    strict, folded = table(), table(fold_case=True)
    for name, (agree, fields) in strict.items():
        print(f"  {name:<48} {agree:>5}/{fields:<5} {agree / fields:6.1%}  {folded[name][0] / fields:6.1%}")


if __name__ == "__main__":
    main()
