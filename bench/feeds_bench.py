"""Digest parsing throughput for every feed format, beside the bare floor measured in the same run.

For each format (and variant), a digest of 1,000, 10,000 and 50,000 entries is made by repeating
the entries of real samples (tests/data/feeds, shared/corpora) with unique arXiv ids, written to
a file, and read through ``zsync.sources.read.read_digests``: the path ``zsync parse`` and
``zsync sync`` take (decode, detect, parse, LaTeX to Unicode, names, entries). The floor is the
bare library call on the same text: ``json.loads``, ``ElementTree.fromstring`` or
``bibtexparser.loads``. A parser is linear when its time per entry stays flat from 1k to 50k;
the e-mail digest has no library to compare with (its floor column is empty).

Last, the 1,141-paper arXiv e-mail digest end to end into Zotero items (read, map, links, tags).

Run: .venv/bin/python bench/feeds_bench.py [--sizes 1000,10000,50000] [--formats arxiv-atom,...]
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import itertools
import json
import re
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Callable, Iterator

import bibtexparser

from zsync.config import load_settings
from zsync.sources import ParseContext, SourceRegistry
from zsync.sources.read import read_digests
from zsync.sync.prepare import Preparer

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests/data/feeds"
SHARED = ROOT.parent / "shared/corpora"
FEEDS = SHARED / "feeds"
EMAIL_FULL = FEEDS / "arxiv-email/arxiv_email_digest_cs_2026-01-20_full.txt"
NEW_ID = re.compile(r"\b\d{4}\.\d{4,5}\b")
OLD_ID = re.compile(r"\b[a-z-]+(?:\.[A-Z]{2})?/\d{7}\b")


def arxiv_ids() -> Iterator[str]:
    """Unique new-style ids: 2601.00001, 2601.00002, … then 2602.…"""
    for number in itertools.count():
        yield f"26{number // 99999 % 12 + 1:02d}.{number % 99999 + 1:05d}"


def renumbered(block: str, new_id: str) -> str:
    return OLD_ID.sub(new_id, NEW_ID.sub(new_id, block))


def xml_digest(samples: list[Path], tag: str, count: int) -> str:
    """The first sample's head and tail around ``count`` entries (``<tag>…</tag>``) cycled from all."""
    element = re.compile(rf"<(?:[\w-]+:)?{tag}[\s>].*?</(?:[\w-]+:)?{tag}>", re.S)
    blocks = [m[0] for path in samples for m in element.finditer(path.read_text())]
    first = samples[0].read_text()
    matches = list(element.finditer(first))
    head, tail = first[:matches[0].start()], first[matches[-1].end():]
    ids = arxiv_ids()
    return head + "\n".join(renumbered(blocks[k % len(blocks)], next(ids)) for k in range(count)) + tail


def email_digest(count: int) -> str:
    """Paper blocks of the full 1,141-paper digest, cycled, between its header and end mark."""
    text = EMAIL_FULL.read_text()
    rule = "-" * 78
    parts = text.split(f"\n{rule}\n")
    papers = [p for p in parts if re.match(r"\\\\\narXiv:", p)]
    ids = arxiv_ids()
    body = [renumbered(papers[k % len(papers)].split("\n%%")[0], next(ids)) for k in range(count)]
    return parts[0] + f"\n{rule}\n" + f"\n{rule}\n".join(body) + f"\n{rule}\n" + "%%%---" * 13 + "\n"


def hf_digest(count: int) -> str:
    items = json.loads((FEEDS / "hf-daily-papers/hf_daily_papers_2026-06-12.json").read_text())
    ids = arxiv_ids()
    out = []
    for k in range(count):
        item = json.loads(json.dumps(items[k % len(items)]))
        item["paper"]["id"] = next(ids)
        out.append(item)
    return json.dumps(out, separators=(",", ":"), ensure_ascii=False)


def bib_digest(count: int) -> str:
    text = (SHARED / "bibtex/bbt-import/bbt-1436-large-zotero-export-506-entries.bib").read_text()
    entries = re.split(r"\n(?=@)", text.strip())
    entries = [e for e in entries if e.startswith("@")]
    keys = itertools.count()
    return "\n\n".join(re.sub(r"^(@\w+\s*\{)[^,]*,", lambda m: f"{m[1]}key{next(keys)},", entries[k % len(entries)], count=1)
                       for k in range(count)) + "\n"


def xml_floor(text: str) -> None:
    ET.fromstring(text.encode("utf-8"))


FORMATS: dict[str, tuple[Callable[[int], str], Callable[[str], object] | None, str]] = {
    "arxiv-atom": (lambda n: xml_digest([FEEDS / "arxiv-api/arxiv_api_2026_search_testing_100_results.atom.xml"], "entry", n),
                   xml_floor, "ElementTree"),
    "arxiv-rss (RSS 2.0)": (lambda n: xml_digest([DATA / "arxiv-rss2/laya-reader_cs.LG+cs.AI+cs.CL+stat.ML_2026-09-24.xml",
                                                  *sorted(FEEDS.glob("arxiv-rss/*.xml"))], "item", n), xml_floor, "ElementTree"),
    "arxiv-rss (RSS 1.0)": (lambda n: xml_digest([DATA / "arxiv-rss1/physbiblio_hep-ex_2018-05-23.rdf.xml"], "item", n),
                            xml_floor, "ElementTree"),
    "arxiv-rss-atom": (lambda n: xml_digest([DATA / "arxiv-rss-atom/paper-forge_cs.LG_2026-09-25.atom.xml",
                                             DATA / "arxiv-rss-atom/zotero-arxiv-daily_cs.AI_2025-08-20.atom.xml"], "entry", n),
                       xml_floor, "ElementTree"),
    "hf-daily-json": (hf_digest, json.loads, "json.loads"),
    "arxiv-email": (email_digest, None, ""),
    "bibtex": (bib_digest, bibtexparser.loads, "bibtexparser"),
}


def timed(run: Callable[[], object], repeat: int) -> tuple[float, object]:
    """Best of ``repeat`` runs in CPU seconds of this process (the machine's cores are shared, so
    wall time measures the neighbours too), with the cyclic garbage collector off while timing
    (as ``timeit`` does, for zsync and the floor alike): its passes land on whichever run
    allocates next."""
    best, result = float("inf"), None
    for _ in range(repeat):
        gc.collect()
        gc.disable()
        try:
            start = time.process_time()
            result = run()
            best = min(best, time.process_time() - start)
        finally:
            gc.enable()
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000,50000")
    parser.add_argument("--formats", default=",".join(FORMATS))
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    registry = SourceRegistry.from_entry_points()
    context = ParseContext(as_of=dt.date(2026, 11, 24))
    print(f"{'format':<22}{'entries':>8}{'zsync /s':>11}{'floor /s':>11}{'× floor':>9}{'µs/entry':>10}  floor")
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.formats.split(","):
            make, floor, floor_name = FORMATS[name]
            per_entry = []
            for size in sizes:
                text = make(size)
                path = Path(tmp) / f"digest-{size}"
                path.write_text(text, encoding="utf-8")
                repeat = 3 if size <= 1000 else 1
                seconds, read = timed(lambda: read_digests([path], registry, context), repeat)
                assert len(read.entries) == size and not read.rejects, (name, size, len(read.entries), len(read.rejects))
                floor_seconds = timed(lambda: floor(text), repeat)[0] if floor else None
                per_entry.append(seconds / size * 1e6)
                print(f"{name:<22}{size:>8}{size / seconds:>11,.0f}"
                      + (f"{size / floor_seconds:>11,.0f}{seconds / floor_seconds:>9.1f}" if floor_seconds else f"{'':>11}{'':>9}")
                      + f"{per_entry[-1]:>10.1f}  {floor_name}")
            print(f"{'':<22}time per entry, largest / smallest size: {per_entry[-1] / per_entry[0]:.2f}")
    settings = load_settings()
    preparer = Preparer(settings)
    seconds, items = timed(lambda: [preparer.prepare(e) for e in read_digests([EMAIL_FULL], registry, context).entries], 3)
    print(f"{EMAIL_FULL.name}: {len(items)} papers into items in {seconds:.2f} s "
          f"= {seconds / len(items) * 100:.3f} s per hundred papers (best of 3)")


if __name__ == "__main__":
    main()
