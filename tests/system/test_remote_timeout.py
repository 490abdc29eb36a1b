"""A runaway query over a remote SPARQL service: ``lpskg serve`` stops waiting at its timeout and
answers the next request.

It has a service of its own: Oxigraph's ``--timeout-s`` did not stop this query's evaluation
promptly, and the core it kept busy made the next tests of a shared service time out on a loaded
machine. This module's service is stopped with the module, and the evaluation with it.
"""
from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests

from support.engines import loaded_service, oxigraph_process, remote_server

#: Never finishes on the bundle (4,574^3 rows): only a timeout ends it.
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
JSON_RESULTS = {"Accept": "application/sparql-results+json"}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`lpskg serve` (4 s limit) over an `oxigraph serve` that stops its own queries after 6 s, as
    docs/remote-engines.md advises."""
    with oxigraph_process(tmp_path_factory.mktemp("oxigraph-timeout"), "--timeout-s", "6") as base:
        yield from remote_server(loaded_service(f"sparql:{base}/query|{base}/update"), tmp_path_factory,
                                 "remote-timeout")


def test_a_runaway_query_is_stopped_at_the_timeout_and_others_still_answer(server):
    answer = requests.get(server + "/sparql", params={"query": RUNAWAY}, timeout=60)
    assert answer.status_code == 503, answer.text
    assert "did not answer within 4 s" in answer.text
    labels = requests.post(server + "/sparql", data={"query": "SELECT ?l WHERE { paradox:organising rdfs:label ?l }"},
                           headers=JSON_RESULTS, timeout=60)
    assert labels.status_code == 200, labels.text
    assert [row["l"]["value"] for row in labels.json()["results"]["bindings"]] == ["organising paradox"]
