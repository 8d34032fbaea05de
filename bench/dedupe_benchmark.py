"""zsync's deduplication beside bib-dedupe's, on labelled duplicate sets, through the shipped path.

Each labelled set (``records_pre_merged.csv`` + ``merged_record_ids.csv``, bib-dedupe's format) is
written out as a .bib file, then ``zsync dedupe FILE.bib --json`` runs as a user runs it (a
separate process: parsing, mapping, records, matching), and bib-dedupe runs on the same records
in a process of its own. For each set this prints, for both tools: pairwise precision, recall
and F1, wrong pairs (pairs joined that are two papers), missed pairs, wall seconds and peak
memory (the process's maximum resident set).

Sets: every folder of ``../shared/corpora/dedup/bib-dedupe`` (the rules were developed on these),
``bench/data/dedupe-holdout`` (cytology_screening: never looked at while tuning; respiratory:
looked at once, as counts of vetoes, see docs/dedupe.md) and every folder of each
``--holdout DIR`` given.

Run: .venv/bin/pip install -e '.[bench]' && .venv/bin/python bench/dedupe_benchmark.py
(``--zsync-only``; ``--holdout DIR``; ``--set NAME`` to run only some sets; ``--wrong`` prints
zsync's wrong pairs with titles)
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import measure

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared/corpora/dedup/bib-dedupe"
HOLDOUT = ROOT / "bench/data/dedupe-holdout"  # two more bib-dedupe sets, see its SOURCES.md
csv.field_size_limit(10**8)
#: bookkeeping columns of the data sets, not bibliographic fields
NOT_FIELDS = {"ID", "ENTRYTYPE", "ID_old", "colrev_status", "file_name", "cited_by", "colrev_origin"}


@dataclass
class Result:
    groups: list[set[str]]
    seconds: float
    peak_mib: float


def load(folder: Path) -> tuple[list[dict[str, str]], list[set[str]]]:
    with open(folder / "records_pre_merged.csv", newline="", encoding="utf-8") as f:
        rows = [{k: v or "" for k, v in row.items()} for row in csv.DictReader(f)]
    with open(folder / "merged_record_ids.csv", newline="") as f:
        groups = [set(row["merged_ids"].split(";")) for row in csv.DictReader(f)]
    return rows, groups


def bib_value(text: str) -> str:
    """A field value as a .bib file holds it: in braces, on one line, braces balanced."""
    text = " ".join(text.split())
    depth = 0
    for c in text:
        depth += (c == "{") - (c == "}")
        if depth < 0:
            break
    if depth != 0:
        text = text.replace("{", "").replace("}", "")
    return "{" + text.rstrip("\\") + "}"


def to_bibtex(rows: list[dict[str, str]]) -> str:
    blocks = []
    for row in rows:
        fields = [f"  {name.lower()} = {bib_value(value)}" for name, value in row.items()
                  if name not in NOT_FIELDS and value.strip() and value.strip().upper() != "UNKNOWN"]
        blocks.append(f"@{row.get('ENTRYTYPE') or 'misc'}{{{row['ID']},\n" + ",\n".join(fields) + "\n}\n")
    return "\n".join(blocks)


def zsync_groups(bib: Path, explain: bool = False) -> tuple[Result, list[dict]]:
    run = measure.run_measured([sys.executable, "-m", "zsync", "dedupe", str(bib), "--json",
                                *(["--explain"] if explain else [])])
    lines = [json.loads(text) for text in run.output.splitlines()]
    return Result([set(g) for g in lines[-1]["groups"]], run.seconds, run.peak_mib), lines[:-1]


def bib_dedupe_groups(folder: Path) -> Result:
    run = measure.run_measured([sys.executable, __file__, "--bib-dedupe-worker", str(folder)])
    return Result([set(g) for g in json.loads(run.output.splitlines()[-1])], run.seconds, run.peak_mib)


def bib_dedupe_worker(folder: Path) -> None:
    import warnings

    import pandas as pd
    from bib_dedupe.bib_dedupe import block, cluster, match, prep

    warnings.filterwarnings("ignore")
    rows, _ = load(folder)
    df = pd.DataFrame(rows)
    matched = match(block(prep(df, verbosity_level=0, cpu=1), verbosity_level=0, cpu=1), verbosity_level=0, cpu=1)
    print(json.dumps([sorted(c) for c in cluster(matched, verbosity_level=0)]))


def pairs(groups: list[set[str]]) -> set[tuple[str, str]]:
    return {tuple(sorted(p)) for g in groups for p in itertools.combinations(g, 2)}  # type: ignore[misc]


def scores(truth: list[set[str]], found: list[set[str]]) -> dict[str, float]:
    true_pairs, found_pairs = pairs(truth), pairs(found)
    tp = len(true_pairs & found_pairs)
    precision = tp / len(found_pairs) if found_pairs else 1.0
    recall = tp / len(true_pairs) if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"P": precision, "R": recall, "F1": f1, "wrong": len(found_pairs - true_pairs),
            "missed": len(true_pairs - found_pairs)}


def possible_pairs(truth: list[set[str]], lines: list[dict]) -> str:
    """zsync's possible duplicates (created and tagged for a person in a sync): how many of those
    pairs are labelled duplicates, and how many a person would look at for nothing."""
    found = {tuple(sorted((entry["name"], other["of"]))) for entry in lines for other in entry.get("possible", [])}
    right = len(found & pairs(truth))
    return f"  {'':<10} possible pairs for a person: {right} labelled duplicates, {len(found) - right} not"


def line(tool: str, s: dict[str, float], r: Result) -> str:
    return (f"  {tool:<10} P {s['P']:.3f} R {s['R']:.3f} F1 {s['F1']:.3f} | wrong pairs {s['wrong']:>3} "
            f"missed {s['missed']:>4} | {r.seconds:6.1f} s {r.peak_mib:6.0f} MiB")


def show_wrong(rows: list[dict[str, str]], truth: list[set[str]], found: list[set[str]]) -> None:
    by_id = {r["ID"]: r for r in rows}
    for a, b in sorted(pairs(found) - pairs(truth)):
        print(f"    WRONG {a} {by_id[a].get('title', '')[:90]!r}\n          {b} {by_id[b].get('title', '')[:90]!r}")


def show_missed(rows: list[dict[str, str]], truth: list[set[str]], found: list[set[str]], lines: list[dict]) -> None:
    """Each missed pair with what zsync said about it (from --explain's near misses)."""
    by_id = {r["ID"]: r for r in rows}
    said = {(line["name"], link["of"]): link["why"] for line in lines
            for link in (line.get("near") or []) + (line.get("possible") or [])}
    for a, b in sorted(pairs(truth) - pairs(found)):
        why = said.get((a, b)) or said.get((b, a)) or "not a candidate"
        print(f"    MISSED {a} {by_id[a].get('title', '')[:80]!r}\n           {b} {by_id[b].get('title', '')[:80]!r}"
              f"\n           {why}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--holdout", action="append", type=Path, default=[HOLDOUT], help="a folder of labelled sets")
    parser.add_argument("--set", action="append", default=[], help="only these sets")
    parser.add_argument("--zsync-only", action="store_true")
    parser.add_argument("--wrong", action="store_true", help="print zsync's wrong pairs")
    parser.add_argument("--missed", action="store_true", help="print zsync's missed pairs, with why")
    parser.add_argument("--bib-dedupe-worker", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bib_dedupe_worker:
        return bib_dedupe_worker(args.bib_dedupe_worker)
    with_bib_dedupe = not args.zsync_only
    if with_bib_dedupe:
        try:
            import bib_dedupe  # noqa: F401
        except ImportError:
            print("bib-dedupe is not installed (pip install -e '.[bench]'); zsync only", file=sys.stderr)
            with_bib_dedupe = False
    sets = [("tuning", d) for d in sorted(SHARED.iterdir()) if d.is_dir()]
    sets += [("holdout", d) for root in args.holdout for d in sorted(root.iterdir()) if (d / "records_pre_merged.csv").is_file()]
    with tempfile.TemporaryDirectory() as tmp:
        for role, folder in sets:
            if args.set and folder.name not in args.set:
                continue
            rows, truth = load(folder)
            bib = Path(tmp) / f"{folder.name}.bib"
            bib.write_text(to_bibtex(rows), encoding="utf-8")
            print(f"{folder.name} ({role}): {len(rows)} records, {len(truth)} duplicate groups, "
                  f"{len(pairs(truth))} duplicate pairs", flush=True)
            mine, lines = zsync_groups(bib, explain=args.missed)
            print(line("zsync", scores(truth, mine.groups), mine), flush=True)
            print(possible_pairs(truth, lines), flush=True)
            if args.wrong:
                show_wrong(rows, truth, mine.groups)
            if args.missed:
                show_missed(rows, truth, mine.groups, lines)
            if with_bib_dedupe:
                theirs = bib_dedupe_groups(folder)
                print(line("bib-dedupe", scores(truth, theirs.groups), theirs), flush=True)


if __name__ == "__main__":
    main()
