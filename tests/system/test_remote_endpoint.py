"""``lpskg serve`` over a remote SPARQL service: a real `oxigraph serve` on 127.0.0.1.

The whole endpoint runs with ``LPSKG_STORE=sparql:QUERY|UPDATE``: the SPARQL
protocol, the named-query API, Linked Data pages, the Graph Store protocol,
SPARQL Update and the case API.  Answers are compared with the embedded store
loaded from the same files, and every write is checked on the service itself.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from lpskg.config import Settings
from lpskg.knowledge.bundle import bundle_files, bundle_graph_names
from lpskg.knowledge.library import example_values, list_named_queries
from lpskg.namespaces import graph_iri
from lpskg.store import RemoteStore
from lpskg.web.app import create_app

from support.cli import lpskg_process as lpskg
from support.engines import loaded_service, oxigraph_process, remote_server, remote_store
from support.http import assert_writes_refresh_the_concept_index
from support.results import concatenation_separators, sorted_parts
from support.servers import TEST_TOKEN, ServerProcess, free_port
from support.stores import REPO

AUTH = {"Authorization": f"Bearer {TEST_TOKEN}"}
JSON_RESULTS = {"Accept": "application/sparql-results+json"}


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An `oxigraph serve` loaded with the bundle by `lpskg load` (the runaway query has a service of
    its own: tests/system/test_remote_timeout.py)."""
    with oxigraph_process(tmp_path_factory.mktemp("oxigraph-endpoint")) as base:
        yield loaded_service(f"sparql:{base}/query|{base}/update")


@pytest.fixture(scope="module")
def remote(service: str) -> Iterator[RemoteStore]:
    yield from remote_store(service)


@pytest.fixture(scope="module")
def server(service: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of `lpskg serve` over the remote service, with the test limits (4 s, 1000 rows)."""
    yield from remote_server(service, tmp_path_factory, "remote-endpoint")


def select(base: str, query: str) -> list[dict[str, str]]:
    answer = requests.post(base + "/sparql", data={"query": query}, headers=JSON_RESULTS, timeout=60)
    assert answer.status_code == 200, answer.text
    return [{k: v["value"] for k, v in row.items()} for row in answer.json()["results"]["bindings"]]


def as_rows(bindings: list[dict], query: str = "") -> list[list[tuple[str, str]]]:
    """Rows as sorted (variable, value) pairs; the parts of a GROUP_CONCAT in sorted order (their order
    is the engine's, SPARQL 1.1 Query 18.5.1.7)."""
    separators = concatenation_separators(query)
    return sorted(sorted((k, sorted_parts(v, separators[k]) if k in separators else v)
                         for k, v in ((k, v["value"]) for k, v in row.items())) for row in bindings)


def test_health_counts_the_services_triples(server, remote):
    health = requests.get(server + "/health", timeout=30).json()
    assert health["status"] == "ok"
    assert health["triples"] == remote.triple_count() > 4000
    assert health["graphs"] == len(remote.graph_names())
    # every bundled file's graph, and entailment graphs only of bundled files (an empty one is absent)
    assert set(bundle_files()) <= set(remote.graph_names()) <= set(bundle_graph_names())
    assert health["query_workers"] == 0  # the service evaluates the queries


def test_every_named_query_answers_over_http_as_the_embedded_store(server, bundle_store):
    for query in list_named_queries():
        values = example_values(query)
        answer = requests.get(f"{server}/api/queries/{query.name}", params={**values, "format": "json"},
                              timeout=60)
        assert answer.status_code == 200, (query.name, answer.text)
        text, bindings = query.prepare(values)
        expected = bundle_store.select(text, bindings)
        assert answer.json()["head"]["vars"] == expected.variables, query.name
        assert as_rows(answer.json()["results"]["bindings"], text) == as_rows(
            [{k: {"value": str(v)} for k, v in row.items()} for row in expected], text), query.name


@pytest.mark.parametrize("media_type", ["text/csv", "text/tab-separated-values", "application/sparql-results+xml"])
def test_results_come_in_the_format_asked_for(server, media_type):
    query = "SELECT ?label WHERE { paradox:learning rdfs:label ?label }"
    answer = requests.get(server + "/sparql", params={"query": query}, headers={"Accept": media_type}, timeout=30)
    assert answer.status_code == 200, answer.text
    assert answer.headers["Content-Type"].startswith(media_type)
    assert "learning paradox" in answer.text.lower()
    assert answer.headers["X-LPSKG-Result-Count"] == "1"


def test_a_construct_in_turtle_is_the_embedded_stores_graph(server, bundle_store):
    query = "CONSTRUCT { ?t ?p ?o } WHERE { ?t lpskg:inParadox paradox:learning ; ?p ?o }"
    answer = requests.post(server + "/sparql", data=query.encode(),
                           headers={"Content-Type": "application/sparql-query", "Accept": "text/turtle"}, timeout=30)
    assert answer.status_code == 200, answer.text
    served = Graph().parse(data=answer.text, format="turtle")
    assert len(served) > 10
    assert isomorphic(served, bundle_store.construct(query))
    assert "@prefix lpskg:" in answer.text


def test_the_row_cap_cuts_a_remote_answer_and_says_so(server):
    answer = requests.get(server + "/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"},
                          headers={"Accept": "text/csv"}, timeout=30)
    assert answer.status_code == 200
    assert answer.headers["X-LPSKG-Truncated"] == "true"
    assert answer.headers["X-LPSKG-Result-Count"] == "1000"
    assert len(answer.text.strip().splitlines()) == 1001  # header + the 1000 rows of LPSKG_MAX_ROWS


def test_relative_iris_and_from_clauses_reach_the_service(server):
    """SPARQL 1.1 Query 4.1.1: the endpoint's URL is the base IRI over a remote store too (sent as BASE);
    13.2: a query's FROM chooses its default graph unless the protocol's graph parameters are sent."""
    relative = requests.get(server + "/sparql", params={"query": "CONSTRUCT { <s> <p> 1 } WHERE {}"},
                            headers={"Accept": "application/n-triples"}, timeout=30)
    assert set(Graph().parse(data=relative.text, format="nt")) == {
        (URIRef(f"{server}/s"), URIRef(f"{server}/p"), Literal(1))}
    count = "SELECT (COUNT(?p) AS ?n) FROM <{}> WHERE {{ ?p a lpskg:Paradox }}"

    def paradoxes(graph: str, **params: str) -> str:
        answer = requests.get(server + "/sparql", params={"query": count.format(graph_iri(graph)), **params},
                              headers={"Accept": "text/csv"}, timeout=30)
        return answer.text.splitlines()[1]

    assert (paradoxes("paper"), paradoxes("project")) == ("4", "0")
    assert paradoxes("project", **{"default-graph-uri": graph_iri("paper")}) == "4"


def test_a_syntax_error_is_a_400_with_the_services_message(server):
    answer = requests.get(server + "/sparql", params={"query": "SELECT ?x WHERE { ?x ?y }"}, timeout=30)
    assert answer.status_code == 400
    assert "rejected the request" in answer.text


def test_a_resource_page_and_its_turtle_come_from_the_service(server):
    page = requests.get(server + "/resource/paradox/learning", headers={"Accept": "text/html"}, timeout=30)
    assert page.status_code == 200 and "learning paradox" in page.text.lower()
    turtle = requests.get(server + "/resource/paradox/learning", headers={"Accept": "text/turtle"}, timeout=30)
    assert turtle.status_code == 200
    assert len(Graph().parse(data=turtle.text, format="turtle")) > 5


def test_graph_store_reads_and_writes_go_to_the_service(server, remote):
    paper = str(graph_iri("paper"))
    answer = requests.get(server + "/rdf-graphs/service", params={"graph": paper},
                          headers={"Accept": "application/n-triples"}, timeout=30)
    assert answer.status_code == 200
    assert len(answer.text.strip().splitlines()) == remote.triple_count(paper)

    scratch = "https://example.org/scratch"
    body = "<https://example.org/a> <https://example.org/b> \"c\" .\n"
    put = requests.put(server + "/rdf-graphs/service", params={"graph": scratch}, data=body,
                       headers={**AUTH, "Content-Type": "application/n-triples"}, timeout=30)
    assert put.status_code == 201, put.text
    assert remote.triple_count(scratch) == 1
    deleted = requests.delete(server + "/rdf-graphs/service", params={"graph": scratch}, headers=AUTH, timeout=30)
    assert deleted.status_code == 204
    assert scratch not in remote.graph_names()
    missing = requests.get(server + "/rdf-graphs/service", params={"graph": scratch}, timeout=30)
    assert missing.status_code == 404


def test_sparql_update_through_the_endpoint_lands_on_the_service(server, remote):
    scratch = "https://example.org/updated"
    update = f'INSERT DATA {{ GRAPH <{scratch}> {{ <https://example.org/x> rdfs:label "x" }} }}'
    answer = requests.post(server + "/update", data={"update": update}, headers=AUTH, timeout=30)
    assert answer.status_code == 204, answer.text
    assert remote.triple_count(scratch) == 1
    dropped = requests.post(server + "/update", data={"update": f"DROP GRAPH <{scratch}>"}, headers=AUTH, timeout=30)
    assert dropped.status_code == 204
    assert scratch not in remote.graph_names()


def test_a_case_submitted_over_http_is_stored_on_the_service_and_queried(server, remote):
    case_graph = str(graph_iri("case", "example-pumps"))
    example = (REPO / "examples" / "example-pumps.yaml").read_bytes()
    posted = requests.post(server + "/api/cases", data=example,
                           headers={**AUTH, "Content-Type": "application/yaml"}, timeout=60)
    assert posted.status_code == 201, posted.text
    assert remote.triple_count(case_graph) > 50
    again = requests.post(server + "/api/cases", data=example,
                          headers={**AUTH, "Content-Type": "application/yaml"}, timeout=60)
    assert again.status_code == 409

    rows = select(server, next(q for q in list_named_queries() if q.name == "archetypes-per-case").text)
    assert {"caseLabel": "Example Pumps AS case (fictional)", "archetypeLabel": "Technical Monuments"} in [
        {k: r[k] for k in ("caseLabel", "archetypeLabel")} for r in rows]
    listed = requests.get(server + "/api/cases", timeout=30).json()["cases"]
    assert {c["id"] for c in listed} == {"example-pumps", "scania", "volvo-ce"}
    # the diagnosis reads the framework and the case from the service, as on the embedded store
    assert posted.json()["diagnosis"][0]["headline"] == "Myopia, Technical Monuments indicated"
    diagnosis = requests.get(server + "/api/cases/example-pumps/diagnosis", timeout=60).json()
    assert [i["label"] for i in diagnosis["indications"]] == ["Myopia", "Technical Monuments"]

    removed = requests.delete(server + "/api/cases/example-pumps", headers=AUTH, timeout=30)
    assert removed.status_code == 200, removed.text
    assert case_graph not in remote.graph_names()


def test_an_unreachable_service_is_a_502_naming_it_and_health_says_why(tmp_path: Path):
    port = free_port()
    store = f"sparql:http://127.0.0.1:{port}/query|http://127.0.0.1:{port}/update"
    app = create_app(Settings(store=store))
    client = app.test_client()
    answer = client.get("/sparql", query_string={"query": "ASK {}"}, headers={"Accept": "text/csv"})
    assert answer.status_code == 502
    assert f"cannot reach the SPARQL service at http://127.0.0.1:{port}/query" in answer.get_data(as_text=True)
    health = client.get("/health")
    assert health.status_code == 503 and "cannot reach" in health.get_json()["detail"]
    page = client.get("/resource/paradox/learning", headers={"Accept": "text/html"})
    assert page.status_code == 502


def test_serve_names_the_service_without_its_password(tmp_path: Path):
    port = free_port()
    location = f"sparql:http://reader:s3cret@127.0.0.1:{port}/query"
    process = ServerProcess(tmp_path, store=location, startup_timeout=5)
    with pytest.raises(RuntimeError) as failure:  # /health answers 503: nothing listens there
        process.start()
    log = process.log()
    assert f"serving the SPARQL service at http://127.0.0.1:{port}/query" in log
    assert "s3cret" not in log and "s3cret" not in str(failure.value)


def test_a_bad_remote_location_stops_serve_with_one_line(tmp_path: Path):
    result = lpskg("sparql:ftp://nowhere/query", "serve", "--port", str(free_port()))
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "lpskg: error: 'ftp://nowhere/query' is not an http(s) URL of a SPARQL service"]


def test_graph_store_and_update_writes_refresh_the_concept_index(server):
    """Regression: the concept index was keyed on the list of the service's graph names, so a PUT or an
    update into an existing graph left it stale."""
    assert_writes_refresh_the_concept_index(server, TEST_TOKEN)
