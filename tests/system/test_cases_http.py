"""The case API over HTTP, against a real ``lpskg serve`` on 127.0.0.1 started by the test.

One server (on a private copy of the bundle store) serves the whole module; a
submitted case must be found by the SPARQL endpoint's cross-case queries,
dereference like the paper's resources, and survive a restart of the server.
The error answers are checked on an in-process app (same code, no sockets).
"""
from __future__ import annotations

import json
import shutil
from collections.abc import Iterator, Mapping
from pathlib import Path
from urllib.parse import urlencode

import pytest
import requests

from lpskg.config import Settings
from lpskg.knowledge.library import load_named_query
from lpskg.web.app import create_app

from support.servers import ServerProcess
from support.stores import REPO

EXAMPLE = REPO / "examples" / "example-pumps.yaml"
TOKEN = "test-token-for-cases"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
YAML = {"Content-Type": "application/yaml"}


class CaseServer:
    """A test ``lpskg serve`` (``server_process.ServerProcess``) with the requests these tests make."""

    def __init__(self, process: ServerProcess) -> None:
        self.process = process

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict[str, str] | None = None) -> tuple[int, Mapping[str, str], bytes]:
        answer = requests.request(method, self.process.base_url + path, data=body, headers=headers or {},
                                  timeout=60)
        return answer.status_code, answer.headers, answer.content  # header names are case-insensitive

    def sparql(self, query: str) -> list[dict[str, str]]:
        status, _, answer = self.request("POST", "/sparql", urlencode({"query": query}).encode(), {
            "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"})
        assert status == 200, answer
        return [{k: v["value"] for k, v in row.items()} for row in json.loads(answer)["results"]["bindings"]]


@pytest.fixture(scope="module")
def server(bundle_store_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[CaseServer]:
    directory = tmp_path_factory.mktemp("cases-http")
    shutil.copytree(bundle_store_template, directory / "store")
    with ServerProcess(directory, env={"LPSKG_TOKEN": TOKEN, "LPSKG_QUERY_WORKERS": "1"}) as process:
        yield CaseServer(process)


def test_case_submitted_over_http_is_queried_dereferenced_and_survives_a_restart(server: CaseServer) -> None:
    status, headers, body = server.request("POST", "/api/cases", EXAMPLE.read_bytes(),
                                           {**AUTH, **YAML, "X-LPSKG-Submitter": "Grace"})
    assert status == 201, body
    assert headers["Location"] == "/api/cases/example-pumps"
    answer = json.loads(body)
    assert answer["graphs"][0]["graph"] == "https://w3id.org/lpskg/graph/case/example-pumps"
    fuzzy = next(link for link in answer["links"] if link["field"] == "evidence[3].illustrates[0]")
    assert fuzzy == {"field": "evidence[3].illustrates[0]", "label": "Technical Monument", "match": "fuzzy",
                     "score": 95.0, "iri": "https://w3id.org/lpskg/resource/archetype/technical-monuments",
                     "concept": "Technical Monuments", "kind": "archetype"}

    def cross_case() -> set[tuple[str, str]]:
        rows = server.sparql(load_named_query("archetypes-per-case").text)
        return {(r["caseLabel"], r["archetypeLabel"]) for r in rows}

    assert {("Example Pumps AS case (fictional)", "Technical Monuments"), ("Scania case", "Myopia"),
            ("Volvo CE case", "Dogma")} <= cross_case()
    status, _, page = server.request("GET", "/resource/case/example-pumps", headers={"Accept": "text/turtle"})
    assert status == 200 and b"Example Pumps AS case (fictional)" in page

    listed = json.loads(server.request("GET", "/api/cases")[2])["cases"]
    assert {c["id"] for c in listed} == {"example-pumps", "scania", "volvo-ce"}
    assert next(c for c in listed if c["id"] == "example-pumps")["submitter"] == "Grace"

    server.process.restart()
    assert ("Example Pumps AS case (fictional)", "Technical Monuments") in cross_case()
    status, _, summary = server.request("GET", "/api/cases/example-pumps")
    assert status == 200 and json.loads(summary)["evidence"] == 5

    status, _, body = server.request("DELETE", "/api/cases/example-pumps", headers=AUTH)
    assert status == 200, body
    assert ("Example Pumps AS case (fictional)", "Technical Monuments") not in cross_case()
    assert server.request("GET", "/api/cases/example-pumps")[0] == 404


def test_publication_import_over_http(server: CaseServer) -> None:
    bib = (REPO / "examples" / "example-literature.bib").read_bytes()
    status, _, body = server.request("POST", "/api/publications?dry_run=true", bib,
                                     {**AUTH, "Content-Type": "application/x-bibtex"})
    assert status == 200, body
    assert json.loads(body)["dry_run"] is True
    status, _, body = server.request("POST", "/api/publications", bib, {**AUTH, "Content-Type": "application/x-bibtex"})
    assert status == 201, body
    rows = server.sparql("SELECT ?w WHERE { ?w lpskg:supports archetype:myopia ; lpskg:citedAs ?c }")
    assert {"w": "https://w3id.org/lpskg/resource/work/nordmann2024myopia"} in rows


# --------------------------------------------------------------------------- errors, in process

@pytest.fixture
def client(writable_store_path: Path):
    app = create_app(Settings(store=str(writable_store_path), token=TOKEN, query_workers=0))
    yield app.test_client()
    app.extensions["lpskg"].store.close()


def _error(response) -> dict:
    assert response.mimetype == "application/json"
    return json.loads(response.data)


def test_writes_need_the_token(client, writable_store_path: Path) -> None:
    body = EXAMPLE.read_bytes()
    missing = client.post("/api/cases", data=body, headers=YAML)
    assert missing.status_code == 401
    assert "Authorization: Bearer" in _error(missing)["error"]
    wrong = client.post("/api/cases", data=body, headers={**YAML, "Authorization": "Bearer not-it"})
    assert wrong.status_code == 403
    assert client.delete("/api/cases/scania").status_code == 401
    assert client.get("/api/cases/example-pumps").status_code == 404


def test_writes_are_off_without_a_configured_token(writable_store_path: Path) -> None:
    app = create_app(Settings(store=str(writable_store_path), query_workers=0))
    try:
        answer = app.test_client().post("/api/cases", data=EXAMPLE.read_bytes(), headers={**YAML, **AUTH})
        assert answer.status_code == 403
        assert "writes are disabled" in _error(answer)["error"]
    finally:
        app.extensions["lpskg"].store.close()


@pytest.mark.parametrize("body, headers, status, field, message", [
    (b"id: [unclosed\n", YAML, 400, "", "expected ',' or ']'"),
    (EXAMPLE.read_bytes().replace(b"  year: 2025", b'  year: "20x3"'), YAML, 422, "study.year",
     "'20x3' is not of type 'integer'"),
    (EXAMPLE.read_bytes().replace(b"      - Myopia\n", b"      - quantum lean\n"), YAML, 422,
     "evidence[0].illustrates[1]", "unknown concept label 'quantum lean'"),
    (EXAMPLE.read_bytes(), {"Content-Type": "text/plain"}, 415, None, None),
])
def test_bad_submissions_get_json_errors_and_leave_the_store_unchanged(client, writable_store_path: Path, body,
                                                                      headers, status, field, message) -> None:
    before = _snapshot(client)
    answer = client.post("/api/cases", data=body, headers={**AUTH, **headers})
    assert answer.status_code == status
    error = _error(answer)
    if field is not None:
        assert any(e["field"] == field and message in e["message"] for e in error["errors"]), error
    assert _snapshot(client) == before


def test_unknown_label_error_lists_the_nearest_concepts(client) -> None:
    body = EXAMPLE.read_bytes().replace(b"      - Myopia\n", b"      - quantum lean\n")
    error = _error(client.post("/api/cases", data=body, headers={**AUTH, **YAML}))["errors"][0]
    assert error["line"] == body.decode().splitlines().index("      - quantum lean") + 1
    nearest = error["candidates"][0]
    assert (nearest["label"], nearest["kind"], nearest["iri"]) == (
        "digital Lean boards", "technology", "https://w3id.org/lpskg/resource/technology/digital-lean-boards")
    assert nearest["score"] < 50  # it shares the word "lean" and nothing else (tests/unit/test_cases_linking.py)


def test_duplicate_case_id_is_a_conflict(client) -> None:
    headers = {**AUTH, **YAML}
    assert client.post("/api/cases", data=EXAMPLE.read_bytes(), headers=headers).status_code == 201
    before = _snapshot(client)
    again = client.post("/api/cases", data=EXAMPLE.read_bytes(), headers=headers)
    assert again.status_code == 409
    assert "already in the graph" in _error(again)["error"]
    assert _snapshot(client) == before
    replaced = client.post("/api/cases?replace=true", data=EXAMPLE.read_bytes(), headers=headers)
    assert replaced.status_code == 200 and json.loads(replaced.data)["graphs"][0]["replaced"] is True


def test_body_over_ten_megabytes_is_refused(client) -> None:
    before = _snapshot(client)
    answer = client.post("/api/cases", data=b"#" * (10 * 1024 * 1024 + 1), headers={**AUTH, **YAML})
    assert answer.status_code == 413
    assert _snapshot(client) == before


def _snapshot(client) -> list[str]:
    store = client.application.extensions["lpskg"].store
    return sorted(str(quad) for quad in store.quads())
