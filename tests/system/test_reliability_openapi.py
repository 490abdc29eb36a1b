"""The REST API against its own OpenAPI description: schemathesis generates requests for every
operation of ``/openapi.json`` (with the token, so writes go through) and no answer is a server
error.  The description covers every REST route the app has.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from lpskg.config import Settings
from lpskg.web.api.openapi import openapi_document
from lpskg.web.app import create_app

from support.servers import TEST_TOKEN, ServerProcess, private_server

# BibTeX bodies are plain text to a client.
schemathesis.serializer.alias("application/x-bibtex", "text/plain")


@pytest.fixture(scope="module")
def server(bundle_store_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    yield from private_server(bundle_store_template, tmp_path_factory, "openapi")


#: The description the server serves (checked below), loaded without a server so that pytest can
#: list one test per operation.
schema = schemathesis.openapi.from_dict(openapi_document())
#: Every operation, as (path, method). Parametrized here rather than by ``schema.parametrize()``, whose
#: items all bear the same test id: pytest-xdist (``make test``) would run only one of them.
OPERATIONS = [(path, method.upper()) for path, item in openapi_document()["paths"].items()
              for method in item if method != "parameters"]


@pytest.mark.parametrize(("path", "method"), OPERATIONS, ids=[f"{m} {p}" for p, m in OPERATIONS])
def test_no_operation_answers_with_a_server_error(path: str, method: str, server: ServerProcess) -> None:
    @given(case=schema[path][method].as_strategy())
    @settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
    def no_server_error(case) -> None:
        case.call_and_validate(base_url=server.base_url, headers={"Authorization": f"Bearer {TEST_TOKEN}"},
                               checks=[not_a_server_error])

    no_server_error()


def test_the_server_serves_this_description(server: ServerProcess) -> None:
    assert requests.get(server.base_url + "/openapi.json", timeout=30).json() == openapi_document()


def test_every_rest_route_is_described(bundle_store_template: Path) -> None:
    app = create_app(Settings(store=str(bundle_store_template), query_workers=0))
    try:
        routes = {(re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule), method.lower())
                  for rule in app.url_map.iter_rules()
                  if rule.rule.startswith(("/api/", "/health", "/shacl"))
                  for method in rule.methods - {"HEAD", "OPTIONS"}}
    finally:
        app.extensions["lpskg"].store.close()
    described = {(path, method) for path, item in openapi_document()["paths"].items() for method in item
                 if method != "parameters"}
    generic = {("/api/queries/{name}", "get"), ("/api/queries/{name}/works", "get")}  # described per named query
    assert routes - generic <= described
    assert {path for path, _ in described} - {path for path, _ in routes} == {
        path for path in openapi_document()["paths"] if re.fullmatch(r"/api/queries/[a-z0-9-]+(/works)?", path)}
