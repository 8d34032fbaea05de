"""A team as it really runs: each member a separate ``zsync sync`` process with its own home
(its own machine: its own copy, queue, status and lock), all writing to one library, started at
chosen offsets, while a person edits and deletes. ``Team.outcome()`` says what a library ended
up holding, so tests (and a measurement script) can count what was doubled or lost."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from conftest import ABSTRACT_LIST, API_KEY, AS_OF, CORPORA, GROUP_ID, HF_PAGE, ROOT

HF_JSON = CORPORA / "feeds/hf-daily-papers/hf_daily_papers_2026-06-12.json"
#: overlapping digests: every paper is wanted by at least two members
DIGESTS = {"alice": [HF_PAGE, HF_JSON], "bob": [HF_JSON, ABSTRACT_LIST, HF_PAGE], "carol": [ABSTRACT_LIST, HF_PAGE]}
EDITED = "Edited by a person"


@dataclass
class Outcome:
    """What the library holds: papers by title, code links per paper."""

    titles: Counter[str]
    links: dict[str, Counter[str]]  # paper title -> link url -> how many attachments

    def doubled_papers(self) -> int:
        return sum(n - 1 for n in self.titles.values())

    def doubled_links(self) -> int:
        return sum(n - 1 for urls in self.links.values() for n in urls.values())


@dataclass
class Team:
    tmp: Path
    library: str  # groups/ID or local:PATH
    endpoint: str | None = None
    config: str = ""  # extra config file text (e.g. [zotero] max_wait)
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)

    def env(self, member: str) -> dict[str, str]:
        return {**os.environ, "ZOTERO_API_KEY": API_KEY, "ZSYNC_HOME": str(self.tmp / "homes" / member),
                "ZSYNC_OFFLINE": "1", "ZSYNC_CONFIG": str(self._config())}

    def _config(self) -> Path:
        path = self.tmp / "zsync.toml"
        path.write_text(self.config)
        return path

    def command(self, member: str) -> list[str]:
        return [sys.executable, "-m", "zsync", "sync", *map(str, DIGESTS[member]), "--library", self.library,
                *(["--endpoint", self.endpoint] if self.endpoint else []), "--as-of", AS_OF.isoformat(),
                "--collection", "Team/2026-11"]

    def start(self, member: str) -> subprocess.Popen:
        process = subprocess.Popen(self.command(member), env=self.env(member), cwd=ROOT,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.processes[member] = process
        return process

    def at_offsets(self, offsets: dict[str, float], meanwhile: Callable[[], None] = lambda: None) -> dict[str, int]:
        """Start each member at its offset (seconds), run ``meanwhile`` beside them, wait for all;
        exit codes by member."""
        side = threading.Thread(target=meanwhile)
        began = time.monotonic()
        side.start()
        for member, offset in sorted(offsets.items(), key=lambda kv: kv[1]):
            time.sleep(max(0.0, began + offset - time.monotonic()))
            self.start(member)
        side.join()
        return {member: self.wait(member) for member in offsets}

    def wait(self, member: str) -> int:
        process = self.processes[member]
        out, err = process.communicate(timeout=120)
        process.stdout_text, process.stderr_text = out, err  # type: ignore[attr-defined]
        return process.returncode

    def errors(self) -> dict[str, str]:
        """What each member printed on stderr, for a failing test's message."""
        return {member: getattr(p, "stderr_text", "") for member, p in self.processes.items()}

    def kill(self, member: str) -> None:
        self.processes[member].send_signal(signal.SIGKILL)
        self.processes[member].wait()

    def rerun(self, member: str) -> int:
        self.start(member)
        return self.wait(member)


def outcome(items: list[dict]) -> Outcome:
    """Papers and their code links among ``items`` (Zotero item JSON), trash left out."""
    live = [i for i in items if not i.get("deleted")]
    papers = {i["key"]: i.get("title", "") for i in live if not i.get("parentItem") and i["itemType"] != "note"}
    links: dict[str, Counter[str]] = {}
    for item in live:
        if item.get("parentItem") in papers and item.get("linkMode") == "linked_url":
            links.setdefault(papers[item["parentItem"]], Counter())[item["url"]] += 1
    return Outcome(Counter(papers.values()), links)


def group_items(server) -> list[dict]:
    return list(server.state.libraries[f"/groups/{GROUP_ID}"].items.values())
