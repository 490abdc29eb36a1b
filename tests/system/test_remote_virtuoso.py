"""lpskg over a second real engine: OpenLink Virtuoso 7 from Debian, started on 127.0.0.1 for this module.

The README's settings for Virtuoso are used as they stand (reads from
``/sparql``, writes by a user with the ``SPARQL_UPDATE`` role through
``/sparql-auth`` with HTTP Digest, ``union=native``; and the trusted-network
variant, the anonymous user granted updates), and everything is compared with the
embedded store loaded from the same files: the named queries, ``lpskg stats``,
the case workflow, export and import, and the endpoint over HTTP.  Where
Virtuoso answers otherwise than the standard (``lpskg.store.dialects``), lpskg
repairs it; the tests expect the standard's answer.  Skipped, saying why, where
the Debian package is not installed.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from lpskg.knowledge.library import example_values, list_named_queries
from lpskg.namespaces import graph_iri
from lpskg.store import EmbeddedStore, Job, RemoteStore, StoreUnavailable

from support.cli import lpskg_process as lpskg
from support.engines import Virtuoso, loaded_service, remote_server, remote_store, virtuoso_process
from support.results import unordered_concatenations
from support.servers import TEST_TOKEN
from support.stores import REPO, assert_same_graphs, canonical_quads, store_quads

AUTH = {"Authorization": f"Bearer {TEST_TOKEN}"}
EXAMPLE = REPO / "examples" / "example-pumps.yaml"
DECIMAL = URIRef("http://www.w3.org/2001/XMLSchema#decimal")


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Virtuoso]:
    with virtuoso_process(tmp_path_factory.mktemp("virtuoso")) as running:
        yield running


@pytest.fixture(scope="module")
def service(virtuoso: Virtuoso) -> str:
    """The README's LPSKG_STORE for Virtuoso (writes by a user through /sparql-auth), loaded by `lpskg load`."""
    return loaded_service(virtuoso.location)


@pytest.fixture(scope="module")
def remote(service: str) -> Iterator[RemoteStore]:
    yield from remote_store(service)


@pytest.fixture(scope="module")
def server(service: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`lpskg serve` over Virtuoso, with the test limits."""
    yield from remote_server(service, tmp_path_factory, "virtuoso-endpoint")


def test_load_stores_every_bundled_graph_as_the_embedded_store_does(remote, bundle_store):
    """Virtuoso's own graphs (RDF views, its LDP vocabulary) are not lpskg's and are not listed."""
    assert_same_graphs(remote, bundle_store)


def test_stats_are_the_embedded_stats(service, bundle_store_template):
    remote_run, embedded_run = (lpskg(store, "stats") for store in (service, str(bundle_store_template)))
    assert remote_run.returncode == embedded_run.returncode == 0, remote_run.stderr + embedded_run.stderr
    assert remote_run.stdout == embedded_run.stdout


def test_every_named_query_answers_as_the_embedded_store(remote, bundle_store):
    """Same variables, same rows, same terms: booleans computed by EXISTS are xsd:boolean (Virtuoso
    answers xsd:integer 1/0), a whole xsd:decimal stays a decimal (Virtuoso stores it as an integer)."""
    for query in list_named_queries():
        text, bindings = query.prepare(example_values(query, optional=True))
        expected = bundle_store.select(text, bindings)
        answer = remote.select(text, bindings)
        assert answer.variables == expected.variables, query.name
        assert unordered_concatenations(text, answer) == unordered_concatenations(text, expected), query.name


def test_ask_and_typed_terms_come_back_as_the_standard_says(remote):
    """ASK: Virtuoso answers SELECT-shaped (``__ASK_RETVAL``), with no row at all for false."""
    assert remote.ask("ASK { ?p lpskg:hasTension ?t }") is True
    assert remote.ask("ASK { ?p lpskg:hasTension lpskg:nothing }") is False
    row = remote.select("SELECT ?amount (?amount > 1 AS ?big) (BOUND(?none) AS ?bound) WHERE { "
                        "?project lpskg:fundingAmount ?amount OPTIONAL { ?project lpskg:nothing ?none } }")[0]
    assert row == {"amount": Literal("17500000", datatype=DECIMAL), "big": Literal(True),
                   "bound": Literal(False)}


def test_the_case_workflow_runs_unchanged(service, remote, writable_store_path):
    graph = graph_iri("case", "example-pumps")
    for store in (service, str(writable_store_path)):
        added = lpskg(store, "case", "add", str(EXAMPLE))
        assert added.returncode == 0, added.stderr
    listed = [re.sub(r"\d{4}-\d\d-\d\dT[\d:]+\+00:00", "<time>", lpskg(store, "case", "list").stdout)
              for store in (service, str(writable_store_path))]
    assert listed[0] == listed[1] and "example-pumps" in listed[0]
    embedded = EmbeddedStore(writable_store_path, read_only=True)
    try:
        for name in (graph, graph.replace("/graph/", "/graph/inferred/")):
            assert remote.triple_count(name) == embedded.triple_count(name) > 0, name
    finally:
        embedded.close()
    removed = lpskg(service, "case", "remove", "example-pumps")
    assert removed.returncode == 0, removed.stderr
    assert graph not in remote.graph_names() and remote.triple_count(graph) == 0


def test_export_from_virtuoso_imports_into_an_embedded_store_quad_for_quad(service, bundle_store_template,
                                                                           tmp_path: Path):
    exported = lpskg(service, "export", str(tmp_path / "virtuoso.nq"))
    assert exported.returncode == 0, exported.stderr
    fresh = tmp_path / "store"
    imported = lpskg(str(fresh), "import", str(tmp_path / "virtuoso.nq"))
    assert imported.returncode == 0, imported.stderr
    assert canonical_quads(store_quads(fresh)) == canonical_quads(store_quads(bundle_store_template))


def test_the_endpoint_serves_queries_from_virtuoso(server, bundle_store):
    health = requests.get(server + "/health", timeout=30).json()
    assert health["status"] == "ok" and health["triples"] == bundle_store.triple_count()
    ask = requests.get(server + "/sparql", params={"query": "ASK { paradox:learning a lpskg:Paradox }"},
                       headers={"Accept": "application/sparql-results+json"}, timeout=30)
    assert ask.json() == {"head": {}, "boolean": True}
    query = next(q for q in list_named_queries() if q.name == "tensions-per-paradox")
    answer = requests.get(f"{server}/api/queries/{query.name}", params={"format": "csv"}, timeout=60)
    assert answer.status_code == 200, answer.text
    text, bindings = query.prepare({})
    expected = bundle_store.answer(Job(text, bindings, result_types=("text/csv",))).body.decode()
    assert sorted(answer.text.splitlines()) == sorted(expected.splitlines())
    relative = requests.get(server + "/sparql", params={"query": "CONSTRUCT { <s> <p> 1 } WHERE {}"},
                            headers={"Accept": "application/n-triples"}, timeout=30)
    assert set(Graph().parse(data=relative.text, format="nt")) == {
        (URIRef(f"{server}/s"), URIRef(f"{server}/p"), Literal(1))}
    count = "SELECT (COUNT(?p) AS ?n) FROM <{}> WHERE {{ ?p a lpskg:Paradox }}"
    for graph, expected in (("paper", "4"), ("project", "0")):
        answer = requests.get(server + "/sparql", params={"query": count.format(graph_iri(graph))},
                              headers={"Accept": "text/csv"}, timeout=30)
        assert answer.text.splitlines()[1] == expected, graph
    construct = "CONSTRUCT WHERE { paradox:learning ?p ?o }"
    served = requests.post(server + "/sparql", data={"query": construct},
                           headers={"Accept": "application/n-triples"}, timeout=30)
    assert isomorphic(Graph().parse(data=served.text, format="nt"), bundle_store.construct(construct))


def test_the_endpoint_writes_to_virtuoso(server, remote):
    """SPARQL Update, the Graph Store and the case API over Virtuoso; a dropped graph is gone."""
    scratch = "https://example.org/virtuoso-scratch"
    put = requests.put(server + "/rdf-graphs/service", params={"graph": scratch}, timeout=30,
                       data='<https://example.org/a> <https://example.org/b> "c" .',
                       headers={**AUTH, "Content-Type": "application/n-triples"})
    assert put.status_code == 201, put.text
    update = requests.post(server + "/update", headers=AUTH, timeout=30, data={
        "update": f'INSERT DATA {{ GRAPH <{scratch}> {{ <https://example.org/a> <https://example.org/b> 2.0 }} }}'})
    assert update.status_code == 204, update.text
    assert remote.triple_count(scratch) == 2
    assert requests.delete(server + "/rdf-graphs/service", params={"graph": scratch}, headers=AUTH,
                           timeout=30).status_code == 204
    assert scratch not in remote.graph_names()
    posted = requests.post(server + "/api/cases", data=EXAMPLE.read_bytes(), timeout=60,
                           headers={**AUTH, "Content-Type": "application/yaml"})
    assert posted.status_code == 201, posted.text
    assert remote.triple_count(graph_iri("case", "example-pumps")) > 50
    assert requests.delete(server + "/api/cases/example-pumps", headers=AUTH, timeout=30).status_code == 200
    assert graph_iri("case", "example-pumps") not in remote.graph_names()


def test_writes_need_the_sparql_update_role_and_digest_credentials(virtuoso, service, remote):
    """Anonymous updates on /sparql are refused until granted (the trusted-network setting of the README);
    /sparql-auth takes Digest credentials, not Basic ones, nor wrong ones."""
    insert = "INSERT DATA { GRAPH <urn:lpskg-test:rights> { <urn:a> <urn:b> 1 } }"
    anonymous = RemoteStore.from_location(f"sparql:{virtuoso.sparql_url}|{virtuoso.sparql_url}|union=native")
    with pytest.raises(StoreUnavailable, match="No permission"):
        anonymous.update(insert)
    as_basic = RemoteStore.from_location(service.replace("|auth=digest", ""))
    with pytest.raises(StoreUnavailable, match="HTTP 401") as refused:
        as_basic.update(insert)
    assert "lpskg-test" not in str(refused.value)  # messages name the URL without its password
    wrong = RemoteStore.from_location(service.replace("lpskg-test@", "wrong@"))
    with pytest.raises(StoreUnavailable, match="HTTP 401"):
        wrong.update(insert)
    assert "urn:lpskg-test:rights" not in remote.graph_names()
    virtuoso.sql('GRANT SPARQL_UPDATE TO "SPARQL";')
    anonymous.update(insert)
    assert remote.triple_count("urn:lpskg-test:rights") == 1
    remote.update("DROP GRAPH <urn:lpskg-test:rights>")
