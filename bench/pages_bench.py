"""Reading saved pages and identifier lists at scale: entries per second at 1k, 10k and 50k.

Each file is built from a real sample in tests/data (its papers repeated with fresh arXiv ids)
and read the way every command reads it, `read_digests` (detection, parsing, the gate). Linear
time shows as an entries/s figure that stays flat from 1k to 50k.
Run: .venv/bin/python bench/pages_bench.py
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
import time
from pathlib import Path

from zsync.sources import ParseContext, SourceRegistry
from zsync.sources.read import read_digests

DATA = Path(__file__).resolve().parent.parent / "tests/data"
SIZES = (1_000, 10_000, 50_000)
ARXIV_ID = re.compile(r"\b\d{4}\.\d{5}\b")


def repeated(sample: Path, first_paper: str, papers_in_sample: int, n: int) -> str:
    """The sample's header, then its papers again and again, every arXiv id made new."""
    text = sample.read_text()
    head, body = text[:text.index(first_paper)], text[text.index(first_paper):]
    copies = []
    for copy in range(n // papers_in_sample + 1):
        ids: dict[str, str] = {}  # within a copy, the same paper keeps one (new) id
        copies.append(ARXIV_ID.sub(lambda m: ids.setdefault(m[0], fresh_id(copy * 10 + len(ids))), body))
    return head + "\n".join(copies)


def fresh_id(k: int) -> str:
    return f"{1000 + k // 90000:04d}.{10000 + k % 90000:05d}"


def id_list(n: int) -> str:
    return "\n".join(fresh_id(i) for i in range(n)) + "\n"


def main() -> None:
    registry = SourceRegistry.from_entry_points()
    context = ParseContext(as_of=dt.date(2026, 11, 24))
    builders = {
        "hf-papers-page": lambda n: repeated(DATA / "hf-papers-page" / "notebook_export_search_intercode_bash.md",
                                             " [-] 1\n", 5, n),
        "arxiv-page": lambda n: repeated(DATA / "arxiv-page" / "search_chat_export.md", "arXiv:2409.12959", 4, n),
        "id-list": id_list,
    }
    with tempfile.TemporaryDirectory() as tmp:
        for name, build in builders.items():
            for size in SIZES:
                path = Path(tmp) / f"{name}-{size}.txt"
                path.write_text(build(size))
                start = time.perf_counter()
                read = read_digests([path], registry, context)
                took = time.perf_counter() - start
                assert read.sources[0].format == name
                print(f"{name:<15} {len(read.entries):>6} entries in {took:6.2f} s = {len(read.entries) / took:>8.0f} entries/s")


if __name__ == "__main__":
    main()
