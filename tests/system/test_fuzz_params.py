"""Random query parameters, resource names, formats and Accept headers on the read routes of the
shared test endpoint: never a 5xx, never a traceback, always a message; nothing changes.

Every named query of the library is run with random values for its own
parameters and for parameters it does not have; ``lpskg query --named`` gets
the same values.
"""
from __future__ import annotations

from pathlib import Path

import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lpskg.knowledge.library import list_named_queries

from support.cli import assert_clean_exit, lpskg
from support.http import assert_clean_answer
from support.servers import ServerProcess

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
QUERIES = {query.name: [p.name for p in query.parameters] for query in list_named_queries()}
NASTY = ["} ; DROP ALL ; #", "paradox:learning", "paradox:", ":", "<http://x y>", "http://example.org/a",
         "https://w3id.org/lpskg/resource/case/scania", "1e999", "-1", "99999999999999999999999", "2025-02-30",
         "true", "maybe", "", " ", "\x00", "é" * 50, "%00", "../../etc/passwd", "x" * 3000, "'", '"', "\\"]
values = st.sampled_from(NASTY) | st.text(max_size=60)
FORMATS = st.sampled_from(["json", "xml", "csv", "tsv", "turtle", "nt", "jsonld", "html", "klingon", ""])
ACCEPTS = st.sampled_from(["*/*", "application/sparql-results+json", "text/csv;q=0.5, text/turtle", "text/html",
                           "application/json", "image/png", "application/x-klingon;q=0", ";;;", "text/*;q=x"])


@st.composite
def named_runs(draw: st.DrawFn) -> tuple[str, dict[str, str]]:
    name = draw(st.sampled_from(sorted(QUERIES)))
    names = st.sampled_from(QUERIES[name] + ["format", "unknown", "limit"]) if QUERIES[name] else \
        st.sampled_from(["format", "unknown", "limit"])
    return name, draw(st.dictionaries(names, values, max_size=3))


@FUZZ
@given(run=named_runs(), accept=ACCEPTS)
def test_named_queries_with_random_parameters(endpoint: ServerProcess, run: tuple[str, dict[str, str]],
                                              accept: str) -> None:
    name, params = run
    answer = requests.get(f"{endpoint.base_url}/api/queries/{name}", params=params, timeout=60,
                          headers={"Accept": accept})
    assert_clean_answer(answer)


@FUZZ
@given(name=st.sampled_from(["paradox/learning", "tension/", "case/scania", "x", "", "paradox/learning.ttl"])
       | st.text(max_size=80), fmt=FORMATS, accept=ACCEPTS)
def test_resources_with_random_names_and_formats(endpoint: ServerProcess, name: str, fmt: str, accept: str) -> None:
    answer = requests.get(f"{endpoint.base_url}/resource/{requests.utils.quote(name, safe='/')}",
                          params={"format": fmt} if fmt else None, headers={"Accept": accept}, timeout=60)
    assert_clean_answer(answer)


@FUZZ
@given(graph=st.sampled_from(["https://w3id.org/lpskg/graph/paper", "urn:x", "x", ""]) | st.text(max_size=60),
       fmt=FORMATS, accept=ACCEPTS, extra=st.dictionaries(st.sampled_from(["default", "graph", "query"]), values,
                                                          max_size=2))
def test_graph_store_reads_with_random_parameters(endpoint: ServerProcess, graph: str, fmt: str, accept: str,
                                                  extra: dict[str, str]) -> None:
    params = {"graph": graph, **extra, **({"format": fmt} if fmt else {})}
    answer = requests.get(f"{endpoint.base_url}/rdf-graphs/service", params=params, headers={"Accept": accept},
                          timeout=60)
    assert_clean_answer(answer)


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(run=named_runs())
def test_the_cli_named_queries_with_random_parameters(bundle_store_template: Path,
                                                      run: tuple[str, dict[str, str]]) -> None:
    name, params = run
    args = [arg for key, value in params.items() for arg in ("--param", f"{key}={value}")]
    result = lpskg(bundle_store_template, "query", "--named", name, *args)
    assert_clean_exit(result.exit_code, result.stderr)
