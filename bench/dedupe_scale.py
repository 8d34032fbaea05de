"""``zsync dedupe`` at scale, end to end as a user runs it: a 10,000-entry .bib against a
100,000-item local library.

The library is built once from titles made of real title words (``digital_work``), a third with a
DOI, a third with an arXiv id; the digest holds 5,000 of those papers written differently
(case, punctuation, accents, an added subtitle, a typo, braces; some only by their arXiv DOI)
and 5,000 new ones. Then ``zsync dedupe DIGEST.bib --library local:PATH --json`` runs as a
separate process and this prints its wall time, peak memory, and how many held papers it found
and how many entries it matched wrongly.

Run: .venv/bin/python bench/dedupe_scale.py [--library-size N] [--digest-size N]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from dedupe_benchmark import SHARED, bib_value  # noqa: E402
from measure import run_measured  # noqa: E402

from zsync.library import LocalLibrary  # noqa: E402
from zsync.model import new_key  # noqa: E402
from zsync.model import Creator, ZoteroItem  # noqa: E402


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
        return f"{title}: a study"
    if choice == 4 and len(title) > 12:
        i = rng.randrange(3, len(title) - 3)
        return title[:i] + title[i + 1] + title[i] + title[i + 2:]
    return f"{{{title}}}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--library-size", type=int, default=100_000)
    parser.add_argument("--digest-size", type=int, default=10_000)
    args = parser.parse_args()
    rng = random.Random(7)
    csv.field_size_limit(10**8)
    with open(SHARED / "digital_work/records_pre_merged.csv", newline="", encoding="utf-8") as f:
        base = [row["title"] for row in csv.DictReader(f) if row["title"]]
    words = sorted({w for t in base for w in t.split() if w.isalpha() and len(w) > 3})
    surnames = sorted({w for w in words if w[0].isupper()})[:3000] or words[:3000]

    def new_title() -> str:
        return " ".join(rng.sample(words, rng.randint(6, 12))).capitalize()

    titles = [new_title() for _ in range(args.library_size)]
    authors = [rng.choice(surnames) for _ in titles]
    keys = [new_key() for _ in titles]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = os.environ.get("ZSYNC_BENCH_KEEP", tmp)
        path = Path(tmp) / "library.sqlite"
        start = time.perf_counter()
        with LocalLibrary(path) as library:
            batch = []
            for i, title in enumerate(titles):
                fields = {"DOI": f"10.1000/lib.{i}"} if i % 3 == 0 else \
                    {"extra": f"arXiv: {2000 + i % 600:04d}.{i:05d}"} if i % 3 == 1 else {}
                batch.append(ZoteroItem(key=keys[i], itemType="journalArticle", title=title,
                                        date=str(2000 + i % 25), creators=[Creator(firstName="A.", lastName=authors[i])],
                                        **fields))
                if len(batch) == library.max_batch:
                    assert not library.create(batch).failed
                    batch = []
            if batch:
                assert not library.create(batch).failed
        print(f"library of {args.library_size:,} items built in {time.perf_counter() - start:.0f} s (not measured below)")
        expected: dict[str, str | None] = {}
        blocks = []
        for j in range(args.digest_size):
            key = f"Q{j}"
            if j % 2:
                i = rng.randrange(args.library_size)
                expected[key] = keys[i]
                if j % 10 == 1 and i % 3 == 1:
                    fields = {"doi": f"10.48550/arXiv.{2000 + i % 600:04d}.{i:05d}"}
                else:
                    fields = {"title": variant(titles[i], rng), "year": str(2000 + i % 25), "author": authors[i]}
            else:
                expected[key] = None
                fields = {"title": new_title(), "year": str(2000 + j % 25), "author": rng.choice(surnames)}
            blocks.append(f"@article{{{key},\n" + ",\n".join(f"  {k} = {bib_value(v)}" for k, v in fields.items()) + "\n}\n")
        digest = Path(tmp) / "digest.bib"
        digest.write_text("\n".join(blocks), encoding="utf-8")
        run = run_measured([sys.executable, "-m", "zsync", "dedupe", str(digest), "--library", f"local:{path}", "--json"])
    lines = [json.loads(line) for line in run.output.splitlines()[:-1]]
    got = {line["name"]: (line["duplicate_of"] or {}).get("of") if line["decision"] == "in-library" else None
           for line in lines}
    held = sum(1 for v in expected.values() if v)
    right = sum(1 for k, v in expected.items() if v and got.get(k) == v)
    wrong = sum(1 for k, v in expected.items() if got.get(k) and got.get(k) != v)
    print(f"zsync dedupe: {args.digest_size:,} entries against {args.library_size:,} items: {run.seconds:.1f} s, "
          f"peak {run.peak_mib:.0f} MiB; {right:,} of {held:,} held papers found, {wrong} wrong matches")


if __name__ == "__main__":
    main()
