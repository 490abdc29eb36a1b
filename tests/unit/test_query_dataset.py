"""A query's own FROM / FROM NAMED win over the configured default graph, on the CLI and the endpoint.

The README tells a reader to leave ``graph/interpretations`` out of a query's
dataset to see only what the sources state.  Before issue 22 the CLI passed no
dataset and the store ran every query over the union of all graphs, so a
query's ``FROM`` was silently ignored.  These tests ask the real bundle, in
this process: the curator's reading that Patching counters the drift
structural separation triggers (data/interpretations.ttl) must vanish when the
query names its graphs without graph/interpretations, and stay when it names
them all.  The remote store is tested in tests/system/test_remote_dataset_clause.py.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from lpskg.config import Settings
from lpskg.knowledge.bundle import bundle_files
from lpskg.knowledge.library import parse_query_file
from lpskg.namespaces import graph_iri
from lpskg.store import Dataset, EmbeddedStore, own_dataset
from lpskg.web.app import create_app

from support.cli import lpskg
from support.datasets import STATED_GRAPHS, R, counters


def test_the_query_text_is_what_the_tests_mean():
    text = counters(STATED_GRAPHS)
    assert text.count("FROM <") == len(bundle_files()) - 1 and "interpretations" not in text
    assert "FROM" not in counters(None)


def test_own_dataset_takes_the_querys_clauses_over_a_configured_default():
    bundle_only = Dataset(default_graphs=(graph_iri("paper"),))
    assert own_dataset(counters(STATED_GRAPHS), bundle_only) == Dataset(from_query=True)
    assert own_dataset("SELECT * FROM NAMED <urn:g> WHERE { GRAPH ?g { ?s ?p ?o } }") == Dataset(from_query=True)
    assert own_dataset(counters(None), bundle_only) is bundle_only
    assert own_dataset(counters(None)) == Dataset()
    # a FROM inside a string or a comment is no dataset clause
    assert own_dataset('SELECT * WHERE { ?s ?p "FROM <urn:x>" } # FROM <urn:y>') == Dataset()


def test_the_embedded_store_honours_from_when_no_dataset_is_passed(bundle_store: EmbeddedStore):
    union = {str(r["o"]) for r in bundle_store.select(counters(None))}
    stated = {str(r["o"]) for r in bundle_store.select(counters(STATED_GRAPHS))}
    everything = {str(r["o"]) for r in bundle_store.select(counters([*STATED_GRAPHS, graph_iri("interpretations")]))}
    assert union == everything == {R + "strategy/synthesis", R + "strategy/patching"}
    assert stated == {R + "strategy/synthesis"}
    # a dataset the caller passes still rules (the protocol's graph parameters)
    passed = bundle_store.select(counters(STATED_GRAPHS), dataset=Dataset(default_graphs=(graph_iri("interpretations"),)))
    assert {str(r["o"]) for r in passed} == {R + "strategy/patching"}


def test_the_cli_query_honours_from_and_from_named(writable_store_path: Path):
    stated = lpskg(writable_store_path, "query", counters(STATED_GRAPHS), "--format", "json")
    assert stated.exit_code == 0, stated.output
    assert [row["o"] for row in json.loads(stated.stdout)] == [R + "strategy/synthesis"]
    union = lpskg(writable_store_path, "query", counters(None), "--format", "json")
    assert sorted(row["o"] for row in json.loads(union.stdout)) == [R + "strategy/patching", R + "strategy/synthesis"]
    named = lpskg(writable_store_path, "query",
                  f"SELECT DISTINCT ?g FROM NAMED <{graph_iri('links')}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
                  "--format", "json")
    assert [row["g"] for row in json.loads(named.stdout)] == [graph_iri("links")]


@pytest.fixture
def app(writable_store_path: Path):
    app = create_app(Settings(store=str(writable_store_path), query_workers=0))
    yield app
    app.extensions["lpskg"].store.close()


def test_the_endpoint_honours_from_over_its_default_graph(app):
    client = app.test_client()
    response = client.get("/sparql", query_string={"query": counters(STATED_GRAPHS)},
                          headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200, response.get_data(as_text=True)
    rows = response.get_json()["results"]["bindings"]
    assert [row["o"]["value"] for row in rows] == [R + "strategy/synthesis"]


def test_a_named_query_with_its_own_from_keeps_it_on_the_api(app, monkeypatch):
    """No shipped named query names its graphs; one that did would keep them on /api/queries/NAME."""
    query = parse_query_file("stated-counters", "# title: t\n# description: d\n" + counters(STATED_GRAPHS))
    monkeypatch.setattr("lpskg.web.api.queries.load_named_query", lambda name: query)
    response = app.test_client().get("/api/queries/stated-counters", headers={"Accept": "application/json"})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert [row["o"]["value"] for row in response.get_json()["results"]["bindings"]] == [R + "strategy/synthesis"]
