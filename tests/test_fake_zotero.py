"""The fake Zotero server answers in the shapes the real API does (responses in the corpora),
and zsync reads real Zotero responses."""

from __future__ import annotations

import json

import httpx2
import pytest

from conftest import API_KEY, CORPORA, GROUP_ID
from fake_zotero.state import Fault
from library.contract import paper
from zsync.dedupe import record_from_item
from zsync.model import ZoteroItem

API = CORPORA / "zotero-api"


def real(name: str):
    return json.loads((API / name).read_text())


def get(fake_zotero, path: str, **params) -> httpx2.Response:
    return httpx2.get(fake_zotero.base + path, params=params, headers={"Zotero-API-Key": API_KEY})


def shape(value):
    """The structure of a JSON value: dict keys (recursively), list element shape, scalar type."""
    if isinstance(value, dict):
        return {k: shape(v) for k, v in value.items()}
    if isinstance(value, list):
        return [shape(value[0])] if value else []
    return "scalar"


def test_item_envelope_has_the_real_top_level_shape(fake_zotero, zotero_group):
    zotero_group.create([paper()])
    [item] = get(fake_zotero, f"/groups/{GROUP_ID}/items").json()
    expected = real("zotero-api-client/single-object-get-response.json")
    assert item.keys() == expected.keys()
    assert item["library"].keys() == expected["library"].keys()
    assert {"self", "alternate"} <= item["links"].keys()


def test_collection_envelope_has_the_real_shape(fake_zotero, zotero_group):
    zotero_group.collection("A")
    [collection] = get(fake_zotero, f"/groups/{GROUP_ID}/collections").json()
    expected = real("pyzotero/collections_doc.json")[0]
    assert collection.keys() == expected.keys()
    assert collection["links"].keys() == expected["links"].keys()
    assert collection["data"].keys() == real("web-library/min-user-collections.json")[0]["data"].keys()


def test_keys_current_has_the_real_shape(fake_zotero):
    assert shape(get(fake_zotero, "/keys/current").json()) == shape(real("zotero-api-client/keys-current-response.json"))


def test_versions_format_is_a_key_to_version_map_like_the_real_one(fake_zotero, zotero_group):
    zotero_group.create([paper(), paper()])
    versions = get(fake_zotero, f"/groups/{GROUP_ID}/items", format="versions").json()
    assert shape(versions) == {k: "scalar" for k in versions}
    assert all(isinstance(v, int) for v in real("pyzotero/item_versions.json").values())


def test_write_report_has_the_four_real_parts(fake_zotero):
    body = [paper().to_json(), {"itemType": "nope"}]
    response = httpx2.post(fake_zotero.base + f"/groups/{GROUP_ID}/items", json=body, headers={"Zotero-API-Key": API_KEY})
    report = response.json()
    assert set(report) == {"successful", "success", "unchanged", "failed"}
    assert set(report["failed"]["1"]) <= set(real("zotero-api-client/multi-mixed-write-response.json")["failed"]["1"]) | {"data"}
    assert response.headers["Last-Modified-Version"] == "1"


def test_paging_headers_like_the_api(fake_zotero, zotero_group):
    for start in range(0, 60, 50):
        zotero_group.create([paper(str(i)) for i in range(start, start + 50)])
    response = get(fake_zotero, f"/groups/{GROUP_ID}/items", limit=25, start=25)
    assert response.headers["Total-Results"] == "100"
    links = response.headers["Link"]
    assert 'rel="first"' in links and 'rel="prev"' in links and "start=50" in links and 'rel="last"' in links


def test_zsync_reads_an_older_success_only_write_report(zotero_group, fake_zotero):
    item = paper()
    fake_zotero.state.libraries[f"/groups/{GROUP_ID}"].write_items([item.to_json()], None)
    old_style = {"success": {"0": item.key}, "unchanged": {}, "failed": {}}
    fake_zotero.state.faults.append(Fault("POST", "/items", status=200, body=json.dumps(old_style)))
    report = zotero_group.create([item])
    assert report.successful[0].key == item.key


def test_zsync_reads_the_real_mixed_write_report(zotero_group, fake_zotero):
    mixed = real("zotero-api-client/multi-mixed-write-response.json")
    fake_zotero.state.faults.append(Fault("POST", "/items", status=200, body=json.dumps(mixed)))
    report = zotero_group.create([paper() for _ in range(5)])
    assert report.unchanged == {4: "ABCD3333"}
    assert {i: f.code for i, f in report.failed.items()} == {1: 400, 3: 400}


@pytest.mark.parametrize("name", ["pyzotero/items_doc.json", "web-library/test-user-get-items-golden.json"])
def test_real_library_items_load_and_index(name):
    items = [ZoteroItem.model_validate(obj["data"]) for obj in real(name)]
    records = [record_from_item(i) for i in items if not i.parentItem and i.itemType not in ("note", "attachment")]
    assert records and all(r.ref for r in records)


def post(fake_zotero, body, **headers) -> httpx2.Response:
    return httpx2.post(fake_zotero.base + f"/groups/{GROUP_ID}/items", json=body,
                       headers={"Zotero-API-Key": API_KEY, **headers})


def test_keyed_write_without_version_is_a_per_object_428(fake_zotero):
    item = paper().to_json()
    del item["version"]
    assert post(fake_zotero, [item]).json()["failed"]["0"]["code"] == 428


def test_write_token_rules(fake_zotero):
    assert post(fake_zotero, [paper().to_json()], **{"Zotero-Write-Token": "abc"}).status_code == 400
    assert post(fake_zotero, [paper().to_json()], **{"Zotero-Write-Token": "token12345"}).status_code == 200
    again = post(fake_zotero, [paper().to_json()], **{"Zotero-Write-Token": "token12345"})
    assert (again.status_code, again.text) == (412, "Write token already used")


def test_more_than_50_objects_is_a_413(fake_zotero):
    assert post(fake_zotero, [paper().to_json() for _ in range(51)]).status_code == 413


def test_deleted_needs_since(fake_zotero):
    assert get(fake_zotero, f"/groups/{GROUP_ID}/deleted").status_code == 400


def test_unchanged_library_answers_304(fake_zotero):
    post(fake_zotero, [paper().to_json()])
    response = httpx2.get(fake_zotero.base + f"/groups/{GROUP_ID}/items",
                          headers={"Zotero-API-Key": API_KEY, "If-Modified-Since-Version": "1"})
    assert response.status_code == 304


def test_library_level_precondition_is_a_412(fake_zotero):
    post(fake_zotero, [paper().to_json()])
    assert post(fake_zotero, [paper().to_json()], **{"If-Unmodified-Since-Version": "0"}).status_code == 412


# -- the desktop app's local API and the file upload protocol, as pyzotero 1.16 speaks them ------
@pytest.fixture
def local_api():
    from fake_zotero.server import FakeZoteroServer

    with FakeZoteroServer() as server:
        server.state.serve_local()
        yield server


def local_client(server, **kw):
    from pyzotero import zotero

    zot = zotero.Zotero(0, "user", local=True, **kw)
    zot.endpoint = server.base + "/api"
    return zot


def test_local_api_answers_every_request_with_its_server_id(local_api):
    response = httpx2.get(local_api.base + "/api/")
    assert (response.status_code, response.text) == (200, "Nothing to see here.")
    assert response.headers["Zotero-Server-ID"] == local_api.state.local.server_id


def test_local_api_write_without_server_id_is_428_and_without_key_401(local_api):
    url = local_api.base + "/api/users/0/items"
    assert httpx2.post(url, json=[{"itemType": "note"}]).status_code == 428
    refused = httpx2.post(url, json=[{"itemType": "note"}], headers={"Zotero-Server-ID": "FAKESRVID001"})
    assert refused.status_code == 401 and refused.headers["WWW-Authenticate"] == 'Zotero-API-Key realm="Zotero Local API"'


def test_local_api_request_naming_another_server_id_is_412(local_api):
    response = httpx2.get(local_api.base + "/api/users/0/items", headers={"Zotero-Server-ID": "SOMEONEELSE1"})
    assert response.status_code == 412 and response.headers["Zotero-Server-ID"] == "FAKESRVID001"


def test_pyzotero_gets_an_always_key_and_writes_with_it(local_api):
    zot = local_client(local_api)
    assert zot.authorize_local("zsync")["remember"] is True
    assert zot.create_items([{"itemType": "note", "note": "one"}])["successful"]
    assert zot.create_items([{"itemType": "note", "note": "two"}])["successful"]


def test_a_one_write_key_is_used_up_by_its_write(local_api):
    from pyzotero import zotero_errors

    local_api.state.local.authorize = "once"
    zot = local_client(local_api)
    assert zot.authorize_local("zsync")["remember"] is False
    zot.create_items([{"itemType": "note", "note": "one"}])
    with pytest.raises(zotero_errors.UserNotAuthorisedError):
        zot.create_items([{"itemType": "note", "note": "two"}])


def test_deny_is_403_denied_for_pyzotero(local_api):
    from pyzotero import errors

    local_api.state.local.authorize = "deny"
    with pytest.raises(errors.LocalAPIDeniedError):
        local_client(local_api).authorize_local("zsync")


def test_pyzotero_uploads_a_file_through_the_local_protocol_and_the_item_gets_its_md5(local_api, tmp_path):
    import hashlib

    from fake_zotero.arxiv_pdf import pdf_bytes

    zot = local_client(local_api)
    zot.authorize_local("zsync")
    (tmp_path / "2606.00467.pdf").write_bytes(pdf_bytes("2606.00467"))
    parent = zot.create_items([{"itemType": "preprint", "title": "A paper"}])["successful"]["0"]["key"]
    def attachment():
        return [{"itemType": "attachment", "linkMode": "imported_file", "title": "Preprint PDF", "note": "",
                 "contentType": "application/pdf", "charset": "", "filename": str(tmp_path / "2606.00467.pdf"),
                 "tags": [], "relations": {}}]
    result = zot.upload_attachments(attachment(), parentid=parent)
    assert len(result["success"]) == 1
    stored = next(d for d in local_api.state.libraries["/users/0"].items.values() if d["itemType"] == "attachment")
    assert stored["md5"] == hashlib.md5(pdf_bytes("2606.00467")).hexdigest() == next(iter(local_api.state.files))
    assert zot.upload_attachments(attachment(), parentid=parent)["unchanged"]  # {"exists": 1}
