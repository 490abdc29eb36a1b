"""Which routes a page on another origin may call (CORS) is a mark on each view, read from the URL map.

docs/endpoint.md says which routes send ``Access-Control-Allow-Origin: *``: the
API, the W3C protocols and the data a page elsewhere reads (resources, the
ontology, the comparison, the lists).  Every such route must carry the mark,
whichever blueprint it is in and however it was added; the pages that are only
for people, and ``/metrics``, must not.  In-process: the app's URL map, and a
few answers of its test client.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from lpskg.config import Settings
from lpskg.web.app import create_app
from lpskg.web.responses import CROSS_ORIGIN

#: The routes docs/endpoint.md says a page on another origin may call.
FOR_OTHER_ORIGINS = re.compile(r"/api/.*|/sparql|/update|/rdf-graphs/.*|/resource/.*|/shacl|/\.well-known/void"
                               r"|/compare|/cases|/publications|/health|/ontology|/service-description|/openapi\.json|/np/.*")

#: Routes and methods that must be among them, so that the walk cannot pass by finding none
#: (the diagnosis routes and DELETE of a publication were once left out of a hand-kept list).
EXPECTED = {
    ("/api/cases/<case_id>/diagnosis", "GET"), ("/api/diagnosis", "POST"),
    ("/api/publications/<publication_id>", "DELETE"), ("/api/publications", "POST"),
    ("/api/cases", "GET"), ("/api/cases", "POST"), ("/api/cases/<case_id>", "DELETE"),
    ("/api/queries/<name>", "GET"), ("/api/labels", "POST"), ("/api/search", "GET"),
    ("/sparql", "POST"), ("/update", "POST"), ("/rdf-graphs/service", "PUT"), ("/rdf-graphs/<path:name>", "DELETE"),
    ("/resource/<path:name>", "GET"), ("/shacl", "POST"), ("/.well-known/void", "GET"), ("/compare", "GET"),
    ("/cases", "GET"), ("/publications", "GET"), ("/health", "GET"), ("/np/", "POST"), ("/np/<name>", "GET"),
}


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """The app over an empty store: the URL map and the headers do not depend on the data."""
    path: Path = tmp_path_factory.mktemp("cors") / "store"
    app = create_app(Settings(store=str(path), query_workers=0))
    yield app
    app.extensions["lpskg"].store.close()


def _marked(app: Flask, endpoint: str) -> bool:
    return getattr(app.view_functions[endpoint], CROSS_ORIGIN, False) is True


def _routes(app: Flask) -> set[tuple[str, str, str]]:
    """(rule, method, endpoint) of every route, HEAD and OPTIONS aside (Flask adds them to every GET and route)."""
    return {(rule.rule, method, rule.endpoint) for rule in app.url_map.iter_rules()
            for method in rule.methods - {"HEAD", "OPTIONS"}}


def test_every_route_for_other_origins_carries_the_mark(app: Flask) -> None:
    routes = {r for r in _routes(app) if FOR_OTHER_ORIGINS.fullmatch(r[0])}
    assert EXPECTED <= {(rule, method) for rule, method, _ in routes}
    assert sorted(r for r in routes if not _marked(app, r[2])) == []


def test_pages_only_for_people_and_the_metrics_do_not(app: Flask) -> None:
    others = {r for r in _routes(app) if not FOR_OTHER_ORIGINS.fullmatch(r[0])}
    assert {rule for rule, _, _ in others} >= {"/", "/query", "/yasgui", "/search", "/metrics", "/static/<path:filename>"}
    assert sorted(r for r in others if _marked(app, r[2])) == []


@pytest.mark.parametrize("method, path", [("OPTIONS", "/api/cases/x/diagnosis"), ("OPTIONS", "/api/publications/x"),
                                          ("GET", "/health"), ("OPTIONS", "/rdf-graphs/service")])
def test_a_marked_route_answers_with_the_cors_headers(app: Flask, method: str, path: str) -> None:
    answer = app.test_client().open(path, method=method, headers={"Origin": "https://elsewhere.example"})
    assert answer.headers["Access-Control-Allow-Origin"] == "*"
    assert "Authorization" in answer.headers["Access-Control-Allow-Headers"]
    assert "ETag" in answer.headers["Access-Control-Expose-Headers"]


def test_an_unmarked_route_answers_without_them(app: Flask) -> None:
    answer = app.test_client().get("/search?q=lean", headers={"Origin": "https://elsewhere.example"})
    assert answer.status_code == 200
    assert "Access-Control-Allow-Origin" not in answer.headers
