"""Each arXiv paper's "Preprint PDF", as Zotero's arXiv importer gives it: a link by default, the
file itself with ``--pdf file`` (Web API, desktop app, local library), nothing twice, nothing a
person deleted, and failures that leave the rest of the sync done."""

from __future__ import annotations

import hashlib
import json

import pytest
from click.testing import CliRunner

from conftest import API_KEY, CORPORA, GROUP_ID, HF_PAGE
from fake_zotero.arxiv_pdf import ArxivPdfServer, pdf_bytes
from fake_zotero.server import FakeZoteroServer
from zsync.cli import cli
from zsync.errors import ConfigError
from zsync.config import load_settings

HF_JSON = CORPORA / "feeds/hf-daily-papers/hf_daily_papers_2026-06-12.json"  # 30 papers, each with its arXiv id
PAPERS = 30
IMPORTER = json.loads((CORPORA / "translators/arxiv_testcases.json").read_text())


@pytest.fixture
def arxiv(monkeypatch):
    """arxiv.org/pdf on loopback; zsync online (downloads allowed) but looking nothing up."""
    monkeypatch.delenv("ZSYNC_OFFLINE")
    with ArxivPdfServer() as server:
        yield server


@pytest.fixture
def desktop():
    with FakeZoteroServer() as server:
        server.state.serve_local()
        yield server


def config(tmp_path, arxiv, mode: str = "file"):
    path = tmp_path / "zsync.toml"
    path.write_text(f'[pdf]\nmode = "{mode}"\narxiv_url = "{arxiv.url}"\n')
    return path


def run(*args: str, config_path=None):
    head = ["--config", str(config_path)] if config_path else []
    return CliRunner().invoke(cli, [*head, "sync", str(HF_JSON), "--no-resolve", *args])


def web(fake_zotero):
    return ["--library", f"groups/{GROUP_ID}", "--endpoint", fake_zotero.base]


def pdfs(library) -> list[dict]:
    return [d for d in library.items.values() if d.get("contentType") == "application/pdf"]


def own_bytes(server, attachments: list[dict]) -> bool:
    """Every stored PDF is its own paper's: the bytes under its md5 are the ones for its arXiv id."""
    return all(hashlib.md5(server.state.files[a["md5"]]).hexdigest() == a["md5"]
               and server.state.files[a["md5"]] == pdf_bytes(a["url"].rsplit("/", 1)[1]) for a in attachments)


def test_every_arxiv_paper_gets_a_preprint_pdf_link_by_default_shaped_like_zoteros_importer(fake_zotero, monkeypatch):
    monkeypatch.setenv("ZOTERO_API_KEY", API_KEY)
    result = CliRunner().invoke(cli, ["sync", str(HF_JSON), *web(fake_zotero)])
    assert result.exit_code == 0, result.output
    library = fake_zotero.state.libraries[f"/groups/{GROUP_ID}"]
    found = pdfs(library)
    assert len(found) == PAPERS and f"; {PAPERS} PDFs attached" in result.output
    importer = {(a["title"], a["mimeType"]) for case in IMPORTER if isinstance(case["items"], list)
                for item in case["items"] for a in item["attachments"] if a["mimeType"] == "application/pdf"}
    for attachment in found:
        parent = library.items[attachment["parentItem"]]
        arxiv_id = parent["archiveID"].removeprefix("arXiv:")
        assert {(attachment["title"], attachment["contentType"])} == importer
        assert (attachment["linkMode"], attachment["url"]) == ("linked_url", f"https://arxiv.org/pdf/{arxiv_id}")
    assert not fake_zotero.state.files


def test_papers_without_an_arxiv_id_get_no_pdf(fake_zotero, monkeypatch):
    monkeypatch.setenv("ZOTERO_API_KEY", API_KEY)
    assert CliRunner().invoke(cli, ["sync", str(HF_PAGE), *web(fake_zotero)]).exit_code == 0
    assert pdfs(fake_zotero.state.libraries[f"/groups/{GROUP_ID}"]) == []


def test_pdf_none_attaches_no_pdf(fake_zotero, monkeypatch):
    monkeypatch.setenv("ZOTERO_API_KEY", API_KEY)
    assert run(*web(fake_zotero), "--pdf", "none").exit_code == 0
    assert pdfs(fake_zotero.state.libraries[f"/groups/{GROUP_ID}"]) == []


def test_pdf_file_on_the_web_api_stores_each_papers_own_bytes_and_a_rerun_moves_nothing(fake_zotero, arxiv, tmp_path, monkeypatch):
    monkeypatch.setenv("ZOTERO_API_KEY", API_KEY)
    result = run(*web(fake_zotero), config_path=config(tmp_path, arxiv))
    assert result.exit_code == 0, result.output
    stored = pdfs(fake_zotero.state.libraries[f"/groups/{GROUP_ID}"])
    assert len(stored) == PAPERS and {a["linkMode"] for a in stored} == {"imported_url"}
    assert all(a["md5"] for a in stored) and own_bytes(fake_zotero, stored)
    assert len(arxiv.served) == PAPERS and f"{PAPERS} files stored" in result.output
    fake_zotero.state.log.clear()
    arxiv.served.clear()
    again = run(*web(fake_zotero), config_path=config(tmp_path, arxiv))
    assert f"0 created, 0 updated, {PAPERS} unchanged" in again.output
    assert arxiv.served == [] and not fake_zotero.state.requests("POST")


def test_pdf_file_in_the_desktop_app_goes_through_the_local_upload_protocol(desktop, arxiv, tmp_path):
    result = run("--library", "desktop", "--endpoint", desktop.base + "/api", config_path=config(tmp_path, arxiv))
    assert result.exit_code == 0, result.output
    stored = pdfs(desktop.state.libraries["/users/0"])
    assert len(stored) == PAPERS and all(a["md5"] for a in stored) and own_bytes(desktop, stored)
    uploads = desktop.state.requests("POST", r"^/api/upload/")
    assert len(uploads) == PAPERS and {u["server_id"] for u in uploads} == {desktop.state.local.server_id}
    assert {u["api_key"] for u in uploads} == {None}  # the key goes to Zotero's API, not its upload receiver
    desktop.state.log.clear()
    arxiv.served.clear()
    again = run("--library", "desktop", "--endpoint", desktop.base + "/api", config_path=config(tmp_path, arxiv))
    assert f"0 created, 0 updated, {PAPERS} unchanged" in again.output and len(desktop.state.log) <= 2
    assert arxiv.served == [] and not desktop.state.requests("POST")


def test_a_file_the_storage_already_holds_is_not_uploaded_again(fake_zotero, arxiv, tmp_path, monkeypatch):
    monkeypatch.setenv("ZOTERO_API_KEY", API_KEY)
    run(*web(fake_zotero), config_path=config(tmp_path, arxiv))
    fake_zotero.state.log.clear()
    result = run("--library", "users/1234567", "--endpoint", fake_zotero.base, config_path=config(tmp_path, arxiv))
    assert result.exit_code == 0, result.output
    assert len(pdfs(fake_zotero.state.libraries["/users/1234567"])) == PAPERS
    assert not fake_zotero.state.requests("POST", "^/upload/")  # every authorisation answered {"exists": 1}
    assert len(fake_zotero.state.requests("POST", "/file$")) == PAPERS


def test_pdf_file_in_the_local_library_is_kept_under_its_data_directory(arxiv, tmp_path, isolated_home):
    result = run(config_path=config(tmp_path, arxiv))
    assert result.exit_code == 0, result.output
    files = sorted((isolated_home / "library-files").glob("*/*.pdf"))
    assert len(files) == PAPERS
    assert {f.read_bytes() for f in files} == {pdf_bytes(f.stem) for f in files}
    arxiv.served.clear()
    assert f"0 created, 0 updated, {PAPERS} unchanged" in run(config_path=config(tmp_path, arxiv)).output
    assert arxiv.served == []


def test_a_pdf_attachment_a_person_deleted_is_not_created_again(fake_zotero, monkeypatch):
    monkeypatch.setenv("ZOTERO_API_KEY", API_KEY)
    run(*web(fake_zotero))
    library = fake_zotero.state.libraries[f"/groups/{GROUP_ID}"]
    removed = pdfs(library)[0]
    library.delete_item(removed["key"])
    result = run(*web(fake_zotero))
    assert f"0 created, 0 updated, {PAPERS} unchanged" in result.output
    assert len(pdfs(library)) == PAPERS - 1
    assert removed["parentItem"] not in {a["parentItem"] for a in pdfs(library)}


def test_a_failed_download_leaves_the_link_and_a_notice_and_the_next_run_stores_the_file(fake_zotero, arxiv, tmp_path, monkeypatch):
    monkeypatch.setenv("ZOTERO_API_KEY", API_KEY)
    arxiv.missing = {"2606.12730"}
    result = run(*web(fake_zotero), config_path=config(tmp_path, arxiv))
    assert result.exit_code == 0, result.output
    assert "PDF not downloaded" in result.output and "HTTP 404" in result.output
    library = fake_zotero.state.libraries[f"/groups/{GROUP_ID}"]
    linked = [a for a in pdfs(library) if a["linkMode"] == "linked_url"]
    assert [a["url"].rsplit("/", 1)[1] for a in linked] == ["2606.12730"]
    assert len(pdfs(library)) == PAPERS
    arxiv.missing = set()
    assert run(*web(fake_zotero), config_path=config(tmp_path, arxiv)).exit_code == 0
    stored = [a for a in pdfs(library) if a["parentItem"] == linked[0]["parentItem"] and a.get("md5")]
    assert len(stored) == 1 and own_bytes(fake_zotero, stored)


def test_storage_full_413_says_so_and_the_sync_completes(fake_zotero, arxiv, tmp_path, monkeypatch):
    monkeypatch.setenv("ZOTERO_API_KEY", API_KEY)
    fake_zotero.state.quota = 3 * len(pdf_bytes("2606.00000"))
    result = run(*web(fake_zotero), config_path=config(tmp_path, arxiv))
    assert result.exit_code == 0, result.output
    assert "the library's file storage is full (413" in result.output
    assert f"{PAPERS} created" in result.output and "3 files stored" in result.output
    library = fake_zotero.state.libraries[f"/groups/{GROUP_ID}"]
    assert len([a for a in pdfs(library) if a.get("md5")]) == 3


def test_the_pdf_url_template_must_name_the_id(tmp_path):
    path = tmp_path / "zsync.toml"
    path.write_text('[pdf]\narxiv_url = "https://mirror.example/pdf/"\n')
    with pytest.raises(ConfigError) as error:
        load_settings(path)
    assert any("arxiv_url must contain {id}" in problem for problem in error.value.problems)
