"""Fetching remote digests: named sources, cache, retries, etiquette, offline. HTTP is mocked."""

from __future__ import annotations

import datetime as dt

import pytest
import requests
import responses
from click.testing import CliRunner
from urllib3.exceptions import NameResolutionError

from conftest import AS_OF, CORPORA
from zsync.cli import cli
from zsync.errors import ZsyncError
from zsync.fetch import USER_AGENT, Fetcher, FetchError, is_remote, remote
from zsync.library import LocalLibrary
from zsync.sources import ParseContext
from zsync.sync import run_sync

HF_JSON = (CORPORA / "feeds/hf-daily-papers/hf_daily_papers_2026-06-12.json").read_text()
RSS = (CORPORA / "feeds/arxiv-rss/arxiv_cs_cl_rss_2026-04-27.xml").read_text()
HF_URL = "https://huggingface.co/api/daily_papers"


@pytest.fixture
def sleeps():
    return []


@pytest.fixture
def fetcher(tmp_path, sleeps):
    return Fetcher(tmp_path / "http", sleep=sleeps.append, today=lambda: AS_OF)


@pytest.mark.parametrize("name, url, fmt", [
    ("hf:daily", "https://huggingface.co/api/daily_papers?date=2026-11-24", "hf-daily-json"),
    ("hf:daily/2026-06-12", "https://huggingface.co/api/daily_papers?date=2026-06-12", "hf-daily-json"),
    ("arxiv:cs.CL", "https://rss.arxiv.org/rss/cs.CL", "arxiv-rss"),
    ("https://example.org/digest.txt", "https://example.org/digest.txt", None),
])
def test_named_remote_sources(name, url, fmt):
    assert (remote(name, AS_OF).url, remote(name, AS_OF).format) == (url, fmt)


def test_local_paths_are_not_remote():
    assert remote("digest.txt", AS_OF) is None


@pytest.mark.parametrize("name, answer", [
    ("https://example.org/d.txt", True), ("hf:daily", True), ("arxiv:cs.CL", True), ("gs:bucket", True),
    ("digest.txt", False), ("./hf:daily", False), ("/tmp/x.bib", False),
])
def test_is_remote_tells_urls_and_named_sources_from_files(name, answer):
    assert is_remote(name) is answer


def test_an_existing_file_named_like_a_source_is_a_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes:v2.txt").write_text("Abstract: x\n")
    assert not is_remote("notes:v2.txt") and remote("notes:v2.txt", AS_OF) is None


def test_unknown_remote_scheme_is_an_error():
    with pytest.raises(ZsyncError, match="unknown remote source 'gs:bucket'"):
        remote("gs:bucket", AS_OF)


@responses.activate
def test_sync_from_hf_daily_creates_its_papers(fetcher, settings, tmp_path):
    responses.get(HF_URL, body=HF_JSON)
    online = settings.model_copy(update={"offline": False, "resolve": False})
    with LocalLibrary(tmp_path / "l.sqlite") as library:
        report = run_sync(["hf:daily/2026-06-12"], library, online, fetcher=fetcher, context=ParseContext(as_of=AS_OF))
    assert len(report.created) == 30 and report.sources[0].format == "hf-daily-json"
    assert responses.calls[0].request.headers["User-Agent"] == USER_AGENT


@responses.activate
def test_same_day_rerun_reads_the_cache(fetcher):
    responses.get("https://rss.arxiv.org/rss/cs.CL", body=RSS)
    assert fetcher.get("https://rss.arxiv.org/rss/cs.CL") == fetcher.get("https://rss.arxiv.org/rss/cs.CL") == RSS
    assert len(responses.calls) == 1


@responses.activate
def test_next_day_fetches_again(tmp_path):
    responses.get("https://rss.arxiv.org/rss/cs.CL", body=RSS)
    Fetcher(tmp_path, today=lambda: AS_OF).get("https://rss.arxiv.org/rss/cs.CL")
    Fetcher(tmp_path, today=lambda: AS_OF + dt.timedelta(days=1)).get("https://rss.arxiv.org/rss/cs.CL")
    assert len(responses.calls) == 2


@responses.activate
def test_503_is_retried_after_retry_after(fetcher, sleeps):
    responses.get(HF_URL, status=503, headers={"Retry-After": "5"})
    responses.get(HF_URL, body="[]")
    assert fetcher.get(HF_URL) == "[]"
    assert 5.0 in sleeps


@responses.activate
def test_429_with_retry_after_as_http_date_is_honoured(fetcher, sleeps):
    responses.get(HF_URL, status=429, headers={"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"})
    responses.get(HF_URL, body="[]")
    assert fetcher.get(HF_URL) == "[]"
    assert sleeps[0] == 0.0  # a date in the past means "now", not the 2 s default pause (then the per-host pause)


@responses.activate
def test_lost_connection_is_retried_then_a_clear_error(fetcher, sleeps):
    responses.get(HF_URL, body=requests.exceptions.ConnectionError("refused"))
    with pytest.raises(FetchError, match="no answer \\(ConnectionError\\) after 4 attempts"):
        fetcher.get(HF_URL)
    assert [s for s in sleeps if s >= 2] == [2.0, 8.0, 30.0]


@responses.activate
def test_404_is_not_retried(fetcher):
    responses.get(HF_URL, status=404)
    with pytest.raises(FetchError, match="HTTP 404"):
        fetcher.get(HF_URL)
    assert len(responses.calls) == 1


@responses.activate
def test_arxiv_gets_three_seconds_between_requests(tmp_path, sleeps):
    clock = iter([0.0, 0.0, 0.5, 0.5, 3.5, 3.5]).__next__
    fetcher = Fetcher(tmp_path, sleep=sleeps.append, clock=clock, today=lambda: AS_OF)
    responses.get("https://export.arxiv.org/api/query", body="<feed/>")
    fetcher.get("https://export.arxiv.org/api/query", {"search_query": "a"})
    fetcher.get("https://export.arxiv.org/api/query", {"search_query": "b"})
    assert sleeps == [2.5]


def test_offline_fetches_nothing(tmp_path):
    with pytest.raises(FetchError, match="not fetched, zsync is offline"):
        Fetcher(tmp_path, offline=True).get(HF_URL)


@responses.activate
def test_cli_sync_of_a_named_source(monkeypatch, tmp_path):
    monkeypatch.delenv("ZSYNC_OFFLINE")
    responses.get(HF_URL, body=HF_JSON)
    result = CliRunner().invoke(cli, ["sync", "hf:daily/2026-06-12", "--no-resolve", "--library", f"local:{tmp_path / 'l.sqlite'}"])
    assert result.exit_code == 0, result.output
    assert "hf:daily/2026-06-12: 30 entries (hf-daily-json)" in result.output


def test_cli_offline_named_source_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(cli, ["sync", "hf:daily", "--library", f"local:{tmp_path / 'l.sqlite'}"])
    assert result.exit_code == 5 and "not fetched, zsync is offline" in result.output


def test_unresolvable_host_fails_at_once_without_retries(fetcher, sleeps):
    with responses.RequestsMock() as mock:
        cause = NameResolutionError("export.arxiv.org", None, "Name or service not known")
        mock.get(HF_URL, body=requests.exceptions.ConnectionError(cause))
        with pytest.raises(FetchError, match="cannot resolve huggingface.co") as info:
            fetcher.get(HF_URL)
    assert "--offline" in info.value.hint and [s for s in sleeps if s >= 2] == []


@responses.activate
def test_parse_reads_a_named_source_too(monkeypatch):
    monkeypatch.delenv("ZSYNC_OFFLINE")
    responses.get(HF_URL, body=HF_JSON)
    result = CliRunner().invoke(cli, ["parse", "hf:daily/2026-06-12"])
    assert result.exit_code == 0 and len(result.stdout.splitlines()) == 30


@responses.activate
def test_convert_and_dedupe_read_named_sources_like_sync(monkeypatch):
    monkeypatch.delenv("ZSYNC_OFFLINE")
    responses.get(HF_URL, body=HF_JSON)
    bib = CliRunner().invoke(cli, ["convert", "hf:daily/2026-06-12"])
    assert bib.exit_code == 0 and bib.output.count("archiveprefix = {arXiv}") == 30
    decided = CliRunner().invoke(cli, ["dedupe", "hf:daily/2026-06-12"])
    assert decided.output.splitlines()[-1] == "30 entries: 0 duplicates inside the inputs, 30 unique"


@responses.activate
def test_a_pdf_is_downloaded_once_at_arxivs_pace_and_kept(fetcher, sleeps):
    from fake_zotero.arxiv_pdf import pdf_bytes

    for arxiv_id in ("2606.00467", "2606.12730"):
        responses.get(f"https://arxiv.org/pdf/{arxiv_id}", body=pdf_bytes(arxiv_id), content_type="application/pdf")
    first = fetcher.download("https://arxiv.org/pdf/2606.00467")
    fetcher.download("https://arxiv.org/pdf/2606.12730")
    assert first.read_bytes() == pdf_bytes("2606.00467")
    assert fetcher.download("https://arxiv.org/pdf/2606.00467") == first and len(responses.calls) == 2
    assert len(sleeps) == 1 and 0 < sleeps[0] <= 3.0  # the second waited for arxiv.org's 3 s


def test_offline_downloads_nothing(tmp_path):
    with pytest.raises(FetchError, match="not downloaded, zsync is offline"):
        Fetcher(tmp_path, offline=True).download("https://arxiv.org/pdf/2606.00467")
