"""Requests per sync against the fake Zotero server, for N new items and a no-op re-run.

The floor (issue: Zotero Web API): a no-op re-run costs at most 2 requests; N new items cost
ceil(N/50) item writes plus ceil(A/50) attachment writes plus one ledger write plus the index
refresh. When someone else writes between the plan and the first create (another member, a
person), the create is refused (412) and the run reads what changed and plans again: the last
table says what that costs over the same sync without the interruption.

Titles are real (distinct records of the bib-dedupe digital_work set), every third entry carries a
code link so attachment writes show up.

Then the 47-paper seed (``../shared/seeds/000_0f185be45a9c79b1.txt``) through the shipped path
(``open_library`` and ``run_sync``, as ``zsync sync`` calls them): into the desktop app's fake local
API (authorization included), and with ``--pdf file`` into the Web fake, each first run and its
no-op re-run, in requests and seconds. The seed names no arXiv ids (they are looked up online,
and the bench is offline), so it gets no PDFs; the Hugging Face daily papers answer in the
corpora (30 papers, each with its arXiv id) shows what storing PDFs costs, with a loopback
stand-in for arxiv.org/pdf. Run: .venv/bin/python bench/sync_requests.py
"""

from __future__ import annotations

import csv
import math
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from fake_zotero.arxiv_pdf import ArxivPdfServer  # noqa: E402
from fake_zotero.server import FakeZoteroServer  # noqa: E402

from zsync.config import PdfSettings, Settings, load_settings  # noqa: E402
from zsync.dedupe.normalize import normalize_title  # noqa: E402
from zsync.library import ZoteroLibrary, open_library  # noqa: E402
from zsync.sync import Plan, run_sync  # noqa: E402

RECORDS = ROOT.parent / "shared/corpora/dedup/bib-dedupe/digital_work"
SEED = ROOT.parent / "shared/seeds/000_0f185be45a9c79b1.txt"
HF_JSON = ROOT.parent / "shared/corpora/feeds/hf-daily-papers/hf_daily_papers_2026-06-12.json"
KEY = "benchkey0123456789"


def distinct_titles(limit: int) -> list[str]:
    in_groups = set()
    with open(RECORDS / "merged_record_ids.csv", newline="") as f:
        for row in csv.DictReader(f):
            in_groups |= set(row["merged_ids"].split(";"))
    seen, titles = set(), []
    csv.field_size_limit(10**7)
    with open(RECORDS / "records_pre_merged.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            norm = normalize_title(row["title"])
            if row["ID"] in in_groups or len(norm.split()) < 4 or norm in seen:
                continue
            seen.add(norm)
            titles.append(" ".join(row["title"].split()))
            if len(titles) == limit:
                break
    return titles


def digest(path: Path, titles: list[str]) -> tuple[Path, int]:
    lines, links = [], 0
    for i, title in enumerate(titles):
        code = f" Code: https://github.com/bench/repo{i}." if i % 3 == 0 else ""
        links += bool(code)
        lines.append(f"Title: {title}\nAbstract: An abstract for entry {i}.{code}\n")
    path.write_text("\n".join(lines))
    return path, links


def requests_for(path: Path, server: FakeZoteroServer, cache: Path,
                 on_plan: Callable[[Plan], None] | None = None) -> tuple[int, int]:
    """(all requests, write requests) of one `zsync sync` of ``path``."""
    server.state.log.clear()
    with ZoteroLibrary("group", 1, KEY, cache, endpoint=server.base) as library:
        run_sync([path], library, load_settings(), on_plan=on_plan)
    return len(server.state.log), len(server.state.requests("POST"))


def someone_writes(server: FakeZoteroServer) -> Callable[[Plan], None]:
    """After the plan, before the first create: a person adds an unrelated item."""
    def write(plan: Plan) -> None:
        server.state.libraries["/groups/1"].write_items([{"itemType": "note", "note": "a person's note"}], None)
    return write


def main() -> None:
    titles = distinct_titles(500)
    print(f"{'new items':>9} {'links':>5} {'requests':>8} {'writes':>6} {'floor':>5}")
    reruns = []
    for n in (1, 50, 51, 500):
        with FakeZoteroServer() as server, tempfile.TemporaryDirectory() as tmp:
            server.state.add_library("group", 1)
            server.state.add_key(KEY, 1)
            path, links = digest(Path(tmp) / "digest.txt", titles[:n])
            total, writes = requests_for(path, server, Path(tmp) / "cache")
            floor = math.ceil(n / 50) + math.ceil(links / 50) + 1  # + the ledger
            print(f"{n:>9} {links:>5} {total:>8} {writes:>6} {floor:>5}")
            reruns.append(requests_for(path, server, Path(tmp) / "cache"))
    for total, writes in reruns[-1:]:
        print(f"{0:>9} {0:>5} {total:>8} {writes:>6} {0:>5}   (no-op re-run of the 500)")
    print("no-op re-runs after each row:", [total for total, _ in reruns], "requests")
    print(f"\n{'new items':>9} {'plain':>6} {'412+replan':>10} {'extra':>5}   (requests; someone writes after the plan)")
    for n in (50, 490):
        costs = []
        for interrupted in (False, True):
            with FakeZoteroServer() as server, tempfile.TemporaryDirectory() as tmp:
                server.state.add_library("group", 1)
                server.state.add_key(KEY, 1)
                earlier, _ = digest(Path(tmp) / "earlier.txt", titles[n:n + 10])  # the library is not empty
                requests_for(earlier, server, Path(tmp) / "cache")
                path, _ = digest(Path(tmp) / "digest.txt", titles[:n])
                costs.append(requests_for(path, server, Path(tmp) / "cache", someone_writes(server) if interrupted else None)[0])
        print(f"{n:>9} {costs[0]:>6} {costs[1]:>10} {costs[1] - costs[0]:>5}")


def shipped_run(spec: str, endpoint: str, digest: Path, server: FakeZoteroServer, settings: Settings,
                arxiv: ArxivPdfServer | None = None) -> str:
    """One `zsync sync DIGEST --library SPEC` through the functions the CLI calls: a table row."""
    server.state.log.clear()
    served = len(arxiv.served) if arxiv else 0
    started = time.perf_counter()
    with open_library(spec, settings, endpoint=endpoint) as library:
        report = run_sync([digest], library, settings)
    seconds = time.perf_counter() - started
    uploads = len(server.state.requests("POST", "/upload/"))
    downloads = len(arxiv.served) - served if arxiv else 0
    return (f"{len(server.state.log):>8} {len(server.state.requests('POST')):>6} {downloads:>9} {uploads:>7} "
            f"{seconds:>7.2f}   {report.summary()}")


def desktop_and_files() -> None:
    """The 47-paper seed into the desktop fake, and with --pdf file into the Web fake."""
    head = f"{'':<44}{'requests':>8} {'writes':>6} {'downloads':>9} {'uploads':>7} {'seconds':>7}"
    print(f"\n{head}")
    with tempfile.TemporaryDirectory() as home, ArxivPdfServer() as arxiv:
        os.environ["ZSYNC_HOME"] = home
        plain = load_settings().model_copy(update={"offline": True})
        files = load_settings().model_copy(update={"offline": False, "resolve": False,
                                                   "pdf": PdfSettings(mode="file", arxiv_url=arxiv.url)})
        with FakeZoteroServer() as server:
            server.state.serve_local()
            for label in ("seed (47) into the desktop app", "  no-op re-run"):
                print(f"{label:<44}" + shipped_run("desktop", server.base + "/api", SEED, server, plain))
        for digest, label in ((SEED, "seed (47), --pdf file, Web API"), (HF_JSON, "HF daily (30 arXiv), --pdf file, Web")):
            with FakeZoteroServer() as server:
                server.state.add_library("group", 1)
                server.state.add_key(KEY, 1)
                os.environ["ZOTERO_API_KEY"] = KEY
                for run_label in (label, "  no-op re-run"):
                    print(f"{run_label:<44}" + shipped_run("groups/1", server.base, digest, server, files, arxiv))
        with FakeZoteroServer() as server:
            server.state.serve_local()
            for label in ("HF daily (30 arXiv), --pdf file, desktop", "  no-op re-run"):
                print(f"{label:<44}" + shipped_run("desktop", server.base + "/api", HF_JSON, server, files, arxiv))


if __name__ == "__main__":
    main()
    desktop_and_files()
