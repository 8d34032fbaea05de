"""Parsing digests end to end into items: read, parse, map, links and tags (no library).

The target: well under a second per hundred papers for the 1141-paper arXiv e-mail digest.
Run: .venv/bin/python bench/feeds_bench.py
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

from zsync.config import load_settings
from zsync.sources import ParseContext, SourceRegistry
from zsync.sources.read import read_digests
from zsync.sync.prepare import Preparer

FEEDS = Path(__file__).resolve().parent.parent.parent / "shared/corpora/feeds"
FILES = ["arxiv-email/arxiv_email_digest_cs_2026-01-20_full.txt", "arxiv-api/arxiv_api_2026_search_testing_100_results.atom.xml",
         "hf-daily-papers/hf_daily_papers_2026-06-12.json"]


def main() -> None:
    settings = load_settings()
    registry = SourceRegistry.from_entry_points()
    context = ParseContext(as_of=dt.date(2026, 11, 24))
    preparer = Preparer(settings)
    for name in FILES:
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            read = read_digests([FEEDS / name], registry, context)
            items = [preparer.prepare(entry) for entry in read.entries]
            best = min(best, time.perf_counter() - start)
        print(f"{Path(name).name}: {len(items)} papers in {best:.2f} s "
              f"= {best / len(items) * 100:.3f} s per hundred papers (best of 3)")


if __name__ == "__main__":
    main()
