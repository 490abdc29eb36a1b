"""The SPARQL 1.1 Protocol over real HTTP: SPARQLWrapper, rdflib's SPARQLStore and plain requests
against ``lpskg serve`` (granian) on 127.0.0.1, on the bundled graph."""
from __future__ import annotations

import csv
import io
import json

import pytest
import requests
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, TURTLE, XML, SPARQLWrapper

PARADOX_LABELS = {"belonging paradox", "learning paradox", "organising paradox", "performing paradox"}
PERFORMING = "https://w3id.org/lpskg/resource/paradox/performing"
PARADOXES = "SELECT ?paradox ?label WHERE { ?paradox a lpskg:Paradox ; rdfs:label ?label } ORDER BY ?label"
PROJECT_GRAPH = "https://w3id.org/lpskg/graph/project"
PAPER_GRAPH = "https://w3id.org/lpskg/graph/paper"
RESULT_TYPES = ["application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                "text/tab-separated-values"]
GRAPH_TYPES = {"text/turtle": "turtle", "application/n-triples": "nt", "application/ld+json": "json-ld",
               "application/rdf+xml": "xml"}


@pytest.fixture(scope="module")
def sparql_url(endpoint) -> str:
    return endpoint.base_url + "/sparql"


def wrapper(url: str, query: str, fmt: str) -> SPARQLWrapper:
    client = SPARQLWrapper(url)
    client.setQuery(query)
    client.setReturnFormat(fmt)
    return client


# --------------------------------------------------------------------------- real clients

def test_sparqlwrapper_json_lists_the_four_paradoxes(sparql_url):
    result = wrapper(sparql_url, PARADOXES, JSON).queryAndConvert()
    labels = {b["label"]["value"] for b in result["results"]["bindings"]}
    assert labels == PARADOX_LABELS
    assert {"type": "uri", "value": PERFORMING} in [b["paradox"] for b in result["results"]["bindings"]]


def test_sparqlwrapper_xml_and_csv(sparql_url):
    xml = wrapper(sparql_url, PARADOXES, XML).queryAndConvert()
    literals = {node.firstChild.data for node in xml.getElementsByTagName("literal")}
    assert literals == PARADOX_LABELS
    text = wrapper(sparql_url, PARADOXES, CSV).queryAndConvert().decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {row["label"] for row in rows} == PARADOX_LABELS


def test_sparqlwrapper_construct_to_turtle(sparql_url):
    query = f"CONSTRUCT {{ <{PERFORMING}> rdfs:label ?l ; lpskg:hasTension ?t }} " \
            f"WHERE {{ <{PERFORMING}> rdfs:label ?l ; lpskg:hasTension ?t }}"
    graph = Graph().parse(data=wrapper(sparql_url, query, TURTLE).queryAndConvert(), format="turtle")
    assert graph.value(URIRef(PERFORMING), RDFS.label) == Literal("performing paradox", lang="en")
    tensions = set(graph.objects(URIRef(PERFORMING), URIRef("https://w3id.org/lpskg/ontology#hasTension")))
    assert URIRef("https://w3id.org/lpskg/resource/tension/current-goals-vs-future-goals") in tensions


def test_rdflib_sparqlstore_reads_the_endpoint(sparql_url):
    graph = Graph(store=SPARQLStore(sparql_url, returnFormat="json"))
    rows = list(graph.query("PREFIX lpskg: <https://w3id.org/lpskg/ontology#> "
                            "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
                            "SELECT ?label WHERE { ?p a lpskg:Paradox ; rdfs:label ?label }"))
    assert {str(row.label) for row in rows} == PARADOX_LABELS
    assert graph.query(f"ASK {{ <{PERFORMING}> ?p ?o }}").askAnswer is True


# --------------------------------------------------------------------------- formats

@pytest.mark.parametrize("media_type", RESULT_TYPES)
def test_every_result_format_by_accept(sparql_url, media_type):
    response = requests.get(sparql_url, params={"query": PARADOXES}, headers={"Accept": media_type})
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith(media_type)
    assert response.headers["X-LPSKG-Result-Count"] == "4"
    for label in PARADOX_LABELS:
        assert label in response.text


@pytest.mark.parametrize("media_type,rdflib_format", sorted(GRAPH_TYPES.items()))
def test_every_graph_format_by_accept(sparql_url, media_type, rdflib_format):
    query = f"DESCRIBE <{PERFORMING}>"
    response = requests.get(sparql_url, params={"query": query}, headers={"Accept": media_type})
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith(media_type)
    graph = Graph().parse(data=response.content, format=rdflib_format)
    assert graph.value(URIRef(PERFORMING), RDFS.label) == Literal("performing paradox", lang="en")


def test_format_parameter_overrides_accept(sparql_url):
    response = requests.get(sparql_url, params={"query": PARADOXES, "format": "csv"},
                            headers={"Accept": "application/sparql-results+xml"})
    assert response.headers["Content-Type"].startswith("text/csv")
    assert response.text.splitlines()[0] == "paradox,label"


def test_ask_in_json_and_xml(sparql_url):
    query = f"ASK {{ <{PERFORMING}> a lpskg:Paradox }}"
    assert requests.get(sparql_url, params={"query": query}).json() == {"head": {}, "boolean": True}
    xml = requests.get(sparql_url, params={"query": query, "format": "xml"}).text
    assert "<boolean>true</boolean>" in xml


def test_post_form_and_post_direct_give_the_same_rows(sparql_url):
    form = requests.post(sparql_url, data={"query": PARADOXES}, headers={"Accept": "text/csv"})
    direct = requests.post(sparql_url, data=PARADOXES.encode(), headers={
        "Content-Type": "application/sparql-query", "Accept": "text/csv"})
    assert form.status_code == direct.status_code == 200
    assert form.text == direct.text
    assert len(form.text.strip().splitlines()) == 5


def test_dataset_parameters_select_the_graphs(sparql_url):
    count = "SELECT (COUNT(?p) AS ?n) WHERE { ?p a lpskg:Paradox }"

    def n(**params) -> int:
        response = requests.get(sparql_url, params={"query": count, **params}, headers={"Accept": "text/csv"})
        assert response.status_code == 200, response.text
        return int(response.text.splitlines()[1])

    assert n() == 4
    assert n(**{"default-graph-uri": PAPER_GRAPH}) == 4
    assert n(**{"default-graph-uri": PROJECT_GRAPH}) == 0
    named = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    graphs = requests.get(sparql_url, params={"query": named, "named-graph-uri": PROJECT_GRAPH},
                          headers={"Accept": "application/sparql-results+json"}).json()
    assert [b["g"]["value"] for b in graphs["results"]["bindings"]] == [PROJECT_GRAPH]


def test_row_cap_cuts_and_says_so(sparql_url, kg):
    triples = int(kg.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")[0]["n"])
    assert triples > 1000  # the test endpoint caps results at 1000 rows
    response = requests.get(sparql_url, params={"query": "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }"})
    assert response.status_code == 200
    assert len(response.json()["results"]["bindings"]) == 1000
    assert response.headers["X-LPSKG-Truncated"] == "true"
    small = requests.get(sparql_url, params={"query": PARADOXES})
    assert "X-LPSKG-Truncated" not in small.headers


# --------------------------------------------------------------------------- service description, CORS

def test_service_description_in_turtle_and_jsonld(sparql_url):
    response = requests.get(sparql_url, headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    graph = Graph().parse(data=response.text, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    assert (None, URIRef(sd + "endpoint"), URIRef(sparql_url)) in graph
    names = {str(o) for o in graph.objects(None, URIRef(sd + "name"))}
    assert {PAPER_GRAPH, PROJECT_GRAPH, "https://w3id.org/lpskg/graph/ontology"} <= names
    assert set(graph.objects(None, URIRef(sd + "supportedLanguage"))) == {URIRef(sd + "SPARQL11Query")}
    jsonld = requests.get(sparql_url, params={"format": "jsonld"})
    assert jsonld.headers["Content-Type"].startswith("application/ld+json")
    assert len(Graph().parse(data=jsonld.text, format="json-ld")) == len(graph)


def test_a_browser_asking_for_sparql_gets_the_query_page(sparql_url, endpoint):
    response = requests.get(sparql_url, headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert response.status_code == 200
    assert response.url == endpoint.base_url + "/query"
    assert "yasqe.min.js" in response.text


def test_cors_lets_another_origin_read(sparql_url):
    response = requests.get(sparql_url, params={"query": PARADOXES}, headers={"Origin": "https://example.org"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "X-LPSKG-Truncated" in response.headers["Access-Control-Expose-Headers"]
    preflight = requests.options(sparql_url, headers={
        "Origin": "https://example.org", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert preflight.status_code == 200
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    assert "Content-Type" in preflight.headers["Access-Control-Allow-Headers"]


# --------------------------------------------------------------------------- errors

def error_of(response: requests.Response, status: int) -> str:
    assert response.status_code == status, response.text
    assert "Traceback" not in response.text
    return response.text


def test_malformed_query_is_400_with_the_position(sparql_url):
    text = error_of(requests.get(sparql_url, params={"query": "SELECT * WHERE { ?s ?p "}), 400)
    assert "does not parse" in text and "line 1, column" in text and "has no object" in text
    detail = requests.get(sparql_url, params={"query": "SELECT * WHERE { ?s ?p "},
                          headers={"Accept": "application/json"}).json()
    assert detail["error"] == "bad request" and "line 1, column" in detail["detail"]


def test_update_sent_to_the_query_endpoint_is_400(sparql_url):
    text = error_of(requests.post(sparql_url, data={"query": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}), 400)
    assert "/update" in text


def test_two_query_parameters_are_400(sparql_url):
    text = error_of(requests.get(sparql_url, params=[("query", PARADOXES), ("query", PARADOXES)]), 400)
    assert "2 'query' parameters" in text
    both = requests.post(sparql_url + "?query=ASK%7B%7D", data=b"ASK {}",
                         headers={"Content-Type": "application/sparql-query"})
    assert "do not also send" in error_of(both, 400)


def test_body_that_is_not_utf8_is_400(sparql_url):
    response = requests.post(sparql_url, data=b"SELECT * WHERE { ?s ?p \xff\xfe }",
                             headers={"Content-Type": "application/sparql-query"})
    assert "not valid UTF-8" in error_of(response, 400)
    form = requests.post(sparql_url, data=b"query=SELECT%20%FF", headers={
        "Content-Type": "application/x-www-form-urlencoded"})
    assert "UTF-8" in error_of(form, 400)


def test_unsupported_content_type_is_415(sparql_url):
    response = requests.post(sparql_url, data=PARADOXES, headers={"Content-Type": "text/plain"})
    assert "application/sparql-query" in error_of(response, 415)


def test_wrong_method_is_405(sparql_url):
    response = requests.put(sparql_url, data=PARADOXES)
    error_of(response, 405)
    assert set(response.headers["Allow"].replace(" ", "").split(",")) >= {"GET", "POST"}


@pytest.mark.parametrize("query,accept", [(PARADOXES, "image/png"), (PARADOXES, "text/turtle"),
                                          (f"DESCRIBE <{PERFORMING}>", "text/csv")])
def test_unservable_format_is_406(sparql_url, query, accept):
    assert "can be served as" in error_of(requests.get(sparql_url, params={"query": query},
                                                       headers={"Accept": accept}), 406)


def test_a_406_lists_only_the_formats_of_that_kind_of_answer(sparql_url):
    construct = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 1"
    text = error_of(requests.get(sparql_url, params={"query": construct, "format": "csv"}), 406)
    assert "format=turtle|nt|jsonld|rdfxml" in text and "csv" not in text.split("not as")[0]
    text = error_of(requests.get(sparql_url, params={"query": "ASK { ?s ?p ?o }", "format": "turtle"}), 406)
    assert "of an ASK query" in text and "format=json|xml|csv|tsv" in text


def test_a_browser_gets_an_error_as_a_page_with_the_site_header_and_a_way_on(sparql_url):
    base = sparql_url.rsplit("/sparql", 1)[0]
    browser = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
    response = requests.get(base + "/no/such/page", headers=browser)
    assert response.status_code == 404 and response.headers["Content-Type"].startswith("text/html")
    assert "nothing is served at /no/such/page" in response.text
    assert 'class="top"' in response.text and 'href="/"' in response.text  # the site header, the way back
    # curl and scripts still get one line of text, or JSON
    assert requests.get(base + "/no/such/page").text == "not found: nothing is served at /no/such/page\n"


def test_body_over_the_cap_is_413(sparql_url):
    big = "SELECT * WHERE { ?s ?p ?o } #" + "x" * (300 * 1024)
    response = requests.post(sparql_url, data=big.encode(), headers={"Content-Type": "application/sparql-query"})
    assert "at most 262144" in error_of(response, 413)


def test_federated_service_is_refused(sparql_url):
    query = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    assert "SERVICE" in error_of(requests.get(sparql_url, params={"query": query}), 400)


def test_json_error_body_names_error_and_detail(sparql_url):
    body = json.loads(error_of(requests.post(sparql_url, data="x", headers={
        "Content-Type": "application/xml", "Accept": "application/json"}), 415))
    assert body == {"error": "unsupported media type", "detail": body["detail"]}
    assert "application/xml" in body["detail"]
