"""Authorization: reads are open, every write needs the configured bearer token, and a server
started without a token refuses every write.

Each write route is tried with no Authorization header, with wrong and
malformed ones, and with the right token, on a server with a token; and with
the right-looking token on a server without one.  A refused write changes
nothing (same triple count); an accepted one does what it says.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import requests

from lpskg.config import Settings
from lpskg.web import services as services_module
from lpskg.web.app import create_app

from support.in_process import InProcessEndpoint, private_endpoint
from support.servers import TEST_TOKEN
from support.stores import REPO

CASE = (REPO / "examples" / "example-pumps.yaml").read_text(encoding="utf-8")
PUBLICATIONS = (REPO / "examples" / "example-literature.bib").read_bytes()
TURTLE = {"Content-Type": "text/turtle"}
GRAPH = "/rdf-graphs/service?graph=urn:lpskg:auth-test"


def _case(case_id: str) -> bytes:
    return CASE.replace("id: example-pumps", f"id: {case_id}", 1).encode("utf-8")


def _put_graph(base: str, headers: dict[str, str]) -> requests.Response:
    return requests.put(base + GRAPH, data=b"<urn:a> <urn:b> <urn:c> .", headers={**headers, **TURTLE}, timeout=30)


#: Every write route and how to call it.  The removal comes before the submission: both cases are the
#: example case, whose new concepts can only be submitted once at a time.
WRITES: dict[str, Callable[[str, dict[str, str]], requests.Response]] = {
    "update (direct)": lambda base, h: requests.post(
        base + "/update", data=b"INSERT DATA { GRAPH <urn:lpskg:auth-test> { <urn:a> <urn:b> 1 } }", timeout=30,
        headers={**h, "Content-Type": "application/sparql-update"}),
    "update (form)": lambda base, h: requests.post(
        base + "/update", data={"update": "INSERT DATA { GRAPH <urn:lpskg:auth-test> { <urn:a> <urn:b> 2 } }"},
        headers=h, timeout=30),
    "graph store PUT": _put_graph,
    "graph store POST": lambda base, h: requests.post(base + GRAPH, data=b"<urn:a> <urn:b> <urn:d> .",
                                                      headers={**h, **TURTLE}, timeout=30),
    "graph store DELETE": lambda base, h: requests.delete(base + GRAPH, headers=h, timeout=30),
    "case removal": lambda base, h: requests.delete(base + "/api/cases/auth-test-removed", headers=h, timeout=30),
    "case submission": lambda base, h: requests.post(
        base + "/api/cases", data=_case("auth-test"), headers={**h, "Content-Type": "application/yaml"}, timeout=60),
    "publication submission": lambda base, h: requests.post(
        base + "/api/publications", data=PUBLICATIONS, headers={**h, "Content-Type": "application/x-bibtex"},
        timeout=60),
}
RIGHT = {"Authorization": f"Bearer {TEST_TOKEN}"}
REFUSED = {
    "no header": ({}, 401),
    "wrong token": ({"Authorization": "Bearer not-the-token"}, 403),
    "token with a suffix": ({"Authorization": f"Bearer {TEST_TOKEN}x"}, 403),
    "token prefix only": ({"Authorization": f"Bearer {TEST_TOKEN[:-1]}"}, 403),
    "empty bearer": ({"Authorization": "Bearer "}, 401),
    "basic scheme": ({"Authorization": f"Basic {TEST_TOKEN}"}, 401),
    "token without scheme": ({"Authorization": TEST_TOKEN}, 401),
}


def triples(server: InProcessEndpoint) -> int:
    return requests.get(server.base_url + "/health", timeout=10).json()["triples"]


@pytest.fixture(scope="module")
def guarded(bundle_store_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[InProcessEndpoint]:
    """A server with a token, holding a case to remove."""
    for server in private_endpoint(bundle_store_template, tmp_path_factory, "auth"):
        answer = requests.post(server.base_url + "/api/cases", data=_case("auth-test-removed"), timeout=60,
                               headers={**RIGHT, "Content-Type": "application/yaml"})
        assert answer.status_code == 201, answer.text
        yield server


@pytest.fixture(scope="module")
def tokenless(bundle_store_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[InProcessEndpoint]:
    """A server started without LPSKG_TOKEN: writes are off."""
    yield from private_endpoint(bundle_store_template, tmp_path_factory, "auth-off", env={"LPSKG_TOKEN": ""})


@pytest.mark.parametrize("refusal", REFUSED)
@pytest.mark.parametrize("route", WRITES)
def test_a_write_without_the_right_token_is_refused(guarded: InProcessEndpoint, route: str, refusal: str) -> None:
    headers, status = REFUSED[refusal]
    before = triples(guarded)
    answer = WRITES[route](guarded.base_url, {**headers, "Accept": "application/json"})
    assert answer.status_code == status, answer.text
    assert "Authorization: Bearer" in answer.text or "token" in answer.text
    if status == 401:
        assert answer.headers["WWW-Authenticate"].startswith("Bearer")
    assert triples(guarded) == before


@pytest.mark.parametrize("route", WRITES)
def test_a_server_without_a_token_refuses_every_write(tokenless: InProcessEndpoint, route: str) -> None:
    before = triples(tokenless)
    answer = WRITES[route](tokenless.base_url, {**RIGHT, "Accept": "application/json"})
    assert answer.status_code == 403, answer.text
    assert "writes are disabled" in answer.text
    assert triples(tokenless) == before


@pytest.mark.parametrize("route", WRITES)
def test_the_right_token_writes(guarded: InProcessEndpoint, route: str) -> None:
    if route in ("graph store POST", "graph store DELETE"):
        assert _put_graph(guarded.base_url, RIGHT).status_code in (201, 204)
    answer = WRITES[route](guarded.base_url, {**RIGHT, "Accept": "application/json"})
    assert answer.status_code in (200, 201, 204), answer.text
    graph = requests.get(guarded.base_url + GRAPH, headers={"Accept": "application/n-triples"}, timeout=30)
    cases = {case["id"] for case in requests.get(guarded.base_url + "/api/cases", timeout=30).json()["cases"]}
    effect = {
        "update (direct)": lambda: '"1"^^' in graph.text,
        "update (form)": lambda: '"2"^^' in graph.text,
        "graph store PUT": lambda: graph.text.strip() == "<urn:a> <urn:b> <urn:c> .",
        "graph store POST": lambda: "<urn:d>" in graph.text and "<urn:c>" in graph.text,
        "graph store DELETE": lambda: graph.status_code == 404,
        "case submission": lambda: "auth-test" in cases,
        "case removal": lambda: "auth-test-removed" not in cases,
        "publication submission": lambda: answer.json()["graphs"][0]["kind"] == "publication",
    }
    assert effect[route](), (graph.status_code, graph.text[:300])


@pytest.mark.parametrize("path", ["/sparql?query=ASK%7B%7D", "/health", "/api/queries", "/api/cases",
                                  "/resource/paradox/learning", GRAPH.replace("auth-test", "none")])
def test_reads_need_no_token(tokenless: InProcessEndpoint, path: str) -> None:
    assert requests.get(tokenless.base_url + path, timeout=30).status_code in (200, 404)


def test_tokens_are_compared_in_constant_time(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                              bundle_store_template: Path) -> None:
    """The check goes through hmac.compare_digest, whose time does not depend on where the strings differ."""
    compared: list[tuple[bytes, bytes]] = []
    real = services_module.hmac.compare_digest
    monkeypatch.setattr(services_module.hmac, "compare_digest", lambda a, b: compared.append((a, b)) or real(a, b))
    app = create_app(Settings(store=str(bundle_store_template), token=TEST_TOKEN, query_workers=0))
    try:
        answer = app.test_client().post("/update", data="CLEAR ALL", headers={
            "Authorization": "Bearer guess", "Content-Type": "application/sparql-update"})
    finally:
        app.extensions["lpskg"].store.close()
    assert answer.status_code == 403
    assert compared == [(b"guess", TEST_TOKEN.encode())]
