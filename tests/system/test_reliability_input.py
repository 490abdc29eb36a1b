"""Hostile input at the shared test endpoint: injection through named-query parameters, path
traversal, 100 kB IRIs, unknown formats and oversized bodies all end in a 4xx that says why,
and change nothing.

Paths are sent with ``http.client`` as written: ``requests`` would remove the
``..`` segments before they reach the server.
"""
from __future__ import annotations

import http.client
import json

import pytest
import requests

from lpskg.config import Settings

from support.cli import assert_clean_exit, lpskg
from support.http import assert_clean_answer
from support.servers import TEST_ENV, TEST_TOKEN, ServerProcess

AUTH = {"Authorization": f"Bearer {TEST_TOKEN}"}
RESULTS = {"Accept": "application/sparql-results+json"}
MAX_BODY = int(TEST_ENV["LPSKG_MAX_BODY"])
HUGE_IRI = "https://w3id.org/lpskg/resource/paradox/" + "x" * 100_000
PASSWD = "root:x:0:0"


def triples(server: ServerProcess) -> int:
    return requests.get(server.base_url + "/health", timeout=10).json()["triples"]


def run_named(server: ServerProcess, name: str, **params: str) -> requests.Response:
    return requests.get(f"{server.base_url}/api/queries/{name}", params=params, headers=RESULTS, timeout=30)


def rows(response: requests.Response) -> list[dict[str, str]]:
    assert response.status_code == 200, response.text
    return [{k: v["value"] for k, v in b.items()} for b in response.json()["results"]["bindings"]]


def raw(server: ServerProcess, method: str, path: str, body: bytes | None = None,
        headers: dict[str, str] | None = None) -> tuple[int, str]:
    """One request with the path exactly as given (no dot-segment removal, no re-encoding)."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        connection.putrequest(method, path, skip_accept_encoding=True)
        for name, value in {"Accept": "application/json", **(headers or {})}.items():
            connection.putheader(name, value)
        if body is not None:
            connection.putheader("Content-Length", str(len(body)))
        connection.endheaders(body)
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


INJECTIONS = ['"} ; DROP ALL ; #', "competence\") || true || (\"", "') } UNION { ?quote ?p ?o } #",
              "\\\" } DROP ALL", "competence\n} INSERT DATA { <urn:x> <urn:y> <urn:z> }", "{{}}", "*/ ?s ?p ?o /*"]


@pytest.mark.parametrize("value", INJECTIONS)
def test_a_string_parameter_is_bound_as_a_plain_value(endpoint: ServerProcess, value: str) -> None:
    before = triples(endpoint)
    found = rows(run_named(endpoint, "search-quotes", search=value))
    assert all(value.lower() in row["text"].lower() for row in found)
    assert all(row["search"] == value for row in found)
    assert triples(endpoint) == before


def test_the_same_query_still_finds_what_it_should(endpoint: ServerProcess) -> None:
    found = rows(run_named(endpoint, "search-quotes", search="competence"))
    assert found and all("competence" in row["text"].lower() for row in found)


@pytest.mark.parametrize("value", ["paradox:learning> } UNION { ?s ?p ?o } #", "<http://x y>", "http://x/a b",
                                   "http://x/a>", "paradox:learning } ; DROP ALL", "javascript:alert(1)}",
                                   "} ; DROP ALL ; #"])
def test_an_iri_parameter_that_is_no_iri_is_refused_or_matches_nothing(endpoint: ServerProcess, value: str) -> None:
    before = triples(endpoint)
    answer = run_named(endpoint, "tensions-per-paradox", paradox=value)
    assert_clean_answer(answer)
    assert answer.status_code == 400 or rows(answer) == []
    assert triples(endpoint) == before


def test_an_iri_parameter_restricts_the_rows(endpoint: ServerProcess) -> None:
    everything = rows(run_named(endpoint, "tensions-per-paradox"))
    learning = rows(run_named(endpoint, "tensions-per-paradox", paradox="paradox:learning"))
    assert 0 < len(learning) < len(everything)
    assert {row["paradox"] for row in learning} == {"https://w3id.org/lpskg/resource/paradox/learning"}


def test_the_cli_binds_parameters_as_values_too(endpoint: ServerProcess, bundle_store_template) -> None:
    result = lpskg(bundle_store_template, "query", "--named", "tensions-per-paradox",
                   "--param", "paradox=paradox:learning> } UNION { ?s ?p ?o } #")
    assert_clean_exit(result.exit_code, result.stderr)
    assert result.exit_code == 2 and "paradox" in result.stderr


@pytest.mark.parametrize("path", [
    "/resource/../../etc/passwd", "/resource/%2e%2e/%2e%2e/etc/passwd", "/resource/..%2f..%2f..%2fetc%2fpasswd",
    "/resource/paradox/..%2F..%2F..%2F..%2Fetc%2Fpasswd", "/resource/paradox/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "/resource/%252e%252e/%252e%252e/etc/passwd", "/resource/paradox/learning%00.ttl", "/resource/..\\..\\etc\\passwd",
    "/api/queries/..%2F..%2F..%2Fetc%2Fpasswd", "/api/queries/../../../etc/passwd",
    "/api/cases/..%2F..%2Fetc%2Fpasswd", "/static/../../../../etc/passwd", "/static/..%2f..%2f..%2fetc%2fpasswd",
    "/rdf-graphs/service?graph=file:///etc/passwd", "/sparql?query=SELECT%20*%20FROM%20%3Cfile:///etc/passwd%3E"
    "%20WHERE%20%7B?s%20?p%20?o%7D",
])
def test_path_traversal_is_refused(endpoint: ServerProcess, path: str) -> None:
    status, body = raw(endpoint, "GET", path)
    assert PASSWD not in body
    assert 400 <= status < 500 or path.startswith("/sparql") and status == 200, (status, body[:300])
    assert "Traceback" not in body


@pytest.mark.parametrize("method, path, body, headers", [
    ("GET", "/resource/paradox/" + "x" * 100_000, None, {}),
    ("GET", "/rdf-graphs/service?graph=" + HUGE_IRI, None, {}),
    ("GET", "/api/queries/tensions-per-paradox?paradox=" + HUGE_IRI, None, {}),
    ("POST", "/sparql", f"SELECT * WHERE {{ <{HUGE_IRI}> ?p ?o }}".encode(),
     {"Content-Type": "application/sparql-query"}),
    ("POST", "/api/labels", json.dumps({"iris": [HUGE_IRI]}).encode(), {"Content-Type": "application/json"}),
    ("POST", "/api/cases", f"id: {'x' * 100_000}\n".encode(), {"Content-Type": "application/yaml", **AUTH}),
])
def test_huge_iris_are_answered_without_a_server_error(endpoint: ServerProcess, method: str, path: str,
                                                       body: bytes | None, headers: dict[str, str]) -> None:
    status, text = raw(endpoint, method, path, body, headers)
    assert status < 500 and "Traceback" not in text, (status, text[:300])
    if method == "GET":
        assert 400 <= status < 500


@pytest.mark.parametrize("path, headers", [
    ("/sparql?query=ASK%7B%7D&format=klingon", {}),
    ("/sparql?query=ASK%7B%7D", {"Accept": "application/x-klingon"}),
    ("/resource/paradox/learning?format=klingon", {}),
    ("/resource/paradox/learning", {"Accept": "image/png"}),
    ("/rdf-graphs/service?graph=https://w3id.org/lpskg/graph/paper&format=klingon", {}),
    ("/api/queries/tensions-per-paradox?format=klingon", {}),
])
def test_unknown_formats_get_406_naming_what_can_be_served(endpoint: ServerProcess, path: str,
                                                           headers: dict[str, str]) -> None:
    answer = requests.get(endpoint.base_url + path, headers=headers, timeout=30)
    assert answer.status_code == 406, answer.text
    assert "text/turtle" in answer.text or "sparql-results" in answer.text


@pytest.mark.parametrize("path, media", [("/shacl", "application/x-klingon"), ("/api/cases", "text/csv"),
                                         ("/rdf-graphs/service?graph=urn:x:g", "application/x-klingon")])
def test_unknown_body_formats_get_415(endpoint: ServerProcess, path: str, media: str) -> None:
    before = triples(endpoint)
    method = "PUT" if path.startswith("/rdf-graphs") else "POST"
    answer = requests.request(method, endpoint.base_url + path, data=b"<a> <b> <c> .", timeout=30,
                              headers={**AUTH, "Content-Type": media, "Accept": "application/json"})
    assert answer.status_code == 415 and media in answer.text
    assert triples(endpoint) == before


def test_the_default_body_cap_is_ten_megabytes() -> None:
    assert Settings().max_body == 10 * 1024 * 1024


def _sent(body: bytes, chunked: bool):
    """The body as is (Content-Length), or as a generator (requests sends it chunked, without a length)."""
    return iter([body[i:i + 65536] for i in range(0, len(body), 65536)]) if chunked else body


@pytest.mark.parametrize("chunked", [False, True])
@pytest.mark.parametrize("path, media", [("/sparql", "application/sparql-query"), ("/api/cases", "application/yaml"),
                                         ("/update", "application/sparql-update"), ("/shacl", "text/turtle")])
def test_a_body_over_the_cap_gets_413(endpoint: ServerProcess, path: str, media: str, chunked: bool) -> None:
    before = triples(endpoint)
    body = b"# " + b"x" * (MAX_BODY + 1024) + b"\nASK {}"
    answer = requests.post(endpoint.base_url + path, data=_sent(body, chunked), timeout=60,
                           headers={**AUTH, "Content-Type": media, "Accept": "application/json"})
    assert answer.status_code == 413, answer.text[:300]
    assert "LPSKG_MAX_BODY" in answer.text or "too large" in answer.text
    assert triples(endpoint) == before


@pytest.mark.parametrize("chunked", [False, True])
def test_a_body_under_the_cap_is_read(endpoint: ServerProcess, chunked: bool) -> None:
    body = b"# " + b"x" * (MAX_BODY - 1024) + b"\nASK { ?s ?p ?o }"
    answer = requests.post(endpoint.base_url + "/sparql", data=_sent(body, chunked), timeout=60,
                           headers={"Content-Type": "application/sparql-query", **RESULTS})
    assert answer.status_code == 200 and answer.json()["boolean"] is True
