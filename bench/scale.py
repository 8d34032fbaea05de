"""zsync at scale, end to end through the ``zsync`` command: libraries of 10,000 and 100,000 papers.

Papers are made from real records (the bib-dedupe sets in ``../shared/corpora/dedup`` and the
holdout sets in ``bench/data``): each title joins the first third of one real title, the middle
third of another and the last third of a third one, each abstract likewise, with the first
record's authors, venue and year; every third paper carries a DOI and every third an arXiv id of
its own. So each entry is a separate paper that reads like a real one, and a digest holds as
many as asked. (Titles made of two halves were not: at 100,000 papers each half recurred nine
times, and titles sharing a long half were 60-85 % alike, near duplicates by any measure: 93
possible duplicates at 100,000 papers, none at 10,000, and a dedupe cost that grew with N.)

For each library size N this prints, per row, wall seconds, peak memory (the process's maximum
resident set) and requests (Web rows, to the fake Zotero server of ``tests/fake_zotero``):

* first sync: ``zsync sync`` of N papers into an empty local library;
* no-op re-run: the same digest again (nothing changes);
* export: ``zsync export`` of the library to BibTeX;
* dedupe 10k: ``zsync dedupe`` of a 10,000-entry .bib (half of them library papers written
  differently, half new) against the library;
* 1k new / 10k new: that many new papers into the library;
* Web, new member: the library's items on the fake server, a member with an empty cache syncs
  the same digest (every item should be read at most once: ``items read`` counts them);
* Web no-op re-run: that member again (at most 2 requests).

Then the start-up time of ``zsync --version`` and ``zsync --help`` beside ``python -c pass``, and
the ratio from the first size to the last per row (linear: the ratio of the sizes).

Run: .venv/bin/python bench/scale.py [--sizes 10000,100000] [--web-max 100000] [--rows first,noop,...]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

from dedupe_benchmark import HOLDOUT, SHARED, bib_value  # noqa: E402
from dedupe_scale import variant  # noqa: E402
from fake_zotero.server import FakeZoteroServer  # noqa: E402
from measure import run_measured  # noqa: E402

API_KEY = "scalebench0123456789"
GROUP = 1
DEDUPE_SIZE = 10_000
ROWS = ["first", "noop", "export", "dedupe", "new1k", "new10k", "member", "web-noop"]
LABELS = {"first": "first sync (N new)", "noop": "no-op re-run", "export": "export to BibTeX",
          "dedupe": "dedupe 10k against N", "new1k": "1k new into N", "new10k": "10k new into N",
          "member": "Web: new member", "web-noop": "Web: no-op re-run"}


@dataclass(frozen=True)
class Paper:
    title: str
    authors: str  # "Last, First; Last, First"
    year: str
    abstract: str
    venue: str
    doi: str = ""
    arxiv: str = ""


@dataclass
class Figure:
    seconds: float
    peak_mib: float
    requests: int | None = None
    note: str = ""


def real_records() -> list[dict[str, str]]:
    """Rows of every labelled set with a title, an abstract and authors, each title once."""
    csv.field_size_limit(10**8)
    rows, seen = [], set()
    for folder in sorted([*SHARED.iterdir(), *HOLDOUT.iterdir()]):
        path = folder / "records_pre_merged.csv"
        if not path.is_file():
            continue
        with open(path, newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                title = " ".join((row.get("title") or "").split())
                if len(title.split()) >= 6 and row.get("author") and title.lower() not in seen:
                    seen.add(title.lower())
                    rows.append(row)
    return rows


def thirds(text: str) -> tuple[str, str, str]:
    words = text.split()
    cut1, cut2 = len(words) // 3, 2 * len(words) // 3
    return " ".join(words[:cut1]), " ".join(words[cut1:cut2]), " ".join(words[cut2:])


def make_papers(records: list[dict[str, str]], count: int, first_id: int, seed: int,
                avoid: frozenset[str] = frozenset()) -> list[Paper]:
    """``count`` distinct papers, numbered from ``first_id`` (so that sets made with different
    numbers never share an identifier), none with a title in ``avoid`` (lower case)."""
    rng = random.Random(seed)
    papers, titles = [], set(avoid)
    number = first_id
    while len(papers) < count:
        a, b, c = rng.choice(records), rng.choice(records), rng.choice(records)
        title = f"{thirds(a['title'])[0]} {thirds(b['title'])[1]} {thirds(c['title'])[2]}"
        if title.lower() in titles or len({id(a), id(b), id(c)}) < 3:
            continue
        titles.add(title.lower())
        authors = "; ".join(n.strip() for n in a["author"].split(" and ") if n.strip())
        abstract = " ".join(filter(None, (thirds(a.get("abstract") or "")[0], thirds(b.get("abstract") or "")[1],
                                          thirds(c.get("abstract") or a["title"])[2])))
        year = (a.get("year") or "2020")[:4] if (a.get("year") or "")[:4].isdigit() else "2020"
        papers.append(Paper(title, authors, year, abstract, a.get("journal") or a.get("booktitle") or "",
                            doi=f"10.5555/scale.{number}" if number % 3 == 0 else "",
                            arxiv=f"{20 + number // 90_000 % 5}{1 + number // 9000 % 10:02d}.{number % 90_000:05d}"
                            if number % 3 == 1 else ""))
        number += 1
    return papers


def write_digest(path: Path, papers: list[Paper]) -> Path:
    """An abstract list (Title/Authors/Date/DOI/arXiv/Abstract lines), as zsync reads it."""
    blocks = []
    for p in papers:
        lines = [f"Title: {p.title}", f"Authors: {p.authors}", f"Date: {p.year}"]
        lines += [f"DOI: {p.doi}"] if p.doi else []
        lines += [f"arXiv: {p.arxiv}"] if p.arxiv else []
        blocks.append("\n".join([*lines, f"Abstract: {p.abstract or p.title}"]))
    path.write_text("\n\n".join(blocks) + "\n", encoding="utf-8")
    return path


def write_dedupe_bib(path: Path, held: list[Paper], new: list[Paper], seed: int) -> dict[str, int | None]:
    """A .bib of the held papers written differently and the new ones; which held paper each
    key is (``None`` for new ones)."""
    rng = random.Random(seed)
    expected, blocks = {}, []
    for j, paper in enumerate([*held, *new]):
        key = f"E{j}"
        fields = {"title": variant(paper.title, rng) if j < len(held) else paper.title, "year": paper.year,
                  "author": paper.authors.replace("; ", " and "), "journal": paper.venue}
        expected[key] = j if j < len(held) else None
        blocks.append(f"@article{{{key},\n" + ",\n".join(f"  {k} = {bib_value(v)}" for k, v in fields.items() if v)
                      + "\n}\n")
    path.write_text("\n".join(blocks), encoding="utf-8")
    return expected


def measured(command: list[str], env: dict[str, str]) -> tuple[str, Figure]:
    """Run ``command`` in a process of its own (:mod:`measure`); its output, wall seconds and peak memory."""
    run = run_measured(command, env)
    return run.output, Figure(run.seconds, run.peak_mib)


def zsync(*args: str) -> list[str]:
    return [sys.executable, "-m", "zsync", *args]


def startup(env: dict[str, str], runs: int = 5) -> dict[str, float]:
    """Median wall seconds of ``python -c pass``, ``zsync --version`` and ``zsync --help``."""
    commands = {"python -c pass": [sys.executable, "-c", "pass"],
                "zsync --version": [str(Path(sys.executable).with_name("zsync")), "--version"],
                "zsync --help": [str(Path(sys.executable).with_name("zsync")), "--help"]}
    return {name: statistics.median(measured(command, env)[1].seconds for _ in range(runs))
            for name, command in commands.items()}


def load_fake(server: FakeZoteroServer, library_file: Path) -> int:
    """Put a local library's items on the fake server's group library, as a team's library that
    a new member joins; returns how many."""
    fake = server.state.libraries[f"/groups/{GROUP}"]
    with sqlite3.connect(library_file) as db:
        for (data,) in db.execute("SELECT data FROM items ORDER BY rowid"):
            item = json.loads(data)
            fake.version += 1
            item["version"] = fake.version
            fake.items[item["key"]] = item
    return len(fake.items)


def run_size(size: int, records: list[dict[str, str]], rows: list[str], web: bool, work: Path,
             env: dict[str, str]) -> dict[str, Figure]:
    figures: dict[str, Figure] = {}
    library = work / f"library-{size}.sqlite"
    spec = f"local:{library}"
    papers = make_papers(records, size, first_id=0, seed=size)
    library_titles = frozenset(p.title.lower() for p in papers)
    digest = write_digest(work / f"digest-{size}.txt", papers)
    print(f"\nN = {size:,}: digest of {size:,} papers written", flush=True)

    def row(name: str, command: list[str], run_env: dict[str, str] | None = None) -> str:
        output, figure = measured(command, run_env or env)
        figures[name] = figure
        print(f"  {LABELS[name]:<24} {figure.seconds:7.1f} s {figure.peak_mib:6.0f} MiB", flush=True)
        return output

    row("first", zsync("sync", str(digest), "--library", spec, "--offline"))
    if "noop" in rows:
        row("noop", zsync("sync", str(digest), "--library", spec, "--offline"))
    if "export" in rows:
        row("export", zsync("export", "--library", spec, "-o", str(work / f"export-{size}.bib")))
    if "dedupe" in rows:
        rng = random.Random(size + 1)
        held = rng.sample(papers, DEDUPE_SIZE // 2)
        new = make_papers(records, DEDUPE_SIZE - len(held), first_id=10_000_000, seed=size + 2, avoid=library_titles)
        expected = write_dedupe_bib(work / "dedupe.bib", held, new, seed=size + 3)
        output = row("dedupe", zsync("dedupe", str(work / "dedupe.bib"), "--library", spec, "--json"))
        decided = [json.loads(line) for line in output.splitlines()[:-1]]
        found = sum(1 for d in decided if d["decision"] == "in-library" and expected[d["name"]] is not None)
        wrong = sum(1 for d in decided if d["decision"] == "in-library" and expected[d["name"]] is None)
        figures["dedupe"].note = f"{found:,} of {len(held):,} held papers found, {wrong} new ones matched"
    if web and ("member" in rows or "web-noop" in rows):
        with FakeZoteroServer() as server:
            server.state.add_library("group", GROUP)
            server.state.add_key(API_KEY, 1)
            held = load_fake(server, library)
            web_env = {**env, "ZSYNC_HOME": str(work / f"member-{size}"), "ZOTERO_API_KEY": API_KEY}
            command = zsync("sync", str(digest), "--library", f"groups/{GROUP}", "--endpoint", server.base, "--offline")
            for name in ("member", "web-noop"):
                server.state.log.clear()
                row(name, command, web_env)
                figures[name].requests = len(server.state.log)
                read = sum(int(r["query"].get("limit", 0)) if r["query"].get("start") is not None else
                           len(r["query"].get("itemKey", "").split(",")) if r["query"].get("itemKey") else 0
                           for r in server.state.requests("GET", r"/items$"))
                figures[name].note = f"{len(server.state.requests('POST'))} writes; at most {read:,} items read " \
                                     f"of {held:,}"
    for name, count, first_id in (("new1k", 1_000, 20_000_000), ("new10k", 10_000, 30_000_000)):
        if name in rows:
            more = write_digest(work / f"{name}.txt", make_papers(records, count, first_id, seed=size + first_id,
                                                                  avoid=library_titles))
            row(name, zsync("sync", str(more), "--library", spec, "--offline"))
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000", help="library sizes, comma-separated")
    parser.add_argument("--web-max", type=int, default=100_000, help="skip the Web rows above this size")
    parser.add_argument("--rows", default=",".join(ROWS), help=f"rows to run (the first sync always runs): {','.join(ROWS)}")
    parser.add_argument("--keep", metavar="DIR", help="keep the libraries and digests here")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    rows = args.rows.split(",")
    records = real_records()
    print(f"{len(records):,} real records to make papers from")
    work = Path(args.keep or tempfile.mkdtemp(prefix="zsync-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "ZSYNC_HOME": str(work / "home")}
    env.pop("ZSYNC_CONFIG", None)
    env.pop("ZSYNC_LIBRARY", None)
    try:
        starts = startup(env)
        print("start-up: " + ", ".join(f"{name} {seconds:.2f} s" for name, seconds in starts.items()))
        results = {size: run_size(size, records, rows, size <= args.web_max, work, env) for size in sizes}
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print_table(sizes, results, starts)


def print_table(sizes: list[int], results: dict[int, dict[str, Figure]], starts: dict[str, float]) -> None:
    """The figures as a Markdown table, with the ratio from the first size to the last."""
    head = " | ".join(f"N = {s:,}" for s in sizes)
    ratio = f"{sizes[-1] // sizes[0]}× N" if len(sizes) > 1 else ""
    print(f"\n| work | {head} |" + (f" {ratio} |" if ratio else ""))
    print("|---|" + "---|" * len(sizes) + ("---|" if ratio else ""))
    for name in ROWS:
        cells = [results[s].get(name) for s in sizes]
        if not any(cells):
            continue
        text = []
        for figure in cells:
            if figure is None:
                text.append("—")
                continue
            requests = f", {figure.requests} requests" if figure.requests is not None else ""
            note = f" ({figure.note})" if figure.note else ""
            text.append(f"{figure.seconds:.1f} s, {figure.peak_mib:.0f} MiB{requests}{note}")
        line = f"| {LABELS[name]} | " + " | ".join(text) + " |"
        if ratio:
            first, last = cells[0], cells[-1]
            line += f" {last.seconds / first.seconds:.1f}× |" if first and last else " — |"
        print(line)
    bare = starts["python -c pass"]
    for name in ("zsync --version", "zsync --help"):
        print(f"| `{name}` | {starts[name]:.2f} s ({starts[name] / bare:.0f}× `python -c pass`, {bare:.2f} s) |"
              + " |" * (len(sizes) - 1) + (" |" if ratio else ""))


if __name__ == "__main__":
    main()
