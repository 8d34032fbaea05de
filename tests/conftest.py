"""Shared fixtures. Real data comes from ../shared (beside the checkout, also in CI)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from zsync.config import Settings, load_settings
from zsync.library import LocalLibrary
from zsync.sources import ParseContext, SourceRegistry

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
HF_PAGE = SEEDS / "000_0f185be45a9c79b1.txt"
ABSTRACT_LIST = SEEDS / "004_10cd32f7acc12f62.txt"
CORPORA = SHARED / "corpora"
DATA = Path(__file__).resolve().parent / "data"
#: the day the seeds' year-less dates are read against in tests
AS_OF = dt.date(2026, 11, 24)
#: the largest .bib in the corpora: reading it makes the slowest parametrized cases
LARGE_BIB = "bbt-1436-large-zotero-export-506-entries.bib"


def bib_corpus() -> list:
    """Every corpus .bib file as a parameter, the large one marked slow (``-m "not slow"`` skips it)."""
    return [pytest.param(path, marks=pytest.mark.slow) if path.name == LARGE_BIB else path
            for path in sorted((CORPORA / "bibtex").glob("*/*.bib"))]


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory, monkeypatch) -> Path:
    """No test touches the user's real data or config."""
    home = tmp_path_factory.mktemp("zsync-home")
    monkeypatch.setenv("ZSYNC_HOME", str(home))
    monkeypatch.delenv("ZSYNC_CONFIG", raising=False)
    monkeypatch.delenv("ZSYNC_LIBRARY", raising=False)
    monkeypatch.chdir(home)
    return home


@pytest.fixture
def context() -> ParseContext:
    return ParseContext(as_of=AS_OF)


@pytest.fixture
def settings() -> Settings:
    return load_settings()


@pytest.fixture
def registry() -> SourceRegistry:
    return SourceRegistry.from_entry_points()


@pytest.fixture
def local_library(tmp_path) -> LocalLibrary:
    with LocalLibrary(tmp_path / "library.sqlite") as library:
        yield library


API_KEY = "zsynctestkey0123456789abcd"
USER_ID = 1234567
GROUP_ID = 98765


@pytest.fixture
def fake_zotero():
    """A fake Zotero Web API on loopback with one user and one group library and a key for both."""
    from fake_zotero.server import FakeZoteroServer

    with FakeZoteroServer() as server:
        server.state.add_library("user", USER_ID, "my library")
        server.state.add_library("group", GROUP_ID, "team library")
        server.state.add_key(API_KEY, USER_ID)
        yield server


@pytest.fixture
def sleeps() -> list[float]:
    """Pauses the Zotero client asked for, recorded instead of slept."""
    return []


@pytest.fixture
def zotero_group(fake_zotero, sleeps, tmp_path):
    from zsync.library import ZoteroLibrary

    with ZoteroLibrary("group", GROUP_ID, API_KEY, tmp_path / "cache", endpoint=fake_zotero.base,
                       sleep=sleeps.append) as library:
        yield library


@pytest.fixture(autouse=True)
def offline(monkeypatch):
    """Tests never reach the network: zsync runs offline unless a test mocks HTTP and says so."""
    monkeypatch.setenv("ZSYNC_OFFLINE", "1")
