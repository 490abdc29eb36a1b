"""A cached answer survives a write only when its query could not read what the write changed.

A query whose dataset names its graphs (the protocol's ``default-graph-uri``,
and ``named-graph-uri`` or no ``GRAPH`` pattern) keeps its cached answer
across a write to other graphs: a submitted case does not change what the
paper's graphs say.  Every answer is checked against an app that caches
nothing, so a kept answer is never a stale one; a write to a graph the dataset
names, a query over the union of all graphs and a ``GRAPH`` pattern over an
open set of named graphs all get a fresh answer.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from lpskg.config import Settings
from lpskg.contributions import read_source
from lpskg.contributions.cases import add_case
from lpskg.knowledge.bundle import bundle_graph_names
from lpskg.namespaces import graph_iri
from lpskg.web.app import create_app

from support.stores import REPO

EXAMPLE = REPO / "examples" / "example-pumps.yaml"
PAPER = graph_iri("paper")
CASES = "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a <https://w3id.org/lpskg/ontology#Case> }"
IN_GRAPHS = ("SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { GRAPH ?g { ?c a <https://w3id.org/lpskg/ontology#Case> } }")
TENSIONS = "SELECT ?t ?l WHERE { ?t a <https://w3id.org/lpskg/ontology#Tension> ; rdfs:label ?l } ORDER BY ?t ?l"


@pytest.fixture
def app(writable_store_path: Path):
    app = create_app(Settings(store=str(writable_store_path), query_workers=0, token="t"))
    yield app
    app.extensions["lpskg"].store.close()


def ask(client, query: str, default: tuple[str, ...] = (), named: tuple[str, ...] = ()) -> tuple[str, str]:
    """The answer (CSV) and its cache state, for ``query`` over the dataset of the protocol's parameters."""
    response = client.post("/sparql", data={"query": query, "default-graph-uri": list(default),
                                            "named-graph-uri": list(named)}, headers={"Accept": "text/csv"})
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_data(as_text=True), response.headers["X-LPSKG-Cache"]


def fresh(app, query: str, default: tuple[str, ...] = (), named: tuple[str, ...] = ()) -> str:
    """What an app that caches nothing answers now, over the same store."""
    uncached = create_app(Settings(store="unused", query_workers=0, result_cache_bytes=0),
                          store=app.extensions["lpskg"].store)
    return ask(uncached.test_client(), query, default, named)[0]


def submit_case(app) -> None:
    add_case(app.extensions["lpskg"].graphs, read_source(EXAMPLE, 10_000_000), submitter="test")


def test_an_answer_over_graphs_a_case_does_not_touch_stays_and_is_what_the_store_says(app) -> None:
    client = app.test_client()
    bundle = bundle_graph_names()
    asked = [(CASES, bundle, ()), (TENSIONS, bundle, ()), (IN_GRAPHS, bundle, bundle)]
    before = {query: ask(client, query, default, named)[0] for query, default, named in asked}
    submit_case(app)
    for query, default, named in asked:
        answer, state = ask(client, query, default, named)
        assert state == "hit", "a case graph is not among the graphs this query can read"
        assert answer == before[query] == fresh(app, query, default, named)


def test_what_the_write_could_change_is_evaluated_again_and_is_new(app) -> None:
    client = app.test_client()
    bundle = bundle_graph_names()
    open_named = (IN_GRAPHS, bundle, ())  # GRAPH ?g reaches every named graph: the case's too
    union = (CASES, (), ())  # the default dataset: the union of all graphs
    with_case_graph = (CASES, (*bundle, graph_iri("case/example-pumps")), ())
    before = {query + str(default): ask(client, query, default, named)[0]
              for query, default, named in (open_named, union, with_case_graph)}
    submit_case(app)
    for query, default, named in (open_named, union, with_case_graph):
        answer, state = ask(client, query, default, named)
        assert state == "miss"
        assert answer == fresh(app, query, default, named) != before[query + str(default)]


def test_a_write_to_a_graph_the_dataset_names_forgets_the_answer(app) -> None:
    client = app.test_client()
    before, _ = ask(client, TENSIONS, (PAPER,))
    app.extensions["lpskg"].graphs.update(
        f"INSERT DATA {{ GRAPH <{PAPER}> {{ <urn:test:tension> a <https://w3id.org/lpskg/ontology#Tension> ; "
        "<http://www.w3.org/2000/01/rdf-schema#label> 'a tension added to the paper graph'@en } }")
    answer, state = ask(client, TENSIONS, (PAPER,))
    assert state == "miss" and "a tension added to the paper graph" in answer and answer != before
    assert answer == fresh(app, TENSIONS, (PAPER,))
