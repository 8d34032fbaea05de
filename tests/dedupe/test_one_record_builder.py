"""`zsync dedupe`, `zsync sync` and the dedupe benchmark (which runs `zsync dedupe`) compare the
same records: each is built by ``record_from_item`` from the item the mapping makes."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conftest import AS_OF, CORPORA
from zsync.config import load_settings
from zsync.dedupe.record import record_from_item
from zsync.dedupe.report import entry_records
from zsync.sources import ParseContext, SourceRegistry
from zsync.sources.read import read_digests
from zsync.sync.prepare import Preparer

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from dedupe_benchmark import load, to_bibtex  # noqa: E402  the .bib the benchmark gives `zsync dedupe`


@pytest.fixture(scope="module")
def benchmark_bib(tmp_path_factory):
    rows, _ = load(CORPORA / "dedup" / "bib-dedupe" / "special_cases")
    path = tmp_path_factory.mktemp("bench") / "special_cases.bib"
    path.write_text(to_bibtex(rows), "utf-8")
    return path


@pytest.mark.parametrize("path", ["benchmark", *sorted((CORPORA / "bibtex").glob("*/*.bib"))[:3]],
                         ids=lambda p: getattr(p, "name", p))
def test_dedupe_and_sync_build_the_same_records_from_a_bib_file(path, benchmark_bib):
    path = benchmark_bib if path == "benchmark" else path
    settings = load_settings()
    entries = read_digests([str(path)], SourceRegistry.from_entry_points(), ParseContext(as_of=AS_OF)).entries
    preparer = Preparer(settings)
    for_sync = [record_from_item(preparer.prepare(e).item, f"entry:{i}") for i, e in enumerate(entries)]
    for_dedupe = entry_records(entries, preparer.mapper)
    assert entries and for_dedupe == for_sync
    if path == benchmark_bib:  # the venue, volume and pages of a .bib reach the record
        journal = [r for r in for_dedupe if r.kind == "journal"]
        assert journal and sum(bool(r.venue and r.volume and r.pages.first) for r in journal) > len(journal) / 2
