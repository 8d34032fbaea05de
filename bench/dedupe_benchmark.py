"""zsync's deduplication beside bib-dedupe's, on the labelled bib-dedupe benchmark data.

For each data set (``digital_work``: 7,159 records, 216 duplicate groups; ``special_cases``: 12
records, 3 pairs) both tools run on the same records in the same process, and this prints:
pairwise precision, recall and F1; TP/FP/FN as bib-dedupe counts them (records removed, not
pairs: see ``bib_counts``); wall time and peak memory (tracemalloc). Then the scale case:
10,000 incoming entries against a 100,000-item library index, generated from real titles.

Run: .venv/bin/pip install -e '.[bench]' && .venv/bin/python bench/dedupe_benchmark.py
(``--zsync-only``, ``--no-scale``; ``--sweep`` prints precision and recall per title threshold)
"""

from __future__ import annotations

import csv
import itertools
import random
import sys
import time
import tracemalloc
import warnings
from pathlib import Path
from typing import Callable, TypeVar

from zsync.config import DedupeSettings
from zsync.dedupe import DedupeIndex, Record
from zsync.dedupe.record import record_from_fields

DATA = Path(__file__).resolve().parent.parent.parent / "shared/corpora/dedup/bib-dedupe"
csv.field_size_limit(10**8)
T = TypeVar("T")


def load(name: str) -> tuple[list[dict[str, str]], list[set[str]]]:
    with open(DATA / name / "records_pre_merged.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    with open(DATA / name / "merged_record_ids.csv", newline="") as f:
        groups = [set(row["merged_ids"].split(";")) for row in csv.DictReader(f)]
    return rows, groups


def zsync_clusters(rows: list[dict[str, str]], settings: DedupeSettings) -> list[set[str]]:
    """Each record against those before it, as a sync run does; matches are joined."""
    index = DedupeIndex(settings)
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for row in rows:
        record = record_from_fields(row["ID"], {k: v or "" for k, v in row.items()})
        parent[record.ref] = record.ref
        for match in index.matches(record):
            if match.same:
                parent[root(record.ref)] = root(match.ref)
        index.add(record)
    clusters: dict[str, set[str]] = {}
    for ref in parent:
        clusters.setdefault(root(ref), set()).add(ref)
    return [c for c in clusters.values() if len(c) > 1]


def bib_dedupe_clusters(rows: list[dict[str, str]]) -> list[set[str]]:
    import pandas as pd
    from bib_dedupe.bib_dedupe import block, cluster, match, prep

    warnings.filterwarnings("ignore")
    df = pd.DataFrame(rows)
    matched = match(block(prep(df, verbosity_level=0, cpu=1), verbosity_level=0, cpu=1), verbosity_level=0, cpu=1)
    return [set(c) for c in cluster(matched, verbosity_level=0)]


def pairs(groups: list[set[str]]) -> set[tuple[str, str]]:
    return {tuple(sorted(p)) for g in groups for p in itertools.combinations(g, 2)}


def bib_counts(ids: list[str], truth: list[set[str]], predicted: list[set[str]]) -> dict[str, int]:
    """bib-dedupe's own counting: the first record of each predicted cluster is kept, the rest
    removed; a removed true singleton is a FP; per true group, removed members are TPs, every
    survivor past the first a FN, and a group removed entirely a FP."""
    removed = {ref for cluster in predicted for ref in sorted(cluster)[1:]}
    in_groups = set().union(*truth)
    counts = {"TP": 0, "FP": sum(1 for i in ids if i not in in_groups and i in removed), "FN": 0}
    for group in truth:
        kept = len(group - removed)
        if kept == 0:
            counts["FP"] += 1
            counts["TP"] += len(group) - 1
        else:
            counts["FN"] += kept - 1
            counts["TP"] += len(group) - kept
    return counts


def measure(run: Callable[[], T]) -> tuple[T, float, float]:
    """Wall time of one run, then peak traced memory of a second (tracing slows Python down)."""
    start = time.perf_counter()
    result = run()
    seconds = time.perf_counter() - start
    tracemalloc.start()
    run()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return result, seconds, peak


def report(name: str, rows: list[dict[str, str]], truth: list[set[str]], predicted: list[set[str]],
           seconds: float, peak: float) -> None:
    true_pairs, found = pairs(truth), pairs(predicted)
    tp = len(true_pairs & found)
    precision = tp / len(found) if found else 1.0
    recall = tp / len(true_pairs) if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    c = bib_counts([r["ID"] for r in rows], truth, predicted)
    print(f"  {name:<10} pairs P {precision:.4f} R {recall:.4f} F1 {f1:.4f} | records TP {c['TP']} FP {c['FP']} "
          f"FN {c['FN']} | {seconds:6.2f} s, peak {peak:6.1f} MiB")


def benchmark(settings: DedupeSettings, with_bib_dedupe: bool) -> None:
    for name in ("special_cases", "digital_work"):
        rows, truth = load(name)
        print(f"{name}: {len(rows)} records, {len(truth)} duplicate groups, {len(pairs(truth))} duplicate pairs")
        report("zsync", rows, truth, *measure(lambda: zsync_clusters(rows, settings)))
        if with_bib_dedupe:
            report("bib-dedupe", rows, truth, *measure(lambda: bib_dedupe_clusters(rows)))


# -- the scale case ----------------------------------------------------------------------------
def variant(title: str, rng: random.Random) -> str:
    """The same title as another source might write it."""
    choice = rng.randrange(6)
    if choice == 0:
        return title.upper()
    if choice == 1:
        return title.replace(":", " -").replace(",", "")
    if choice == 2:
        return title.replace("e", "é", 1).replace("o", "ö", 1)
    if choice == 3:
        return f"{title}: a study"  # an added subtitle
    if choice == 4 and len(title) > 12:
        i = rng.randrange(3, len(title) - 3)
        return title[:i] + title[i + 1] + title[i] + title[i + 2:]  # a typo: swapped letters
    return f"{{{title}}}"


def scale_case(settings: DedupeSettings, incoming: int = 10_000, library: int = 100_000) -> None:
    rows, _ = load("digital_work")
    base = [r["title"] for r in rows if r["title"]]
    rng = random.Random(7)
    words = sorted({w for t in base for w in t.split() if w.isalpha() and len(w) > 3})
    titles = [" ".join(rng.sample(words, rng.randint(6, 12))).capitalize() for _ in range(library)]

    def build() -> tuple[DedupeIndex, list[Record]]:
        index = DedupeIndex(settings)
        for i, title in enumerate(titles):
            ids = {"doi": f"10.1000/lib.{i}"} if i % 3 == 0 else {"eprint": f"{2000 + i % 600:04d}.{i:05d}"} if i % 3 == 1 else {}
            index.add(record_from_fields(f"L{i}", {"title": title, "year": str(2000 + i % 25), **ids}))
        queries = []  # (record, the library item it is, or None)
        for j in range(incoming):
            if j % 2:  # half are papers the library holds, written differently, some only by id
                i = rng.randrange(library)
                fields = {"title": variant(titles[i], rng), "year": str(2000 + i % 25)}
                if j % 10 == 1 and i % 3 == 1:
                    fields = {"title": "", "doi": f"10.48550/arXiv.{2000 + i % 600:04d}.{i:05d}"}
                queries.append((record_from_fields(f"Q{j}", fields), f"L{i}"))
            else:
                fields = {"title": " ".join(rng.sample(words, rng.randint(6, 12))).capitalize()}
                queries.append((record_from_fields(f"Q{j}", fields), None))
        return index, queries

    def match_all() -> list[tuple[str | None, str | None]]:
        return [((m.ref if (m := index.find(q)) else None), expected) for q, expected in queries]

    (index, queries), build_seconds, build_peak = measure(build)
    results, seconds, peak = measure(match_all)
    right = sum(1 for got, expected in results if expected and got == expected)
    wrong = sum(1 for got, expected in results if got and got != expected)
    held = sum(1 for _, expected in results if expected)
    print(f"scale: {incoming:,} entries against a {library:,}-item index: index built in {build_seconds:.1f} s "
          f"(peak {build_peak:.0f} MiB), all entries matched in {seconds:.1f} s (peak {peak:.1f} MiB more); "
          f"{right:,} of {held:,} held papers found, {wrong} wrong matches")


def sweep() -> None:
    """Precision and recall on digital_work for a range of title thresholds."""
    rows, truth = load("digital_work")
    true_pairs = pairs(truth)
    print("threshold sweep on digital_work (title similarity):")
    for threshold in (0.80, 0.85, 0.88, 0.90, 0.92, 0.95, 0.98):
        found = pairs(zsync_clusters(rows, DedupeSettings(threshold=threshold)))
        tp = len(true_pairs & found)
        c = bib_counts([r["ID"] for r in rows], truth, zsync_clusters(rows, DedupeSettings(threshold=threshold)))
        print(f"  {threshold:.2f}: pairs P {tp / len(found):.4f} R {tp / len(true_pairs):.4f} | "
              f"records TP {c['TP']} FP {c['FP']} FN {c['FN']}")


if __name__ == "__main__":
    if "--sweep" in sys.argv:
        sweep()
        sys.exit()
    try:
        import bib_dedupe  # noqa: F401
        has_bib_dedupe = True
    except ImportError:
        print("bib-dedupe is not installed (pip install -e '.[bench]'); zsync only", file=sys.stderr)
        has_bib_dedupe = False
    settings = DedupeSettings()
    benchmark(settings, has_bib_dedupe and "--zsync-only" not in sys.argv)
    if "--no-scale" not in sys.argv:
        scale_case(settings)
