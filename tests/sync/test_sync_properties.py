"""Property: whatever the digests and whatever a person did to the library, syncing the same
digests twice in a row changes nothing the second time.

In the manner of vdirsyncer's ``SyncMachine`` (see ``../shared/docs/style.md``), without
Hypothesis: each seed of ``random.Random`` draws digests from the real seeds and corpora (papers
sampled, duplicated with their title's case and spacing changed, split over several files,
alongside whole real digests), syncs them into a local library, lets a person retag, retitle and
delete items, and syncs again, through :func:`zsync.sync.run_sync`, the function the CLI calls.
A failing seed is named in the test id, so it can be replayed alone.
"""

from __future__ import annotations

import random
from functools import cache
from pathlib import Path

import pytest

from conftest import ABSTRACT_LIST, AS_OF, CORPORA, HF_PAGE
from helpers import parse_file
from zsync.config import Settings
from zsync.library import LocalLibrary
from zsync.library.base import is_paper
from zsync.model import Entry, Tag, ZoteroItem
from zsync.report import RunReport
from zsync.sources import ParseContext
from zsync.sync import run_sync

SEEDS = range(50)
FEEDS = CORPORA / "feeds"
#: real digests, some given whole to a run, all sampled for papers
REAL = [
    HF_PAGE,
    ABSTRACT_LIST,
    FEEDS / "hf-daily-papers/hf_daily_papers_2026-06-12.json",
    FEEDS / "arxiv-rss/arxiv_cs_cl_rss_2026-04-27.xml",
    FEEDS / "arxiv-api/arxiv_api_2026_search_transformer_cs.LG_5_results.atom.xml",
    FEEDS / "arxiv-email/arxiv_email_digest_cs_2024-11-21_excerpt.txt",
    CORPORA / "bibtex/bbt-import/bbt-2373-crossref-inheritance.bib",
    CORPORA / "bibtex/bbt-import/bbt-1696-biblatex-online-arxiv-eprint.bib",
    CORPORA / "bibtex/bbt-import/bbt-154-string-substitutions.bib",
]


@cache
def pool() -> tuple[Entry, ...]:
    """Every paper of the real digests, read once."""
    context = ParseContext(as_of=AS_OF)
    return tuple(entry for path in REAL for entry in parse_file(path, context)[0] if entry.title)


def respelled(title: str, rng: random.Random) -> str:
    """The same title as another digest might print it: other case, other spacing."""
    title = rng.choice([str.lower, str.upper, str.title, str.strip])(title)
    return " ".join(word + " " * rng.randint(0, 2) for word in title.split()).strip()


def as_abstract_list(entry: Entry, rng: random.Random) -> str:
    """One paper as an abstract-list block, its title respelled and some identifiers left out."""
    lines = [f"Title: {respelled(entry.title or '', rng)}"]
    if entry.authors and rng.random() < 0.7:
        lines.append("Authors: " + ", ".join(f"{p.first} {p.last}".strip() or p.name for p in entry.authors))
    if entry.arxiv_id and rng.random() < 0.8:
        lines.append(f"arXiv: {entry.arxiv_id}" + (f"v{entry.arxiv_version}" if entry.arxiv_version else ""))
    if entry.doi and rng.random() < 0.8:
        lines.append(f"DOI: {rng.choice(['', 'doi:', 'https://doi.org/'])}{entry.doi}")
    abstract = " ".join((entry.abstract or entry.title or "").split())
    lines.append(f"Abstract: {abstract}")
    return "\n".join(lines) + "\n"


def random_digests(rng: random.Random, folder: Path) -> list[Path]:
    """One to three generated digests (a sample of papers, some twice) and maybe a whole real one."""
    papers = rng.sample(pool(), rng.randint(3, 25))
    papers += rng.choices(papers, k=rng.randint(0, 4))  # the same paper listed again
    rng.shuffle(papers)
    parts = rng.randint(1, 3)
    digests = []
    for number in range(parts):
        path = folder / f"digest{number}.txt"
        path.write_text("\n".join(as_abstract_list(paper, rng) for paper in papers[number::parts]), "utf-8")
        digests.append(path)
    if rng.random() < 0.4:
        digests.append(rng.choice(REAL))
    return digests


def edit_library(library: LocalLibrary, rng: random.Random) -> None:
    """What a person does between runs: retag, retitle and delete some of the papers."""
    papers = [item for item in library.items() if is_paper(item)]
    for item in rng.sample(papers, min(len(papers), rng.randint(0, 6))):
        edit = rng.choice(["retag", "retitle", "delete"])
        if edit == "delete":
            library.db.execute("DELETE FROM items WHERE key = ? OR parent = ?", (item.key, item.key))
            library.db.commit()
            continue
        patch = ZoteroItem(key=item.key, version=item.version, itemType=item.itemType)
        if edit == "retag":
            kept = [t for t in item.tags if rng.random() < 0.5]
            patch.tags = [*kept, Tag(tag="to-read")]
        else:
            patch.title = rng.choice(["My notes on this", (item.get("title") or "untitled").upper()])
        assert not library.update([patch]).failed


def sync(digests: list[Path], library: LocalLibrary, settings: Settings) -> RunReport:
    report = run_sync([str(d) for d in digests], library, settings, context=ParseContext(as_of=AS_OF))
    assert not report.failed
    return report


@pytest.mark.parametrize("seed", SEEDS)
def test_second_run_with_the_same_digests_changes_nothing(seed, tmp_path, settings):
    rng = random.Random(seed)
    digests = random_digests(rng, tmp_path)
    with LocalLibrary(tmp_path / "library.sqlite") as library:
        sync(digests, library, settings)
        edit_library(library, rng)
        after_edits = sync(digests, library, settings)
        version = library.version
        again = sync(digests, library, settings)
        assert after_edits.created == []  # nothing a person deleted or retitled comes back as a new item
        assert (again.created, again.updated, library.version) == ([], [], version)
