"""Writes over real HTTP: SPARQL Update and the Graph Store Protocol, with the bearer token.

Each test writes only graphs of its own (``urn:lpskg-test:...``) on the shared test endpoint,
so the bundled graph the other tests read stays as loaded.
"""
from __future__ import annotations

import requests
from rdflib import Graph, Literal, URIRef

from lpskg.config import Settings
from lpskg.store import EmbeddedStore
from lpskg.web.app import create_app

from support.http import assert_writes_refresh_the_concept_index
from support.servers import TEST_TOKEN

AUTH = {"Authorization": f"Bearer {TEST_TOKEN}"}
TURTLE = """@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<urn:lpskg-test:thing> rdfs:label "a thing"@en ; <urn:lpskg-test:size> 3 ."""


def count(endpoint, graph: str) -> int:
    response = requests.get(endpoint.base_url + "/sparql", headers={"Accept": "text/csv"}, params={
        "query": f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"})
    return int(response.text.splitlines()[1])


def test_update_needs_the_bearer_token(endpoint):
    url, update = endpoint.base_url + "/update", {"update": "INSERT DATA { GRAPH <urn:lpskg-test:auth> { <urn:a> <urn:b> 1 } }"}
    missing = requests.post(url, data=update)
    assert missing.status_code == 401 and "Bearer" in missing.headers["WWW-Authenticate"]
    wrong = requests.post(url, data=update, headers={"Authorization": "Bearer not-the-token"})
    assert wrong.status_code == 403
    assert count(endpoint, "urn:lpskg-test:auth") == 0
    assert requests.post(url, data=update, headers=AUTH).status_code == 204


def test_an_update_is_seen_by_the_next_query(endpoint):
    url = endpoint.base_url + "/update"
    for n in range(1, 4):  # each write makes the query workers reopen their view of the store
        body = f"INSERT DATA {{ GRAPH <urn:lpskg-test:seen> {{ <urn:a> <urn:b> {n} }} }}"
        response = requests.post(url, data=body.encode(), headers={**AUTH, "Content-Type": "application/sparql-update"})
        assert response.status_code == 204, response.text
        assert count(endpoint, "urn:lpskg-test:seen") == n


def test_update_errors(endpoint):
    url = endpoint.base_url + "/update"
    bad = requests.post(url, data={"update": "INSERT DATA { <urn:a> "}, headers=AUTH)
    assert bad.status_code == 400 and "does not parse" in bad.text
    query = requests.post(url, data={"update": "SELECT * WHERE { ?s ?p ?o }"}, headers=AUTH)
    assert query.status_code == 400 and "/sparql" in query.text
    load = requests.post(url, data={"update": "LOAD <http://127.0.0.1:9/data.ttl>"}, headers=AUTH)
    assert load.status_code == 400 and "LOAD" in load.text
    assert requests.put(url).status_code == 405
    assert requests.post(url, data="x", headers={**AUTH, "Content-Type": "text/plain"}).status_code == 415


def test_using_graph_uri_scopes_the_where_clause(endpoint):
    url = endpoint.base_url + "/update"
    requests.post(url, headers=AUTH, data={"update": 'INSERT DATA { GRAPH <urn:lpskg-test:src> { <urn:x> <urn:p> "from src" } '
                                                     'GRAPH <urn:lpskg-test:other> { <urn:y> <urn:p> "from other" } }'})
    copy = "INSERT { GRAPH <urn:lpskg-test:dst> { ?s ?p ?o } } WHERE { ?s <urn:p> ?o BIND(<urn:p> AS ?p) }"
    response = requests.post(url, headers=AUTH, data={"update": copy, "using-graph-uri": "urn:lpskg-test:src"})
    assert response.status_code == 204, response.text
    rows = requests.get(endpoint.base_url + "/sparql", headers={"Accept": "text/csv"}, params={
        "query": "SELECT ?o WHERE { GRAPH <urn:lpskg-test:dst> { ?s ?p ?o } }"}).text.splitlines()[1:]
    assert rows == ["from src"]
    clash = requests.post(url, headers=AUTH, data={"update": "WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
                                                   "using-graph-uri": "urn:lpskg-test:src"})
    assert clash.status_code == 400 and "USING or WITH" in clash.text


def test_graph_store_put_get_post_delete(endpoint):
    url = endpoint.base_url + "/rdf-graphs/service"
    graph = {"graph": "urn:lpskg-test:gsp"}
    assert requests.get(url, params=graph).status_code == 404
    assert requests.put(url, params=graph, data=TURTLE, headers={"Content-Type": "text/turtle"}).status_code == 401
    created = requests.put(url, params=graph, data=TURTLE, headers={**AUTH, "Content-Type": "text/turtle"})
    assert created.status_code == 201
    fetched = Graph().parse(data=requests.get(url, params=graph, headers={"Accept": "text/turtle"}).text, format="turtle")
    assert fetched.value(URIRef("urn:lpskg-test:thing"), URIRef("urn:lpskg-test:size")) == Literal(3)
    more = '{"@id": "urn:lpskg-test:other", "urn:lpskg-test:size": 4}'
    merged = requests.post(url, params=graph, data=more, headers={**AUTH, "Content-Type": "application/ld+json"})
    assert merged.status_code == 204
    assert count(endpoint, "urn:lpskg-test:gsp") == 3
    replaced = requests.put(url, params=graph, data="<urn:s> <urn:p> <urn:o> .",
                            headers={**AUTH, "Content-Type": "application/n-triples"})
    assert replaced.status_code == 204 and count(endpoint, "urn:lpskg-test:gsp") == 1
    assert requests.delete(url, params=graph, headers=AUTH).status_code == 204
    assert requests.get(url, params=graph).status_code == 404
    assert requests.delete(url, params=graph, headers=AUTH).status_code == 404


def test_graph_store_writing_a_project_graph_rewrites_its_entailments(endpoint):
    url = endpoint.base_url + "/rdf-graphs/service"
    name = "https://w3id.org/lpskg/graph/case/gsp-test"
    tension = """@prefix lpskg: <https://w3id.org/lpskg/ontology#> .
        <urn:lpskg-test:tension> lpskg:inParadox <https://w3id.org/lpskg/resource/paradox/learning> ."""
    response = requests.put(url, params={"graph": name}, data=tension, headers={**AUTH, "Content-Type": "text/turtle"})
    assert response.status_code == 201
    inferred = requests.get(url, params={"graph": "https://w3id.org/lpskg/graph/inferred/case/gsp-test"},
                            headers={"Accept": "application/n-triples"})
    assert "<https://w3id.org/lpskg/ontology#hasTension> <urn:lpskg-test:tension>" in inferred.text
    forbidden = requests.put(url, params={"graph": "https://w3id.org/lpskg/graph/inferred/case/gsp-test"},
                             data=tension, headers={**AUTH, "Content-Type": "text/turtle"})
    assert forbidden.status_code == 403
    assert requests.delete(url, params={"graph": name}, headers=AUTH).status_code == 204
    assert requests.get(url, params={"graph": "https://w3id.org/lpskg/graph/inferred/case/gsp-test"}).status_code == 404


def test_graph_store_default_graph_and_bad_requests(endpoint):
    url = endpoint.base_url + "/rdf-graphs/service"
    put = requests.put(url + "?default", data='<urn:lpskg-test:d> <urn:p> "1" .',
                       headers={**AUTH, "Content-Type": "application/n-triples"})
    assert put.status_code == 204
    assert "<urn:lpskg-test:d>" in requests.get(url + "?default", headers={"Accept": "application/n-triples"}).text
    assert requests.delete(url + "?default", headers=AUTH).status_code == 204
    assert requests.get(url).status_code == 400
    assert requests.get(url, params={"graph": "not an iri"}).status_code == 400
    bad = requests.put(url, params={"graph": "urn:lpskg-test:bad"}, data="<urn:a> <urn:b> .",
                       headers={**AUTH, "Content-Type": "text/turtle"})
    assert bad.status_code == 400 and "not valid Turtle" in bad.text
    assert requests.put(url, params={"graph": "urn:lpskg-test:bad"}, data="x",
                        headers={**AUTH, "Content-Type": "text/html"}).status_code == 415


def test_writes_are_refused_without_a_configured_token(writable_store_path):
    store = EmbeddedStore(writable_store_path)
    try:
        client = create_app(Settings(store=str(writable_store_path), token=None, query_workers=0), store).test_client()
        response = client.post("/update", data={"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"},
                               headers={"Authorization": "Bearer anything"})
        assert response.status_code == 403
        assert "LPSKG_TOKEN" in response.get_data(as_text=True)
    finally:
        store.close()


def test_default_graph_is_the_union_or_only_the_bundle(writable_store_path):
    store = EmbeddedStore(writable_store_path)
    case = "https://w3id.org/lpskg/graph/case/default-graph-test"
    store.update(f"INSERT DATA {{ GRAPH <{case}> {{ <urn:lpskg-test:p> a <https://w3id.org/lpskg/ontology#Paradox> }} }}")
    count = "SELECT (COUNT(?p) AS ?n) WHERE { ?p a lpskg:Paradox }"
    try:
        for default_graph, expected in (("union", "5"), ("bundle", "4")):
            settings = Settings(store=str(writable_store_path), default_graph=default_graph)
            client = create_app(settings.with_(query_workers=0), store).test_client()
            response = client.get("/sparql", query_string={"query": count}, headers={"Accept": "text/csv"})
            assert response.get_data(as_text=True).splitlines()[1] == expected, default_graph
    finally:
        store.close()


def test_graph_store_and_update_writes_refresh_the_concept_index(endpoint):
    """Regression: over a remote store the index was keyed on the list of graph names, so a write into
    an existing graph left it stale; it is now keyed on the write path's generation (here: embedded)."""
    assert_writes_refresh_the_concept_index(endpoint.base_url, TEST_TOKEN)


def test_concurrent_graph_store_posts_into_one_graph_lose_nothing(endpoint):
    """Regression: a POST read the graph, merged the body and wrote the result back without a lock,
    so two POSTs at once could each drop what the other added."""
    from concurrent.futures import ThreadPoolExecutor

    url, graph = endpoint.base_url + "/rdf-graphs/service", "urn:lpskg-test:concurrent"

    def post(n: int) -> int:
        return requests.post(url, params={"graph": graph}, data=f"<urn:lpskg-test:s{n}> <urn:lpskg-test:p> {n} .",
                             headers={**AUTH, "Content-Type": "text/turtle"}, timeout=60).status_code

    with ThreadPoolExecutor(max_workers=6) as pool:
        statuses = list(pool.map(post, range(30)))
    assert set(statuses) <= {201, 204}
    assert count(endpoint, graph) == 30
