"""A query's own FROM / FROM NAMED win on a remote store too: a real `oxigraph serve` on 127.0.0.1.

The remote store sends a query without graph parameters when the query names
its own dataset, so that the service reads the clauses; before issue 22 it sent
the union of all graphs, which overrides them (SPARQL 1.1 Protocol 2.1.4).
The same query runs through the CLI, as a user would run it.
"""
from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from lpskg.namespaces import graph_iri
from lpskg.store import RemoteStore

from support.cli import lpskg_process as lpskg
from support.datasets import STATED_GRAPHS, R, counters
from support.engines import loaded_service, oxigraph_process


@pytest.fixture(scope="module")
def location(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``sparql:QUERY|UPDATE`` of a fresh `oxigraph serve` holding the bundle (its union as a parameter)."""
    with oxigraph_process(tmp_path_factory.mktemp("oxigraph-from")) as base:
        yield loaded_service(f"sparql:{base}/query|{base}/update|union=param:union-default-graph")


@pytest.fixture(scope="module")
def remote(location: str) -> Iterator[RemoteStore]:
    store = RemoteStore.from_location(location)
    yield store
    store.close()


def test_a_remote_store_honours_from(remote: RemoteStore):
    assert {str(r["o"]) for r in remote.select(counters(None))} == {R + "strategy/synthesis", R + "strategy/patching"}
    assert {str(r["o"]) for r in remote.select(counters(STATED_GRAPHS))} == {R + "strategy/synthesis"}


def test_a_remote_store_honours_from_named(remote: RemoteStore):
    rows = remote.select(f"SELECT DISTINCT ?g FROM NAMED <{graph_iri('links')}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}")
    assert [str(r["g"]) for r in rows] == [graph_iri("links")]


def test_the_cli_over_a_remote_store_honours_from(location: str):
    result = lpskg(location, "query", counters(STATED_GRAPHS), "--format", "json")
    assert result.returncode == 0, result.stderr
    assert [row["o"] for row in json.loads(result.stdout)] == [R + "strategy/synthesis"]
